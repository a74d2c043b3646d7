package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// --speed takes what the player can keep to: 0.25 (a quarter of real
// time) to 14400 (four hours a second), or max. NaN and Inf parse as
// floats but would put the replay clock centuries away.
func TestParseSpeed(t *testing.T) {
	good := map[string]float64{"1": 1, "60": 60, "0.25": 0.25, "14400": 14400, "max": 0}
	for in, want := range good {
		if v, err := parseSpeed(in); err != nil || v != want {
			t.Errorf("parseSpeed(%q) = %v, %v; want %v", in, v, err, want)
		}
	}
	for _, in := range []string{"0", "-1", "abc", "NaN", "Inf", "+Inf", "0.1", "14401", "1e9", ""} {
		_, err := parseSpeed(in)
		want := `--speed: want a number from 0.25 to 14400 (1 is real time) or max, got "` + in + `"`
		if err == nil || err.Error() != want {
			t.Errorf("parseSpeed(%q): err %v, want %s", in, err, want)
		}
	}
}

// `replay` of a file that is not a queue_log fails before the board with
// a message that says so (exit 1), not only "no events".
func TestReplayNotAQueueLog(t *testing.T) {
	f := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(f, []byte("hello\nworld\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCmd(t, "", "replay", f, "--tz", "UTC")
	want := "wallboard: " + f + ": no events to replay (" + f + ": skipped 2 malformed lines (first: line 1, no event field); not a queue_log:"
	if code != 1 || !strings.HasPrefix(errOut, want) {
		t.Errorf("exit %d, stderr %q; want 1 and %q…", code, errOut, want)
	}
	code, _, errOut = runCmd(t, "", "replay", f, "--speed", "NaN")
	if code != 2 || !strings.Contains(errOut, "--speed: want a number from 0.25 to 14400") {
		t.Errorf("--speed NaN: exit %d, stderr %q", code, errOut)
	}
}

// --at HH:MM is on the file's first day, or on the next when that time
// of the first day comes before the file: a log rotated at 06:25 runs
// from 06:25 one day to 06:25 the next.
func TestResolveAt(t *testing.T) {
	start := time.Date(2026, 3, 1, 6, 25, 0, 0, time.UTC)
	end := time.Date(2026, 3, 2, 6, 24, 59, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Time
	}{
		{"10:30", time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)},
		{"05:00", time.Date(2026, 3, 2, 5, 0, 0, 0, time.UTC)},      // 03-01 05:00 is before the file
		{"06:25", time.Date(2026, 3, 1, 6, 25, 0, 0, time.UTC)},     // the first event itself
		{"06:30", time.Date(2026, 3, 1, 6, 30, 0, 0, time.UTC)},     // in the file on 03-01
		{"06:24:59", time.Date(2026, 3, 2, 6, 24, 59, 0, time.UTC)}, // the last second of the file
		// An explicit date is taken as given, even before the file.
		{"2026-03-01T05:00:00Z", time.Date(2026, 3, 1, 5, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		got, err := resolveAt(c.in, start, end, time.UTC)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("resolveAt(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	// 06:20 is before the file on 03-01 and after it on 03-02: the first
	// day's stays (and the replay refuses it: TestAtOutsideTheReplay).
	short := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	if got, _ := resolveAt("06:20", start, short, time.UTC); !got.Equal(time.Date(2026, 3, 1, 6, 20, 0, 0, time.UTC)) {
		t.Errorf("resolveAt(06:20) in a file ending 03-02 06:00 = %v", got)
	}
	if _, err := resolveAt("25:00", start, end, time.UTC); err == nil {
		t.Error("25:00 accepted")
	}
}

// --at outside the files is refused before the board starts, naming the
// span: a note on stderr would stay hidden behind the board.
func TestAtOutsideTheReplay(t *testing.T) {
	// One call from 10:00:00 to 10:01:10 on 2026-03-02 (UTC).
	path := filepath.Join(t.TempDir(), "day.log")
	text := "1772445600|c1|sales|NONE|ENTERQUEUE||+4420|1\n1772445610|c1|sales|Ann|CONNECT|10|x|2\n1772445670|c1|sales|Ann|COMPLETECALLER|10|60|1\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	code := run([]string{"replay", path, "--tz", "UTC", "--at", "12:00"}, strings.NewReader(""), &out, &errb)
	want := "wallboard: --at 12:00 is outside the replay: it runs from 2026-03-02 10:00:00 to 2026-03-02 10:01:10\n"
	if code != 2 || errb.String() != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, errb.String(), want)
	}
}
