package kpi

import (
	"context"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// Publishing is capped: a burst of events becomes at most this many
// snapshots a second, which is all a screen can show anyway.
const publishEvery = 100 * time.Millisecond

// inboxBatches bounds what a fast source can queue ahead of the engine: a
// full inbox blocks the sender (back-pressure), so memory never grows with
// a burst.
const inboxBatches = 64

// Engine owns a State in one goroutine for live sources: sources Submit
// batches of events, viewers subscribe to the Hub. Replay uses a State
// directly in its own goroutine instead, because seeking rebuilds it.
type Engine struct {
	state  *State
	hub    *Hub
	clock  func() time.Time
	inbox  chan []feed.Event
	status chan SourceStatus
	calls  chan func(*State)
}

// NewEngine checks cfg and returns an engine publishing to hub. clock is
// the engine's "now" (time.Now for live sources).
func NewEngine(cfg Config, hub *Hub, clock func() time.Time) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Engine{
		state: NewState(cfg), hub: hub, clock: clock,
		inbox:  make(chan []feed.Event, inboxBatches),
		status: make(chan SourceStatus, 1),
		calls:  make(chan func(*State)),
	}, nil
}

// Submit hands a batch to the engine, blocking while the inbox is full.
// The engine owns the slice afterwards: the caller must not reuse it.
func (e *Engine) Submit(ctx context.Context, batch []feed.Event) error {
	select {
	case e.inbox <- batch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Do runs f on the engine's goroutine, between batches, and returns when
// it has run. Batches the caller Submitted before calling Do are applied
// before f runs. It is how a source changes state other than by events (a
// feed gap marking intervals incomplete, a protocol snapshot replacing
// live state) without a lock: the engine stays the only writer.
func (e *Engine) Do(ctx context.Context, f func(*State)) error {
	done := make(chan struct{})
	wrapped := func(s *State) { f(s); close(done) }
	select {
	case e.calls <- wrapped:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SetSource reports the feed's health; the newest report wins. It never blocks.
func (e *Engine) SetSource(st SourceStatus) {
	for {
		select {
		case e.status <- st:
			return
		default:
		}
		select {
		case <-e.status:
		default:
		}
	}
}

// drain applies every batch already in the inbox. Do calls it first so
// that a source which Submits events and then calls Do (a gap mark after
// the events before it) sees them applied in that order; without it the
// select could pick the call ahead of a queued batch.
func (e *Engine) drain() {
	for {
		select {
		case batch := <-e.inbox:
			for i := range batch {
				e.state.Apply(&batch[i])
			}
		default:
			return
		}
	}
}

// Run applies events and publishes snapshots until ctx ends. It publishes
// at most every publishEvery while events flow, and once a second when
// idle so time-driven state (wrap-up ends) and the clock stay current.
func (e *Engine) Run(ctx context.Context) error {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var flush <-chan time.Time
	var flushTimer *time.Timer
	published := uint64(0)
	publish := func() {
		e.hub.Publish(e.state.Snapshot(e.clock()))
		published = e.state.Version()
	}
	publish()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case batch := <-e.inbox:
			for i := range batch {
				e.state.Apply(&batch[i])
			}
		case st := <-e.status:
			e.state.SetSource(st)
		case f := <-e.calls:
			e.drain() // batches submitted before Do run before f
			f(e.state)
			e.state.version++
		case <-tick.C:
			// Views tick their own clocks; an idle engine publishes only
			// when time itself changed something (a wrap-up ended).
			if e.state.Advance(e.clock()) || e.state.Version() != published {
				publish()
			}
			continue
		case <-flush:
			flush = nil
			if e.state.Version() != published {
				publish()
			}
			continue
		}
		if flush == nil && e.state.Version() != published {
			if flushTimer == nil {
				flushTimer = time.NewTimer(publishEvery)
			} else {
				flushTimer.Reset(publishEvery)
			}
			flush = flushTimer.C
		}
	}
}
