package kpi

import "time"

// call is one queue call the state tracks under its (call id, queue) key:
// waiting in the queue, answered and in progress, or, when a log repeats
// an entry for a call already answered, both at once. One record per key,
// changed in place as the call moves on (waiting → answered → done), costs
// one map operation per event where separate waiting and active maps cost
// a delete and an insert.
type call struct {
	queue string
	next  *call // the same call id's record in another queue (an overflow)

	w       WaitingCall // valid when waiting
	waiting bool

	active   bool
	agent    string    // canonical identity of the answering agent, "" when unknown
	answered time.Time // when it was answered
}

// callTable holds the calls, recycling records through a free list: a busy
// day starts and ends hundreds of thousands of calls, and allocating a
// record for each would keep the garbage collector busy for nothing. The
// map is keyed by call id alone, hashing one string instead of two; the
// rare call in two queues at once chains its records.
type callTable struct {
	m    map[string]*call
	free []*call

	// last is the key looked up last and rec its record (nil: none), when
	// cached is set; prev is the record before rec in its chain (nil when
	// rec is the head) and first the chain's head, so that adding or
	// releasing the record needs no second lookup. One event looks its
	// call up two or three times (its wait, the record it ends, the
	// quality figures); the decoder interns call ids, so the repeated
	// comparison is a pointer check, not a hash.
	last        callKey
	rec         *call
	prev, first *call
	cached      bool
}

func newCallTable() callTable { return callTable{m: make(map[string]*call)} }

// get returns the record of k, nil when none.
func (ct *callTable) get(k callKey) *call {
	if ct.cached && k == ct.last {
		return ct.rec
	}
	first := ct.m[k.id]
	var prev *call
	c := first
	for c != nil && c.queue != k.queue {
		prev, c = c, c.next
	}
	ct.last, ct.rec, ct.prev, ct.first, ct.cached = k, c, prev, first, true
	return c
}

// waitingCall returns the waiting entry of k.
func (ct *callTable) waitingCall(k callKey) (*WaitingCall, bool) {
	if c := ct.get(k); c != nil && c.waiting {
		return &c.w, true
	}
	return nil, false
}

// activeCall returns the record of k when it is in progress, nil otherwise.
func (ct *callTable) activeCall(k callKey) *call {
	if c := ct.get(k); c != nil && c.active {
		return c
	}
	return nil
}

// obtain returns the record of k, creating an empty one.
func (ct *callTable) obtain(k callKey) *call {
	if c := ct.get(k); c != nil {
		return c
	}
	var c *call
	if n := len(ct.free); n > 0 {
		c, ct.free = ct.free[n-1], ct.free[:n-1]
	} else {
		c = new(call)
	}
	c.queue, c.next = k.queue, ct.first // get left the chain's head in first
	ct.m[k.id] = c
	ct.rec, ct.prev, ct.first = c, nil, c
	return c
}

// setWaiting records w as waiting under k (replacing any waiting entry).
func (ct *callTable) setWaiting(k callKey, w WaitingCall) {
	c := ct.obtain(k)
	c.w, c.waiting = w, true
}

// setActive records k as answered by agent at t.
func (ct *callTable) setActive(k callKey, agent string, t time.Time) {
	c := ct.obtain(k)
	c.active, c.agent, c.answered = true, agent, t
}

// endWaiting forgets k's waiting entry.
func (ct *callTable) endWaiting(k callKey) {
	if c := ct.get(k); c != nil {
		c.waiting, c.w = false, WaitingCall{}
		ct.releaseIfDone(k, c)
	}
}

// answer turns k's waiting entry, if any, into a call in progress answered
// by agent at t, changing the record in place.
func (ct *callTable) answer(k callKey, agent string, t time.Time) {
	c := ct.obtain(k)
	c.waiting, c.w = false, WaitingCall{}
	c.active, c.agent, c.answered = true, agent, t
}

// endActive forgets k's call in progress.
func (ct *callTable) endActive(k callKey) {
	if c := ct.get(k); c != nil {
		c.active, c.agent, c.answered = false, "", time.Time{}
		ct.releaseIfDone(k, c)
	}
}

func (ct *callTable) releaseIfDone(k callKey, c *call) {
	if c.waiting || c.active {
		return
	}
	if !ct.cached || ct.last != k || ct.rec != c {
		ct.cached = false
		if ct.get(k) != c { // finds c, its chain's head and the record before it
			return // not in the table: nothing to unlink, and not ours to recycle
		}
	}
	switch {
	case ct.prev != nil:
		ct.prev.next = c.next
	case c.next != nil:
		ct.m[k.id] = c.next
		ct.first = c.next
	default:
		delete(ct.m, k.id)
		ct.first = nil
	}
	ct.rec, ct.prev = nil, nil
	*c = call{}
	ct.free = append(ct.free, c)
}

// clearWaiting forgets every waiting entry; clearActive every call in
// progress.
func (ct *callTable) clearWaiting() {
	ct.each(func(k callKey, c *call) {
		if c.waiting {
			ct.endWaiting(k)
		}
	})
}

func (ct *callTable) clearActive() {
	ct.each(func(k callKey, c *call) {
		if c.active {
			ct.endActive(k)
		}
	})
}

// each calls fn with every record, in no particular order; fn may end
// the record it is given.
func (ct *callTable) each(fn func(k callKey, c *call)) {
	for id, c := range ct.m {
		for c != nil {
			next := c.next
			fn(callKey{id, c.queue}, c)
			c = next
		}
	}
}

// pruneStale forgets waiting entries that entered more than staleWaiting
// before now and calls answered more than staleActive before now.
func (ct *callTable) pruneStale(now time.Time) {
	ct.each(func(k callKey, c *call) {
		if c.waiting && now.Sub(c.w.Since) > staleWaiting {
			ct.endWaiting(k)
		}
		if c.active && now.Sub(c.answered) > staleActive {
			ct.endActive(k)
		}
	})
}

// eachWaiting calls fn with every waiting entry, in no particular order.
func (ct *callTable) eachWaiting(fn func(w *WaitingCall)) {
	ct.each(func(_ callKey, c *call) {
		if c.waiting {
			fn(&c.w)
		}
	})
}

// waitingLen counts the waiting entries.
func (ct *callTable) waitingLen() int {
	n := 0
	ct.each(func(_ callKey, c *call) {
		if c.waiting {
			n++
		}
	})
	return n
}
