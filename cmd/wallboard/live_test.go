package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A restarted simulator replays its day from midnight; --write-log must
// append only what the file does not hold yet. The file below ends in
// second 1795420800 (09:00:00 UTC) with two lines, then a partial line
// (a writer killed mid-line). Replaying the day again: lines of earlier
// seconds are held; the two of the last second are held once each (a
// third copy is new); a line of that second the file lacks is new, and
// so is every line of a later second.
func TestSimLogEndSkipsWhatTheFileHolds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sim.queue_log")
	const (
		a = "1795420799|1.1|sales|NONE|ENTERQUEUE||+441|1"
		b = "1795420800|1.1|sales|SIP/1|CONNECT|1|1.9|0"
		c = "1795420800|1.2|sales|NONE|ENTERQUEUE||+442|1"
		d = "1795420800|1.3|vip|NONE|ENTERQUEUE||+443|1" // same second, not in the file
		e = "1795420801|1.2|sales|NONE|ABANDON|1|1|1"
	)
	content := a + "\n" + b + "\n" + c + "\n" + "1795420801|1.4|sal"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	end, err := readSimLogEnd(f)
	if err != nil {
		t.Fatal(err)
	}
	if end.epoch != 1795420800 {
		t.Fatalf("last second: got %d, want 1795420800 (the partial line does not count)", end.epoch)
	}
	for _, tc := range []struct {
		line string
		held bool
	}{
		{a, true},  // an earlier second
		{b, true},  // in the last second, once
		{c, true},  // in the last second, once
		{b, false}, // a second copy the file does not have
		{d, false}, // the last second, but not in the file
		{e, false}, // a later second
	} {
		if got := end.has([]byte(tc.line + "\n")); got != tc.held {
			t.Errorf("has(%q) = %v, want %v", tc.line, got, tc.held)
		}
	}
}

// An empty (new) file holds nothing: every line is written.
func TestSimLogEndEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.queue_log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	end, err := readSimLogEnd(f)
	if err != nil {
		t.Fatal(err)
	}
	if end.has([]byte("1795420800|1.1|sales|NONE|ENTERQUEUE||+441|1\n")) {
		t.Error("an empty file claims to hold a line")
	}
}

// The 256 KiB window: in a bigger file the first, possibly cut, line of
// the window is not taken for a line, and the end is still found.
func TestSimLogEndBigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.queue_log")
	var sb strings.Builder
	// 10 000 lines of 46 bytes (45 + newline) = 460 000 bytes > 256 KiB.
	for i := 0; i < 10000; i++ {
		sb.WriteString("1795400000|1.1|sales|NONE|ENTERQUEUE||+441|1\n")
	}
	sb.WriteString("1795420800|9.9|sales|NONE|ENTERQUEUE||+449|1\n")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	end, err := readSimLogEnd(f)
	if err != nil {
		t.Fatal(err)
	}
	if end.epoch != 1795420800 || end.last["1795420800|9.9|sales|NONE|ENTERQUEUE||+449|1"] != 1 {
		t.Errorf("end = %+v, want epoch 1795420800 holding the one 9.9 line", end)
	}
}
