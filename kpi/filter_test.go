package kpi

import (
	"reflect"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// filterFixture is a snapshot written by hand: queues a, b, c at 10:00:10.
//
//	a: current offered 4, answered 3, in SL 2, max wait 30 s;
//	   day offered 10, answered 8, in SL 6, abandoned 2, max wait 50 s.
//	b: current offered 2, answered 1, in SL 1, max wait 40 s;
//	   day offered 5, answered 4, in SL 4, abandoned 1 (short), max wait 40 s, incomplete.
//	c: current offered 7; day offered 20.
//	waiting: c1 (c, 09:59:00), b1 (b, 10:00:01), b2 (b, 10:00:03), a1 (a, 10:00:05).
//	agents: ann [a c] available; bob [b] busy on b; cat [c] paused;
//	        dan [a c] busy on a call from c.
//	intervals: 09:30 a, b, c; 10:00 a, c (and the engine's "*" rows).
func filterFixture() *Snapshot {
	t := func(h, m, s int) time.Time { return time.Date(2026, 3, 2, h, m, s, 0, time.UTC) }
	a := QueueView{Name: "a", Rules: DefaultRules(), Display: "Sales", Waiting: 1, OldestSince: t(10, 0, 5),
		Current: Counters{Offered: 4, Answered: 3, AnsweredInSL: 2, MaxWait: sec(30)},
		Day:     Counters{Offered: 10, Answered: 8, AnsweredInSL: 6, Abandoned: 2, MaxWait: sec(50)},
		Agents:  StatusCounts{LoggedIn: 2, Available: 1, Busy: 1}}
	b := QueueView{Name: "b", Rules: DefaultRules(), Hidden: true, Waiting: 2, OldestSince: t(10, 0, 1),
		Current: Counters{Offered: 2, Answered: 1, AnsweredInSL: 1, MaxWait: sec(40)},
		Day:     Counters{Offered: 5, Answered: 4, AnsweredInSL: 4, Abandoned: 1, ShortAbandoned: 1, MaxWait: sec(40), Incomplete: true},
		Agents:  StatusCounts{LoggedIn: 1, Busy: 1}}
	c := QueueView{Name: "c", Rules: DefaultRules(), Waiting: 1, OldestSince: t(9, 59, 0),
		Current: Counters{Offered: 7}, Day: Counters{Offered: 20},
		Agents: StatusCounts{LoggedIn: 3, Available: 1, Busy: 1, Paused: 1}}
	row := func(q string, h, m int, c Counters) IntervalRow {
		return IntervalRow{Queue: q, Start: t(h, m, 0), End: t(h, m+30, 0), Counters: c}
	}
	return &Snapshot{
		Version: 7, Now: t(10, 0, 10), Location: time.UTC, Interval: 30 * time.Minute,
		Queues: []QueueView{a, b, c},
		Total: QueueView{Name: TotalQueue, Rules: DefaultRules(), Waiting: 4, OldestSince: t(9, 59, 0),
			Current: Counters{Offered: 13}, Day: Counters{Offered: 35}, Agents: StatusCounts{LoggedIn: 4}},
		Waiting: []WaitingCall{
			{Queue: "c", CallID: "c1", Since: t(9, 59, 0)},
			{Queue: "b", CallID: "b1", Since: t(10, 0, 1)},
			{Queue: "b", CallID: "b2", Since: t(10, 0, 3)},
			{Queue: "a", CallID: "a1", Since: t(10, 0, 5)},
		},
		Agents: []AgentView{
			{ID: "ann", Status: feed.StatusAvailable, Queues: []string{"a", "c"}},
			{ID: "bob", Status: feed.StatusBusy, Queues: []string{"b"}, CallID: "b0", CallQueue: "b", CallSince: t(9, 58, 0)},
			{ID: "cat", Status: feed.StatusPaused, Queues: []string{"c"}, Reason: "Lunch"},
			{ID: "dan", Status: feed.StatusBusy, Queues: []string{"a", "c"}, CallID: "c0", CallQueue: "c", CallSince: t(9, 57, 0)},
		},
		Intervals: []IntervalRow{
			row(TotalQueue, 9, 30, Counters{Offered: 6}),
			row("a", 9, 30, Counters{Offered: 1, MaxWait: sec(50)}),
			row("b", 9, 30, Counters{Offered: 2, MaxWait: sec(10)}),
			row("c", 9, 30, Counters{Offered: 3}),
			row(TotalQueue, 10, 0, Counters{Offered: 11}),
			row("a", 10, 0, Counters{Offered: 4}),
			row("c", 10, 0, Counters{Offered: 7}),
		},
		Abandoned: []AbandonedCall{{Queue: "c", CallID: "x"}, {Queue: "a", CallID: "y"}},
		Source:    SourceStatus{Name: "test", State: "live"},
	}
}

func TestFilterByHand(t *testing.T) {
	s := filterFixture()
	f := s.Filter([]string{"b", "a", "nosuch"})

	if len(f.Queues) != 2 || f.Queues[0].Name != "a" || f.Queues[1].Name != "b" {
		t.Fatalf("queues %v, want a, b in snapshot order", names(f.Queues))
	}
	if f.Queues[0].Display != "Sales" || !f.Queues[1].Hidden {
		t.Error("queue views must be copied whole (display name, hidden)")
	}
	// Total current = a + b: offered 4+2 = 6, answered 3+1 = 4, in SL 2+1 = 3, max wait max(30, 40) = 40 s.
	wantCur := Counters{Offered: 6, Answered: 4, AnsweredInSL: 3, MaxWait: sec(40)}
	if f.Total.Current != wantCur {
		t.Errorf("total current %+v\nwant %+v", f.Total.Current, wantCur)
	}
	// Day: offered 15, answered 12, in SL 10, abandoned 3, short 1, max 50 s, incomplete (b's).
	wantDay := Counters{Offered: 15, Answered: 12, AnsweredInSL: 10, Abandoned: 3, ShortAbandoned: 1, MaxWait: sec(50), Incomplete: true}
	if f.Total.Day != wantDay {
		t.Errorf("total day %+v\nwant %+v", f.Total.Day, wantDay)
	}
	// Waiting: b1, b2, a1 (c1 gone); oldest b1 at 10:00:01.
	if f.Total.Waiting != 3 || !f.Total.OldestSince.Equal(time.Date(2026, 3, 2, 10, 0, 1, 0, time.UTC)) {
		t.Errorf("total waiting %d since %v, want 3 since 10:00:01", f.Total.Waiting, f.Total.OldestSince)
	}
	var ids []string
	for _, w := range f.Waiting {
		ids = append(ids, w.CallID)
	}
	if !reflect.DeepEqual(ids, []string{"b1", "b2", "a1"}) {
		t.Errorf("waiting %v, want b1 b2 a1", ids)
	}
	// Agents: ann [a], bob [b], dan [a] with c's call hidden; cat (c only) gone.
	if len(f.Agents) != 3 {
		t.Fatalf("agents %+v, want ann, bob, dan", f.Agents)
	}
	ann, bob, dan := f.Agents[0], f.Agents[1], f.Agents[2]
	if ann.ID != "ann" || !reflect.DeepEqual(ann.Queues, []string{"a"}) {
		t.Errorf("ann %+v", ann)
	}
	if bob.ID != "bob" || bob.CallID != "b0" || bob.CallQueue != "b" {
		t.Errorf("bob keeps his call on b: %+v", bob)
	}
	if dan.ID != "dan" || !reflect.DeepEqual(dan.Queues, []string{"a"}) || dan.CallID != "" || dan.CallQueue != "" ||
		dan.Status != feed.StatusBusy || dan.CallSince.IsZero() {
		t.Errorf("dan: busy, queues [a], call on c hidden; got %+v", dan)
	}
	// Centre agents, each once: ann available, bob and dan busy.
	if want := (StatusCounts{LoggedIn: 3, Available: 1, Busy: 2}); f.Total.Agents != want {
		t.Errorf("total agents %+v, want %+v", f.Total.Agents, want)
	}
	// Intervals: 09:30 * (a 1 + b 2 = 3 offered, max 50 s), a, b; 10:00 * (a 4), a.
	type r struct {
		q       string
		hh, mm  int
		offered int
		max     time.Duration
	}
	want := []r{{"*", 9, 30, 3, sec(50)}, {"a", 9, 30, 1, sec(50)}, {"b", 9, 30, 2, sec(10)}, {"*", 10, 0, 4, 0}, {"a", 10, 0, 4, 0}}
	var got []r
	for _, x := range f.Intervals {
		got = append(got, r{x.Queue, x.Start.Hour(), x.Start.Minute(), x.Offered, x.MaxWait})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("intervals\n got %+v\nwant %+v", got, want)
	}
	if len(f.Abandoned) != 1 || f.Abandoned[0].CallID != "y" {
		t.Errorf("abandoned %+v, want only y (queue a)", f.Abandoned)
	}
	if f.Version != 7 || f.Source.Name != "test" || !f.Now.Equal(s.Now) {
		t.Error("clock, version and source must be copied")
	}

	// The original is untouched.
	o := filterFixture()
	if !reflect.DeepEqual(s, o) {
		t.Error("Filter changed the snapshot it was given")
	}
}

func TestFilterNothingVisible(t *testing.T) {
	f := filterFixture().Filter(nil)
	if len(f.Queues)+len(f.Waiting)+len(f.Agents)+len(f.Intervals)+len(f.Abandoned) != 0 {
		t.Errorf("got %+v", f)
	}
	if f.Total.Waiting != 0 || f.Total.Agents != (StatusCounts{}) || f.Total.Day != (Counters{}) {
		t.Errorf("total %+v, want empty", f.Total)
	}
}

// TestFilterAllMatchesEngine: filtering a real engine snapshot to every
// queue gives back the engine's own centre total and rows, so the
// recomputation agrees with the engine's rules (agents once, max wait).
func TestFilterAllMatchesEngine(t *testing.T) {
	s := NewState(utcConfig())
	apply(s,
		ev(at(9, 0, 0), feed.AgentLogin, "sales", "", "ann", nil),
		ev(at(9, 0, 0), feed.AgentLogin, "support", "", "ann", nil),
		ev(at(9, 0, 0), feed.AgentLogin, "support", "", "bob", nil),
		ev(at(9, 0, 0), feed.CallEnqueued, "sales", "s1", "", nil),
		ev(at(9, 0, 12), feed.CallAnswered, "sales", "s1", "ann", wait(12)),
		ev(at(9, 1, 0), feed.CallEnqueued, "support", "p1", "", nil),
		ev(at(9, 1, 30), feed.CallAbandoned, "support", "p1", "", wait(30)),
		ev(at(9, 40, 0), feed.CallEnqueued, "support", "p2", "", nil),
		ev(at(9, 40, 0), feed.CallEnqueued, "sales", "s2", "", nil),
	)
	snap := s.Snapshot(at(9, 45, 0))
	f := snap.Filter([]string{"sales", "support"})
	if !reflect.DeepEqual(f.Total, snap.Total) {
		t.Errorf("total\n got %+v\nwant %+v", f.Total, snap.Total)
	}
	if !reflect.DeepEqual(f.Intervals, snap.Intervals) {
		t.Errorf("intervals\n got %+v\nwant %+v", f.Intervals, snap.Intervals)
	}
	if !reflect.DeepEqual(f.Agents, snap.Agents) || !reflect.DeepEqual(f.Waiting, snap.Waiting) {
		t.Error("agents or waiting differ")
	}
	// ann is in both queues and counts once: 2 agents logged in, not 3.
	if f.Total.Agents.LoggedIn != 2 {
		t.Errorf("centre agents %d, want 2", f.Total.Agents.LoggedIn)
	}
}

func names(qs []QueueView) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Name)
	}
	return out
}

// BenchmarkFilter: one viewer's snapshot from the hand-worked fixture.
func BenchmarkFilter(b *testing.B) {
	s := filterFixture()
	qs := []string{"a", "b"}
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Filter(qs)
	}
}
