package serve

import (
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
	"github.com/callfloor/wallboard/kpi"
)

// BenchmarkViewFilter is what one team lead's session pays per snapshot:
// a simulated floor of 12 queues and 300 agents at 15:00 (the day's
// intervals, agents and waiting calls), filtered to 3 of the queues.
func BenchmarkViewFilter(b *testing.B) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	sc := sim.Default()
	sc.Agents, sc.Queues, sc.Location, sc.Start = 300, 12, time.UTC, day
	s, err := sim.New(sc)
	if err != nil {
		b.Fatal(err)
	}
	cfg := kpi.DefaultConfig()
	cfg.Location = time.UTC
	st := kpi.NewState(cfg)
	now := day.Add(15 * time.Hour)
	s.Advance(now, func(ev *feed.Event) { st.Apply(ev) })
	snap := st.Snapshot(now)
	qs := s.Queues()
	f := newViewFilter(Viewer{Visible: func([]string) []string { return []string{qs[0], qs[4], qs[8]} }})
	b.ReportAllocs()
	for b.Loop() {
		_ = f.filter(snap)
	}
	b.ReportMetric(float64(len(snap.Agents)), "agents")
	b.ReportMetric(float64(len(snap.Intervals)), "rows")
}
