package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A directory given as a file is refused up front, by name, with no empty
// report before it (reading it used to fail at "line 1" after the table).
func TestReportDirectoryIsRefused(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd(t, "", "report", dir)
	want := "wallboard: " + dir + ": is a directory: name the queue_log files in it (e.g. " + filepath.Join(dir, "queue_log*") + ")\n"
	if code != 1 || out != "" || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, no report, stderr %q", code, out, errOut, want)
	}
}

// An empty file (or empty standard input) gives the header alone, which
// looks the same as a file with no calls: stderr says which it was.
func TestReportEmptyInputIsSaid(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "queue_log")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ arg, name string }{{empty, empty}, {"-", "standard input"}} {
		code, out, errOut := runCmd(t, "", "report", tc.arg, "--tz", "UTC")
		if code != 0 || strings.Count(out, "\n") != 1 || errOut != "wallboard: "+tc.name+": empty: no lines in it\n" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", tc.arg, code, out, errOut)
		}
	}
	// A file with lines but no call says nothing: that is a quiet day.
	quiet := filepath.Join(t.TempDir(), "quiet")
	if err := os.WriteFile(quiet, []byte("1772442000|NONE|NONE|NONE|QUEUESTART|\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCmd(t, "", "report", quiet, "--tz", "UTC"); code != 0 || errOut != "" {
		t.Errorf("quiet file: exit %d, stderr %q", code, errOut)
	}
}

// Thresholds are quoted in seconds, so a bare number is seconds:
// testdata/small.queue_log's sales call at 09:00 waited 15 s, which is
// within T = 15 (w <= T) and not within T = 14.
func TestReportThresholdInSeconds(t *testing.T) {
	for _, tc := range []struct {
		t    string
		want string
	}{{"15", `"answered_in_sl":1`}, {"14", `"answered_in_sl":0`}, {"15s", `"answered_in_sl":1`}} {
		code, out, errOut := runCmd(t, "", "report", "testdata/small.queue_log", "--tz", "UTC", "--format", "jsonl", "--sl-threshold", tc.t)
		var sales string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, `"queue":"sales","start":"2026-03-02T09:00:00Z"`) {
				sales = l
			}
		}
		if code != 0 || !strings.Contains(sales, tc.want) {
			t.Errorf("--sl-threshold %s: exit %d (%s), sales 09:00 row %q; want %s", tc.t, code, errOut, sales, tc.want)
		}
	}
	code, _, errOut := runCmd(t, "", "report", "testdata/small.queue_log", "--sl-threshold", "soon")
	if code != 2 || !strings.Contains(errOut, `invalid value "soon" for flag -sl-threshold: want a duration such as`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
