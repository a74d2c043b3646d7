package kpi

import (
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// slSnap is a one-queue snapshot whose current SL (answered profile) is
// inSL/100; target 80 % → red line 70 %, leaving needs 72 % for 10 s.
func slSnap(inSL int) *Snapshot {
	r := DefaultRules()
	r.Profile = ProfileAnswered
	q := QueueView{Name: "sales", Rules: r, Current: Counters{Answered: 100, AnsweredInSL: inSL}}
	return &Snapshot{Queues: []QueueView{q}, Total: QueueView{Name: TotalQueue}}
}

// SL hovering at the red line: enters below 70 %, leaves only after 10 s
// at or above 72 %.
func TestAlertHysteresisSL(t *testing.T) {
	a := NewAlerter(AlertRules{})
	t0 := at(9, 0, 0)
	steps := []struct {
		s      int // seconds after t0
		sl     int // percent
		raised int
		on     bool
	}{
		{0, 75, 0, false},
		{1, 69, 1, true},  // below 70: red
		{2, 71, 0, true},  // back over 70 but not 72: stays red (no flicker)
		{3, 69, 0, true},  // below again: still the same alert, not raised again
		{4, 73, 0, true},  // clear from 4 s
		{10, 73, 0, true}, // clear 6 s < 10 s
		{13, 69, 0, true}, // red again: the clear clock restarts
		{14, 73, 0, true}, // clear from 14 s
		{24, 73, 0, false},
		{25, 69, 1, true}, // a new crossing raises again (a bell rings once per crossing)
	}
	for _, st := range steps {
		now := t0.Add(sec(st.s))
		if got := a.Update(slSnap(st.sl), now); got != st.raised {
			t.Errorf("t+%ds SL %d%%: raised %d, want %d", st.s, st.sl, got, st.raised)
		}
		if on := a.On(AlertSL, "sales"); on != st.on {
			t.Errorf("t+%ds SL %d%%: alert %v, want %v", st.s, st.sl, on, st.on)
		}
	}
	if act := a.Active(); len(act) != 1 || act[0].Kind != AlertSL || !act[0].Since.Equal(t0.Add(sec(25))) {
		t.Errorf("active %+v", act)
	}
}

// Longest wait (T = 20 s → red at 60 s), staffing short, and pauses over
// their reason's limit.
func TestAlertKinds(t *testing.T) {
	t0 := at(9, 0, 0)
	snap := &Snapshot{
		Queues: []QueueView{{Name: "sales", Rules: DefaultRules(), Waiting: 1, OldestSince: t0.Add(-55 * time.Second),
			Staffing: Staffing{OK: true, Needed: 5, Staffed: 4}}},
		Total: QueueView{Name: TotalQueue},
		Agents: []AgentView{
			{ID: "ann", Status: feed.StatusPaused, Reason: "lunch", Since: t0.Add(-40 * time.Minute)},
			{ID: "bob", Status: feed.StatusPaused, Reason: "", Since: t0.Add(-16 * time.Minute)},
			{ID: "cy", Status: feed.StatusAvailable, Since: t0.Add(-time.Hour)},
		},
	}
	a := NewAlerter(AlertRules{PauseLimits: map[string]time.Duration{"lunch": 45 * time.Minute}})
	// t0: wait 55 s < 60; staffing 5 > 4: red; ann 40 min of 45: fine; bob
	// 16 min of the default 15: red.
	if n := a.Update(snap, t0); n != 2 || a.On(AlertWait, "sales") || !a.On(AlertStaffing, "sales") ||
		a.On(AlertPause, "ann") || !a.On(AlertPause, "bob") || a.On(AlertPause, "cy") {
		t.Fatalf("t0: raised %d, active %+v", n, a.Active())
	}
	// t0+5 s: wait 60 s = 3·T: red. t0+5 min 1 s: ann past 45 min: red.
	if n := a.Update(snap, t0.Add(5*time.Second)); n != 1 || !a.On(AlertWait, "sales") {
		t.Errorf("t+5s: raised %d, active %+v", n, a.Active())
	}
	if a.Update(snap, t0.Add(5*time.Minute)); a.On(AlertPause, "ann") {
		t.Errorf("ann at exactly 45 min of lunch is at the limit, not over it")
	}
	if a.Update(snap, t0.Add(5*time.Minute+time.Second)); !a.On(AlertPause, "ann") {
		t.Errorf("ann past 45 min of lunch should alert")
	}
	// bob unpauses: his alert ends at once. Staffing recovers: ends after
	// the 10 s hold.
	snap.Agents[1].Status = feed.StatusAvailable
	snap.Queues[0].Staffing.Needed = 4
	t1 := t0.Add(6 * time.Minute)
	a.Update(snap, t1)
	if a.On(AlertPause, "bob") || !a.On(AlertStaffing, "sales") {
		t.Errorf("t1: %+v", a.Active())
	}
	if a.Update(snap, t1.Add(10*time.Second)); a.On(AlertStaffing, "sales") {
		t.Errorf("staffing alert should end after 10 s clear")
	}
	// A queue that leaves the snapshot takes its alerts with it.
	snap.Queues = nil
	if a.Update(snap, t1.Add(11*time.Second)); a.On(AlertWait, "sales") {
		t.Errorf("alert of a vanished queue kept")
	}
}
