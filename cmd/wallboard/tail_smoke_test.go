package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// `wallboard tail` end to end with the real binary: the board opens on
// today's history of a queue_log, then follows lines appended to it and
// a rename rotation, as Asterisk and logrotate write them.
func TestSmokeTailInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test; skipped with -short")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	log := filepath.Join(dir, "queue_log")

	// Today's history starts a minute ago (or at midnight, just after it):
	// tail shows today's lines, so they must fall on today in UTC.
	now := time.Now().UTC()
	t0 := now.Add(-time.Minute)
	if midnight := now.Truncate(24 * time.Hour); t0.Before(midnight) {
		t0 = midnight
	}
	at := func(sec int) int64 { return t0.Unix() + int64(sec) }
	history := fmt.Sprintf(`%d|MANAGER|sales|SIP/1001|ADDMEMBER|
%d|NONE|sales|SIP/1001|UNPAUSE|
%d|1.1|sales|NONE|ENTERQUEUE||+441234|1
%d|1.1|sales|SIP/1001|CONNECT|5|1.9|2
%d|1.2|sales|NONE|ENTERQUEUE||+442222|1
`, at(0), at(0), at(10), at(15), at(20))
	if err := os.WriteFile(log, []byte(history), 0o644); err != nil {
		t.Fatal(err)
	}

	s := startTmux(t, "wb-smoke-tail", bin+" tail "+log+" --tz UTC --poll 100ms")
	// Two calls offered today, one answered (1.1), one waiting (1.2).
	s.waitFor("today's history on the board", contains("sales", "Calls waiting 1", "Answered     1/2", "+442222"))

	appendLine := func(name, line string) {
		t.Helper()
		f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(line + "\n"); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}

	// A new caller in another queue: three offered, two waiting.
	appendLine(log, fmt.Sprintf("%d|2.1|support|NONE|ENTERQUEUE||+449999|1", at(25)))
	s.waitFor("the appended caller", contains("support", "Calls waiting 2", "Answered     1/3", "+449999"))

	// The first waiting caller hangs up: one left waiting, and the
	// number moves to the call-back list.
	appendLine(log, fmt.Sprintf("%d|1.2|sales|NONE|ABANDON|1|1|8", at(28)))
	s.waitFor("the abandon", contains("Calls waiting 1", "+449999", "Abandoned today 1", "+442222"))

	// logrotate renames the file and Asterisk starts a new one.
	if err := os.Rename(log, log+".1"); err != nil {
		t.Fatal(err)
	}
	appendLine(log, fmt.Sprintf("%d|3.1|sales|NONE|ENTERQUEUE||+445555|1", at(30)))
	s.waitFor("the caller in the new file", contains("Calls waiting 2", "Answered     1/4", "+445555"))

	s.keys("q")
	s.waitFor("a clean exit", contains("EXIT=0"))
}
