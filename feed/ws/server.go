package ws

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/gorilla/websocket"
)

// ServerOptions configure a Server. Zero durations and sizes take the
// protocol's defaults, so tests set only what they shorten.
type ServerOptions struct {
	// Name is the hello's "server" (software/version).
	Name string
	// Stream identifies this run; empty picks a random one. Keep it only
	// when the buffer is kept too (a restart that remembers its events).
	Stream string
	// Config is the configuration of the server's own kpi.State, which
	// holds the live state that snapshot messages carry.
	Config kpi.Config
	// Clock is the server's "now" (time.Now; the simulator's clock).
	Clock func() time.Time
	// Buffer is how many events the server keeps for clients that resume
	// (default 100 000: more than an hour below 27 events/s).
	Buffer int
	// MaxLag is how many events a client that has caught up once may be
	// behind for longer than LagGrace before it is dropped with a close
	// message; it then resumes from the buffer (default Buffer/2, so its
	// events are still there). A client whose next event has left the
	// buffer is dropped at once.
	MaxLag int
	// LagGrace is how long a client may stay more than MaxLag behind: a
	// burst of events is drained, a client that cannot keep up is not
	// (default 5 s).
	LagGrace time.Duration
	// PingEvery is the ping period (default 10 s); a client that answers
	// no ping for three periods is dropped.
	PingEvery time.Duration
	// WriteTimeout bounds one frame's write (default 10 s): a client whose
	// socket does not drain is dropped instead of holding anything up.
	WriteTimeout time.Duration
	// ResumeWait is how long the server waits for a client's resume
	// message before treating it as new (default 1 s).
	ResumeWait time.Duration
	// FrameEvents is the most events one frame carries (default 256).
	FrameEvents int
	// Token, when set, is the bearer token clients must send.
	Token string
	// Log receives connection events (nil: discarded).
	Log *slog.Logger
}

func (o *ServerOptions) defaults() {
	if o.Name == "" {
		o.Name = "wallboard/1"
	}
	if o.Stream == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		o.Stream = hex.EncodeToString(b[:])
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Buffer <= 0 {
		o.Buffer = 100_000
	}
	if o.MaxLag <= 0 || o.MaxLag >= o.Buffer {
		o.MaxLag = max(1, o.Buffer/2)
	}
	if o.LagGrace <= 0 {
		o.LagGrace = 5 * time.Second
	}
	if o.PingEvery <= 0 {
		o.PingEvery = 10 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 10 * time.Second
	}
	if o.ResumeWait <= 0 {
		o.ResumeWait = time.Second
	}
	if o.FrameEvents <= 0 {
		o.FrameEvents = 256
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// Server serves one event stream over the protocol to any number of
// clients. Events enter by Publish; each client has its own writer that
// reads the shared buffer at its own pace, so Publish never waits for a
// client and a slow client never slows another: one that falls MaxLag
// behind, or whose socket stops draining, is dropped and resumes later.
type Server struct {
	opts ServerOptions
	up   websocket.Upgrader

	mu      sync.Mutex
	ring    *ring
	state   *kpi.State
	conns   map[*serverConn]struct{}
	closed  bool
	dropped int
}

// NewServer checks opts.Config and returns a server with an empty stream.
func NewServer(opts ServerOptions) (*Server, error) {
	opts.defaults()
	if err := opts.Config.Validate(); err != nil {
		return nil, err
	}
	return &Server{
		opts:  opts,
		up:    websocket.Upgrader{HandshakeTimeout: opts.WriteTimeout, ReadBufferSize: 4096, WriteBufferSize: 64 << 10},
		ring:  newRing(opts.Buffer),
		state: kpi.NewState(opts.Config),
		conns: make(map[*serverConn]struct{}),
	}, nil
}

// Stream is the stream id clients see in hello.
func (s *Server) Stream() string { return s.opts.Stream }

// LastSeq is the seq of the newest event published (0 before any).
func (s *Server) LastSeq() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ring.last()
}

// Clients is the number of connected clients.
func (s *Server) Clients() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Dropped is the number of clients dropped for falling behind.
func (s *Server) Dropped() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

// Inspect runs f on the server's state while no event is being published,
// for tests and for comparing a client with its server.
func (s *Server) Inspect(f func(*kpi.State)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.state)
}

// Publish gives evs the next seqs (setting Seq in place), keeps them for
// resuming clients, applies them to the live state and wakes the writers.
// It never blocks on a client.
func (s *Server) Publish(evs []feed.Event) {
	if len(evs) == 0 {
		return
	}
	s.mu.Lock()
	for i := range evs {
		evs[i].Seq = s.ring.push(&evs[i])
		s.state.Apply(&evs[i])
	}
	for c := range s.conns {
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
	s.mu.Unlock()
}

// Disconnect drops every client with a "going away" close message; they
// reconnect and resume. The stream and its buffer stay, as after a restart
// that kept its state.
func (s *Server) Disconnect() {
	s.mu.Lock()
	conns := make([]*serverConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.shut(websocket.CloseGoingAway, "server going away; resume later", s.opts.WriteTimeout)
	}
}

// Close disconnects every client and refuses new ones.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.Disconnect()
}

// serverConn is one client connection.
type serverConn struct {
	ws   *websocket.Conn
	wake chan struct{}
	done chan struct{}
	once sync.Once
}

// shut sends a close message (best effort) and closes the connection; it is
// safe from any goroutine and idempotent.
func (c *serverConn) shut(code int, reason string, timeout time.Duration) {
	c.once.Do(func() {
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(timeout))
		close(c.done)
		_ = c.ws.Close()
	})
}

// ServeHTTP upgrades the request and serves the stream: JSON messages, or
// raw queue_log lines when the URL asks for ?format=queue_log.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.opts.Token != "" {
		got := []byte(r.Header.Get("Authorization"))
		want := []byte("Bearer " + s.opts.Token)
		if subtle.ConstantTimeCompare(got, want) != 1 {
			http.Error(w, "missing or wrong bearer token", http.StatusUnauthorized)
			return
		}
	}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		http.Error(w, "server is shutting down", http.StatusServiceUnavailable)
		return
	}
	ws, err := s.up.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}
	c := &serverConn{ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.serve(c, r.URL.Query().Get("format") == "queue_log", r.RemoteAddr)
}

// plan is where a new connection starts: an optional gap, the first seq to
// send from the buffer, and a snapshot to send once the events up to
// snapAt are out.
type plan struct {
	gap    *Gap
	cursor uint64
	snap   []byte
	snapAt uint64
}

// planFor decides how to start a client; s.mu is held. A client that
// resumes this stream from a point still buffered gets exactly the events
// after it. Any other client (new, another stream, too old) gets what the
// buffer holds, a gap for what it lost, then a snapshot of the live state,
// because its own live state cannot be trusted.
func (s *Server) planFor(r Resume) plan {
	first, last := s.ring.first(), s.ring.last()
	if r.Stream == s.opts.Stream && r.AfterSeq <= last && r.AfterSeq+1 >= first {
		return plan{cursor: r.AfterSeq + 1}
	}
	p := plan{cursor: first, snapAt: last}
	from := uint64(1)
	if r.Stream == s.opts.Stream && r.AfterSeq <= last {
		from = r.AfterSeq + 1
	}
	if from < first {
		p.gap = &Gap{FromSeq: from, ToSeq: first - 1}
	}
	snap := &Snapshot{Seq: last, TS: s.opts.Clock(), Calls: s.state.LiveCalls(), Agents: s.state.LiveAgents(s.opts.Clock())}
	p.snap = AppendSnapshot(nil, snap)
	return p
}

func (s *Server) serve(c *serverConn, raw bool, remote string) {
	log := s.opts.Log.With("client", remote)
	defer c.shut(websocket.CloseNormalClosure, "", s.opts.WriteTimeout)
	c.ws.SetReadLimit(64 << 10)
	var p plan
	if raw {
		s.mu.Lock()
		p.cursor = s.ring.first()
		s.mu.Unlock()
		go s.readLoop(c, make(chan Resume, 1))
	} else {
		hello := AppendHello(nil, Hello{V: ProtocolVersion, Server: s.opts.Name, Stream: s.opts.Stream, TS: s.opts.Clock()})
		if err := s.write(c, hello); err != nil {
			return
		}
		// Anything but a resume within ResumeWait makes a new client.
		first := make(chan Resume, 1)
		go s.readLoop(c, first)
		var r Resume
		wait := time.NewTimer(s.opts.ResumeWait)
		select {
		case r = <-first:
		case <-wait.C:
		case <-c.done:
		}
		wait.Stop()
		s.mu.Lock()
		p = s.planFor(r)
		s.mu.Unlock()
		log.Info("feed: client connected", "resume_stream", r.Stream, "after_seq", r.AfterSeq, "from_seq", p.cursor, "gap", p.gap != nil)
	}
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
	}()
	if err := s.writeLoop(c, p, raw); err != nil {
		log.Info("feed: client dropped", "err", err)
	}
}

// readLoop reads what the client sends: its first text message is its
// resume (handed to serve), the rest is ignored; reading is what makes
// pongs and a close seen. A client silent for three ping periods is gone.
// (A read deadline cannot time the resume itself: after a timeout the
// websocket connection is unusable.)
func (s *Server) readLoop(c *serverConn, first chan<- Resume) {
	dead := 3 * s.opts.PingEvery
	_ = c.ws.SetReadDeadline(time.Now().Add(dead))
	c.ws.SetPongHandler(func(string) error { return c.ws.SetReadDeadline(time.Now().Add(dead)) })
	for n := 0; ; n++ {
		typ, b, err := c.ws.ReadMessage()
		if err != nil {
			c.shut(websocket.CloseNormalClosure, "", s.opts.WriteTimeout)
			return
		}
		if n == 0 && typ == websocket.TextMessage {
			if r, err := DecodeResume(b); err == nil {
				first <- r // buffered: never blocks
			}
		}
		_ = c.ws.SetReadDeadline(time.Now().Add(dead))
	}
}

func (s *Server) write(c *serverConn, b []byte) error {
	_ = c.ws.SetWriteDeadline(time.Now().Add(s.opts.WriteTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

var errBehind = errors.New("fell too far behind")

// writeLoop sends the plan, then follows the buffer until the connection
// ends. It is the connection's only writer of data frames.
func (s *Server) writeLoop(c *serverConn, p plan, raw bool) error {
	if p.gap != nil {
		if err := s.write(c, AppendGap(nil, *p.gap)); err != nil {
			return err
		}
	}
	ping := time.NewTicker(s.opts.PingEvery)
	defer ping.Stop()
	cursor, caughtUp := p.cursor, false
	var lagSince time.Time // when the client went more than MaxLag behind
	var evs []feed.Event
	var frame []byte
	for {
		select {
		case <-ping.C: // a busy stream pings too: the client's pongs keep readLoop's deadline
			if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(s.opts.WriteTimeout)); err != nil {
				return err
			}
		default:
		}
		if p.snap != nil && cursor > p.snapAt {
			if err := s.write(c, p.snap); err != nil {
				return err
			}
			p.snap = nil
		}
		limit := s.opts.FrameEvents
		if p.snap != nil {
			limit = min(limit, int(p.snapAt-cursor+1))
		}
		s.mu.Lock()
		first, last := s.ring.first(), s.ring.last()
		behind := cursor < first
		if caughtUp && last+1-cursor > uint64(s.opts.MaxLag) {
			if lagSince.IsZero() {
				lagSince = time.Now()
			}
			behind = behind || time.Since(lagSince) > s.opts.LagGrace
		} else {
			lagSince = time.Time{}
		}
		if behind {
			s.dropped++
		} else {
			evs = s.ring.copyFrom(evs[:0], cursor, limit)
		}
		s.mu.Unlock()
		if behind {
			c.shut(websocket.CloseTryAgainLater, "client fell too far behind; resume", s.opts.WriteTimeout)
			return errBehind
		}
		if len(evs) == 0 {
			caughtUp = true
			select {
			case <-c.wake:
			case <-ping.C:
				if err := c.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(s.opts.WriteTimeout)); err != nil {
					return err
				}
			case <-c.done:
				return nil
			}
			continue
		}
		frame = frame[:0]
		for i := range evs {
			if raw {
				frame = feed.AppendQueueLog(frame, &evs[i])
				continue
			}
			if i > 0 {
				frame = append(frame, '\n')
			}
			frame = AppendEvent(frame, &evs[i])
		}
		cursor += uint64(len(evs))
		if len(frame) == 0 {
			continue // raw: events without a queue_log form
		}
		if err := s.write(c, frame); err != nil {
			return err
		}
	}
}
