package kpi

import (
	"context"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

func TestHubLatestWins(t *testing.T) {
	h := NewHub()
	stalled := h.Subscribe() // never reads
	live := h.Subscribe()
	for v := uint64(1); v <= 100; v++ {
		h.Publish(&Snapshot{Version: v}) // must not block on the stalled viewer
		if got := <-live.C; got.Version != v {
			t.Fatalf("live viewer got %d, want %d", got.Version, v)
		}
	}
	if got := <-stalled.C; got.Version != 100 {
		t.Errorf("stalled viewer got %d, want the latest (100)", got.Version)
	}
	late := h.Subscribe()
	if got := <-late.C; got.Version != 100 {
		t.Errorf("a new viewer starts with %d, want 100", got.Version)
	}
	stalled.Close()
	if h.Subscribers() != 2 {
		t.Errorf("%d subscribers after a close", h.Subscribers())
	}
}

func TestEngineAppliesAndPublishes(t *testing.T) {
	hub := NewHub()
	now := at(9, 25, 0)
	eng, err := NewEngine(utcConfig(), hub, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	sub := hub.Subscribe()
	if err := eng.Submit(ctx, scenario()); err != nil {
		t.Fatal(err)
	}
	eng.SetSource(SourceStatus{Name: "test", State: "live"})
	want := uint64(len(scenario()))
	deadline := time.After(10 * time.Second) // a hang guard, not a timing assertion
	for {
		select {
		case s := <-sub.C:
			if s.Events == want && s.Source.State == "live" {
				if q := s.Queue("sales"); q == nil || q.Current.Offered != 6 || q.Waiting != 1 {
					t.Fatalf("snapshot %+v", q)
				}
				cancel()
				<-done
				return
			}
		case <-deadline:
			t.Fatal("no snapshot with every event applied")
		}
	}
}

func TestEngineRejectsBadConfig(t *testing.T) {
	cfg := utcConfig()
	cfg.Interval = 7 * time.Minute
	if _, err := NewEngine(cfg, NewHub(), time.Now); err == nil {
		t.Error("7-minute intervals accepted")
	}
}

// A burst larger than the inbox blocks the sender instead of queueing
// without bound; every event still arrives.
func TestEngineBackPressure(t *testing.T) {
	hub := NewHub()
	eng, _ := NewEngine(utcConfig(), hub, func() time.Time { return at(10, 0, 0) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go eng.Run(ctx)
	const batches = inboxBatches * 4
	for i := 0; i < batches; i++ {
		b := []feed.Event{ev(at(9, 0, i%60), feed.CallEnqueued, "q", "", "", nil)}
		if err := eng.Submit(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	sub := hub.Subscribe()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case s := <-sub.C:
			if s.Events == batches {
				return
			}
		case <-deadline:
			t.Fatal("events lost")
		}
	}
}

func TestEngineDoRunsOnTheEngine(t *testing.T) {
	hub := NewHub()
	eng, _ := NewEngine(utcConfig(), hub, func() time.Time { return at(9, 25, 0) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go eng.Run(ctx)
	if err := eng.Submit(ctx, scenario()); err != nil {
		t.Fatal(err)
	}
	var offered int
	// The engine's select may take the Do before the batch; ask until the
	// batch has been applied. Each read runs on the engine goroutine (the
	// race detector would flag it otherwise).
	for offered != 6 {
		if err := eng.Do(ctx, func(s *State) { offered = s.Snapshot(at(9, 25, 0)).Total.Day.Offered }); err != nil {
			t.Fatal(err)
		}
	}
}
