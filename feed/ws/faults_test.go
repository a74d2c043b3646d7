package ws

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/gorilla/websocket"
)

// scripted is a hand-written server: script runs for each connection
// (numbered from 1) after the client's resume message has been read.
func scripted(t *testing.T, script func(n int, c *websocket.Conn, r Resume)) string {
	t.Helper()
	var n atomic.Int32
	up := websocket.Upgrader{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		_, b, err := c.ReadMessage()
		if err != nil {
			return
		}
		res, err := DecodeResume(b)
		if err != nil {
			t.Errorf("client's first message: %v", err)
			return
		}
		script(int(n.Add(1)), c, res)
	}))
	t.Cleanup(hs.Close)
	return "ws" + strings.TrimPrefix(hs.URL, "http")
}

func send(c *websocket.Conn, lines ...string) {
	c.WriteMessage(websocket.TextMessage, []byte(strings.Join(lines, "\n")))
}

func ev(seq int, rest string) string {
	return fmt.Sprintf(`{"type":"event","seq":%d,"ts":"2026-11-23T09:00:%02d.000Z",%s}`, seq, seq, rest)
}

// holdOpen keeps a scripted connection up until the client goes.
func holdOpen(c *websocket.Conn) {
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			return
		}
	}
}

func offered(t *testing.T, rec *recorder) int {
	n := 0
	for _, r := range rec.rows(t) {
		if r.Queue == kpi.TotalQueue {
			n += r.Offered
		}
	}
	return n
}

// Garbage among good messages is counted and skipped; the connection
// stays up and every good event counts once.
func TestGarbageFrames(t *testing.T) {
	url := scripted(t, func(n int, c *websocket.Conn, _ Resume) {
		send(c, `{"type":"hello","v":1,"server":"test","stream":"s1","ts":"2026-11-23T09:00:00Z"}`)
		send(c, ev(1, `"kind":"call.enqueued","queue":"sales","call_id":"a"`))
		send(c, "not json at all", `{"type":"event"`, `[1,2,3]`, `{"no":"type"}`)             // 4 malformed, no seq
		send(c, ev(2, `"kind":"call.enqueued","queue":"sales","call_id":"b","wait_s":"ten"`)) // malformed, seq 2 used up
		send(c, ev(3, `"kind":"call.teleported","queue":"sales"`))                            // unknown kind: ignored
		send(c, ev(4, `"kind":"call.enqueued","queue":"sales","call_id":"c","mood":"happy","extra":{"a":[1]}`))
		send(c, `{"type":"weather","seq":9}`) // unknown type: ignored
		c.WriteMessage(websocket.BinaryMessage, []byte{0, 1, 2})
		send(c, ev(5, `"kind":"call.enqueued","queue":"sales","call_id":"d"`))
		send(c, "1795424405|e|sales|NONE|ENTERQUEUE||+4420|1\n1795424406|e|sales|NONE|CONNECT|1|x|1\n") // a queue_log frame
		holdOpen(c)
	})
	c, rec := startClient(t, url, nil)
	// Offered: a, c, d (JSON) + e (queue_log) = 4; b was malformed.
	eventually(t, "four calls offered", func() bool { return offered(t, rec) == 4 })
	cc := c.Counts()
	// Malformed: "not json at all", the cut object, the array, the object
	// without a type, and seq 2 with a string wait = 5.
	if cc.Malformed != 5 || cc.UnknownKinds != 1 || cc.UnknownTypes != 1 || cc.UnknownFields != 2 || cc.BinaryFrames != 1 {
		t.Errorf("counts %+v: want 5 malformed, 1 unknown kind, 1 unknown type, 2 unknown fields, 1 binary frame", cc.Counts)
	}
	// The board is told: five messages skipped, with the decoder's account.
	eventually(t, "the board told of five skipped", func() bool {
		st := rec.last()
		return st.InputSkipped == 5 && strings.HasPrefix(st.Input, "skipped 5 malformed")
	})
	// The malformed seq 2 and unknown seq 3 used up their seqs: no jump.
	if cc.Connects != 1 || cc.Jumps != 0 || cc.LastSeq != 5 {
		t.Errorf("connects %d, jumps %d, last seq %d: want 1, 0, 5 (the connection stays up)", cc.Connects, cc.Jumps, cc.LastSeq)
	}
}

// A 10 MiB frame is refused by the read limit before it is buffered; the
// client reconnects and resumes after the last good seq, losing nothing.
func TestOversizedFrame(t *testing.T) {
	resumes := make(chan Resume, 4)
	url := scripted(t, func(n int, c *websocket.Conn, r Resume) {
		resumes <- r
		send(c, `{"type":"hello","v":1,"server":"test","stream":"s1","ts":"2026-11-23T09:00:00Z"}`)
		if n == 1 {
			send(c, ev(1, `"kind":"call.enqueued","queue":"sales","call_id":"a"`))
			big := `{"type":"event","seq":2,"pad":"` + strings.Repeat("x", 10<<20) + `"}`
			c.WriteMessage(websocket.TextMessage, []byte(big))
		} else {
			send(c, ev(2, `"kind":"call.enqueued","queue":"sales","call_id":"b"`))
		}
		holdOpen(c)
	})
	c, rec := startClient(t, url, nil)
	eventually(t, "both calls offered", func() bool { return offered(t, rec) == 2 })
	<-resumes
	if r := <-resumes; r.Stream != "s1" || r.AfterSeq != 1 {
		t.Errorf("second connection resumed %+v, want stream s1 after seq 1", r)
	}
	if cc := c.Counts(); cc.Oversized != 1 || cc.Connects != 2 {
		t.Errorf("oversized %d, connects %d: want 1 and 2", cc.Oversized, cc.Connects)
	}
	if !rec.saw("reconnecting", "refused a frame over 1048576 bytes") {
		t.Errorf("no status said why: last %+v", rec.last())
	}
}

// A server that accepts TCP but never answers the websocket handshake:
// the client gives up after HandshakeTimeout, says so, and keeps trying.
func TestServerNeverHandshakes(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c) // accepted, never answered
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	})
	_, rec := startClient(t, "ws://"+ln.Addr().String()+"/", func(o *ClientOptions) { o.HandshakeTimeout = 100 * time.Millisecond })
	eventually(t, "a second attempt after a timed-out handshake", func() bool {
		return rec.saw("reconnecting", "reconnecting (attempt 2") && rec.saw("reconnecting", "no websocket handshake within 100ms")
	})
}

// A server that completes the handshake and then says nothing: after
// StaleAfter the feed is stale (with its age), and the client retries.
func TestServerSilentAfterHandshake(t *testing.T) {
	var conns atomic.Int32
	url := scripted(t, func(n int, c *websocket.Conn, _ Resume) {
		conns.Add(1)
		holdOpen(c)
	})
	_, rec := startClient(t, url, func(o *ClientOptions) { o.StaleAfter = 200 * time.Millisecond })
	eventually(t, "stale, then a new connection", func() bool {
		return rec.saw("stale", "no data for") && rec.saw("reconnecting", "(stale after 200ms)") && conns.Load() >= 2
	})
}

// fakeClock is a settable clock for the stale rule.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeClock) now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }
func (f *fakeClock) add(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

// The protocol's 15 s rule with the default StaleAfter and a fake clock:
// live at 14 s of silence, stale at 15 s, and the detail says how long.
func TestStaleAfterDefault15s(t *testing.T) {
	if s, _ := Staleness(day0.Add(14999*time.Millisecond), day0, DefaultStaleAfter); s {
		t.Error("stale after 14.999 s; the rule is 15 s")
	}
	s, why := Staleness(day0.Add(15*time.Second), day0, DefaultStaleAfter)
	if !s || why != "no data for 15s (stale after 15s)" {
		t.Errorf("at 15 s: stale %v, %q", s, why)
	}

	clock := &fakeClock{t: day0}
	url := scripted(t, func(n int, c *websocket.Conn, _ Resume) {
		send(c, `{"type":"hello","v":1,"server":"test","stream":"s1","ts":"2026-11-23T09:00:00Z"}`)
		holdOpen(c)
	})
	c, rec := startClient(t, url, func(o *ClientOptions) { o.StaleAfter, o.Clock = 0, clock.now })
	eventually(t, "connected", func() bool { return c.Counts().Stream == "s1" })
	clock.add(14 * time.Second)
	time.Sleep(100 * time.Millisecond) // ten watchdog checks at 14 s of silence
	if rec.saw("stale", "") {
		t.Fatalf("stale after 14 s: %+v", rec.last())
	}
	clock.add(time.Second)
	eventually(t, "stale at 15 s", func() bool { return rec.saw("stale", "no data for 15s (stale after 15s)") })
}

// Back-off doubles from 0.5 s to the 30 s cap; jitter spreads ±20 %.
func TestBackoff(t *testing.T) {
	lo, hi := DefaultBackoffMin, DefaultBackoffMax
	// j = 0.5 is the middle of the spread: factor 0.8 + 0.4×0.5 = 1.
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second,
		8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second}
	for i, w := range want {
		if got := Backoff(i+1, lo, hi, 0.5); got != w {
			t.Errorf("attempt %d: got %v, want %v", i+1, got, w)
		}
	}
	if got := Backoff(4, lo, hi, 0); got != 3200*time.Millisecond { // 4 s × 0.8
		t.Errorf("attempt 4, no jitter up: got %v, want 3.2s", got)
	}
	if got := Backoff(7, lo, hi, 0.999); got != 30*time.Second { // 30 s × 1.2 capped
		t.Errorf("attempt 7, most jitter: got %v, want the 30 s cap", got)
	}
}

// A client that never reads must not hold up the server or the other
// clients: Publish returns, the reading client gets everything, and the
// stalled one is dropped.
func TestSlowClientDoesNotBlock(t *testing.T) {
	r := newRig(t, ServerOptions{PingEvery: time.Second, Buffer: 200_000, WriteTimeout: 300 * time.Millisecond, LagGrace: 100 * time.Millisecond})
	f := r.feed(500) // a big centre: a day is some 100 000 events
	c, rec := startClient(t, r.url(), nil)

	// The stalled client: a tiny receive buffer, and it never reads.
	d := websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetReadBuffer(4096)
		}
		return conn, err
	}}
	stalled, _, err := d.Dial(r.url(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	eventually(t, "both clients connected", func() bool { return r.srv.Clients() == 2 })

	total := 0
	for h := 1; h <= 10; h++ {
		total += f.advance(day0.Add(time.Duration(h) * time.Hour))
	}
	if total < 50_000 {
		t.Fatalf("only %d events: not enough to fill the stalled client's socket", total)
	}
	eventually(t, "the reading client has everything", func() bool { return c.Counts().LastSeq == uint64(total) })
	if !sameRows(rec.rows(t), serverRows(r.srv)) {
		t.Error("the reading client's counters differ from the server's")
	}
	eventually(t, "the stalled client is dropped", func() bool { return r.srv.Clients() == 1 })
}
