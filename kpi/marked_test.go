package kpi_test

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
	"github.com/callfloor/wallboard/kpi"
)

// simulatedEvents decodes a simulated day (agents on the roster, load 1.7,
// as the benchmarks in docs/benchmarks.md) from its queue_log text, so the
// events are exactly what a report reads.
func simulatedEvents(t *testing.T, agents int) []feed.Event {
	t.Helper()
	cfg := sim.Default()
	cfg.Agents, cfg.Load, cfg.Location = agents, 1.7, time.UTC
	cfg.Start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	s, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var text []byte
	s.Advance(cfg.Start.Add(24*time.Hour-time.Second), func(ev *feed.Event) { text = feed.AppendQueueLog(text, ev) })
	src := feed.NewQueueLog(bytes.NewReader(text), "day")
	var evs []feed.Event
	var ev feed.Event
	for src.Next(&ev) {
		evs = append(evs, ev)
	}
	return evs
}

// The report's path (MarkRepeats on one goroutine, one batch ahead of
// ApplyMarked on another; ReportOnly; no agent rows) must give exactly
// the figures of plain Apply: every counter of every row, agent rows and
// the call-back list.
func TestReportPathMatchesApply(t *testing.T) {
	evs := simulatedEvents(t, 120)
	cfg := kpi.DefaultConfig()
	cfg.Location, cfg.KeepDays = time.UTC, 0

	plain := kpi.NewState(cfg)
	plain.SetAbandonedLimit(0)
	for i := range evs {
		plain.Apply(&evs[i])
	}
	plain.CloseAt(plain.Latest())

	// Batches of 97 events, marked on a second goroutine that runs up to
	// three batches ahead of the applying one, as cmd/wallboard's report.
	run := func(cfg kpi.Config) *kpi.State {
		st := kpi.NewState(cfg)
		st.SetAbandonedLimit(0)
		type batch struct {
			evs   []feed.Event
			marks kpi.RepeatMarks
		}
		ch := make(chan batch, 3)
		go func() {
			defer close(ch)
			for i := 0; i < len(evs); i += 97 {
				b := batch{evs: evs[i:min(i+97, len(evs))]}
				b.marks = st.MarkRepeats(b.evs, nil)
				ch <- b
			}
		}()
		for b := range ch {
			st.ApplyMarked(b.evs, b.marks)
		}
		st.CloseAt(st.Latest())
		return st
	}
	marked := run(cfg)
	cfg.ReportOnly = true
	reportOnly := run(cfg)

	want := plain.Rows()
	var total kpi.Counters
	for _, r := range want {
		if r.Queue != kpi.TotalQueue {
			total.Add(&r.Counters)
		}
	}
	// The test can only fail if the day exercises what it compares.
	if total.Offered < 1000 || total.Repeats == 0 || total.KnownCallers == 0 || total.AgentBusy == 0 {
		t.Fatalf("simulated day too thin to compare: %+v", total)
	}
	for name, st := range map[string]*kpi.State{"marked": marked, "report-only": reportOnly} {
		if got := st.Rows(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: rows differ from Apply's (%d rows, want %d)", name, len(got), len(want))
		}
		if got, want := st.AgentRows(), plain.AgentRows(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: agent rows differ from Apply's (%d rows, want %d)", name, len(got), len(want))
		}
		if got, want := st.AbandonedCalls(), plain.AbandonedCalls(); !reflect.DeepEqual(got, want) || len(want) == 0 {
			t.Errorf("%s: abandoned calls differ from Apply's (%d, want %d)", name, len(got), len(want))
		}
	}
}
