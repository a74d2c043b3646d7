package kpi

import (
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

func liveConfig() Config {
	cfg := DefaultConfig()
	cfg.Location = time.UTC
	cfg.KeepDays = 0
	return cfg
}

func hm(s string) time.Time {
	t, err := time.Parse("15:04", s)
	if err != nil {
		panic(err)
	}
	return time.Date(2026, 11, 23, t.Hour(), t.Minute(), 0, 0, time.UTC)
}

func liveEvent(k feed.Kind, clock, queue, call, agent string) *feed.Event {
	var ev feed.Event
	ev.Reset()
	ev.Kind, ev.Time, ev.Queue, ev.CallID, ev.Agent = k, hm(clock), queue, call, agent
	return &ev
}

// A gap from 09:20 to 10:10 overlaps the half-hours 09:00, 09:30 and
// 10:00: all three are marked for sales, even the two without calls, and
// the centre rows inherit the mark; 10:30 is untouched.
func TestMarkIncomplete(t *testing.T) {
	s := NewState(liveConfig())
	s.Apply(liveEvent(feed.CallEnqueued, "09:05", "sales", "c1", ""))
	s.Apply(liveEvent(feed.CallEnqueued, "10:40", "sales", "c2", ""))
	s.MarkIncomplete(hm("09:20"), hm("10:10"))
	want := map[string]bool{"09:00": true, "09:30": true, "10:00": true, "10:30": false}
	rows := s.Rows()
	// 4 half-hours × (sales + centre) = 8 rows.
	if len(rows) != 8 {
		t.Fatalf("rows: got %d, want 8: %+v", len(rows), rows)
	}
	for _, r := range rows {
		start := r.Start.Format("15:04")
		if r.Incomplete != want[start] {
			t.Errorf("%s %s: incomplete %v, want %v", r.Queue, start, r.Incomplete, want[start])
		}
	}
	if rows[0].Offered != 1 { // 09:00 centre keeps its one call
		t.Errorf("09:00 offered: got %d, want 1", rows[0].Offered)
	}
}

// A zero start (no event seen before the gap) marks only the interval of
// the end.
func TestMarkIncompleteZeroFrom(t *testing.T) {
	s := NewState(liveConfig())
	s.Apply(liveEvent(feed.CallEnqueued, "09:05", "sales", "c1", ""))
	s.MarkIncomplete(time.Time{}, hm("11:15"))
	for _, r := range s.Rows() {
		if got, want := r.Incomplete, r.Start.Equal(hm("11:00")); got != want {
			t.Errorf("%s %s: incomplete %v, want %v", r.Queue, r.Start.Format("15:04"), got, want)
		}
	}
}

// A snapshot replaces who waits and what agents do, and leaves the
// interval counters as they were.
func TestReplaceLive(t *testing.T) {
	s := NewState(liveConfig())
	s.Apply(liveEvent(feed.AgentLogin, "09:00", "sales", "", "1001"))
	s.Apply(liveEvent(feed.CallEnqueued, "09:01", "sales", "c1", ""))
	before := s.Rows()

	s.ReplaceLive(hm("09:10"),
		[]WaitingCall{{Queue: "sales", CallID: "c2", Caller: "+44", Since: hm("09:08")}},
		[]LiveAgent{{ID: "1002", Name: "Bea", Status: feed.StatusBusy, Since: hm("09:09"), Queues: []string{"sales"},
			CallID: "c0", CallQueue: "sales", CallSince: hm("09:09")}})

	snap := s.Snapshot(hm("09:10"))
	if len(snap.Waiting) != 1 || snap.Waiting[0].CallID != "c2" {
		t.Errorf("waiting: %+v, want only c2", snap.Waiting)
	}
	if len(snap.Agents) != 1 || snap.Agents[0].ID != "1002" || snap.Agents[0].Status != feed.StatusBusy ||
		snap.Agents[0].CallID != "c0" || !snap.Agents[0].Since.Equal(hm("09:09")) || snap.Agents[0].Name != "Bea" {
		t.Errorf("agents: %+v, want 1002 busy on c0 since 09:09 (1001 is not in the snapshot: logged out)", snap.Agents)
	}
	if snap.Total.Agents.Busy != 1 || snap.Total.Agents.LoggedIn != 1 {
		t.Errorf("centre agents: %+v, want 1 logged in, 1 busy", snap.Total.Agents)
	}
	after := s.Rows()
	if len(after) != len(before) || after[0].Counters != before[0].Counters {
		t.Errorf("counters changed: %+v → %+v", before, after)
	}

	// The call in progress ends normally: the agent is free again and the
	// completion counts once.
	done := liveEvent(feed.CallCompleted, "09:12", "sales", "c0", "1002")
	done.Talk = 180 * time.Second
	s.Apply(done)
	snap = s.Snapshot(hm("09:12"))
	if snap.Agents[0].Status != feed.StatusAvailable || snap.Total.Day.Completed != 1 {
		t.Errorf("after completion: agent %v, completed %d; want available, 1", snap.Agents[0].Status, snap.Total.Day.Completed)
	}
}

// Reset forgets the counts and keeps the source status.
func TestReset(t *testing.T) {
	s := NewState(liveConfig())
	s.SetSource(SourceStatus{Name: "ws://x", State: "live"})
	s.Apply(liveEvent(feed.CallEnqueued, "09:05", "sales", "c1", ""))
	v := s.Version()
	s.Reset()
	if len(s.Rows()) != 0 || s.Snapshot(hm("09:06")).Source.State != "live" || s.Version() <= v {
		t.Errorf("after reset: rows %d, source %+v, version %d (was %d)", len(s.Rows()), s.source, s.Version(), v)
	}
}
