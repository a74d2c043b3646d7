package replay

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

// t0 is 2026-03-02 09:00:00 UTC.
const t0 = 1772442000

// writeDay writes one call entering every 10 minutes from 09:00 to 10:50
// (12 calls), each answered 10 s later and completed 60 s after that, plus
// one waiting call entering at 11:00 that never ends.
func writeDay(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < 12; i++ {
		e := t0 + i*600
		fmt.Fprintf(&b, "%d|c%d|sales|NONE|ENTERQUEUE||555%d|1\n", e, i, i)
		fmt.Fprintf(&b, "%d|c%d|sales|Ann|CONNECT|10|x|2\n", e+10, i)
		fmt.Fprintf(&b, "%d|c%d|sales|Ann|COMPLETECALLER|10|60|1\n", e+70, i)
	}
	fmt.Fprintf(&b, "%d|w|sales|NONE|ENTERQUEUE||777|1\n", t0+7200)
	path := filepath.Join(t.TempDir(), "queue_log")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type fakeWall struct{ now time.Time }

func (f *fakeWall) Now() time.Time { return f.now }

func newPlayer(t *testing.T, speed float64, at time.Time) (*Player, *fakeWall, *kpi.Hub) {
	t.Helper()
	cfg := kpi.DefaultConfig()
	cfg.Location = time.UTC
	wall := &fakeWall{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	hub := kpi.NewHub()
	p, err := New(Options{Files: []string{writeDay(t)}, Config: cfg, Hub: hub, Speed: speed, Wall: wall.Now})
	if err != nil {
		t.Fatal(err)
	}
	if !at.IsZero() {
		p.OpenAt(at)
	}
	p.reset()
	p.seek(p.Clock())
	return p, wall, hub
}

// drain runs queued commands as Run's loop would.
func drain(p *Player) {
	for {
		select {
		case f := <-p.cmds:
			f()
		default:
			return
		}
	}
}

func offered(p *Player) int {
	return p.state.Snapshot(p.Clock()).Total.Day.Offered
}

func TestSpanAndClock(t *testing.T) {
	p, wall, _ := newPlayer(t, 60, time.Time{})
	if p.Start().Unix() != t0 || p.End().Unix() != t0+7200 {
		t.Fatalf("span %v – %v", p.Start(), p.End())
	}
	// At ×60, 30 wall seconds are 30 replay minutes: 09:30:00. Calls enter
	// at 09:00, 09:10, 09:20, 09:30 (the last exactly at the clock): 4.
	wall.now = wall.now.Add(30 * time.Second)
	p.play()
	if c := p.Clock(); c.Unix() != t0+1800 {
		t.Fatalf("clock %v, want 09:30", c)
	}
	if n := offered(p); n != 4 {
		t.Errorf("offered %d at 09:30, want 4", n)
	}
}

func TestSeekBackRebuilds(t *testing.T) {
	p, wall, _ := newPlayer(t, 60, time.Time{})
	wall.now = wall.now.Add(100 * time.Second) // 10:40: 11 calls entered
	p.play()
	if n := offered(p); n != 11 {
		t.Fatalf("offered %d at 10:40, want 11", n)
	}
	// Back one hour → 09:40: calls at 09:00…09:40 = 5, and the 09:40 call
	// is waiting (answered at 09:40:10).
	p.Step(-time.Hour)
	drain(p)
	snap := p.state.Snapshot(p.Clock())
	if snap.Total.Day.Offered != 5 || snap.Total.Waiting != 1 {
		t.Errorf("after seeking back: offered %d waiting %d, want 5 and 1", snap.Total.Day.Offered, snap.Total.Waiting)
	}
	// Forward half an hour: 10:10 → 8 calls.
	p.Step(30 * time.Minute)
	drain(p)
	if n := offered(p); n != 8 {
		t.Errorf("after seeking forward: offered %d, want 8", n)
	}
}

func TestAtOpensPaused(t *testing.T) {
	at := time.Unix(t0+3600+5, 0) // 10:00:05: 7 calls in, the 10:00 one waiting
	p, wall, _ := newPlayer(t, 1, at)
	st := p.Status()
	if !st.Paused || !st.Clock.Equal(at) {
		t.Fatalf("status %+v", st)
	}
	wall.now = wall.now.Add(time.Hour)
	p.play()
	snap := p.state.Snapshot(p.Clock())
	if snap.Total.Day.Offered != 7 || snap.Total.Waiting != 1 || !p.Clock().Equal(at) {
		t.Errorf("paused replay moved: offered %d waiting %d clock %v", snap.Total.Day.Offered, snap.Total.Waiting, p.Clock())
	}
	// The waiting call has waited 5 s by the replay clock, whatever the wall says.
	if w := snap.Total.LongestWait(p.Clock()); w != 5*time.Second {
		t.Errorf("longest wait %v, want 5s", w)
	}
	p.TogglePause()
	wall.now = wall.now.Add(10 * time.Second)
	if c := p.Clock(); !c.Equal(at.Add(10 * time.Second)) {
		t.Errorf("after play 10 s at ×1: clock %v", c)
	}
}

func TestMaxSpeedReachesTheEnd(t *testing.T) {
	p, _, _ := newPlayer(t, 0, time.Time{})
	for i := 0; i < 10 && !p.Status().Done; i++ {
		p.play()
	}
	st := p.Status()
	if !st.Done || !st.Paused || !st.Clock.Equal(p.End()) {
		t.Fatalf("status %+v", st)
	}
	// 13 calls offered; the last one still waits at the end.
	if n := offered(p); n != 13 {
		t.Errorf("offered %d, want 13", n)
	}
	// Space at the end plays again from the start.
	p.TogglePause()
	drain(p)
	if st := p.Status(); st.Paused || st.Done || !st.Clock.Equal(p.Start()) {
		t.Errorf("after replaying: %+v", st)
	}
}

func TestSpeedBounds(t *testing.T) {
	p, _, _ := newPlayer(t, 1, time.Time{})
	p.Slower()
	p.Slower()
	p.Slower()
	if s := p.Status().Speed; s != MinSpeed {
		t.Errorf("speed %v after three halvings from 1, want %v", s, MinSpeed)
	}
	for i := 0; i < 30; i++ {
		p.Faster()
	}
	if s := p.Status().Speed; s != MaxSpeed {
		t.Errorf("speed %v, want the cap %v", s, MaxSpeed)
	}
}

func TestMissingFile(t *testing.T) {
	cfg := kpi.DefaultConfig()
	_, err := New(Options{Files: []string{"/nonexistent/queue_log"}, Config: cfg, Hub: kpi.NewHub()})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/queue_log") {
		t.Errorf("err = %v", err)
	}
}
