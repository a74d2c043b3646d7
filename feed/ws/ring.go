package ws

import "github.com/callfloor/wallboard/feed"

// ring keeps the newest events of a stream by seq, for clients that
// resume and for clients that lag. Its capacity is fixed at creation, so
// memory is bounded whatever the event rate.
type ring struct {
	buf  []feed.Event
	next uint64 // seq the next event gets; the ring holds [next-len, next)
	n    int    // events held
}

func newRing(capacity int) *ring {
	return &ring{buf: make([]feed.Event, capacity), next: 1}
}

// first is the oldest seq held (next when empty).
func (r *ring) first() uint64 { return r.next - uint64(r.n) }

// last is the newest seq assigned (0 before the first event).
func (r *ring) last() uint64 { return r.next - 1 }

// push stores ev with the next seq, overwriting the oldest event when full,
// and returns the seq.
func (r *ring) push(ev *feed.Event) uint64 {
	seq := r.next
	r.next++
	slot := &r.buf[seq%uint64(len(r.buf))]
	*slot = *ev
	slot.Seq = seq
	if r.n < len(r.buf) {
		r.n++
	}
	return seq
}

// copyFrom appends to dst up to max events starting at seq (which must be
// in [first, next]) and returns it.
func (r *ring) copyFrom(dst []feed.Event, seq uint64, max int) []feed.Event {
	for ; seq < r.next && max > 0; seq, max = seq+1, max-1 {
		dst = append(dst, r.buf[seq%uint64(len(r.buf))])
	}
	return dst
}
