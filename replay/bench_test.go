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
func writeSimDay(b testing.TB, agents int, load float64) string {
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
// late in the day: the state at 17:00 again, from the end of the day. The
// sub-benchmarks compare a rebuild from the start of the file with a
// restore from a checkpoint, in one run. An op is the seek back and the
// seek forward to the end again (so that the next one goes back);
// back-ms is the seek back alone.
func benchSeekBack(b *testing.B, agents int, load float64) {
	path := writeSimDay(b, agents, load)
	for _, mode := range []string{"rebuild", "checkpoints"} {
		b.Run(mode, func(b *testing.B) {
			cfg := kpi.DefaultConfig()
			cfg.Location = time.UTC
			p, err := New(Options{Files: []string{path}, Config: cfg, Hub: kpi.NewHub()})
			if err != nil {
				b.Fatal(err)
			}
			p.ckpts.off = mode == "rebuild"
			target := time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)
			p.reset()
			p.seek(p.End()) // the first pass, which takes the checkpoints
			var back time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				p.seek(p.End()) // forward again, so that the next seek goes back
				start := time.Now()
				p.seek(target)
				back += time.Since(start)
			}
			b.ReportMetric(back.Seconds()*1000/float64(b.N), "back-ms")
			if mode == "checkpoints" {
				b.ReportMetric(float64(len(p.ckpts.list)), "checkpoints")
				b.ReportMetric(float64(p.ckpts.bytes)/(1<<20), "ckpt-MiB")
			}
		})
	}
}

func BenchmarkSeekBack24(b *testing.B)   { benchSeekBack(b, 24, 1) }
func BenchmarkSeekBack2000(b *testing.B) { benchSeekBack(b, 2000, 1) }

// BenchmarkSeekBack5000 is the largest roster the simulator makes, overloaded
// (load 1.7) so that thousands of calls wait: the worst day a trainer opens.
func BenchmarkSeekBack5000(b *testing.B) { benchSeekBack(b, 5000, 1.7) }
