package kpi

import (
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// The board audit found Need/have disagreeing with docs/kpi.md's window:
// "from the start of the minute that began an interval length before
// now's minute, to now". The engine started one minute later, so at
// 13:30:00 it counted 13:01–13:30 (29 min) and missed calls of 13:00.
//
// UTC, 30-minute intervals, 80/20, wrap-up 0. Agents x and y log in to
// sales at 09:00:00 (so the data does not start inside the window).
//
//	c1 enters 09:29:59 (minute 09:29: before the window)
//	c2 enters 09:30:10 (minute 09:30: the window's first minute)
//	c3 enters 09:45:00, answered at once, completed 09:50:00 with 300 s talk
//	c4 enters 09:45:00
//
// Snapshot at 10:00:00: now's minute 10:00, an interval length (30 min)
// before it began 09:30:00, so the window is 09:30:00–10:00:00 = 1800 s.
// Offered in it: c2, c3, c4 = 3 (c1 is out). λ = 3/1800 = 1/600 per s.
// AHT = the one completion in the window = 300 s. A = 300/600 = 0.5 E.
// Erlang C, A = 0.5, AHT 300 s, T = 20 s:
//
//	N = 1: B = 0.5/1.5 = 1/3, C = (1/3)/(1 − 0.5·2/3) = 0.5,
//	       SL = 1 − 0.5·e^(−0.5·20/300) = 1 − 0.5·0.9672 = 51.6 % < 80 %
//	N = 2: B = (0.5/3)/(2 + 0.5/3) = 1/13, C = (2/13)/(2 − 0.5·12/13) = 0.1,
//	       SL = 1 − 0.1·e^(−1.5·20/300) = 1 − 0.0905 = 90.5 % ≥ 80 %
//
// so 2 are needed; x and y are staffed: 2.
func TestBoardAuditStaffingWindow(t *testing.T) {
	s := NewState(utcConfig())
	apply(s,
		ev(at(9, 0, 0), feed.AgentLogin, "sales", "", "x", nil),
		ev(at(9, 0, 0), feed.AgentLogin, "sales", "", "y", nil),
		ev(at(9, 29, 59), feed.CallEnqueued, "sales", "c1", "", nil),
		ev(at(9, 30, 10), feed.CallEnqueued, "sales", "c2", "", nil),
		ev(at(9, 45, 0), feed.CallEnqueued, "sales", "c3", "", nil),
		ev(at(9, 45, 0), feed.CallEnqueued, "sales", "c4", "", nil),
		ev(at(9, 45, 0), feed.CallAnswered, "sales", "c3", "x", waitTalk(0, 0)),
		ev(at(9, 50, 0), feed.CallCompleted, "sales", "c3", "x", waitTalk(0, 300)),
	)
	st := s.Snapshot(at(10, 0, 0)).Queue("sales").Staffing
	if !st.OK || st.Window != 30*time.Minute || st.Offered != 3 || st.AHT != sec(300) || st.AHTDay || !near(st.Load, 0.5) {
		t.Fatalf("staffing inputs %+v; want window 30m, 3 offered, AHT 300s, load 0.5 E", st)
	}
	if st.Needed != 2 || st.Staffed != 2 {
		t.Errorf("staffing %+v; want 2 needed, 2 staffed", st)
	}
}

// The one-hour cap: with 60-minute intervals the window at 11:00:00 is
// 10:00:00–11:00:00, 3600 s, 61 calendar minutes counted by minute
// (10:00 … 11:00). Calls enter at 09:30:00 (out), 10:00:20 (minute 10:00,
// in) and 11:00:00 (minute 11:00, in): 2 offered. Minutes 10:00 and
// 11:00 are an hour apart, so a ring of 60 one-minute slots would give
// both the same slot and lose the first. One completion at 10:30 of
// 240 s: λ = 2/3600, A = 2·240/3600 = 0.1333 E.
func TestBoardAuditStaffingWindowHour(t *testing.T) {
	cfg := utcConfig()
	cfg.Interval = time.Hour
	s := NewState(cfg)
	apply(s,
		ev(at(9, 0, 0), feed.AgentLogin, "sales", "", "x", nil),
		ev(at(9, 30, 0), feed.CallEnqueued, "sales", "c0", "", nil),
		ev(at(10, 0, 20), feed.CallEnqueued, "sales", "c1", "", nil),
		ev(at(10, 0, 20), feed.CallAnswered, "sales", "c1", "x", waitTalk(0, 0)),
		ev(at(10, 30, 0), feed.CallCompleted, "sales", "c1", "x", waitTalk(0, 240)),
		ev(at(11, 0, 0), feed.CallEnqueued, "sales", "c2", "", nil),
	)
	st := s.Snapshot(at(11, 0, 0)).Queue("sales").Staffing
	if !st.OK || st.Window != time.Hour || st.Offered != 2 || st.AHT != sec(240) || !near(st.Load, 2.0*240/3600) {
		t.Errorf("staffing %+v; want window 1h, 2 offered, AHT 240s, load 0.1333 E", st)
	}
}
