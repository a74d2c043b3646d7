package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/muesli/termenv"
)

// addStaffingQuality gives fixture() its staffing, occupancy, survey and
// call-back figures (worked by hand; Erlang C needs computed apart with
// the factorial form):
//
//	sales:   20 offered in 30 min at AHT 220 s → A = 2.44 E → 5 needed for
//	         80/20; staffed 5 logged in − 1 paused = 4 → 5/4, short: red.
//	         Occupancy (6000 + 600) / (6000 + 600 + 2200) = 75 %.
//	         CSAT 18 of 20 → 90 %; NPS (12 − 3) / 20 = +45; resolved 16/20 = 80 %.
//	support: 4 offered at AHT 300 s → A = 0.67 E → 3 needed for 90/30;
//	         staffed 4 − 1 = 3 → 3/3. Occupancy 14400 / (14400 + 3600) = 80 %.
//	         No surveys: FCR proxy = 1 − 6/50 repeats = 88 %.
//	vip:     2 offered at AHT 200 s → A = 0.22 E → 2 needed for 95/10; staffed 2.
//	         Occupancy 1800 / 3600 = 50 %.
//	billing: no estimate ("—"); occupancy 0 / 3600 = 0 %.
//	centre:  pooled load 2.44 + 0.67 + 0.22 = 3.33 E over 26 calls/30 min,
//	         AHT 3.33 / (26/1800) = 230.8 s → 6 needed for 80/20 (computed
//	         apart); staffed 12 − 2 = 10 → 6/10.
//	         Occupancy (22200 + 600) / (22200 + 600 + 11200) = 67.06 % → 67 %.
//	         CSAT(20) 90 %, NPS(20) +45, FCR(20) 80 % (the survey answers win
//	         over support's proxy once summed).
func addStaffingQuality(s *kpi.Snapshot) {
	sec := func(n int) time.Duration { return time.Duration(n) * time.Second }
	set := func(q *kpi.QueueView, st kpi.Staffing, at kpi.AgentTime, ql kpi.Quality) {
		q.Staffing, q.Day.AgentTime, q.Day.Quality = st, at, ql
	}
	win := 30 * time.Minute
	set(&s.Queues[0], kpi.Staffing{Staffed: 3}, kpi.AgentTime{AgentAvailable: sec(3600)}, kpi.Quality{})
	set(&s.Queues[1], kpi.Staffing{OK: true, Window: win, Offered: 20, AHT: sec(220), Load: 20.0 / 1800 * 220, Needed: 5, Staffed: 4},
		kpi.AgentTime{AgentBusy: sec(6000), AgentWrapup: sec(600), AgentAvailable: sec(2200)},
		kpi.Quality{SurveyResponses: 20, CSATResponses: 20, CSATSatisfied: 18, NPSResponses: 20, NPSPromoters: 12, NPSDetractors: 3,
			ResolvedResponses: 20, Resolved: 16})
	set(&s.Queues[2], kpi.Staffing{OK: true, Window: win, Offered: 4, AHT: sec(300), Load: 4.0 / 1800 * 300, Needed: 3, Staffed: 3},
		kpi.AgentTime{AgentBusy: sec(14400), AgentAvailable: sec(3600)}, kpi.Quality{KnownCallers: 50, Repeats: 6})
	set(&s.Queues[3], kpi.Staffing{OK: true, Window: win, Offered: 2, AHT: sec(200), Load: 2.0 / 1800 * 200, Needed: 2, Staffed: 2},
		kpi.AgentTime{AgentBusy: sec(1800), AgentAvailable: sec(1800)}, kpi.Quality{})
	s.Total.Day.AgentTime, s.Total.Day.Quality = kpi.AgentTime{}, kpi.Quality{}
	s.Total.Staffing = kpi.Staffing{OK: true, Window: win, Offered: 26, Load: 3.333, AHT: 230769 * time.Millisecond, Needed: 6, Staffed: 10}
	for i := range s.Queues {
		q := &s.Queues[i]
		s.Total.Day.AgentTime.AgentBusy += q.Day.AgentBusy
		s.Total.Day.AgentTime.AgentWrapup += q.Day.AgentWrapup
		s.Total.Day.AgentTime.AgentAvailable += q.Day.AgentAvailable
		s.Total.Day.Quality.KnownCallers += q.Day.KnownCallers
		s.Total.Day.Quality.Repeats += q.Day.Repeats
		for _, p := range [][2]*int{
			{&s.Total.Day.SurveyResponses, &q.Day.SurveyResponses}, {&s.Total.Day.CSATResponses, &q.Day.CSATResponses},
			{&s.Total.Day.CSATSatisfied, &q.Day.CSATSatisfied}, {&s.Total.Day.NPSResponses, &q.Day.NPSResponses},
			{&s.Total.Day.NPSPromoters, &q.Day.NPSPromoters}, {&s.Total.Day.NPSDetractors, &q.Day.NPSDetractors},
			{&s.Total.Day.ResolvedResponses, &q.Day.ResolvedResponses}, {&s.Total.Day.Resolved, &q.Day.Resolved},
		} {
			*p[0] += *p[1]
		}
	}
	// Today's figures per agent: Alice answered 14, busy 3 h of 4 h → 75 %.
	s.Agents[0].AnsweredToday = 14
	s.Agents[0].Today = kpi.AgentTime{AgentBusy: 3 * time.Hour, AgentAvailable: time.Hour}
	// The call-back list, newest first.
	s.Abandoned = []kpi.AbandonedCall{
		{Queue: "sales", CallID: "x2", Caller: "+4940999888", Time: ago(4 * time.Minute), Wait: sec(75), WaitKnown: true},
		{Queue: "support", CallID: "x1", Caller: "+4930555111", CallerName: "Jane Roe", Time: ago(20 * time.Minute), Wait: sec(3), WaitKnown: true, Short: true, Returned: true},
	}
}

// TestStaffingAndQualityTiles reads the new figures off the overview
// (plain text, 200×60: every figure shown).
func TestStaffingAndQualityTiles(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 200, 60)
	v := m.View()
	for _, want := range []string{
		"Need/have    5/4 !",  // sales short: red with "!"
		"Need/have    3/3 ✓",  // support
		"Need/have    6/10 ✓", // centre (the big tile's wider value column)
		"Need/have      —",    // billing: nothing to estimate
		"Occupancy    75%", "Occupancy    80%", "Occupancy    50%", "Occupancy     0%", "Occupancy     67%",
		"CSAT(20)     90%", "NPS(20)      +45", "FCR(20)      80%",
		"FCR proxy    88%", // support: 1 − 6/50
		"CSAT(0)        —", // vip: no survey
		"sales ! ALARM STAFF",
		"support ! ALARM SL WAIT",
		// centre: SL now 69 % < 70 %, longest 1:40 ≥ 3·20 s, Luca Ferri paused 1000 s > 900 s.
		"CENTRE ! ALARM SL WAIT PAUSE",
	} {
		if !hasFig(v, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(v)
	}
}

// TestAlertHysteresisOnTheBoard: support's SL now is 6/10 = 60 % (answered
// profile, target 90 % → red line 80 %). Raised to 81 % it is out of red
// but within the 2-point margin: the tile stays red with its word. At
// 83 % it is clear, and after 10 s clear the alarm goes.
func TestAlertHysteresisOnTheBoard(t *testing.T) {
	now := fxNow
	var bell bytes.Buffer
	m := newTestModel("mono", termenv.Ascii, func(o *Options) {
		o.Clock = func() time.Time { return now }
		o.Wall, o.Bell = true, &bell
	})
	snap := fixture()
	snap.Waiting, snap.Queues[2].Waiting = nil, 0 // no wait alert: SL only
	show(m, snap, 200, 60)
	if v := m.View(); !strings.Contains(v, "support ! ALARM SL ") || !hasFig(v, "SL 30s now   60% !") {
		t.Fatalf("60%% should be red:\n%s", v)
	}
	// Four alerts raised at once (centre SL, centre pause, sales staffing,
	// support SL) ring the bell once.
	if bell.String() != "\a" {
		t.Errorf("bell %q, want one BEL", bell.String())
	}
	inSL := func(n int) *kpi.Snapshot {
		s := fixture()
		s.Waiting, s.Queues[2].Waiting = nil, 0
		s.Queues[2].Current.AnsweredInSL, s.Queues[2].Current.Answered = n, 100
		return s
	}
	now = now.Add(time.Second)
	show(m, inSL(81), 200, 60)
	if v := m.View(); !strings.Contains(v, "support ! ALARM SL ") || !hasFig(v, "SL 30s now   81% !") {
		t.Errorf("81%% is within the margin: should stay red:\n%s", v)
	}
	now = now.Add(time.Second)
	show(m, inSL(83), 200, 60)
	if v := m.View(); !hasFig(v, "SL 30s now   83% !") {
		t.Errorf("83%% clear for 0 s: still red")
	}
	now = now.Add(10 * time.Second)
	show(m, inSL(83), 200, 60)
	if v := m.View(); strings.Contains(v, "support ! ALARM") || !hasFig(v, "SL 30s now   83% ▼") {
		t.Errorf("after 10 s clear the alarm should end (83%% is amber):\n%s", v)
	}
	if bell.String() != "\a" {
		t.Errorf("no new alert, no new bell: %q", bell.String())
	}
}
