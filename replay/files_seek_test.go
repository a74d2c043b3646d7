package replay

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

// writeFile writes a queue_log fixture and returns its path.
func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// dayText is writeDay's day shifted to start at base: 12 calls entering
// every 10 minutes, each answered after 10 s and ended 60 s later.
func dayText(base int64) string {
	var b strings.Builder
	for i := int64(0); i < 12; i++ {
		e := base + i*600
		fmt.Fprintf(&b, "%d|d%d-c%d|sales|NONE|ENTERQUEUE||555%d|1\n", e, base, i, i)
		fmt.Fprintf(&b, "%d|d%d-c%d|sales|Ann|CONNECT|10|x|2\n", e+10, base, i)
		fmt.Fprintf(&b, "%d|d%d-c%d|sales|Ann|COMPLETECALLER|10|60|1\n", e+70, base, i)
	}
	return b.String()
}

// openCounter counts how often the player opens a file: once per pass
// from the start (New's scan, the first build, every rebuild).
type openCounter struct {
	n    int
	hook func(n int) // called on each open, from the player's goroutine
}

func (o *openCounter) open(name string) (io.ReadCloser, error) {
	o.n++
	if o.hook != nil {
		o.hook(o.n)
	}
	return os.Open(name)
}

func utcConfig() kpi.Config {
	cfg := kpi.DefaultConfig()
	cfg.Location = time.UTC
	return cfg
}

// Seeks pressed while a rebuild is pending cost one rebuild: four presses
// of `[` late in a big day must not freeze the board four times over.
func TestSeeksCoalesce(t *testing.T) {
	var oc openCounter
	wall := &fakeWall{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	p, err := New(Options{Files: []string{writeDay(t)}, Config: utcConfig(), Hub: kpi.NewHub(), Speed: 60, Wall: wall.Now, Open: oc.open})
	if err != nil {
		t.Fatal(err)
	}
	p.reset()
	p.seek(p.Clock())
	// At ×60, 110 wall seconds are 110 replay minutes: 10:50.
	wall.now = wall.now.Add(110 * time.Second)
	p.play()
	before := oc.n // New's scan and the first build: 2
	for i := 0; i < 4; i++ {
		p.Step(-10 * time.Minute) // 10:40, 10:30, 10:20, 10:10
	}
	drain(p)
	if got := oc.n - before; got != 1 {
		t.Errorf("four seeks back rebuilt %d times, want 1", got)
	}
	// At 10:10: calls entered at 09:00, 09:10, …, 10:10 = 8; the 10:10
	// one is answered at 10:10:10, so it still waits.
	snap := p.state.Snapshot(p.Clock())
	if snap.Total.Day.Offered != 8 || snap.Total.Waiting != 1 || !p.Clock().Equal(time.Unix(t0+4200, 0)) {
		t.Errorf("at %v: offered %d waiting %d, want 10:10, 8 and 1", p.Clock().UTC(), snap.Total.Day.Offered, snap.Total.Waiting)
	}
}

// A seek that arrives during a rebuild (here: as the rebuild opens the
// file) is where the state ends up, even though it queued no command of
// its own; and the rebuild works in batches.
func TestSeekDuringRebuild(t *testing.T) {
	var oc openCounter
	wall := &fakeWall{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	p, err := New(Options{Files: []string{writeDay(t)}, Config: utcConfig(), Hub: kpi.NewHub(), Speed: 60, Wall: wall.Now, Open: oc.open})
	if err != nil {
		t.Fatal(err)
	}
	p.batch = 5 // the day's 37 lines take several batches
	p.reset()
	p.seek(p.End())
	oc.hook = func(n int) {
		if n == 3 { // the first rebuild
			p.SeekTo(time.Unix(t0+1805, 0)) // 09:30:05
		}
	}
	p.SeekTo(time.Unix(t0+4200, 0)) // 10:10
	drain(p)
	// At 09:30:05: calls at 09:00, 09:10, 09:20, 09:30 = 4 offered, and
	// the 09:30 one waits (answered at 09:30:10).
	snap := p.state.Snapshot(p.Clock())
	if snap.Total.Day.Offered != 4 || snap.Total.Waiting != 1 {
		t.Errorf("offered %d waiting %d, want 4 and 1", snap.Total.Day.Offered, snap.Total.Waiting)
	}
	if st := p.Status(); !st.Clock.Equal(time.Unix(t0+1805, 0)) {
		t.Errorf("clock %v, want 09:30:05", st.Clock.UTC())
	}
}

// Seeking back to a moment after the last event but before the time the
// state was moved to must still rebuild: a wrap-up that had ended by then
// was still running at the earlier moment.
func TestSeekBackAfterLastEvent(t *testing.T) {
	// Ann answers at 09:00:10 and ends the call at 09:01:10; with 60 s
	// of wrap-up she is in wrap-up until 09:02:10. The next line is at
	// 09:30.
	text := fmt.Sprintf("%d|a|sales|NONE|ENTERQUEUE||555|1\n%d|a|sales|Ann|CONNECT|10|x|2\n%d|a|sales|Ann|COMPLETECALLER|10|60|1\n%d|b|sales|NONE|ENTERQUEUE||556|1\n",
		t0, t0+10, t0+70, t0+1800)
	cfg := utcConfig()
	cfg.Rules.Wrapup = time.Minute
	p, err := New(Options{Files: []string{writeFile(t, "queue_log", text)}, Config: cfg, Hub: kpi.NewHub(), Speed: 1})
	if err != nil {
		t.Fatal(err)
	}
	p.reset()
	p.seek(time.Unix(t0+300, 0)) // 09:05: the wrap-up is over
	if n := p.state.Snapshot(time.Unix(t0+300, 0)).Total.Agents.Wrapup; n != 0 {
		t.Fatalf("at 09:05: %d in wrap-up, want 0", n)
	}
	at := time.Unix(t0+120, 0) // 09:02:00, 50 s after the last event
	p.SeekTo(at)
	drain(p)
	snap := p.state.Snapshot(at)
	if n := snap.Total.Agents.Wrapup; n != 1 {
		t.Errorf("back at 09:02: %d in wrap-up, want 1 (Ann until 09:02:10)", n)
	}
	// Her wrap-up began when the call ended, 09:01:10: 50 s ago, so far
	// 50 s of it today (and 60 s of talk).
	if len(snap.Agents) != 1 {
		t.Fatalf("agents %+v", snap.Agents)
	}
	if a := snap.Agents[0]; !a.Since.Equal(time.Unix(t0+70, 0)) || a.Today.AgentWrapup != 50*time.Second {
		t.Errorf("Ann: in %v since %v, wrap-up today %v; want since 09:01:10 and 50s", a.Status, a.Since.UTC(), a.Today.AgentWrapup)
	}
}

// Rotated files named newest first (as `queue_log*` expands) are played
// oldest first: the day is played in time, and the replay reaches its end.
func TestFilesPlayInTimeOrder(t *testing.T) {
	day1 := writeFile(t, "queue_log-1", dayText(t0-86400)) // 2026-03-01
	day2 := writeFile(t, "queue_log", dayText(t0))         // 2026-03-02
	p, err := New(Options{Files: []string{day2, day1}, Config: utcConfig(), Hub: kpi.NewHub(), Speed: 0})
	if err != nil {
		t.Fatal(err)
	}
	if f := p.Files(); len(f) != 2 || f[0] != day1 || f[1] != day2 {
		t.Errorf("play order %v, want %v then %v", f, day1, day2)
	}
	p.reset()
	p.seek(p.Clock())
	for i := 0; i < 10 && !p.Status().Done; i++ {
		p.play()
	}
	// The last line of day 2: the 11th call (10:50) completes at 10:51:10.
	if st := p.Status(); !st.Done || !st.Clock.Equal(time.Unix(t0+6600+70, 0)) {
		t.Fatalf("status %+v, want done at 10:51:10 on 03-02", st)
	}
	// Today (03-02): 12 offered, 12 answered, nothing waiting.
	snap := p.state.Snapshot(p.Clock())
	if snap.Total.Day.Offered != 12 || snap.Total.Day.Answered != 12 || snap.Total.Waiting != 0 {
		t.Errorf("today: offered %d answered %d waiting %d, want 12, 12, 0",
			snap.Total.Day.Offered, snap.Total.Day.Answered, snap.Total.Waiting)
	}
}

// At full speed the replay ends even when the file's last line is not its
// latest (a line written a little late).
func TestMaxSpeedEndsOnALateLine(t *testing.T) {
	// Call a enters at 09:00, b at 09:02; a's ABANDON (at 09:01:40) is
	// written after b's line. The span ends at 09:02.
	text := fmt.Sprintf("%d|a|sales|NONE|ENTERQUEUE||555|1\n%d|b|sales|NONE|ENTERQUEUE||556|1\n%d|a|sales|NONE|ABANDON|1|1|100\n",
		t0, t0+120, t0+100)
	p, err := New(Options{Files: []string{writeFile(t, "queue_log", text)}, Config: utcConfig(), Hub: kpi.NewHub(), Speed: 0})
	if err != nil {
		t.Fatal(err)
	}
	p.reset()
	p.seek(p.Clock())
	for i := 0; i < 10 && !p.Status().Done; i++ {
		p.play()
	}
	if st := p.Status(); !st.Done || !st.Clock.Equal(time.Unix(t0+120, 0)) {
		t.Errorf("status %+v, want done at 09:02", st)
	}
}

// A speed the player cannot keep to is refused, not turned into a clock
// in the year 1733.
func TestBadSpeedRefused(t *testing.T) {
	path := writeDay(t)
	for _, s := range []float64{math.NaN(), math.Inf(1), -1, 0.1, MaxSpeed * 2} {
		_, err := New(Options{Files: []string{path}, Config: utcConfig(), Hub: kpi.NewHub(), Speed: s})
		if err == nil || !strings.Contains(err.Error(), "speed") {
			t.Errorf("speed %v: err = %v, want a speed error", s, err)
		}
	}
	for _, s := range []float64{0, MinSpeed, 1, MaxSpeed} {
		if _, err := New(Options{Files: []string{path}, Config: utcConfig(), Hub: kpi.NewHub(), Speed: s}); err != nil {
			t.Errorf("speed %v: %v", s, err)
		}
	}
}

// A file with nothing to play says why: empty, or not a queue_log (with
// the decoder's count of what it skipped), naming every file given.
func TestNothingToPlay(t *testing.T) {
	empty := writeFile(t, "empty.log", "")
	junk := writeFile(t, "notes.txt", "hello world\nthis is not a log\n")
	_, err := New(Options{Files: []string{empty}, Config: utcConfig(), Hub: kpi.NewHub()})
	if err == nil || err.Error() != empty+": no events to replay (the file is empty)" {
		t.Errorf("empty file: %v", err)
	}
	_, err = New(Options{Files: []string{empty, junk}, Config: utcConfig(), Hub: kpi.NewHub()})
	want := empty + ", " + junk + ": no events to replay (" + junk +
		": skipped 2 malformed lines (first: line 1, no event field); not a queue_log: want Asterisk's queue_log (epoch|callid|queue|agent|event|data…) or a CSV export of its table with a header row)"
	if err == nil || err.Error() != want {
		t.Errorf("junk file:\n got %v\nwant %s", err, want)
	}
}

// A compressed file cut short plays up to the damage, the files after it
// still play, and the damage is told with the other problems.
func TestCutShortFilePlaysWhatItHas(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(dayText(t0 - 86400))) // 2026-03-01
	zw.Close()
	cut := writeFile(t, "queue_log-1.gz", z.String()[:z.Len()-12]) // the trailer and some data gone
	later := writeFile(t, "queue_log", dayText(t0))                // 2026-03-02
	p, err := New(Options{Files: []string{cut, later}, Config: utcConfig(), Hub: kpi.NewHub()})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Problems(), cut+": reading line") || !strings.Contains(p.Problems(), "ends early") {
		t.Errorf("problems %q", p.Problems())
	}
	// The first line of the damaged file (03-01 09:00) and the last of the
	// later one (03-02 10:51:10) bound the replay.
	if !p.Start().Equal(time.Unix(t0-86400, 0)) || !p.End().Equal(time.Unix(t0+6670, 0)) {
		t.Errorf("span %v – %v", p.Start().UTC(), p.End().UTC())
	}
	p.reset()
	p.seek(p.End())
	if n := offered(p); n != 12 {
		t.Errorf("offered on 03-02: %d, want 12", n)
	}
}

// At full speed a tick that comes between a seek and its turn on the
// player's goroutine must not play on from the old place: the clock
// would jump past the seek's time and leave the state behind it.
func TestPlayWaitsForSeek(t *testing.T) {
	p, _, _ := newPlayer(t, 0, time.Time{})
	p.batch = 5 // five lines a tick
	for i := 0; i < 4; i++ {
		p.play() // 20 lines: up to the 7th call's answer, 10:00:10
	}
	p.SeekTo(time.Unix(t0+1200, 0)) // 09:20, queued
	p.play()
	drain(p)
	// At 09:20: calls at 09:00, 09:10 and 09:20 = 3 offered.
	if c, n := p.Clock(), offered(p); !c.Equal(time.Unix(t0+1200, 0)) || n != 3 {
		t.Errorf("clock %v offered %d, want 09:20 and 3", c.UTC(), n)
	}
}

// While a seek is on its way the status says so (the board shows
// SEEKING: its figures are still those of before); once it is carried
// out, it no longer does.
func TestStatusSaysSeeking(t *testing.T) {
	wall := &fakeWall{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	p, err := New(Options{Files: []string{writeDay(t)}, Config: utcConfig(), Hub: kpi.NewHub(), Speed: 60, Wall: wall.Now})
	if err != nil {
		t.Fatal(err)
	}
	p.reset()
	p.seek(p.End())
	if p.Status().Seeking {
		t.Fatal("seeking before any seek")
	}
	p.Step(-10 * time.Minute)
	if !p.Status().Seeking {
		t.Fatal("a queued seek does not say seeking")
	}
	drain(p)
	if p.Status().Seeking {
		t.Fatal("still seeking after the seek was carried out")
	}
}

// The board is told what the files' decoders could not use: the summary
// for the help view and the count of lines skipped for the header.
func TestSnapshotTellsInputProblems(t *testing.T) {
	// Two lines no decoder can use (a truncated line and one with no
	// fields at all) and one unknown verb, around a good call.
	text := fmt.Sprintf("%d|c1|sales|NONE|ENTERQUEUE||5551|1\n%d|c1|sales\ngarbage\n%d|c1|sales|Ann|FOOBAR|\n%d|c1|sales|Ann|CONNECT|10|x|2\n",
		t0, t0+1, t0+2, t0+10)
	path := filepath.Join(t.TempDir(), "bad.log")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := New(Options{Files: []string{path}, Config: utcConfig(), Hub: kpi.NewHub()})
	if err != nil {
		t.Fatal(err)
	}
	p.reset()
	p.seek(p.End())
	src := p.state.Snapshot(p.Clock()).Source
	want := path + ": skipped 2 malformed lines (first: line 2, no event field); 1 unknown verb (FOOBAR)"
	if src.InputSkipped != 2 || src.Input != want {
		t.Errorf("source input %q, skipped %d\nwant %q, 2", src.Input, src.InputSkipped, want)
	}
}

// A seek is followed by a snapshot even when it changes nothing (a seek
// to where the replay already is): the board sets its alerts aside after
// a seek until the target's snapshot comes, so one must come.
func TestSeekAlwaysPublishes(t *testing.T) {
	p, _, hub := newPlayer(t, 1, time.Unix(t0+3600, 0))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
			if ok() {
				return
			}
		}
		t.Fatal(what)
	}
	waitFor("a first snapshot", func() bool { return hub.Latest() != nil })
	first := hub.Latest()
	p.SeekTo(p.Clock()) // paused at the same moment: nothing changes
	waitFor("a snapshot after the seek", func() bool { return hub.Latest() != first })
}
