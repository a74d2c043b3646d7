package kpi

import "sync"

// Hub fans snapshots out to any number of viewers, latest wins: each
// subscriber has a one-slot mailbox, and a new snapshot replaces one the
// viewer has not taken yet. So a stalled viewer (a frozen SSH session)
// never blocks the engine or other viewers, and memory per viewer is one
// pointer.
type Hub struct {
	mu     sync.Mutex
	subs   map[*Subscription]struct{}
	latest *Snapshot
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: make(map[*Subscription]struct{})} }

// Subscription is one viewer's mailbox. Read C; call Close when done.
type Subscription struct {
	C   <-chan *Snapshot
	c   chan *Snapshot
	hub *Hub
}

// Subscribe adds a viewer. The newest snapshot, if any, is already waiting
// in its mailbox so a new viewer draws at once.
func (h *Hub) Subscribe() *Subscription {
	c := make(chan *Snapshot, 1)
	s := &Subscription{C: c, c: c, hub: h}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[s] = struct{}{}
	if h.latest != nil {
		c <- h.latest
	}
	return s
}

// Close removes the viewer. Its channel is not closed (a viewer may still
// be selecting on it); it simply receives nothing more.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	delete(s.hub.subs, s)
	s.hub.mu.Unlock()
}

// Publish hands snap to every viewer, replacing any snapshot a viewer has
// not yet taken. It never blocks.
func (h *Hub) Publish(snap *Snapshot) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.latest = snap
	for s := range h.subs {
		select {
		case <-s.c: // drop the stale one
		default:
		}
		// The slot is free now: Publish is the only sender and holds the lock.
		s.c <- snap
	}
}

// Latest is the newest snapshot published, or nil.
func (h *Hub) Latest() *Snapshot {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.latest
}

// Subscribers is the number of viewers, for the status line and tests.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}
