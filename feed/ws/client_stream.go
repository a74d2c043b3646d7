package ws

import (
	"context"
	"fmt"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
)

// batchEvents is the most events handed to the engine at once: big enough
// that a burst costs few channel sends, small enough that a snapshot of the
// board is never far behind the feed.
const batchEvents = 1024

// frame applies one text frame. An error ends the connection (a seq jump
// or a cancelled context); malformed messages never do.
func (c *Client) frame(ctx context.Context, data []byte) error {
	var ferr error
	c.dec.Frame(data, func(m *Message) {
		if ferr == nil {
			ferr = c.message(ctx, m)
		}
	})
	if err := c.flush(ctx); ferr == nil {
		ferr = err
	}
	st := c.dec.Stats()
	told := st.Noted() != c.inputNoted // read and written on this goroutine only
	c.mu.Lock()
	c.counts.Counts = c.dec.Counts()
	c.counts.Stream, c.counts.LastSeq = c.stream, c.lastSeq
	if told {
		c.inputNoted = st.Noted()
		c.input, c.inputSkipped = st.Summary(), st.Skipped()
	}
	c.mu.Unlock()
	if told && ferr == nil {
		c.status("live", "connected to "+c.opts.URL) // the board says what was skipped
	}
	return ferr
}

func (c *Client) flush(ctx context.Context) error {
	if len(c.batch) == 0 {
		return nil
	}
	b := c.batch
	c.batch = make([]feed.Event, 0, batchEvents)
	return c.sink.Submit(ctx, b) // the engine owns b now
}

func (c *Client) count(f func(*ClientCounts)) {
	c.mu.Lock()
	f(&c.counts)
	c.mu.Unlock()
}

// message applies one message in stream order.
func (c *Client) message(ctx context.Context, m *Message) error {
	switch m.Type {
	case TypeEvent:
		return c.event(ctx, &m.Event)
	case TypeSkipped:
		if m.Event.Seq == 0 {
			c.unseqBad = true
			return nil
		}
		if err := c.sequence(m.Event.Seq); err != nil || c.lastSeq != m.Event.Seq {
			return err
		}
		c.unseqBad = false
	case TypeHello:
		if c.stream != "" && m.Hello.Stream != c.stream {
			// A new run of the server: its seqs are unrelated to ours, and
			// it will send its own history. Start again from it.
			c.opts.Log.Warn("feed: server started a new stream; resetting", "source", c.opts.URL, "old", c.stream, "new", m.Hello.Stream)
			if err := c.flush(ctx); err != nil {
				return err
			}
			if err := c.sink.Do(ctx, func(s *kpi.State) { s.Reset() }); err != nil {
				return err
			}
			c.lastSeq, c.lastEvent, c.gapOpen = 0, time.Time{}, false
			c.count(func(n *ClientCounts) { n.NewStreams++ })
		}
		c.stream = m.Hello.Stream
	case TypeGap:
		g := m.Gap
		if g.ToSeq <= c.lastSeq {
			return nil // about events we have
		}
		c.opts.Log.Warn("feed: events lost for good; marking their intervals incomplete", "source", c.opts.URL, "from_seq", g.FromSeq, "to_seq", g.ToSeq)
		c.count(func(n *ClientCounts) { n.Gaps++ })
		c.openGap()
		c.lastSeq = g.ToSeq
	case TypeSnapshot:
		snap := m.Snapshot
		c.count(func(n *ClientCounts) { n.Snapshots++ })
		if snap.Seq > c.lastSeq {
			// Events up to the snapshot that we neither have nor were told
			// were lost: lost all the same.
			c.openGap()
			c.lastSeq = snap.Seq
		}
		if err := c.flush(ctx); err != nil {
			return err
		}
		// An open gap stays open: the first event after it marks the
		// intervals, in the events' own time (the snapshot's ts is the
		// server's clock, which need not agree with the events' source).
		return c.sink.Do(ctx, func(s *kpi.State) { s.ReplaceLive(snap.TS, snap.Calls, snap.Agents) })
	}
	return nil
}

// openGap starts a gap at the newest event applied, unless one is open.
func (c *Client) openGap() {
	if !c.gapOpen {
		c.gapOpen, c.gapFrom = true, c.lastEvent
	}
}

type jumpError struct {
	url       string
	last, got uint64
}

func (e jumpError) Error() string {
	return fmt.Sprintf("%s: seq jumped from %d to %d; resuming after %d", e.url, e.last, e.got, e.last)
}

// sequence checks seq against the last one seen: a duplicate leaves
// lastSeq alone, the next seq advances it, a jump is an error (reconnect
// and resume) unless a message without a readable seq was skipped since,
// in which case the jump is that message and is treated as a gap.
func (c *Client) sequence(seq uint64) error {
	switch {
	case seq <= c.lastSeq:
		c.count(func(n *ClientCounts) { n.Duplicates++ })
		return nil
	case c.lastSeq > 0 && seq > c.lastSeq+1:
		if c.unseqBad {
			c.count(func(n *ClientCounts) { n.Gaps++ })
			c.openGap()
			break
		}
		c.count(func(n *ClientCounts) { n.Jumps++ })
		return jumpError{c.opts.URL, c.lastSeq, seq}
	}
	c.lastSeq = seq
	return nil
}

func (c *Client) event(ctx context.Context, ev *feed.Event) error {
	if ev.Seq != 0 {
		if ev.Seq <= c.lastSeq {
			c.count(func(n *ClientCounts) { n.Duplicates++ })
			return nil
		}
		if err := c.sequence(ev.Seq); err != nil {
			return err
		}
		c.unseqBad = false
	} else if c.raw.held(ev) {
		c.count(func(n *ClientCounts) { n.Duplicates++ })
		return nil
	}
	if ev.Time.After(c.lastEvent) {
		c.lastEvent = ev.Time
	}
	c.batch = append(c.batch, *ev)
	if c.gapOpen {
		// The first event after a gap closes it: every interval from the
		// last event before it to this one may miss events. The event is
		// applied first so that its queue is among those marked.
		c.gapOpen = false
		if err := c.flush(ctx); err != nil {
			return err
		}
		from, to := c.gapFrom, ev.Time
		return c.sink.Do(ctx, func(s *kpi.State) { s.MarkIncomplete(from, to) })
	}
	if len(c.batch) >= batchEvents {
		return c.flush(ctx)
	}
	return nil
}

// rawMark is how a client resumes a stream without seqs (queue_log
// lines): a server sends its whole buffer on every connection, so after a
// reconnect the events it resends must not count twice. Queue_log lines
// are written in time order to the second, so what was applied is marked
// by the newest second applied and the events of that second.
type rawMark struct {
	second  int64              // Unix second of the newest event applied
	seen    map[feed.Event]int // events of that second applied, times in UTC
	again   map[feed.Event]int // of those, how many this connection resent
	catchUp bool               // this connection has not passed second yet
}

// start begins a connection: what it resends up to the mark is skipped.
func (r *rawMark) start() {
	r.catchUp = true
	clear(r.again)
}

// held reports whether ev was applied already (on an earlier connection);
// otherwise it notes ev as applied. Catching up ends at the first event
// after the newest second, so that a line written out of order later on
// is applied as it comes.
func (r *rawMark) held(ev *feed.Event) bool {
	sec := ev.Time.Unix()
	key := *ev
	key.Time = ev.Time.UTC() // one location and no monotonic reading: comparable
	if r.catchUp {
		switch {
		case sec < r.second:
			return true
		case sec == r.second && r.again[key] < r.seen[key]:
			if r.again == nil {
				r.again = map[feed.Event]int{}
			}
			r.again[key]++
			return true
		case sec > r.second:
			r.catchUp = false
		}
	}
	switch {
	case sec > r.second:
		r.second = sec
		clear(r.seen)
		clear(r.again)
		fallthrough
	case sec == r.second:
		if r.seen == nil {
			r.seen = map[feed.Event]int{}
		}
		r.seen[key]++
	}
	return false
}
