package kpi_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
	"github.com/callfloor/wallboard/kpi"
)

// simulatedDay renders one simulated day (agents on the roster, load 1)
// as queue_log text, the input the decode+engine benchmarks read.
func simulatedDay(b *testing.B, agents int) []byte {
	b.Helper()
	cfg := sim.Default()
	cfg.Agents, cfg.Location = agents, time.UTC
	cfg.Start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	s, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	s.Advance(cfg.Start.Add(24*time.Hour-time.Second), func(ev *feed.Event) { buf = feed.AppendQueueLog(buf, ev) })
	return buf
}

func benchDecodeEngine(b *testing.B, agents int) {
	day := simulatedDay(b, agents)
	lines := bytes.Count(day, []byte{'\n'})
	cfg := kpi.DefaultConfig()
	cfg.Location, cfg.KeepDays = time.UTC, 0
	b.SetBytes(int64(len(day)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st := kpi.NewState(cfg)
		src := feed.NewQueueLog(bytes.NewReader(day), "day")
		var ev feed.Event
		for src.Next(&ev) {
			st.Apply(&ev)
		}
		if len(st.Rows()) == 0 {
			b.Fatal("no rows")
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkDecodeEngine is the whole per-line path of `report`: decode
// and apply, for a small centre and a large one.
func BenchmarkDecodeEngine24(b *testing.B)   { benchDecodeEngine(b, 24) }
func BenchmarkDecodeEngine2000(b *testing.B) { benchDecodeEngine(b, 2000) }
