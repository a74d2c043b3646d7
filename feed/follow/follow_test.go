package follow

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// The tests run "today" = 2026-11-23 in UTC. Midnight is epoch 1795392000
// (2026-11-23T00:00:00Z: 20 415 days × 86 400 s since 1970-01-01).
const midnight = 1795392000

func line(epoch int64, call, verb string) string {
	return fmt.Sprintf("%d|%s|sales|NONE|%s|||+4420%s|1\n", epoch, call, verb, call)
}

type rig struct {
	t    *testing.T
	path string
	fl   *Follower
	got  []string // call ids in the order emitted
}

func newRig(t *testing.T) *rig {
	dir := t.TempDir()
	r := &rig{t: t, path: filepath.Join(dir, "queue_log")}
	r.fl = New(Options{Path: r.path, Location: time.UTC, Clock: func() time.Time { return time.Unix(midnight+9*3600, 0) }})
	return r
}

func (r *rig) write(s string, flag int) {
	r.t.Helper()
	f, err := os.OpenFile(r.path, flag|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := f.WriteString(s); err != nil {
		r.t.Fatal(err)
	}
	f.Close()
}

func (r *rig) poll() {
	r.t.Helper()
	err := r.fl.Poll(func(evs []feed.Event) error {
		for _, ev := range evs {
			r.got = append(r.got, ev.CallID)
		}
		return nil
	})
	if err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) want(ids ...string) {
	r.t.Helper()
	if fmt.Sprint(r.got) != fmt.Sprint(ids) {
		r.t.Fatalf("events: got %v, want %v", r.got, ids)
	}
}

// Yesterday's lines are skipped; today's are read, then appended ones,
// each once; a partial line waits for its newline.
func TestAppendAndPartialLine(t *testing.T) {
	r := newRig(t)
	r.poll() // the file does not exist yet: nothing, no error
	r.want()
	r.write(line(midnight-60, "old1", "ENTERQUEUE")+line(midnight-1, "old2", "ENTERQUEUE")+line(midnight+60, "a", "ENTERQUEUE"), os.O_TRUNC)
	r.poll()
	r.want("a")
	r.poll() // nothing new: nothing twice
	r.want("a")

	full := line(midnight+120, "b", "ENTERQUEUE")
	r.write(full[:10], os.O_APPEND) // the writer is mid-line
	r.poll()
	r.want("a")
	r.write(full[10:], os.O_APPEND)
	r.poll()
	r.want("a", "b")
	if got := r.fl.Stats().Lines; got != 4 {
		t.Errorf("lines: got %d, want 4 (2 skipped as yesterday's + a + b)", got)
	}
}

// logrotate's default: the file is renamed and a new one created. Lines
// written to the old file before the follower looks are not lost; the new
// file is read from its start.
func TestRotate(t *testing.T) {
	r := newRig(t)
	r.write(line(midnight+60, "a", "ENTERQUEUE"), os.O_TRUNC)
	r.poll()
	r.write(line(midnight+61, "b", "ENTERQUEUE"), os.O_APPEND) // a last line into the old file
	if err := os.Rename(r.path, r.path+".1"); err != nil {
		t.Fatal(err)
	}
	r.write(line(midnight+62, "c", "ENTERQUEUE"), os.O_TRUNC)
	r.poll()
	r.want("a", "b", "c")
	r.write(line(midnight+63, "d", "ENTERQUEUE"), os.O_APPEND)
	r.poll()
	r.want("a", "b", "c", "d")
}

// copytruncate: the same file is emptied and written again from byte 0.
func TestTruncate(t *testing.T) {
	r := newRig(t)
	r.write(line(midnight+60, "a", "ENTERQUEUE")+line(midnight+61, "b", "ENTERQUEUE"), os.O_TRUNC)
	r.poll()
	r.want("a", "b")
	r.write(line(midnight+62, "c", "ENTERQUEUE"), os.O_TRUNC) // shorter than before
	r.poll()
	r.want("a", "b", "c")
	r.write(line(midnight+63, "d", "ENTERQUEUE"), os.O_APPEND)
	r.poll()
	r.want("a", "b", "c", "d")
}

// A path that names a directory is an error, not a file with nothing in
// it: reading a directory fails (EISDIR) with no bytes, and that failure
// must reach the caller so that the board says so instead of "live".
func TestDirectoryIsAnError(t *testing.T) {
	dir := t.TempDir()
	fl := New(Options{Path: dir, Location: time.UTC, Clock: func() time.Time { return time.Unix(midnight+9*3600, 0) }})
	err := fl.Poll(func([]feed.Event) error { return nil })
	if err == nil {
		t.Fatalf("Poll on the directory %s: got no error, want one naming it", dir)
	}
	if !strings.Contains(err.Error(), dir) {
		t.Errorf("error %q does not name the path %s", err, dir)
	}
}

// Problems are told with the file's own line numbers, though each new
// chunk of a growing file is decoded on its own, and OnProblems hears of
// each look that counted new ones (and of no other).
func TestProblemsNameTheFilesLines(t *testing.T) {
	r := newRig(t)
	var told []string
	enter := func(epoch int64, call string) string {
		return fmt.Sprintf("%d|%s|sales|NONE|ENTERQUEUE||+4420|1\n", epoch, call)
	}
	r.fl.opts.OnProblems = func(st *feed.Stats) { told = append(told, st.Summary()) }
	// Lines 1-3: yesterday's (skipped unread), today's, and a good one.
	r.write(enter(midnight-60, "old")+enter(midnight+60, "a")+enter(midnight+61, "b"), os.O_TRUNC)
	r.poll()
	if len(told) != 0 {
		t.Fatalf("a clean look told %v", told)
	}
	// Lines 4-6 in a later look: good, truncated (line 5), good.
	r.write(enter(midnight+120, "c")+fmt.Sprintf("%d|d|sales\n", midnight+121)+enter(midnight+122, "e"), os.O_APPEND)
	r.poll()
	r.want("a", "b", "c", "e")
	want := []string{"skipped 1 malformed line (first: line 5, no event field)"}
	if fmt.Sprint(told) != fmt.Sprint(want) {
		t.Fatalf("told %q, want %q", told, want)
	}
	r.poll() // nothing new: not told again
	if len(told) != 1 {
		t.Fatalf("told again on a quiet look: %q", told)
	}
}

// A file that cannot be opened (here its folder is a plain file: as root,
// as tests may run, a permission bit would not stop the open) is an
// "error" the follower keeps trying: once the path is fixed it follows
// the file, without a restart.
func TestOpenErrorIsRetried(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "asterisk")
	if err := os.WriteFile(folder, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(folder, "queue_log")
	var states []string
	fl := New(Options{Path: path, Location: time.UTC, Clock: func() time.Time { return time.Unix(midnight+9*3600, 0) },
		OnState: func(state, detail string) { states = append(states, state+": "+detail) }})
	var got []string
	emit := func(evs []feed.Event) error {
		for _, ev := range evs {
			got = append(got, ev.CallID)
		}
		return nil
	}
	for i := 0; i < 2; i++ {
		if err := fl.Poll(emit); err != nil {
			t.Fatalf("poll %d: %v, want it to keep trying", i, err)
		}
	}
	if len(states) != 2 || !strings.HasPrefix(states[0], "error: cannot open "+path+": not a directory (trying again)") {
		t.Fatalf("states %q: want two errors naming the file", states)
	}
	// The operator fixes it: the folder becomes a folder with the log.
	if err := os.Remove(folder); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(fmt.Sprintf("%d|a|sales|NONE|ENTERQUEUE||+4420|1\n", midnight+60)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := fl.Poll(emit); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[a]" || !strings.HasPrefix(states[len(states)-1], "live: following") {
		t.Errorf("after the fix: events %v, last state %q; want [a] and live", got, states[len(states)-1])
	}
}

// A file of earlier days only says so (an empty board must say why), and
// the first line of today puts the plain "following" back.
func TestOnlyEarlierDaysIsSaid(t *testing.T) {
	r := newRig(t)
	var states []string
	r.fl.opts.OnState = func(state, detail string) { states = append(states, state+": "+detail) }
	enter := func(epoch int64, call string) string {
		return fmt.Sprintf("%d|%s|sales|NONE|ENTERQUEUE||+4420|1\n", epoch, call)
	}
	r.write(enter(midnight-7200, "x")+enter(midnight-3600, "y")+enter(midnight-1, "z"), os.O_TRUNC)
	r.poll()
	want := "live: nothing from today yet: 3 older lines skipped"
	if len(states) != 2 || states[1] != want {
		t.Fatalf("states %q\nwant [live: following …, %q]", states, want)
	}
	r.poll() // said once
	r.write(enter(midnight+60, "a"), os.O_APPEND)
	r.poll()
	r.want("a")
	if len(states) != 3 || states[2] != "live: following "+r.path {
		t.Errorf("states %q: want the plain following once today's line came", states)
	}
}
