package ws

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
	"github.com/callfloor/wallboard/kpi"
)

// day0 is the simulated morning the loopback tests run through (UTC, so
// the half-hours are plain arithmetic).
var day0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func testConfig() kpi.Config {
	cfg := kpi.DefaultConfig()
	cfg.Location = time.UTC
	cfg.KeepDays = 0
	return cfg
}

// simFeed produces the simulator's events in steps, like `simulate` does,
// and writes each published event to a queue_log as --write-log does.
type simFeed struct {
	t   testing.TB
	s   *sim.Sim
	srv *Server
	log bytes.Buffer

	clock *simNow // nil when the server runs on the wall clock
}

// simNow is the simulated clock shared by a test's server and feed: the
// server stamps hello and snapshot messages with it.
type simNow struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simNow) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simNow) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func newSimFeed(t testing.TB, srv *Server, agents int) *simFeed {
	c := sim.Default()
	c.Location, c.Agents, c.Start = time.UTC, agents, day0
	s, err := sim.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return &simFeed{t: t, s: s, srv: srv}
}

// feed is a simulator publishing through the rig's server on its clock.
func (r *rig) feed(agents int) *simFeed {
	f := newSimFeed(r.t, r.srv, agents)
	f.clock = r.clock
	return f
}

// advance publishes the events up to to and returns how many.
func (f *simFeed) advance(to time.Time) int {
	var evs []feed.Event
	f.s.Advance(to, func(ev *feed.Event) { evs = append(evs, *ev) })
	f.srv.Publish(evs)
	if f.clock != nil {
		f.clock.set(to)
	}
	for i := range evs {
		f.log.Write(feed.AppendQueueLog(nil, &evs[i]))
	}
	return len(evs)
}

// advanceBy publishes up to to in steps of step, waiting after each for
// client c to have it all: a client of a tiny buffer must keep up.
func (f *simFeed) advanceBy(to time.Time, step time.Duration, c *Client) {
	for at := f.s.Now().Add(step); !at.After(to); at = at.Add(step) {
		f.advance(at)
		last := f.srv.LastSeq()
		eventually(f.t, "the client keeps up", func() bool { return c.Counts().LastSeq >= last })
	}
}

// rig is a server on a loopback port that can be stopped and started
// again on the same address, keeping its stream (a restart with state).
type rig struct {
	t    testing.TB
	srv  *Server
	addr string
	hs   *http.Server

	clock *simNow
}

func newRig(t testing.TB, opts ServerOptions) *rig {
	t.Helper()
	if opts.Config.Interval == 0 {
		opts.Config = testConfig()
	}
	r := &rig{t: t, clock: &simNow{t: day0}}
	if opts.Clock == nil {
		opts.Clock = r.clock.now
	}
	srv, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	r.srv = srv
	r.start("127.0.0.1:0")
	t.Cleanup(r.stop)
	return r
}

func (r *rig) start(addr string) {
	r.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the old socket may linger for a moment
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		r.t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	r.hs = &http.Server{Handler: r.srv}
	go r.hs.Serve(ln)
}

// stop closes the listener and drops every client, as a killed server does.
func (r *rig) stop() {
	if r.hs != nil {
		r.hs.Close()
		r.hs = nil
	}
	r.srv.Disconnect()
}

func (r *rig) url() string { return "ws://" + r.addr + "/feed" }

// recorder is a Sink around a real engine that remembers every status.
type recorder struct {
	*kpi.Engine
	mu       sync.Mutex
	statuses []kpi.SourceStatus
}

func (r *recorder) SetSource(st kpi.SourceStatus) {
	r.mu.Lock()
	r.statuses = append(r.statuses, st)
	r.mu.Unlock()
	r.Engine.SetSource(st)
}

// saw reports whether a status with this state and detail text was set.
func (r *recorder) saw(state, text string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, st := range r.statuses {
		if st.State == state && strings.Contains(st.Detail, text) {
			return true
		}
	}
	return false
}

func (r *recorder) last() kpi.SourceStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.statuses) == 0 {
		return kpi.SourceStatus{}
	}
	return r.statuses[len(r.statuses)-1]
}

// rows reads the engine's interval rows on its goroutine.
func (r *recorder) rows(t *testing.T) []kpi.IntervalRow {
	var rows []kpi.IntervalRow
	if err := r.Do(context.Background(), func(s *kpi.State) { rows = s.Rows() }); err != nil {
		t.Fatal(err)
	}
	return rows
}

// startClient runs an engine and a client on url with fast timings.
func startClient(t *testing.T, url string, tweak func(*ClientOptions)) (*Client, *recorder) {
	t.Helper()
	// The engine's clock stays at the start of the simulated morning: its
	// idle ticks then end no wrap-up by wall time, and the client's state
	// follows the events alone, as the server's does.
	eng, err := kpi.NewEngine(testConfig(), kpi.NewHub(), func() time.Time { return day0 })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rec := &recorder{Engine: eng}
	opts := ClientOptions{URL: url, BackoffMin: 10 * time.Millisecond, BackoffMax: 100 * time.Millisecond,
		CheckEvery: 10 * time.Millisecond, StaleAfter: 5 * time.Second, HandshakeTimeout: 2 * time.Second}
	if tweak != nil {
		tweak(&opts)
	}
	c, err := NewClient(opts, rec)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); eng.Run(ctx) }()
	go func() { defer wg.Done(); c.Run(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
	return c, rec
}

// eventually polls cond every 10 ms for up to 10 s (a generous bound for
// a loaded machine; the conditions are met in milliseconds normally).
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// sameRows compares two row sets field by field (times with Equal).
func sameRows(a, b []kpi.IntervalRow) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Queue != b[i].Queue || !a[i].Start.Equal(b[i].Start) || !a[i].End.Equal(b[i].End) || a[i].Counters != b[i].Counters {
			return false
		}
	}
	return true
}

func serverRows(srv *Server) []kpi.IntervalRow {
	var rows []kpi.IntervalRow
	srv.Inspect(func(s *kpi.State) { rows = s.Rows() })
	return rows
}
