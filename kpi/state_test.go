package kpi

import (
	"math"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// at is 2026-03-02 (a Monday) hh:mm:ss UTC.
func at(hh, mm, ss int) time.Time { return time.Date(2026, 3, 2, hh, mm, ss, 0, time.UTC) }

func sec(n int) time.Duration { return time.Duration(n) * time.Second }

// ev builds an event with every duration "not reported", then applies f.
func ev(t time.Time, k feed.Kind, queue, call, agent string, f func(*feed.Event)) feed.Event {
	var e feed.Event
	e.Reset()
	e.Time, e.Kind, e.Queue, e.CallID, e.Agent = t, k, queue, call, agent
	if f != nil {
		f(&e)
	}
	return e
}

func wait(n int) func(*feed.Event) { return func(e *feed.Event) { e.Wait = sec(n) } }

func waitTalk(w, t int) func(*feed.Event) {
	return func(e *feed.Event) { e.Wait, e.Talk = sec(w), sec(t) }
}

func utcConfig() Config {
	c := DefaultConfig()
	c.Location = time.UTC
	c.KeepDays = 0
	return c
}

func apply(s *State, evs ...feed.Event) {
	for i := range evs {
		s.Apply(&evs[i])
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// One queue, one half-hour, every outcome. T = 20 s, S = 5 s.
//
//	c1 09:00:00 enters, 09:00:15 answered (w 15, in SL), 09:05:15 completed, talk 300
//	c2 09:01:00 enters, 09:01:03 abandons (w 3: short, and <= T)
//	c3 09:02:00 enters, 09:02:30 abandons (w 30: counted, not short, not <= T)
//	c4 09:03:00 enters, 09:03:40 answered (w 40, out of SL), 09:29:50 transferred, talk 1570
//	c5 09:10:00 enters, 09:12:00 exits by timeout, old format without wait → w = 120 from entry
//	c6 09:20:00 enters and is still waiting at 09:25:00
//
// offered 6, answered 2, in SL 1, abandoned 2, short 1, abandoned <= T 1,
// exited 1, completed 2, transferred 1, Σwait answered 55 s, max wait 120 s,
// Σtalk 1870 s.
func scenario() []feed.Event {
	return []feed.Event{
		ev(at(9, 0, 0), feed.CallEnqueued, "sales", "c1", "", nil),
		ev(at(9, 0, 15), feed.CallAnswered, "sales", "c1", "ann", wait(15)),
		ev(at(9, 1, 0), feed.CallEnqueued, "sales", "c2", "", nil),
		ev(at(9, 1, 3), feed.CallAbandoned, "sales", "c2", "", wait(3)),
		ev(at(9, 2, 0), feed.CallEnqueued, "sales", "c3", "", nil),
		ev(at(9, 2, 30), feed.CallAbandoned, "sales", "c3", "", wait(30)),
		ev(at(9, 3, 0), feed.CallEnqueued, "sales", "c4", "", nil),
		ev(at(9, 3, 40), feed.CallAnswered, "sales", "c4", "bob", wait(40)),
		ev(at(9, 5, 15), feed.CallCompleted, "sales", "c1", "ann", waitTalk(15, 300)),
		ev(at(9, 10, 0), feed.CallEnqueued, "sales", "c5", "", nil),
		ev(at(9, 12, 0), feed.CallExited, "sales", "c5", "", func(e *feed.Event) { e.Exit = feed.ExitTimeout }),
		ev(at(9, 20, 0), feed.CallEnqueued, "sales", "c6", "", nil),
		ev(at(9, 29, 50), feed.CallTransferred, "sales", "c4", "bob", waitTalk(40, 1570)),
	}
}

func TestScenarioCounters(t *testing.T) {
	s := NewState(utcConfig())
	apply(s, scenario()...)
	rows := s.Rows()
	if len(rows) != 2 || rows[0].Queue != TotalQueue || rows[1].Queue != "sales" {
		t.Fatalf("rows = %+v, want a total and a sales row", rows)
	}
	got := rows[1]
	want := Counters{
		Offered: 6, Answered: 2, AnsweredInSL: 1, Abandoned: 2, ShortAbandoned: 1, AbandonedInSL: 1,
		Exited: 1, Completed: 2, Transferred: 1,
		SumWaitAnswered: sec(55), SumTalk: sec(1870), MaxWait: sec(120),
		// Agent time in the queue: ann busy 09:00:15–09:05:15 (300 s), bob
		// 09:03:40–09:29:50 (1570 s); their idle time after is still open.
		AgentTime: AgentTime{AgentBusy: sec(300 + 1570)},
	}
	if got.Counters != want {
		t.Errorf("counters\n got %+v\nwant %+v", got.Counters, want)
	}
	if !got.Start.Equal(at(9, 0, 0)) || !got.End.Equal(at(9, 30, 0)) {
		t.Errorf("interval %v–%v, want 09:00–09:30", got.Start, got.End)
	}
	if rows[0].Counters != want {
		t.Errorf("centre row differs from the only queue: %+v", rows[0].Counters)
	}

	// outcome: 1 / (2 + 2 − 1 + 1) = 0.25; answered: 1/2; offered: 1/6;
	// offered-short: 1 / (6 − 1) = 0.2; asterisk-sl2: (1 + 1) / (2 + 2) = 0.5.
	wantSL := map[Profile]float64{ProfileOutcome: 0.25, ProfileAnswered: 0.5, ProfileOffered: 1.0 / 6, ProfileOfferedShort: 0.2, ProfileAsteriskSL2: 0.5}
	for p, w := range wantSL {
		if v, ok := got.ServiceLevel(p); !ok || !near(v, w) {
			t.Errorf("SL %s = %v,%v, want %v", p, v, ok, w)
		}
	}
	// abandon rate (2 − 1) / 4; ASA 55/2 = 27.5 s; AHT 1870/2 = 935 s; transfer 1/2.
	if v, _ := got.AbandonRate(); !near(v, 0.25) {
		t.Errorf("abandon rate %v, want 0.25", v)
	}
	if v, _ := got.ASA(); v != 27500*time.Millisecond {
		t.Errorf("ASA %v, want 27.5s", v)
	}
	if v, _ := got.AHT(); v != sec(935) {
		t.Errorf("AHT %v, want 935s", v)
	}
	if v, _ := got.TransferRate(); !near(v, 0.5) {
		t.Errorf("transfer rate %v, want 0.5", v)
	}
}

func TestScenarioSnapshot(t *testing.T) {
	s := NewState(utcConfig())
	apply(s, scenario()...)
	snap := s.Snapshot(at(9, 25, 0))
	q := snap.Queue("sales")
	if q == nil {
		t.Fatal("no sales queue in snapshot")
	}
	// Only c6 waits; it entered at 09:20, so at 09:25:00 it has waited 5 min.
	if q.Waiting != 1 || !q.OldestSince.Equal(at(9, 20, 0)) || q.LongestWait(at(9, 25, 0)) != 5*time.Minute {
		t.Errorf("waiting %d since %v", q.Waiting, q.OldestSince)
	}
	if len(snap.Waiting) != 1 || snap.Waiting[0].CallID != "c6" {
		t.Errorf("waiting list %+v", snap.Waiting)
	}
	if q.Current.Offered != 6 || q.Day.Offered != 6 || snap.Total.Day.Offered != 6 {
		t.Errorf("current %d day %d total %d, want 6", q.Current.Offered, q.Day.Offered, snap.Total.Day.Offered)
	}
	// ann completed at 09:05:15 (no wrap-up configured) → available; bob
	// was transferred away at 09:29:50, but the snapshot is taken for 09:25.
	// Both were first seen at CONNECT (static members) and stay logged in.
	if len(snap.Agents) != 2 {
		t.Fatalf("agents %+v", snap.Agents)
	}
	if a := snap.Agents[0]; a.ID != "ann" || a.Status != feed.StatusAvailable || !a.Since.Equal(at(9, 5, 15)) || a.AnsweredToday != 1 {
		t.Errorf("ann %+v", a)
	}
	if q.Agents.LoggedIn != 2 || q.Agents.Available != 2 {
		t.Errorf("queue agent counts %+v", q.Agents)
	}
	// Next interval: nothing has happened in it yet.
	later := s.Snapshot(at(9, 31, 0))
	if c := later.Queue("sales").Current; c.Offered != 0 {
		t.Errorf("09:30 interval has %+v", c)
	}
}

func TestAgentTimeSplitsAtBoundaries(t *testing.T) {
	cfg := utcConfig()
	cfg.Rules.Wrapup = time.Minute
	s := NewState(cfg)
	apply(s,
		ev(at(9, 25, 0), feed.AgentLogin, "sales", "", "ann", nil),
		ev(at(9, 25, 30), feed.CallEnqueued, "sales", "k1", "", nil),
		ev(at(9, 26, 0), feed.CallAnswered, "sales", "k1", "ann", wait(30)),
		ev(at(9, 40, 0), feed.CallCompleted, "sales", "k1", "ann", waitTalk(30, 840)),
	)
	// The wrap-up (09:40–09:41) ends between events; the snapshot sees it.
	if a := s.Snapshot(at(9, 40, 30)).Agents[0]; a.Status != feed.StatusWrapup {
		t.Errorf("at 09:40:30 ann is %s, want wrapup", a.Status)
	}
	if a := s.Snapshot(at(9, 45, 0)).Agents[0]; a.Status != feed.StatusAvailable || !a.Since.Equal(at(9, 41, 0)) {
		t.Errorf("at 09:45 ann is %s since %v, want available since 09:41", a.Status, a.Since)
	}
	s.CloseAt(at(9, 50, 0))
	rows := s.AgentRows()
	if len(rows) != 2 {
		t.Fatalf("agent rows %+v", rows)
	}
	// 09:00–09:30: available 09:25–09:26 (1 min), busy 09:26–09:30 (4 min).
	// 09:30–10:00: busy 09:30–09:40 (10), wrap 09:40–09:41 (1), available 09:41–09:50 (9).
	a, b := rows[0], rows[1]
	if a.LoggedIn != 5*time.Minute || a.Available != time.Minute || a.Busy != 4*time.Minute || a.Answered != 1 {
		t.Errorf("09:00 row %+v", a)
	}
	if b.LoggedIn != 20*time.Minute || b.Busy != 10*time.Minute || b.Wrapup != time.Minute || b.Available != 9*time.Minute || b.Completed != 1 || b.Talk != sec(840) {
		t.Errorf("09:30 row %+v", b)
	}
	// Occupancy: 4 / (4 + 1) = 0.8; (10 + 1) / (11 + 9) = 0.55.
	if o, _ := a.Occupancy(); !near(o, 0.8) {
		t.Errorf("09:00 occupancy %v", o)
	}
	if o, _ := b.Occupancy(); !near(o, 0.55) {
		t.Errorf("09:30 occupancy %v", o)
	}
	// The queue's handle time includes the configured wrap-up: 840 + 60.
	if c := s.Rows()[3]; c.SumHandle() != sec(900) || c.SumWrap != time.Minute {
		t.Errorf("handle %v wrap %v", c.SumHandle(), c.SumWrap)
	}
}

// Asterisk (FreePBX, Issabel) logs ADDMEMBER with the interface and the
// pause state right after it with the member name.
func TestIdentityLearnedFromAddMember(t *testing.T) {
	s := NewState(utcConfig())
	add := ev(at(8, 0, 0), feed.AgentLogin, "500", "", "SIP/1001", nil)
	add.Verb = "ADDMEMBER"
	apply(s, add,
		ev(at(8, 0, 0), feed.AgentUnpaused, "", "", "Sathish", nil),
		ev(at(8, 0, 0), feed.AgentUnpaused, "500", "", "Sathish", nil),
		ev(at(8, 10, 0), feed.CallEnqueued, "500", "x1", "", nil),
		ev(at(8, 10, 6), feed.CallAnswered, "500", "x1", "Sathish", wait(6)),
	)
	snap := s.Snapshot(at(8, 10, 10))
	if len(snap.Agents) != 1 {
		t.Fatalf("want one agent, got %+v", snap.Agents)
	}
	if a := snap.Agents[0]; a.ID != "Sathish" || a.Status != feed.StatusBusy || len(a.Queues) != 1 || a.Queues[0] != "500" {
		t.Errorf("agent %+v", a)
	}
	// REMOVEMEMBER by interface now logs Sathish out of 500.
	rm := ev(at(8, 20, 0), feed.AgentLogout, "500", "", "SIP/1001", nil)
	complete := ev(at(8, 15, 0), feed.CallCompleted, "500", "x1", "Sathish", waitTalk(6, 294))
	apply(s, complete, rm)
	if n := len(s.Snapshot(at(8, 21, 0)).Agents); n != 0 {
		t.Errorf("after REMOVEMEMBER %d agents logged in", n)
	}
}

func TestIdentityConfiguredAndNormalised(t *testing.T) {
	cfg := utcConfig()
	cfg.Aliases = map[string]string{"PJSIP/ann": "1001"}
	cfg.Names = map[string]string{"1001": "Ann Lee"}
	cfg.Teams = map[string]string{"1001": "Blue"}
	s := NewState(cfg)
	apply(s,
		ev(at(8, 0, 0), feed.AgentLogin, "sales", "", "PJSIP/ann", nil),
		ev(at(8, 0, 1), feed.AgentLogin, "support", "", "Local/1001@from-queue/n", nil),
		ev(at(8, 0, 2), feed.AgentLogin, "", "", "Agent/1001", nil),
	)
	snap := s.Snapshot(at(8, 1, 0))
	if len(snap.Agents) != 1 {
		t.Fatalf("want one agent, got %+v", snap.Agents)
	}
	// The team follows the identity the interfaces were joined into.
	if a := snap.Agents[0]; a.ID != "1001" || a.Name != "Ann Lee" || a.Team != "Blue" || len(a.Queues) != 2 {
		t.Errorf("agent %+v", a)
	}
}

func TestPauseReasonsAndQueues(t *testing.T) {
	s := NewState(utcConfig())
	pause := func(tm time.Time, q, reason string) feed.Event {
		return ev(tm, feed.AgentPaused, q, "", "ann", func(e *feed.Event) { e.Reason = reason })
	}
	apply(s,
		ev(at(9, 0, 0), feed.AgentLogin, "sales", "", "ann", nil),
		ev(at(9, 0, 0), feed.AgentLogin, "support", "", "ann", nil),
		pause(at(9, 10, 0), "sales", "Lunch"),
	)
	// Paused in sales only: still takes support calls.
	snap := s.Snapshot(at(9, 11, 0))
	if a := snap.Agents[0]; a.Status != feed.StatusAvailable {
		t.Errorf("paused in one of two queues: %s", a.Status)
	}
	if snap.Queue("sales").Agents.Paused != 1 || snap.Queue("support").Agents.Available != 1 {
		t.Errorf("per-queue counts sales %+v support %+v", snap.Queue("sales").Agents, snap.Queue("support").Agents)
	}
	apply(s, pause(at(9, 20, 0), "", "Lunch"), pause(at(9, 20, 0), "support", ""))
	snap = s.Snapshot(at(9, 21, 0))
	if a := snap.Agents[0]; a.Status != feed.StatusPaused || a.Reason != "Lunch" || !a.Since.Equal(at(9, 20, 0)) {
		t.Errorf("after PAUSEALL: %+v", a)
	}
	apply(s, ev(at(9, 50, 0), feed.AgentUnpaused, "", "", "ann", nil))
	s.CloseAt(at(10, 0, 0))
	rows := s.AgentRows()
	// 09:00–09:30: available 20 min, paused (Lunch) 10 min; 09:30–10:00:
	// paused 20 min, available 10 min.
	if rows[0].PausedBy["Lunch"] != 10*time.Minute || rows[0].Available != 20*time.Minute {
		t.Errorf("09:00 %+v", rows[0])
	}
	if rows[1].PausedBy["Lunch"] != 20*time.Minute || rows[1].Available != 10*time.Minute {
		t.Errorf("09:30 %+v", rows[1])
	}
}

func TestSystemStartForgetsCalls(t *testing.T) {
	s := NewState(utcConfig())
	apply(s,
		ev(at(9, 0, 0), feed.CallEnqueued, "sales", "c1", "", nil),
		ev(at(9, 0, 1), feed.CallEnqueued, "sales", "c2", "", nil),
		ev(at(9, 0, 5), feed.CallAnswered, "sales", "c2", "ann", wait(4)),
		ev(at(9, 1, 0), feed.SystemStart, "", "", "", nil),
	)
	snap := s.Snapshot(at(9, 2, 0))
	if snap.Total.Waiting != 0 {
		t.Errorf("%d calls still waiting after a restart", snap.Total.Waiting)
	}
	if a := snap.Agents[0]; a.Status != feed.StatusAvailable || a.CallID != "" {
		t.Errorf("ann after restart: %+v", a)
	}
	// Counts already made stay: the restart does not rewrite history.
	if c := s.Rows()[1]; c.Offered != 2 || c.Answered != 1 {
		t.Errorf("counters %+v", c.Counters)
	}
}

// A terminal event whose entry fell before the file still counts its outcome.
func TestOutcomeWithoutEntry(t *testing.T) {
	s := NewState(utcConfig())
	apply(s,
		ev(at(0, 0, 5), feed.CallAbandoned, "q", "old", "", wait(50)),
		ev(at(0, 0, 9), feed.CallCompleted, "q", "old2", "ann", waitTalk(10, 100)),
	)
	c := s.Rows()[1]
	if c.Offered != 0 || c.Abandoned != 1 || c.MaxWait != sec(50) || c.Completed != 1 || c.SumTalk != sec(100) {
		t.Errorf("%+v", c.Counters)
	}
}

func TestKeepDaysPrunes(t *testing.T) {
	cfg := utcConfig()
	cfg.KeepDays = 1
	s := NewState(cfg)
	d0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for day := 0; day < 5; day++ {
		tm := d0.AddDate(0, 0, day)
		apply(s, ev(tm, feed.CallEnqueued, "q", "", "", nil))
	}
	// Newest event on 03-05: keep 03-04 and 03-05 (one day back).
	rows := s.Rows()
	if len(rows) != 4 || rows[0].Start.Day() != 4 {
		t.Errorf("rows after pruning: %d, first %v", len(rows), rows[0].Start)
	}
}
