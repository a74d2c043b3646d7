package kpi

import (
	"math"
	"reflect"
	"testing"
	"time"
)

// staffingFixture is filterFixture with staffing on each queue, written by
// hand (the engine's own figures do not matter here, only how Filter
// pools them):
//
//	a: OK, window 30 m, offered 9,  AHT 100 s, load 0.5 E
//	b: OK, window 20 m, offered 6,  AHT 200 s, load 1.0 E
//	c: not OK (no handle time yet)
//
// Agents (filterFixture): ann [a c] available, bob [b] busy, cat [c]
// paused, dan [a c] busy. The centre's rules are the defaults: 80/20.
func staffingFixture() *Snapshot {
	s := filterFixture()
	s.Queues[0].Staffing = Staffing{OK: true, Window: 30 * time.Minute, Offered: 9, AHT: 100 * time.Second, Load: 0.5, Needed: 2, Staffed: 2}
	s.Queues[1].Staffing = Staffing{OK: true, Window: 20 * time.Minute, Offered: 6, AHT: 200 * time.Second, Load: 1.0, Needed: 3, Staffed: 1}
	s.Queues[2].Staffing = Staffing{Staffed: 2}
	s.Total.Staffing = Staffing{OK: true, Window: 30 * time.Minute, Offered: 15, Needed: 9, Staffed: 3}
	return s
}

func TestFilterStaffingByHand(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

	// Only a. Agents: ann (available) and dan (busy): staffed 2.
	// Load 0.5 E, rate 0.5/100 s = 0.005/s, so AHT = 0.5/0.005 = 100 s.
	// Erlang C, A = 0.5, T/AHT = 20/100 = 0.2:
	//   N = 1: last term 0.5·1/0.5 = 1; C = 1/(1 + 1) = 0.5;
	//          SL = 1 − 0.5·e^(−0.5·0.2) = 1 − 0.5·0.904837 = 0.547581 < 0.8
	//   N = 2: last term 0.5²/2·2/1.5 = 0.166667; C = 0.166667/(1 + 0.5 + 0.166667) = 0.1;
	//          SL = 1 − 0.1·e^(−1.5·0.2) = 1 − 0.1·0.740818 = 0.925918 ≥ 0.8
	// So 2 needed; 2 staffed give SL 0.925918.
	f := staffingFixture().Filter([]string{"a"})
	st := f.Total.Staffing
	if !st.OK || st.Window != 30*time.Minute || st.Offered != 9 || st.AHT != 100*time.Second || !near(st.Load, 0.5) ||
		st.Needed != 2 || st.Staffed != 2 || !st.SLOK || !near(st.SL, 0.925918) {
		t.Errorf("a alone: %+v\nwant OK, 30m, offered 9, AHT 100s, load 0.5, needed 2, staffed 2, SL 0.925918", st)
	}

	// a and b. Agents ann, bob, dan: staffed 3. Window max(30 m, 20 m) =
	// 30 m; offered 9 + 6 = 15; load 0.5 + 1.0 = 1.5 E; rate 0.005 +
	// 1.0/200 = 0.01/s, so AHT = 1.5/0.01 = 150 s. A = 1.5, T/AHT = 20/150:
	//   N = 2: terms 1, 1.5, 1.125·2/0.5 = 4.5; C = 4.5/7 = 0.642857;
	//          SL = 1 − 0.642857·e^(−0.5·20/150) = 1 − 0.642857·0.935507 = 0.398603
	//   N = 3: terms 1, 1.5, 1.125, 0.5625·3/1.5 = 1.125; C = 1.125/4.75 = 0.236842;
	//          SL = 1 − 0.236842·e^(−1.5·20/150) = 1 − 0.236842·0.818731 = 0.806090 ≥ 0.8
	// So 3 needed; 3 staffed give 0.806090.
	f = staffingFixture().Filter([]string{"a", "b"})
	st = f.Total.Staffing
	if !st.OK || st.Window != 30*time.Minute || st.Offered != 15 || st.AHT != 150*time.Second || !near(st.Load, 1.5) ||
		st.Needed != 3 || st.Staffed != 3 || !st.SLOK || !near(st.SL, 0.806090) {
		t.Errorf("a and b: %+v\nwant OK, 30m, offered 15, AHT 150s, load 1.5, needed 3, staffed 3, SL 0.806090", st)
	}
	// The queues' own staffing is theirs, copied whole.
	s := staffingFixture()
	if f.Queues[0].Staffing != s.Queues[0].Staffing || f.Queues[1].Staffing != s.Queues[1].Staffing {
		t.Errorf("queue staffing changed: %+v %+v", f.Queues[0].Staffing, f.Queues[1].Staffing)
	}

	// Only c, which has nothing to estimate from: the centre is not OK
	// either, and needs nobody. Agents ann, cat (paused), dan: logged in
	// 3, paused 1, staffed 2.
	f = staffingFixture().Filter([]string{"c"})
	if want := (Staffing{Staffed: 2}); f.Total.Staffing != want {
		t.Errorf("c alone: %+v, want %+v", f.Total.Staffing, want)
	}
	// Nothing visible: no staffing, nobody staffed.
	if f := staffingFixture().Filter(nil); f.Total.Staffing != (Staffing{}) {
		t.Errorf("nothing visible: %+v", f.Total.Staffing)
	}
}

// TestFilterAbandonedByHand: the call-back list keeps the visible queues'
// callers, newest first as the engine lists them, every field intact.
func TestFilterAbandonedByHand(t *testing.T) {
	at := func(h, m, s int) time.Time { return time.Date(2026, 3, 2, h, m, s, 0, time.UTC) }
	s := filterFixture()
	s.Abandoned = []AbandonedCall{
		{Queue: "c", CallID: "x", Caller: "0201", Time: at(10, 0, 2), Wait: sec(40), WaitKnown: true, Returned: true},
		{Queue: "b", CallID: "z", Caller: "0202", CallerName: "Ann", Time: at(9, 59, 30), Wait: sec(3), WaitKnown: true, Short: true},
		{Queue: "a", CallID: "y", Time: at(9, 58, 0)},
	}
	f := s.Filter([]string{"a", "b"})
	want := []AbandonedCall{s.Abandoned[1], s.Abandoned[2]} // z (b), then y (a): c's x is not his
	if !reflect.DeepEqual(f.Abandoned, want) {
		t.Errorf("abandoned\n got %+v\nwant %+v", f.Abandoned, want)
	}
	// A fresh slice: changing the filtered list leaves the engine's alone.
	f.Abandoned[0].Returned = true
	if s.Abandoned[1].Returned {
		t.Error("the filtered list shares the snapshot's array")
	}
}
