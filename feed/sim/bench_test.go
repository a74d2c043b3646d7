package sim

import (
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// benchDay simulates one whole local day of cfg per iteration and reports
// the event rate, the figure the large-day generator depends on.
func benchDay(b *testing.B, agents int, load float64) {
	cfg := Default()
	cfg.Agents, cfg.Load = agents, load
	cfg.Location = time.UTC
	cfg.Start = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	var events int
	b.ReportAllocs()
	for b.Loop() {
		s, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		s.Advance(cfg.Start.Add(24*time.Hour), func(*feed.Event) { events++ })
	}
	b.ReportMetric(float64(events)/float64(b.N), "events/day")
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkDay24(b *testing.B)        { benchDay(b, 24, 1) }
func BenchmarkDay2000(b *testing.B)      { benchDay(b, 2000, 1) }
func BenchmarkDay5000(b *testing.B)      { benchDay(b, 5000, 1) }
func BenchmarkDay2000Load3(b *testing.B) { benchDay(b, 2000, 3) } // overloaded: long queues
