package serve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
	"github.com/callfloor/wallboard/kpi"
	"github.com/charmbracelet/wish/testsession"
	gossh "golang.org/x/crypto/ssh"
)

// waitLimit bounds every wait in these tests: it only decides when a test
// that is going wrong gives up, never what counts as passing.
const waitLimit = 20 * time.Second

// startDemo runs the simulator into an engine until ctx ends, as the
// demo command does: the simulated day starts an hour ago and catches up
// at once, then follows the wall clock. It returns the hub and the
// simulator's queue names (sales, support, billing, vip for 4 queues).
func startDemo(ctx context.Context) (*kpi.Hub, []string, func() time.Time, error) {
	// The simulated centre runs at 10:00 of today (UTC) whatever the hour
	// the tests run: its day has a shape (quiet evenings, when a queue may
	// see no call in an hour and so never appear), and tests that wait for
	// every queue must not pass by day and fail by night.
	y, m, d := time.Now().UTC().Date()
	offset := time.Until(time.Date(y, m, d, 10, 0, 0, 0, time.UTC))
	clock := func() time.Time { return time.Now().Add(offset) }
	now := clock()
	sc := sim.Default()
	sc.Location, sc.Start = time.UTC, now.Add(-time.Hour)
	s, err := sim.New(sc)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg := kpi.DefaultConfig()
	cfg.Location, cfg.KeepDays = time.UTC, 1
	cfg.Queues = map[string]kpi.QueueRules{}
	for _, q := range s.Queues() {
		cfg.Queues[q] = cfg.Rules
	}
	hub := kpi.NewHub()
	eng, err := kpi.NewEngine(cfg, hub, clock)
	if err != nil {
		return nil, nil, nil, err
	}
	go eng.Run(ctx)
	eng.SetSource(kpi.SourceStatus{Name: "demo", State: "live"})
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			var batch []feed.Event
			s.Advance(clock(), func(ev *feed.Event) { batch = append(batch, *ev) })
			if len(batch) > 0 {
				_ = eng.Submit(ctx, batch)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return hub, s.Queues(), clock, nil
}

// fixture is a server on a demo feed with one authorized client key.
type fixture struct {
	srv    *Server
	addr   string
	client gossh.Signer // in the authorized list
	queues []string
	log    *syncBuffer
	hub    *kpi.Hub
}

// newFixture starts a server on 127.0.0.1 through wish's testsession;
// edit adjusts the Config before New.
func newFixture(t *testing.T, edit func(*Config)) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	hub, queues, clock, err := startDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	client := newSigner(t)
	host, _, err := GenerateHostKey()
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	cfg := Config{
		Keys:    []AuthorizedKey{{Key: client.PublicKey(), Comment: "ana@floor", Line: 1}},
		HostKey: host,
		Open:    Shared(Board{Hub: hub, Title: "demo", Clock: clock}),
		Logger:  slog.New(slog.NewTextHandler(logs, nil)),
	}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{srv: srv, addr: testsession.Listen(t, srv.Server), client: client, queues: queues, log: logs, hub: hub}
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (f *fixture) clientConfig(user string) *gossh.ClientConfig {
	return &gossh.ClientConfig{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(f.client)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
}

// term is one client session's terminal: everything the server wrote.
type term struct {
	sess   *gossh.Session
	in     io.Writer
	out    *syncBuffer
	stderr *syncBuffer
}

// openBoard logs in as user with a w×h pty and starts the shell (the board).
func (f *fixture) openBoard(t *testing.T, user string, w, h int) *term {
	t.Helper()
	sess, err := testsession.NewClientSession(t, f.addr, f.clientConfig(user))
	if err != nil {
		t.Fatal(err)
	}
	return startBoard(t, sess, w, h)
}

func startBoard(t *testing.T, sess *gossh.Session, w, h int) *term {
	t.Helper()
	tm := &term{sess: sess, out: &syncBuffer{}, stderr: &syncBuffer{}}
	sess.Stdout, sess.Stderr = tm.out, tm.stderr
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	tm.in = in
	if err := sess.Setenv("COLORTERM", "truecolor"); err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return tm
}

// wait waits for the session to end and returns its exit status.
func (tm *term) wait(t *testing.T) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- tm.sess.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			return 0
		}
		if ee, ok := err.(*gossh.ExitError); ok {
			return ee.ExitStatus()
		}
		t.Fatalf("session ended without an exit status: %v", err)
	case <-time.After(waitLimit):
		t.Fatalf("session did not end; output so far:\n%q", tail(tm.out.String()))
	}
	return -1
}

// syncBuffer is a bytes.Buffer safe for one writer and many readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

// waitFor waits until everything in want appears in the output after
// byte offset from; it returns the length of the output at that point.
func (s *syncBuffer) waitFor(t *testing.T, from int, want ...string) int {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		out := s.String()
		missing := ""
		for _, w := range want {
			if !strings.Contains(out[min(from, len(out)):], w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return len(out)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q never appeared; output after offset %d ends:\n%q", missing, from, tail(out[min(from, len(out)):]))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func tail(s string) string {
	if len(s) > 1500 {
		return "…" + s[len(s)-1500:]
	}
	return s
}

// eventually polls cond until it holds or the wait limit passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(fmt.Sprintf("gave up waiting: %s", what))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
