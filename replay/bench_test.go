package replay

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
	"github.com/callfloor/wallboard/kpi"
)

// writeSimDay writes a simulated day of the given roster as a queue_log.
func writeSimDay(b *testing.B, agents int, load float64) string {
	b.Helper()
	cfg := sim.Default()
	cfg.Agents, cfg.Load, cfg.Location = agents, load, time.UTC
	cfg.Start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	s, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "queue_log")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	var line []byte
	s.Advance(cfg.Start.Add(24*time.Hour-time.Second), func(ev *feed.Event) {
		line = feed.AppendQueueLog(line[:0], ev)
		w.Write(line)
	})
	w.Flush()
	f.Close()
	return path
}

// BenchmarkSeekBack measures what a trainer waits for after `{` or `[`
// late in the day: rebuilding the state from the start of the file up to
// 17:00.
func benchSeekBack(b *testing.B, agents int, load float64) {
	cfg := kpi.DefaultConfig()
	cfg.Location = time.UTC
	p, err := New(Options{Files: []string{writeSimDay(b, agents, load)}, Config: cfg, Hub: kpi.NewHub()})
	if err != nil {
		b.Fatal(err)
	}
	target := time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)
	p.reset()
	p.seek(p.End())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.seek(p.End()) // forward again (cheap), so that the next seek goes back
		p.seek(target)
	}
}

func BenchmarkSeekBack24(b *testing.B)   { benchSeekBack(b, 24, 1) }
func BenchmarkSeekBack2000(b *testing.B) { benchSeekBack(b, 2000, 1) }

// BenchmarkSeekBack5000 is the largest roster the simulator makes, overloaded
// (load 1.7) so that thousands of calls wait: the worst day a trainer opens.
func BenchmarkSeekBack5000(b *testing.B) { benchSeekBack(b, 5000, 1.7) }
