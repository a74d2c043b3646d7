package ws

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/gorilla/websocket"
)

// Sink is where a Client puts what it reads: *kpi.Engine implements it.
type Sink interface {
	Submit(ctx context.Context, batch []feed.Event) error
	SetSource(kpi.SourceStatus)
	Do(ctx context.Context, f func(*kpi.State)) error
}

// The protocol's timing (docs/feed-protocol.md).
const (
	DefaultStaleAfter = 15 * time.Second
	DefaultBackoffMin = 500 * time.Millisecond
	DefaultBackoffMax = 30 * time.Second
	DefaultReadLimit  = 1 << 20
)

// ClientOptions configure a Client. Zero values take the protocol's
// defaults; tests shorten the durations and inject the clock.
type ClientOptions struct {
	URL      string // ws:// or wss://
	Token    string // bearer token sent in Authorization; "" sends none
	Insecure bool   // skip TLS verification: test rigs only
	// TLS, when set, is the TLS configuration (a private CA in tests);
	// otherwise the system pool verifies wss:// servers.
	TLS *tls.Config
	// Clock is the wall clock (time.Now): it stamps frames and measures
	// staleness, so a test can age a feed without waiting.
	Clock func() time.Time
	// StaleAfter is the silence after which the feed is stale and the
	// connection is dropped and retried (default 15 s).
	StaleAfter time.Duration
	// CheckEvery is how often staleness is checked (default 1 s).
	CheckEvery time.Duration
	// HandshakeTimeout bounds connecting and the websocket handshake
	// (default 10 s).
	HandshakeTimeout time.Duration
	// BackoffMin and BackoffMax bound the reconnect delay, which doubles
	// per failed attempt (defaults 0.5 s and 30 s).
	BackoffMin, BackoffMax time.Duration
	// Jitter returns a number in [0, 1) that spreads each delay over
	// ±20 % (default math/rand), so a floor of boards does not reconnect
	// in lockstep after a server restart.
	Jitter func() float64
	// ReadLimit is the largest frame accepted (default 1 MiB). A larger
	// frame drops the connection (see Client.Run).
	ReadLimit int64
	// Log receives connection events and malformed messages (nil: discarded).
	Log *slog.Logger
}

func (o *ClientOptions) defaults() {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.StaleAfter <= 0 {
		o.StaleAfter = DefaultStaleAfter
	}
	if o.CheckEvery <= 0 {
		o.CheckEvery = time.Second
	}
	if o.HandshakeTimeout <= 0 {
		o.HandshakeTimeout = 10 * time.Second
	}
	if o.BackoffMin <= 0 {
		o.BackoffMin = DefaultBackoffMin
	}
	if o.BackoffMax < o.BackoffMin {
		o.BackoffMax = max(o.BackoffMin, DefaultBackoffMax)
	}
	if o.Jitter == nil {
		o.Jitter = rand.Float64
	}
	if o.ReadLimit <= 0 {
		o.ReadLimit = DefaultReadLimit
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// ClientCounts are the client's own counts, beside the decoder's.
type ClientCounts struct {
	Counts
	Connects   int // successful handshakes
	Duplicates int // events at or below the last seq seen (ignored)
	Jumps      int // seq jumps (each one a reconnect and resume)
	Gaps       int // gap messages (intervals marked incomplete)
	Snapshots  int // snapshot messages (live state replaced)
	NewStreams int // the server started a new stream (state reset)
	Stale      int // times the feed went stale (then reconnected)

	Stream  string // the stream followed
	LastSeq uint64 // the newest seq applied (or declared lost)
}

// Client follows one server's stream into a Sink: it reconnects with
// back-off, resumes after the last seq it applied, ignores duplicates,
// reconnects on a seq jump, marks gaps incomplete and reports its health
// through SetSource. Its methods other than Counts are for one goroutine.
type Client struct {
	opts ClientOptions
	sink Sink
	dec  *Decoder

	stream    string
	lastSeq   uint64
	lastEvent time.Time // time of the newest event applied
	gapOpen   bool      // a gap was announced; marked again at the first event after it
	gapFrom   time.Time
	unseqBad  bool    // a message without a readable seq was skipped since the last seq
	raw       rawMark // how far a stream without seqs (queue_log) was applied

	batch []feed.Event

	mu        sync.Mutex
	counts    ClientCounts
	lastFrame time.Time // Clock time of the newest frame
	lastShown time.Time // LastMsg last reported through SetSource
	// The decoder's account of messages it skipped or repaired, for the
	// board (SourceStatus.Input), and its Noted() when last taken.
	input        string
	inputSkipped int
	inputNoted   int
}

// NewClient checks the URL and returns a client feeding sink.
func NewClient(opts ClientOptions, sink Sink) (*Client, error) {
	opts.defaults()
	if !strings.Contains(opts.URL, "://") {
		// "host:8765" would fail to parse with a message about colons.
		return nil, fmt.Errorf("feed URL %q: want ws://HOST:PORT/PATH or wss://…", opts.URL)
	}
	u, err := url.Parse(opts.URL)
	if err != nil {
		return nil, fmt.Errorf("feed URL %q: %v", opts.URL, err)
	}
	if u.Scheme != "ws" && u.Scheme != "wss" {
		return nil, fmt.Errorf("feed URL %q: want ws:// or wss://", opts.URL)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("feed URL %q: no host", opts.URL)
	}
	return &Client{opts: opts, sink: sink, dec: NewDecoder(opts.URL, opts.Log)}, nil
}

// Counts returns what the client has seen so far; safe from any goroutine.
func (c *Client) Counts() ClientCounts {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts
}

// Backoff is the delay before reconnect attempt n (1-based): BackoffMin
// doubling per attempt up to BackoffMax, spread by jitter j in [0, 1) over
// ±20 % and capped at BackoffMax.
func Backoff(n int, lo, hi time.Duration, j float64) time.Duration {
	d := lo
	for i := 1; i < n && d < hi; i++ {
		d *= 2
	}
	d = min(d, hi)
	return min(time.Duration(float64(d)*(0.8+0.4*j)), hi)
}

// Run follows the stream until ctx ends. Every failure (refused, timed
// out, closed, stale, oversized frame, seq jump) ends one connection and
// is reported as "reconnecting (attempt N, next in D): <why, naming the
// URL>"; the last good numbers stay on the board meanwhile.
//
// A frame over ReadLimit ends the connection rather than being skipped:
// the websocket library has already refused it (close code 1009) and the
// connection cannot read past it. Resuming after the last seq applied
// loses nothing the server still buffers.
func (c *Client) Run(ctx context.Context) error {
	attempt := 1
	for {
		c.status("reconnecting", fmt.Sprintf("connecting to %s (attempt %d)", c.opts.URL, attempt))
		connected, err := c.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if connected {
			attempt = 1
		}
		delay := Backoff(attempt, c.opts.BackoffMin, c.opts.BackoffMax, c.opts.Jitter())
		msg := fmt.Sprintf("reconnecting (attempt %d, next in %s): %v", attempt, delay.Round(100*time.Millisecond), err)
		c.opts.Log.Warn("feed: " + msg)
		c.status("reconnecting", msg)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		attempt++
	}
}

// status reports the feed's state with the time of the newest frame.
func (c *Client) status(state, detail string) {
	c.mu.Lock()
	last := c.lastFrame
	c.lastShown = last
	input, skipped := c.input, c.inputSkipped
	c.mu.Unlock()
	c.sink.SetSource(kpi.SourceStatus{Name: c.opts.URL, State: state, Detail: detail, LastMsg: last,
		Input: input, InputSkipped: skipped})
}

// Staleness reports whether a feed whose newest frame came at last is
// stale at now, with the sentence the board shows. It is the whole stale
// rule, kept apart so that it is tested with a fake clock.
func Staleness(now, last time.Time, after time.Duration) (bool, string) {
	age := now.Sub(last)
	if last.IsZero() || age < after {
		return false, ""
	}
	return true, fmt.Sprintf("no data for %s (stale after %s)", age.Round(time.Second), after)
}

type staleError struct{ detail string }

func (e staleError) Error() string { return e.detail }

// session runs one connection: dial, resume, read until it fails.
// connected reports whether the handshake succeeded.
func (c *Client) session(ctx context.Context) (connected bool, err error) {
	conn, err := c.dial(ctx)
	if err != nil {
		return false, err
	}
	c.mu.Lock()
	c.counts.Connects++
	c.lastFrame = c.opts.Clock() // the handshake counts as hearing from the server
	c.mu.Unlock()
	c.raw.start()
	defer conn.Close()
	conn.SetReadLimit(c.opts.ReadLimit)
	resume := AppendResume(nil, Resume{Stream: c.stream, AfterSeq: c.lastSeq})
	_ = conn.SetWriteDeadline(time.Now().Add(c.opts.HandshakeTimeout))
	if err := conn.WriteMessage(websocket.TextMessage, resume); err != nil {
		return true, fmt.Errorf("%s: sending resume: %w", c.opts.URL, err)
	}
	c.status("live", "connected to "+c.opts.URL)
	// Pings are frames too: a quiet feed whose server pings is live.
	conn.SetPingHandler(func(data string) error {
		c.touch()
		err := conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(c.opts.HandshakeTimeout))
		if errors.Is(err, websocket.ErrCloseSent) {
			return nil
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return nil
		}
		return err
	})

	// The watchdog drops a silent connection; its reason wins over the
	// read error that the drop causes.
	stale := make(chan string, 1)
	done := make(chan struct{})
	defer close(done)
	go c.watch(ctx, conn, stale, done)
	for {
		typ, data, rerr := conn.ReadMessage()
		if rerr != nil {
			select {
			case why := <-stale:
				return true, staleError{fmt.Sprintf("%s: %s", c.opts.URL, why)}
			default:
			}
			if ctx.Err() != nil {
				return true, ctx.Err()
			}
			return true, c.readError(rerr)
		}
		c.touch()
		if typ != websocket.TextMessage {
			c.dec.counts.BinaryFrames++
			continue
		}
		if err := c.frame(ctx, data); err != nil {
			return true, err
		}
	}
}

// touch records that a frame (data or ping) arrived now.
func (c *Client) touch() {
	now := c.opts.Clock()
	c.mu.Lock()
	c.lastFrame = now
	c.mu.Unlock()
}

func (c *Client) dial(ctx context.Context) (*websocket.Conn, error) {
	d := websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: c.opts.HandshakeTimeout,
		TLSClientConfig:  c.opts.TLS,
		ReadBufferSize:   64 << 10,
	}
	if c.opts.Insecure {
		cfg := &tls.Config{}
		if c.opts.TLS != nil {
			cfg = c.opts.TLS.Clone()
		}
		cfg.InsecureSkipVerify = true
		d.TLSClientConfig = cfg
	}
	hdr := http.Header{}
	if c.opts.Token != "" {
		hdr.Set("Authorization", "Bearer "+c.opts.Token)
	}
	hctx, cancel := context.WithTimeout(ctx, c.opts.HandshakeTimeout)
	defer cancel()
	conn, resp, err := d.DialContext(hctx, c.opts.URL, hdr)
	if err == nil {
		return conn, nil
	}
	if resp != nil {
		defer resp.Body.Close()
		return nil, handshakeError(c.opts.URL, resp)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		return nil, fmt.Errorf("%s: no websocket handshake within %s (is it a feed server?)", c.opts.URL, c.opts.HandshakeTimeout)
	}
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) {
		// wss:// to a server that speaks plain HTTP answers TLS's hello
		// with HTTP: the fix is in the URL, not the certificate.
		return nil, fmt.Errorf("%s: the server does not speak TLS (for a plain feed use ws://): %w", c.opts.URL, err)
	}
	return nil, fmt.Errorf("%s: %w", c.opts.URL, err)
}

// handshakeError words an HTTP answer that is not a websocket upgrade.
// The board's banner is one line, so the hint comes right after the
// status: a 401 cut short must still say "check the token".
func handshakeError(url string, resp *http.Response) error {
	switch code := resp.StatusCode; {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return fmt.Errorf("%s: %s: check the token (--token-file or $WALLBOARD_TOKEN)", url, resp.Status)
	case code == http.StatusNotFound:
		return fmt.Errorf("%s: %s: check the path in the URL", url, resp.Status)
	case code < 400:
		// A web server, not a feed: "refused … 200 OK" would read as a
		// contradiction.
		return fmt.Errorf("%s: answered %s, not a websocket upgrade: is it a feed server? (check the URL)", url, resp.Status)
	}
	return fmt.Errorf("%s: server refused the websocket handshake: %s", url, resp.Status)
}

// readError words why a connection ended.
func (c *Client) readError(err error) error {
	if errors.Is(err, websocket.ErrReadLimit) {
		c.dec.counts.Oversized++
		c.mu.Lock()
		c.counts.Counts = c.dec.Counts()
		c.mu.Unlock()
		c.opts.Log.Warn("feed: refused a frame over the read limit", "source", c.opts.URL, "limit", c.opts.ReadLimit)
		return fmt.Errorf("%s: refused a frame over %d bytes; resuming after seq %d", c.opts.URL, c.opts.ReadLimit, c.lastSeq)
	}
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return fmt.Errorf("%s: server closed the connection (%d %s)", c.opts.URL, ce.Code, ce.Text)
	}
	return fmt.Errorf("%s: %w", c.opts.URL, err)
}

// watch closes conn when no frame came for StaleAfter, after reporting
// the feed stale with its age, or when ctx ends. While frames come it
// refreshes the status's LastMsg.
func (c *Client) watch(ctx context.Context, conn *websocket.Conn, stale chan<- string, done <-chan struct{}) {
	t := time.NewTicker(c.opts.CheckEvery)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			conn.Close()
			return
		case <-t.C:
		}
		c.mu.Lock()
		last, shown := c.lastFrame, c.lastShown
		c.mu.Unlock()
		isStale, why := Staleness(c.opts.Clock(), last, c.opts.StaleAfter)
		if !isStale && last.Sub(shown) >= time.Second {
			// Keep the board's "data … old" current, at most once a second.
			select {
			case <-done:
				return
			default:
				c.status("live", "connected to "+c.opts.URL)
			}
		}
		if isStale {
			c.mu.Lock()
			c.counts.Stale++
			c.mu.Unlock()
			c.status("stale", why)
			stale <- why
			conn.Close()
			return
		}
	}
}
