package kpi

import (
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

func caller(n string) func(*feed.Event) { return func(e *feed.Event) { e.Caller = n } }

func scores(csat, nps, resolved int8) func(*feed.Event) {
	return func(e *feed.Event) { e.CSAT, e.NPS, e.Resolved = csat, nps, resolved }
}

const no = feed.NoScore

// rowOf finds the row of queue q starting at start.
func rowOf(t *testing.T, rows []IntervalRow, q string, start time.Time) Counters {
	t.Helper()
	for _, r := range rows {
		if r.Queue == q && r.Start.Equal(start) {
			return r.Counters
		}
	}
	t.Fatalf("no row %s %v in %d rows", q, start, len(rows))
	return Counters{}
}

// Repeat calls over two days (W = 24 h, UTC, 30-minute intervals):
//
//	day 1 08:00 c1 +441 → sales       known, first sight: not a repeat
//	      08:10 c2 "anonymous" → sales excluded (no digit)
//	      08:20 c3 "" → sales          excluded (empty)
//	      09:00 c4 +441 → support      repeat (+441 entered 1 h before)
//	      09:01 c4 +441 → sales        the same call overflowing: known, not a repeat
//	      09:05 c5 +442 → sales        known, first sight
//	      09:20 c8 +443 → support      known, first sight
//	day 2 08:30 c6 +442 → sales        repeat (23 h 25 min after 09:05)
//	      09:02 c7 +441 → sales        24 h 01 min after 09:01: not a repeat
//
// sales 08:00: known 1, repeats 0. sales 09:00: known 2 (c4, c5), 0.
// support 09:00: known 2 (c4, c8), repeats 1 → repeat rate 1/2, FCR proxy 50 %.
// day 2 sales 08:30: known 1, repeats 1; 09:00: known 1, repeats 0.
func TestRepeatCalls(t *testing.T) {
	s := NewState(utcConfig())
	d2 := func(hh, mm int) time.Time { return at(hh, mm, 0).Add(24 * time.Hour) }
	apply(s,
		ev(at(8, 0, 0), feed.CallEnqueued, "sales", "c1", "", caller("+441")),
		ev(at(8, 10, 0), feed.CallEnqueued, "sales", "c2", "", caller("anonymous")),
		ev(at(8, 20, 0), feed.CallEnqueued, "sales", "c3", "", caller("")),
		ev(at(9, 0, 0), feed.CallEnqueued, "support", "c4", "", caller("+441")),
		ev(at(9, 1, 0), feed.CallEnqueued, "sales", "c4", "", caller("+441")),
		ev(at(9, 5, 0), feed.CallEnqueued, "sales", "c5", "", caller("+442")),
		ev(at(9, 20, 0), feed.CallEnqueued, "support", "c8", "", caller("+443")),
		ev(d2(8, 30), feed.CallEnqueued, "sales", "c6", "", caller("+442")),
		ev(d2(9, 2), feed.CallEnqueued, "sales", "c7", "", caller("+441")),
	)
	rows := s.Rows()
	for _, c := range []struct {
		q              string
		start          time.Time
		known, repeats int
	}{
		{"sales", at(8, 0, 0), 1, 0},
		{"sales", at(9, 0, 0), 2, 0},
		{"support", at(9, 0, 0), 2, 1},
		{"sales", d2(8, 30), 1, 1},
		{"sales", d2(9, 0), 1, 0},
	} {
		got := rowOf(t, rows, c.q, c.start)
		if got.KnownCallers != c.known || got.Repeats != c.repeats {
			t.Errorf("%s %s: known %d repeats %d, want %d %d", c.q, c.start.Format("01-02 15:04"),
				got.KnownCallers, got.Repeats, c.known, c.repeats)
		}
	}
	sup := rowOf(t, rows, "support", at(9, 0, 0))
	if v, src := sup.FCR(); src != FCRRepeats || !near(v, 0.5) {
		t.Errorf("support FCR = %v from %v, want 0.5 from the repeat proxy", v, src)
	}
	// Memory is bounded by W: after day 2 09:02 the pruning (every W/24 = 1 h
	// of entries) has dropped every number last seen more than 24 h before.
	// +443 was last seen day 1 09:20, 23 h 42 min before day 2 09:02: kept.
	// A later entry on day 2 at 10:30 prunes it (25 h 10 min).
	apply(s, ev(d2(10, 30), feed.CallEnqueued, "sales", "c9", "", caller("+449")))
	if _, ok := s.q.callers.lookup("+443"); ok || s.q.callers.len() != 3 {
		t.Errorf("callers after pruning: %d numbers, +443 kept %v; want +441, +442, +449", s.q.callers.len(), ok)
	}
}

// Surveys in sales, 09:00–09:30 (scores csat, nps, resolved; - = absent):
//
//	s1 5, 10, yes    s2 4, 7, -    s3 2, 3, no    s4 -, 9, -
//	s5 -, -, -  (no answer: not a response)
//	s6 in no queue: not attributable, not counted
//
// responses 4. CSAT answers 3 (5, 4, 2), satisfied (4–5) 2 → 2/3 = 66.7 %.
// NPS answers 4 (10, 7, 3, 9): promoters 10, 9 → 2; detractors 3 → 1;
// NPS = (2 − 1) / 4 × 100 = +25. Resolved answers 2, yes 1 → FCR 50 %
// from the survey (the repeat proxy is not used when surveys answer).
func TestSurveys(t *testing.T) {
	s := NewState(utcConfig())
	apply(s,
		ev(at(9, 10, 0), feed.Survey, "sales", "s1", "", scores(5, 10, 1)),
		ev(at(9, 12, 0), feed.Survey, "sales", "s2", "", scores(4, 7, no)),
		ev(at(9, 14, 0), feed.Survey, "sales", "s3", "", scores(2, 3, 0)),
		ev(at(9, 16, 0), feed.Survey, "sales", "s4", "", scores(no, 9, no)),
		ev(at(9, 18, 0), feed.Survey, "sales", "s5", "", scores(no, no, no)),
		ev(at(9, 19, 0), feed.Survey, "", "s6", "", scores(5, 10, 1)),
	)
	rows := s.Rows()
	if len(rows) != 2 {
		t.Fatalf("want a centre and a sales row (a survey-only interval still shows), got %+v", rows)
	}
	c := rowOf(t, rows, "sales", at(9, 0, 0))
	if c.SurveyResponses != 4 || c.CSATResponses != 3 || c.CSATSatisfied != 2 || c.NPSResponses != 4 ||
		c.NPSPromoters != 2 || c.NPSDetractors != 1 || c.ResolvedResponses != 2 || c.Resolved != 1 {
		t.Fatalf("survey counters %+v", c.Quality)
	}
	if v, ok := c.CSAT(); !ok || !near(v, 2.0/3) {
		t.Errorf("CSAT = %v, %v; want 2/3", v, ok)
	}
	if v, ok := c.NPS(); !ok || !near(v, 25) {
		t.Errorf("NPS = %v, %v; want +25", v, ok)
	}
	if v, src := c.FCR(); src != FCRSurvey || !near(v, 0.5) {
		t.Errorf("FCR = %v from %v, want 0.5 from the survey", v, src)
	}
	// Two intervals merge exactly: the counters add.
	var sum Counters
	sum.Add(&c)
	sum.Add(&c)
	if sum.SurveyResponses != 8 || sum.NPSPromoters != 4 {
		t.Errorf("Add: %+v", sum.Quality)
	}
	var empty Quality
	if _, ok := empty.NPS(); ok {
		t.Error("NPS with no answers must be undefined")
	}
	if _, src := empty.FCR(); src != FCRNone {
		t.Error("FCR with nothing must be undefined")
	}
}

// Occupancy per queue across an interval boundary that is also the DST
// change: Europe/London, Sunday 2026-03-29, clocks go 01:00 GMT → 02:00 BST.
// Half-hours: A = 00:30–01:00 GMT, B = 02:00–02:30 BST (it starts the
// instant A ends), C = 02:30–03:00 BST. sales has 60 s of wrap-up.
//
//	00:40 GMT ann joins sales and support                → available
//	00:50 GMT ann answers x1 in sales                     available 10 min: 5 sales, 5 support (A)
//	02:10 BST ann completes x1 (20 min of real time)      busy 10 min in A, 10 min in B, sales
//	02:11 BST wrap-up ends                                 wrap 1 min in B, sales
//	02:20 BST ann pauses everywhere                        available 9 min in B: 4.5 sales, 4.5 support
//	02:40 BST ann unpauses                                 paused 20 min: in no queue
//	02:45 BST snapshot                                     available 5 min running in C: 2.5 each
//
// sales: A busy 10, avail 5 → 10/15 = 66.7 %; B busy 10, wrap 1, avail 4.5
// → 11/15.5 = 71.0 %. Day: busy 20, wrap 1, avail 5 + 4.5 + 2.5 = 12 →
// 21/33 = 63.6 %. support day: avail 12, occupancy 0 %. Centre day: busy
// 20, wrap 1, avail 24 → 21/45 = 46.7 %, which is ann's own occupancy today.
func TestQueueOccupancyAcrossDST(t *testing.T) {
	loc := london(t)
	cfg := utcConfig()
	cfg.Location = loc
	cfg.Queues = map[string]QueueRules{"sales": {SLThreshold: sec(20), Profile: ProfileOutcome, SLTarget: 0.8, Wrapup: sec(60)}}
	s := NewState(cfg)
	gmt := func(hh, mm int) time.Time { return time.Date(2026, 3, 29, hh, mm, 0, 0, time.UTC) } // GMT = UTC before 01:00
	bst := func(hh, mm int) time.Time { return time.Date(2026, 3, 29, hh, mm, 0, 0, loc) }
	if !bst(2, 0).Equal(gmt(1, 0)) {
		t.Fatalf("02:00 BST should be 01:00 UTC")
	}
	apply(s,
		ev(gmt(0, 40), feed.AgentLogin, "sales", "", "ann", nil),
		ev(gmt(0, 40), feed.AgentLogin, "support", "", "ann", nil),
		ev(gmt(0, 50), feed.CallEnqueued, "sales", "x1", "", nil),
		ev(gmt(0, 50), feed.CallAnswered, "sales", "x1", "ann", wait(0)),
		ev(bst(2, 10), feed.CallCompleted, "sales", "x1", "ann", waitTalk(0, 1200)),
		ev(bst(2, 20), feed.AgentPaused, "", "", "ann", nil),
		ev(bst(2, 40), feed.AgentUnpaused, "", "", "ann", nil),
	)
	min := func(m float64) time.Duration { return time.Duration(m * float64(time.Minute)) }
	row := func(q string, start time.Time) AgentTime { return s.rows[bucketKey{q, start.Unix()}].c.AgentTime }
	for _, c := range []struct {
		q     string
		start time.Time
		want  AgentTime
	}{
		{"sales", gmt(0, 30), AgentTime{AgentBusy: min(10), AgentAvailable: min(5)}},
		{"support", gmt(0, 30), AgentTime{AgentAvailable: min(5)}},
		{"sales", bst(2, 0), AgentTime{AgentBusy: min(10), AgentWrapup: min(1), AgentAvailable: min(4.5)}},
		{"support", bst(2, 0), AgentTime{AgentAvailable: min(4.5)}},
	} {
		if got := row(c.q, c.start); got != c.want {
			t.Errorf("%s %s: %+v, want %+v", c.q, c.start.Format("15:04 MST"), got, c.want)
		}
	}
	if b := row("sales", bst(2, 0)); !near(occ(b), 11/15.5) {
		t.Errorf("sales B occupancy %v, want 11/15.5", occ(b))
	}

	snap := s.Snapshot(bst(2, 45))
	sales, support := snap.Queue("sales"), snap.Queue("support")
	if want := (AgentTime{AgentBusy: min(20), AgentWrapup: min(1), AgentAvailable: min(12)}); sales.Day.AgentTime != want {
		t.Errorf("sales day %+v, want %+v", sales.Day.AgentTime, want)
	}
	if v, _ := sales.Day.Occupancy(); !near(v, 21.0/33) {
		t.Errorf("sales day occupancy %v, want 21/33", v)
	}
	if want := (AgentTime{AgentAvailable: min(2.5)}); sales.Current.AgentTime != want {
		t.Errorf("sales now %+v, want %+v (the running 5 min split in two)", sales.Current.AgentTime, want)
	}
	if v, ok := support.Day.Occupancy(); !ok || v != 0 || support.Day.AgentAvailable != min(12) {
		t.Errorf("support day %+v", support.Day.AgentTime)
	}
	if v, _ := snap.Total.Day.Occupancy(); !near(v, 21.0/45) {
		t.Errorf("centre day occupancy %v, want 21/45", v)
	}
	if len(snap.Agents) != 1 || snap.Agents[0].Today != snap.Total.Day.AgentTime {
		t.Errorf("ann today %+v, want the centre's %+v", snap.Agents, snap.Total.Day.AgentTime)
	}
	// The same split, closed by CloseAt, agrees with the per-agent rows.
	s.CloseAt(bst(2, 45))
	var busy, wrap, avail time.Duration
	for _, r := range s.AgentRows() {
		busy, wrap, avail = busy+r.Busy, wrap+r.Wrapup, avail+r.Available
	}
	if busy != min(20) || wrap != min(1) || avail != min(24) {
		t.Errorf("agent rows busy %v wrap %v avail %v", busy, wrap, avail)
	}
}

// Staffing in a snapshot (UTC, 30-minute intervals, 80/20). The data starts
// at 10:00; at 10:20 the window is cut at the first event: 20 min = 1200 s.
// 40 calls entered (one every 30 s) → λ = 40/1200 = 1/30 per s. Eight
// completions of 240 s talk → AHT 240 s, A = 240/30 = 8 Erlangs.
// Erlang C for A = 8, T = 20 s (computed apart with the factorial form):
// N = 10 → SL 65.4 %, N = 11 → 80.9 %: 11 agents needed. Staffed: x and y
// (z is paused) = 2 ≤ A, so the staffed SL is 0 and the queue is 9 short.
func TestStaffingSnapshot(t *testing.T) {
	s := NewState(utcConfig())
	var evs []feed.Event
	for _, a := range []string{"x", "y", "z"} {
		evs = append(evs, ev(at(10, 0, 0), feed.AgentLogin, "sales", "", a, nil))
	}
	evs = append(evs, ev(at(10, 0, 0), feed.AgentPaused, "sales", "", "z", nil))
	for i := 0; i < 40; i++ {
		evs = append(evs, ev(at(10, 0, 0).Add(time.Duration(i)*30*time.Second), feed.CallEnqueued, "sales", "c"+string(rune('A'+i)), "", nil))
	}
	for i := 0; i < 8; i++ {
		evs = append(evs, ev(at(10, 19, 0), feed.CallCompleted, "sales", "c"+string(rune('A'+i)), "", waitTalk(0, 240)))
	}
	apply(s, evs...)
	snap := s.Snapshot(at(10, 20, 0))
	// One queue: the centre's pooled load is the queue's (8 E, AHT 240 s, 11 needed).
	if c := snap.Total.Staffing; !c.OK || !near(c.Load, 8) || c.AHT != sec(240) || c.Needed != 11 || c.Staffed != 2 {
		t.Errorf("centre staffing %+v", c)
	}
	st := snap.Queue("sales").Staffing
	if !st.OK || st.Window != 20*time.Minute || st.Offered != 40 || st.AHT != sec(240) || st.AHTDay || !near(st.Load, 8) {
		t.Fatalf("staffing inputs %+v", st)
	}
	if st.Needed != 11 || st.Staffed != 2 || !st.SLOK || st.SL != 0 || st.Short() != 9 {
		t.Errorf("staffing %+v, want 11 needed, 2 staffed, SL 0, 9 short", st)
	}
	// 45 minutes later nothing happened: no call in the window (10:35–11:05),
	// so nobody is needed, and the AHT falls back to the day's (240 s).
	later := s.Snapshot(at(11, 5, 0))
	st = later.Queue("sales").Staffing
	if !st.OK || st.Offered != 0 || st.Needed != 0 || !st.AHTDay || st.AHT != sec(240) || st.SL != 1 {
		t.Errorf("quiet staffing %+v", st)
	}
	if later.Total.Staffing.Needed != 0 || later.Total.Staffing.Staffed != 2 {
		t.Errorf("centre staffing %+v", later.Total.Staffing)
	}
}

// The call-back list: today's abandoned callers, newest first, with the
// caller's number from the entry line and whether they called again.
//
//	day 0 23:50 a0 +440 abandons after 30 s                 (yesterday: not listed)
//	day 1 09:00 a1 +441 enters, 09:00:40 abandons (w 40)
//	      09:01 a2 +442 enters, 09:01:03 abandons (w 3: short)
//	      09:05 a3 +441 enters again                        → a1 returned
//	      09:06 a4 (no entry seen) abandons, wait unknown
func TestAbandonedList(t *testing.T) {
	s := NewState(utcConfig())
	apply(s,
		ev(at(0, 0, 0).Add(-10*time.Minute), feed.CallEnqueued, "sales", "a0", "", caller("+440")),
		ev(at(0, 0, 0).Add(-9*time.Minute-30*time.Second), feed.CallAbandoned, "sales", "a0", "", wait(30)),
		ev(at(9, 0, 0), feed.CallEnqueued, "sales", "a1", "", caller("+441")),
		ev(at(9, 0, 40), feed.CallAbandoned, "sales", "a1", "", wait(40)),
		ev(at(9, 1, 0), feed.CallEnqueued, "support", "a2", "", caller("+442")),
		ev(at(9, 1, 3), feed.CallAbandoned, "support", "a2", "", nil),
		ev(at(9, 5, 0), feed.CallEnqueued, "sales", "a3", "", caller("+441")),
		ev(at(9, 6, 0), feed.CallAbandoned, "sales", "a4", "", nil),
	)
	got := s.Snapshot(at(9, 10, 0)).Abandoned
	want := []AbandonedCall{
		{Queue: "sales", CallID: "a4", Time: at(9, 6, 0)},
		{Queue: "support", CallID: "a2", Caller: "+442", Time: at(9, 1, 3), Wait: sec(3), WaitKnown: true, Short: true},
		{Queue: "sales", CallID: "a1", Caller: "+441", Time: at(9, 0, 40), Wait: sec(40), WaitKnown: true, Returned: true},
	}
	if len(got) != len(want) {
		t.Fatalf("abandoned %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("abandoned[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	// Bounded: keep 2 → the two newest of the four remain, oldest first.
	s.SetAbandonedLimit(2)
	apply(s, ev(at(9, 7, 0), feed.CallAbandoned, "sales", "a5", "", nil))
	all := s.AbandonedCalls()
	if len(all) != 2 || all[0].CallID != "a4" || all[1].CallID != "a5" {
		t.Errorf("after limit 2: %+v", all)
	}
}

func occ(t AgentTime) float64 {
	v, _ := t.Occupancy()
	return v
}
