package ws

import (
	"context"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
	"github.com/callfloor/wallboard/kpi"
)

// simEvents returns at least n events of a 2 000-agent simulated centre.
func simEvents(b *testing.B, n int) []feed.Event {
	c := sim.Default()
	c.Location, c.Agents, c.Start = time.UTC, 2000, day0.Add(-2*time.Hour)
	s, err := sim.New(c)
	if err != nil {
		b.Fatal(err)
	}
	evs := make([]feed.Event, 0, n)
	for at := c.Start; len(evs) < n; at = at.Add(10 * time.Minute) {
		s.Advance(at, func(ev *feed.Event) { evs = append(evs, *ev) })
	}
	return evs[:n]
}

// BenchmarkLiveFeed measures the whole live path on loopback: the server
// encodes and sends, the client decodes, checks seqs and submits, the
// engine applies and publishes snapshots to a subscribed viewer. The
// figure is events/s from the first Publish to the last event applied.
func BenchmarkLiveFeed(b *testing.B) {
	n := max(b.N, 1000)
	evs := simEvents(b, n)
	r := newRig(b, ServerOptions{Buffer: n + 1, PingEvery: time.Second})
	hub := kpi.NewHub()
	eng, err := kpi.NewEngine(testConfig(), hub, func() time.Time { return day0 })
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go eng.Run(ctx)
	viewer := hub.Subscribe() // a board taking every snapshot it is offered
	go func() {
		for {
			select {
			case <-viewer.C:
			case <-ctx.Done():
				return
			}
		}
	}()
	c, err := NewClient(ClientOptions{URL: r.url(), StaleAfter: time.Minute}, eng)
	if err != nil {
		b.Fatal(err)
	}
	go c.Run(ctx)
	for c.Counts().Stream == "" {
		time.Sleep(time.Millisecond)
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < n; i += 4096 {
		r.srv.Publish(evs[i:min(n, i+4096)])
	}
	var applied uint64
	for applied < uint64(n) {
		time.Sleep(time.Millisecond)
		eng.Do(ctx, func(s *kpi.State) { applied = s.Snapshot(day0).Events })
	}
	el := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(n)/el.Seconds(), "events/s")
}
