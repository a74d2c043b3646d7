package ws

import (
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// A queue_log stream has no seq, and the server resends its buffer on
// every connection: after the server restarts (keeping its buffer) the
// client must count each event once, not the day twice.
func TestQueueLogReconnectCountsOnce(t *testing.T) {
	r := newRig(t, ServerOptions{PingEvery: time.Second})
	f := r.feed(24)
	n := f.advance(day0.Add(40 * time.Minute))
	c, rec := startClient(t, r.url()+"?format=queue_log", nil)
	eventually(t, "the first connection's lines", func() bool { return c.Counts().Events == n })

	r.stop()
	r.start(r.addr)
	m := f.advance(day0.Add(50 * time.Minute))
	// The second connection decodes the n lines again and the m new ones;
	// the n are duplicates, so the rows equal the written log's.
	eventually(t, "the second connection's lines", func() bool { return c.Counts().Events == 2*n+m })
	if cc := c.Counts(); cc.Duplicates != n || cc.Connects != 2 {
		t.Errorf("duplicates %d, connects %d; want %d (the resent buffer) and 2", cc.Duplicates, cc.Connects, n)
	}
	want := counts(logRows(t, f.log.Bytes()))
	got := counts(rec.rows(t))
	if len(got) != len(want) {
		t.Fatalf("rows: got %d, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("row %d: client %+v, written log %+v", i, got[i], want[i])
		}
	}
}

// rawMark by hand. Events are told apart by their call id; times are
// seconds after day0.
func TestRawMark(t *testing.T) {
	at := func(sec int, call string) *feed.Event {
		return &feed.Event{Time: day0.Add(time.Duration(sec) * time.Second), Kind: feed.CallEnqueued, Queue: "q", CallID: call}
	}
	var r rawMark
	type step struct {
		ev   *feed.Event
		held bool
	}
	run := func(conn string, steps []step) {
		t.Helper()
		r.start()
		for _, s := range steps {
			if got := r.held(s.ev); got != s.held {
				t.Errorf("%s: held(%s at +%v) = %v, want %v", conn, s.ev.CallID, s.ev.Time.Sub(day0), got, s.held)
			}
		}
	}
	// First connection: nothing applied before, so nothing held.
	run("first", []step{{at(100, "a"), false}, {at(101, "b"), false}, {at(101, "c"), false}})
	// The buffer again: a (older second) and b, c (the newest second,
	// applied) are held; d is new in that same second; e is later.
	run("second", []step{{at(100, "a"), true}, {at(101, "b"), true}, {at(101, "c"), true},
		{at(101, "d"), false}, {at(102, "e"), false},
		// Past the newest second, catching up is over: a line written
		// out of order (f, a second back) is applied as it comes.
		{at(101, "f"), false}})
	// Third: everything up to the newest second (102) is held, f too.
	run("third", []step{{at(100, "a"), true}, {at(101, "b"), true}, {at(101, "c"), true}, {at(101, "d"), true},
		{at(102, "e"), true}, {at(101, "f"), true}, {at(102, "g"), false}, {at(103, "h"), false}})
	// Two identical lines in one second are two events: both applied,
	// and both held when resent, but a third copy is new.
	run("fourth", []step{{at(103, "h"), true}, {at(104, "x"), false}, {at(104, "x"), false}})
	run("fifth", []step{{at(104, "x"), true}, {at(104, "x"), true}, {at(104, "x"), false}})
}

// The mark's cost per queue_log event on a live connection (not catching
// up): a map insert of the event, cleared at each new second.
func BenchmarkRawMarkHeld(b *testing.B) {
	evs := make([]feed.Event, 1024)
	for i := range evs {
		evs[i] = feed.Event{Time: day0.Add(time.Duration(i/3) * time.Second), Kind: feed.CallEnqueued,
			Queue: "sales", CallID: "1795420800.1234", Caller: "+442071234567"}
	}
	var r rawMark
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ev := evs[i%len(evs)]
		ev.Time = ev.Time.Add(time.Duration(i/len(evs)) * 1024 * time.Second)
		r.held(&ev)
	}
}
