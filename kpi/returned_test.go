package kpi

import (
	"reflect"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// Whether an abandoned caller "called again" must depend on that
// caller's own later calls, not on how long the input goes on after them
// (a report --abandoned over a month of a realtime queue_log table lost
// the flag: it was read from the repeat-call memory, which forgets a
// number 24 h after its last call).
//
//	day 1 09:00    a1 +441 enters, 09:00:40 abandons (w 40)
//	day 1 09:05    a2 +441 enters again, answered at once  → a1 called again
//	day 4 09:00    b1 +449 enters (another caller, 3 days later)
//
// a1.Returned must be true whether the input stops on day 1 or runs on to
// day 4.
func TestReturnedSurvivesRepeatWindow(t *testing.T) {
	day4 := at(9, 0, 0).Add(72 * time.Hour)
	for _, tc := range []struct {
		name string
		more []feed.Event
	}{
		{"input ends on day 1", nil},
		{"input runs to day 4", []feed.Event{ev(day4, feed.CallEnqueued, "sales", "b1", "", caller("+449"))}},
	} {
		s := NewState(utcConfig())
		s.SetAbandonedLimit(0)
		apply(s,
			ev(at(9, 0, 0), feed.CallEnqueued, "sales", "a1", "", caller("+441")),
			ev(at(9, 0, 40), feed.CallAbandoned, "sales", "a1", "", wait(40)),
			ev(at(9, 5, 0), feed.CallEnqueued, "sales", "a2", "", caller("+441")),
			ev(at(9, 5, 0), feed.CallAnswered, "sales", "a2", "ann", wait(0)),
		)
		apply(s, tc.more...)
		got := s.AbandonedCalls()
		if len(got) != 1 || got[0].CallID != "a1" || !got[0].Returned {
			t.Errorf("%s: abandoned %+v; want a1 with Returned (+441 called again at 09:05)", tc.name, got)
		}
	}
}

// The numbers watched for a return are those of the calls the list holds:
// a call the ring drops stops its number's watch (memory follows the
// ring), and a number with another call still listed keeps it.
func TestReturnWatchFollowsTheRing(t *testing.T) {
	s := NewState(utcConfig())
	s.SetAbandonedLimit(2)
	apply(s,
		ev(at(9, 0, 0), feed.CallEnqueued, "sales", "a", "", caller("+441")),
		ev(at(9, 0, 10), feed.CallAbandoned, "sales", "a", "", wait(10)),
		ev(at(9, 1, 0), feed.CallEnqueued, "sales", "b", "", caller("+442")),
		ev(at(9, 1, 10), feed.CallAbandoned, "sales", "b", "", wait(10)),
		ev(at(9, 2, 0), feed.CallEnqueued, "sales", "c", "", caller("+442")),
		ev(at(9, 2, 10), feed.CallAbandoned, "sales", "c", "", wait(10)),
	)
	// The ring of 2 holds b and c (both +442); a (+441) was dropped.
	if _, ok := s.q.returns["+441"]; ok || len(s.q.returns) != 1 || s.q.returns["+442"].calls != 2 {
		t.Fatalf("watches %v: want only +442, for 2 calls", s.q.returns)
	}
	// +442 enters again at 09:03: b and c both called again.
	apply(s, ev(at(9, 3, 0), feed.CallEnqueued, "sales", "d", "", caller("+442")))
	for _, c := range s.AbandonedCalls() {
		if !c.Returned {
			t.Errorf("%s: not marked as called again", c.CallID)
		}
	}
	// A smaller limit keeps c only: +442 is still watched, for one call,
	// and still returned.
	s.SetAbandonedLimit(1)
	if w := s.q.returns["+442"]; len(s.q.returns) != 1 || w == nil || w.calls != 1 {
		t.Fatalf("after the limit of 1: watches %v", s.q.returns)
	}
	if got := s.AbandonedCalls(); len(got) != 1 || got[0].CallID != "c" || !got[0].Returned {
		t.Errorf("after the limit of 1: %+v", got)
	}
}

// AgentRows hands out copies: a row kept by the caller does not change as
// events go on (its paused-by-reason map was the state's own).
func TestAgentRowsAreCopies(t *testing.T) {
	s := NewState(utcConfig())
	apply(s,
		ev(at(9, 0, 0), feed.AgentLogin, "sales", "", "ann", nil),
		ev(at(9, 0, 0), feed.AgentPaused, "sales", "", "ann", func(e *feed.Event) { e.Reason = "Lunch" }),
	)
	s.CloseAt(at(9, 10, 0))
	rows := s.AgentRows()
	if len(rows) != 1 || rows[0].PausedBy["Lunch"] != 10*time.Minute {
		t.Fatalf("rows %+v: want ann with 10m Lunch", rows)
	}
	s.CloseAt(at(9, 20, 0)) // ten more minutes of Lunch in the state
	if got := rows[0].PausedBy["Lunch"]; got != 10*time.Minute {
		t.Errorf("a row already handed out changed: Lunch %v, want 10m", got)
	}
}

// NoAbandonedList keeps no call-back list (a queue report never prints
// one) and changes no counter.
func TestNoAbandonedList(t *testing.T) {
	events := []feed.Event{
		ev(at(9, 0, 0), feed.CallEnqueued, "sales", "a", "", caller("+441")),
		ev(at(9, 0, 3), feed.CallAbandoned, "sales", "a", "", wait(3)),
		ev(at(9, 1, 0), feed.CallEnqueued, "sales", "b", "", caller("+441")),
	}
	cfg := utcConfig()
	cfg.NoAbandonedList = true
	with, without := NewState(utcConfig()), NewState(cfg)
	apply(with, events...)
	apply(without, events...)
	if n := len(with.AbandonedCalls()); n != 1 {
		t.Fatalf("the list has %d calls, want 1", n)
	}
	if got := without.AbandonedCalls(); len(got) != 0 || len(without.q.returns) != 0 {
		t.Errorf("NoAbandonedList kept %+v, watching %v", got, without.q.returns)
	}
	// The rows (two offered, one short abandon, one repeat) are the same.
	if a, b := with.Rows(), without.Rows(); !reflect.DeepEqual(a, b) {
		t.Errorf("rows differ:\nwith    %+v\nwithout %+v", a, b)
	}
}
