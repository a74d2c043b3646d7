package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noConfigHome points the default configuration location at an empty
// directory, so a file on the machine running the tests cannot leak in.
func noConfigHome(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	return dir
}

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigCheckGood(t *testing.T) {
	noConfigHome(t)
	code, out, errOut := runCmd(t, "", "config", "check", "../../docs/config.example.toml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Written out: vip's own 90 %, and back office's inherited target (80 %)
	// and profile; fingerprints instead of key lines.
	for _, want := range []string{
		"# ../../docs/config.example.toml is valid.",
		"[queues.vip]\ndisplay_name = \"VIP line\"\ngroup = \"sales\"\nsl_profile = \"outcome\"\nsl_threshold = \"10s\"",
		"sl_target = \"90%\"",
		"[queues.backoffice]",
		"key = \"SHA256:v/GE0OStvCm72kxVlzLuDvtLTW4mN8aV90GRvVtVBj8\"",
		// Lunch: limit 30 m, warn 2/3 of it written out.
		"[pause_reasons.Lunch]\ncolour = \"#5f87ff\"\nwarn = \"20m\"\nlimit = \"30m\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestConfigCheckBad(t *testing.T) {
	noConfigHome(t)
	dir := t.TempDir()
	one := writeFile(t, filepath.Join(dir, "one.toml"), "interval = \"30m\"\n[queues.sales]\nsl_threshold = 0\n")
	code, out, errOut := runCmd(t, "", "config", "check", one)
	if code != 2 || out != "" {
		t.Errorf("exit %d, stdout %q; want 2 and nothing", code, out)
	}
	if want := "wallboard: " + one + ":3: queues.sales.sl_threshold: must be > 0, got 0s\n"; errOut != want {
		t.Errorf("stderr\n got %q\nwant %q", errOut, want)
	}

	two := writeFile(t, filepath.Join(dir, "two.toml"), "sl_treshold = \"20s\"\n\nday_start = \"06:00\"\n")
	code, _, errOut = runCmd(t, "", "config", "check", two)
	want := "wallboard: " + two + " has 2 problems:\n" +
		"  " + two + ":1: sl_treshold: unknown key (did you mean sl_threshold?)\n" +
		"  " + two + ":3: day_start: only 00:00 is supported (day totals run from local midnight), got \"06:00\"\n"
	if code != 2 || errOut != want {
		t.Errorf("exit %d, stderr\n got %q\nwant %q", code, errOut, want)
	}
}

func TestConfigCommandUsage(t *testing.T) {
	home := noConfigHome(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"config"}, "config: say what to do"},
		{[]string{"config", "frob"}, `config: unknown subcommand "frob"`},
		{[]string{"config", "check", "a.toml", "b.toml"}, "one file at a time"},
		{[]string{"config", "check", "no-such.toml"}, "no-such.toml: no such file"},
		{[]string{"config", "check"}, "config check: no file given and none at"},
	} {
		code, _, errOut := runCmd(t, "", tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	// With a file at the default place, `config check` checks it.
	writeFile(t, filepath.Join(home, "wallboard", "config.toml"), "interval = \"15m\"\n")
	code, out, errOut := runCmd(t, "", "config", "check")
	if code != 0 || !strings.Contains(out, "interval = \"15m\"") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// reportRows runs report --format jsonl and returns the rows of one queue
// as start → answered_in_sl, plus every row's start as written.
func reportRows(t *testing.T, queue string, args ...string) (inSL map[string]float64, offered map[string]float64) {
	t.Helper()
	code, out, errOut := runCmd(t, "", append([]string{"report", "testdata/small.queue_log", "--format", "jsonl"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	inSL, offered = map[string]float64{}, map[string]float64{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if r["queue"] == queue {
			inSL[r["start"].(string)], _ = r["answered_in_sl"].(float64)
			offered[r["start"].(string)], _ = r["offered"].(float64)
		}
	}
	return inSL, offered
}

// TestFlagsOverrideFile with testdata/small.queue_log (worked in
// report_test.go): sales calls 1.1 at 09:00 and 1.6 at 09:30 UTC are both
// answered after 15 s; 1.3 (09:01) abandons. Offered in sales: 2 at 09:00,
// 1 at 09:30.
func TestFlagsOverrideFile(t *testing.T) {
	noConfigHome(t)
	dir := t.TempDir()
	file := writeFile(t, filepath.Join(dir, "c.toml"), `
timezone = "America/New_York"
interval = "60m"
sl_threshold = "10s"
`)
	// The file alone: 09:00 UTC is 04:00 in New York (EST, −5); one hour
	// row holds all 3 sales calls; T 10 s: 15 s waits are out of SL → 0.
	inSL, offered := reportRows(t, "sales", "--config", file)
	if len(offered) != 1 || offered["2026-03-02T04:00:00-05:00"] != 3 || inSL["2026-03-02T04:00:00-05:00"] != 0 {
		t.Errorf("file only: offered %v in SL %v; want one 04:00-05:00 row, 3 offered, 0 in SL", offered, inSL)
	}
	// Flags given win: UTC, 30 min, T 20 s: 09:00 row 2 offered, 1 in SL;
	// 09:30 row 1 offered, 1 in SL.
	inSL, offered = reportRows(t, "sales", "--config", file, "--tz", "UTC", "--interval", "30m", "--sl-threshold", "20s")
	if offered["2026-03-02T09:00:00Z"] != 2 || inSL["2026-03-02T09:00:00Z"] != 1 ||
		offered["2026-03-02T09:30:00Z"] != 1 || inSL["2026-03-02T09:30:00Z"] != 1 {
		t.Errorf("flags: offered %v in SL %v", offered, inSL)
	}
	// A queue's own setting in the file still applies to that queue: sales
	// keeps T 10 s (0 in SL) under --sl-threshold 20s.
	own := writeFile(t, filepath.Join(dir, "own.toml"), "timezone = \"UTC\"\n[queues.sales]\nsl_threshold = \"10s\"\n")
	inSL, _ = reportRows(t, "sales", "--config", own, "--sl-threshold", "20s")
	if inSL["2026-03-02T09:00:00Z"] != 0 || inSL["2026-03-02T09:30:00Z"] != 0 {
		t.Errorf("queue's own T: in SL %v, want 0 and 0", inSL)
	}
}

// TestDefaultConfigLocation: $XDG_CONFIG_HOME/wallboard/config.toml, else
// ~/.config/wallboard/config.toml, is read when present.
func TestDefaultConfigLocation(t *testing.T) {
	xdg := noConfigHome(t)
	writeFile(t, filepath.Join(xdg, "wallboard", "config.toml"), "timezone = \"UTC\"\ninterval = \"60m\"\n")
	// 60 min: sales 09:00 holds all 3 calls.
	if _, offered := reportRows(t, "sales"); offered["2026-03-02T09:00:00Z"] != 3 {
		t.Errorf("XDG file not used: %v", offered)
	}
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", home)
	writeFile(t, filepath.Join(home, ".config", "wallboard", "config.toml"), "timezone = \"UTC\"\ninterval = \"15m\"\n")
	// 15 min: sales 09:00–09:15 holds 1.1 and 1.3 (2 offered); 09:30 1.6.
	if _, offered := reportRows(t, "sales"); offered["2026-03-02T09:00:00Z"] != 2 || offered["2026-03-02T09:30:00Z"] != 1 {
		t.Errorf("~/.config file not used: %v", offered)
	}
}

func TestBadConfigFileExits2(t *testing.T) {
	noConfigHome(t)
	bad := writeFile(t, filepath.Join(t.TempDir(), "bad.toml"), "[queues.sales]\nwait_red = \"soon\"\n")
	code, _, errOut := runCmd(t, "", "report", "testdata/small.queue_log", "--config", bad)
	want := "wallboard: " + bad + `:2: queues.sales.wait_red: want a duration such as "20s" or "15m", or a number of seconds; got "soon"` + "\n"
	if code != 2 || errOut != want {
		t.Errorf("exit %d, stderr\n got %q\nwant %q", code, errOut, want)
	}
	code, _, errOut = runCmd(t, "", "report", "testdata/small.queue_log", "--config", "nowhere.toml")
	if code != 2 || errOut != "wallboard: nowhere.toml: no such file\n" {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
	// Fine alone, wrong together: the file's wait_red 50 s is earlier than
	// the amber point T = 60 s that --sl-threshold sets.
	f := writeFile(t, filepath.Join(t.TempDir(), "c.toml"), "wait_red = \"50s\"\n")
	code, _, errOut = runCmd(t, "", "report", "testdata/small.queue_log", "--config", f, "--sl-threshold", "60s")
	if code != 2 || !strings.Contains(errOut, "with the flags given: wait_red: wait_red (50s) must not be below wait_amber (1m0s)") {
		t.Errorf("exit %d, %q", code, errOut)
	}
}
