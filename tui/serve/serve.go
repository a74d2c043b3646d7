// Package serve is the wallboard's SSH server: supervisors run
// `ssh -p 2222 board-host` and get the board in their own terminal. One
// process serves every session from one engine (or, for replay, one
// player per session); each session has its own bubbletea program,
// renderer, colour profile, theme, page and size, and reads snapshots from
// its own latest-wins mailbox, so a slow or frozen client never slows the
// engine or anyone else.
//
// Security is narrow by design: public-key logins from one authorized_keys
// list, no passwords, no commands, no forwarding, a read-only board, a
// session cap, a keyboard-idle timeout and a maximum session length.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/themes"
	"github.com/callfloor/wallboard/tui"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// Board is what one session shows: a hub to subscribe to and, for replay,
// the session's own player and clock.
type Board struct {
	Hub    *kpi.Hub
	Clock  func() time.Time // nil: the wall clock
	Player tui.Player       // nil unless this session has replay controls
	Title  string
}

// Opener gives a new session its board. It runs once per session; ctx
// ends when the session does, which is when per-session work (a replay
// player) must stop. An error refuses the session with the message.
type Opener func(ctx context.Context) (Board, error)

// Shared is the Opener for a feed every session shares (the simulator, a
// websocket, a followed file): one engine, one hub, one subscription per
// session.
func Shared(b Board) Opener {
	return func(context.Context) (Board, error) { return b, nil }
}

// Defaults for the zero values of Config.
const (
	DefaultMaxSessions = 50
	DefaultLoginGrace  = 30 * time.Second
	// fps caps how often a session's terminal is written; the board
	// itself redraws at most ~10 times a second.
	fps = 20
)

// Config is everything the server needs; cmd reads the files.
type Config struct {
	// Keys are the only keys that may log in (see ParseAuthorizedKeys).
	Keys []AuthorizedKey
	// HostKey identifies the server to clients (see GenerateHostKey).
	HostKey gossh.Signer
	// Open gives each session its board.
	Open Opener
	// Viewers decides what each key sees (ConfigViewers reads the site's
	// [[viewers]]): its queues only, with their agents, waiting calls and
	// a centre total of those queues, or a polite refusal. Nil: every key
	// in Keys sees every queue.
	Viewers Viewers
	// Theme is the sessions' theme unless one sets EnvTheme.
	Theme themes.Theme
	// Board holds the site's board options for every session (pause
	// rules, alert rules, …). The per-session fields (Snapshots, Done,
	// Renderer, Theme, Clock, Player, Title) are set by the server.
	Board tui.Options
	// MaxSessions caps concurrent board sessions; the next one is refused
	// politely. 0 means DefaultMaxSessions.
	MaxSessions int
	// Idle ends a session after this long without a key press (0: never).
	// It is also the connection's read/write inactivity timeout, which
	// reaps clients that stopped reading.
	Idle time.Duration
	// MaxSession ends a session after this long, keys or not (0: never).
	MaxSession time.Duration
	// LoginGrace is how long a connection may take to authenticate and
	// open its board. 0 means DefaultLoginGrace.
	LoginGrace time.Duration
	// Logger gets one line per login, logout and refusal. Nil discards.
	Logger *slog.Logger
}

// Server is the SSH server. The embedded *ssh.Server serves listeners
// (Serve, ListenAndServe) and closes (Close); use Server.Shutdown to stop
// with a goodbye to every session.
type Server struct {
	*ssh.Server
	cfg    Config
	keys   map[string]AuthorizedKey // by the key's wire form
	log    *slog.Logger
	active atomic.Int64 // board sessions
	conns  atomic.Int64 // TCP connections, logged in or not

	mu       sync.Mutex
	programs map[*tea.Program]struct{}
	stopping bool

	// filtered, set by tests before the first session, sees every
	// snapshot a filtering session took from the hub (in) with what its
	// board was given (out).
	filtered func(v Viewer, in, out *kpi.Snapshot)
}

// New checks cfg and builds the server; it does not listen yet.
func New(cfg Config) (*Server, error) {
	if len(cfg.Keys) == 0 {
		return nil, errors.New("serve: no authorized keys: refusing to start a server nobody may log in to")
	}
	if cfg.HostKey == nil {
		return nil, errors.New("serve: no host key")
	}
	if cfg.Open == nil {
		return nil, errors.New("serve: no board source")
	}
	if cfg.MaxSessions < 0 || cfg.Idle < 0 || cfg.MaxSession < 0 || cfg.LoginGrace < 0 {
		return nil, errors.New("serve: limits must not be negative")
	}
	if cfg.MaxSessions == 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.LoginGrace == 0 {
		cfg.LoginGrace = DefaultLoginGrace
	}
	if cfg.Theme.Name == "" {
		cfg.Theme, _ = themes.Builtin(themes.Default)
	}
	s := &Server{cfg: cfg, keys: make(map[string]AuthorizedKey, len(cfg.Keys)), programs: make(map[*tea.Program]struct{})}
	s.log = cfg.Logger
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, k := range cfg.Keys {
		s.keys[string(k.Key.Marshal())] = k
	}
	srv, err := wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(cfg.HostKey); return nil },
		// Public keys only: with no password or keyboard-interactive
		// handler those methods are not offered at all.
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithIdleTimeout(cfg.Idle),
		ssh.WrapConn(s.wrapConn),
		// The handler is the whole session; bubbletea's wish middleware
		// runs inside it (see handle).
		func(srv *ssh.Server) error { srv.Handler = s.handle; return nil },
	)
	if err != nil {
		return nil, err
	}
	if cfg.MaxSession > 0 {
		// A hard backstop behind the polite limit in the session model, for a
		// program that cannot process messages (a client that stopped reading).
		srv.MaxTimeout = cfg.MaxSession + time.Minute
	}
	srv.ConnectionFailedCallback = func(c net.Conn, err error) {
		s.log.Warn("ssh handshake failed", "remote", c.RemoteAddr().String(), "err", err)
	}
	// No port forwarding, no subsystems (sftp): leaving these empty refuses
	// them; set explicitly so that a library default cannot turn them on.
	srv.LocalPortForwardingCallback = nil
	srv.ReversePortForwardingCallback = nil
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
	srv.RequestHandlers = map[string]ssh.RequestHandler{}
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": ssh.DefaultSessionHandler}
	s.Server = srv
	return s, nil
}

// Active is the number of board sessions now.
func (s *Server) Active() int { return int(s.active.Load()) }

// maxConns caps TCP connections (logged in or not) so that a flood of
// half-open logins cannot exhaust the process; the polite refusal is at
// the session cap, well below it.
func (s *Server) maxConns() int64 { return int64(2*s.cfg.MaxSessions + 8) }

func (s *Server) wrapConn(ctx ssh.Context, c net.Conn) net.Conn {
	if n := s.conns.Add(1); n > s.maxConns() {
		s.conns.Add(-1)
		s.log.Warn("connection refused: too many connections", "remote", c.RemoteAddr().String(), "limit", s.maxConns())
		return nil
	}
	until := time.Now().Add(s.cfg.LoginGrace)
	var g *graceConn
	g = newGraceConn(c, until, s.cfg.Idle, func() {
		s.conns.Add(-1)
		// A connection that never opened a board (ssh -N, an sftp client,
		// a scanner) is closed by the grace deadline: say so, since no
		// session line will.
		if g.inGrace() && !time.Now().Before(until) {
			s.log.Info("connection closed: no board session within the login grace",
				"remote", c.RemoteAddr().String(), "grace", s.cfg.LoginGrace)
		}
	})
	ctx.SetValue(graceKey{}, g)
	return g
}

// authorize accepts exactly the keys from the authorized_keys list.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	if _, ok := s.keys[string(key.Marshal())]; ok {
		return true
	}
	s.log.Info("key refused", "user", ctx.User(), "remote", ctx.RemoteAddr().String(), "fingerprint", gossh.FingerprintSHA256(key))
	return false
}

// Shutdown stops listening, tells every session the server is stopping,
// waits (until ctx ends) for the sessions to finish saying so, then
// closes every connection. It returns ctx's error if sessions were still
// running when it gave up.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	progs := make([]*tea.Program, 0, len(s.programs))
	for p := range s.programs {
		progs = append(progs, p)
	}
	s.mu.Unlock()
	// Close the listeners now; the library's own Shutdown would also wait
	// for idle connections, which clients may hold open for long.
	closed, cancel := context.WithCancel(context.Background())
	cancel()
	_ = s.Server.Shutdown(closed)
	for _, p := range progs {
		// Send blocks while that program is busy (a client that stopped
		// reading); never let one hold up the rest.
		go p.Send(stopMsg{endShutdown})
	}
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	var err error
	for s.Active() > 0 && err == nil {
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-t.C:
		}
	}
	if cerr := s.Server.Close(); err == nil {
		err = cerr
	}
	return err
}

// track registers a running program for Shutdown; it reports false when
// the server is already stopping.
func (s *Server) track(p *tea.Program, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !add {
		delete(s.programs, p)
		return true
	}
	if s.stopping {
		return false
	}
	s.programs[p] = struct{}{}
	return true
}

// refuse ends a session before the board starts with a message for
// people (on stderr, which the client's terminal shows) and exit status 1.
func refuse(sess ssh.Session, format string, a ...any) {
	_, _ = fmt.Fprintf(sess.Stderr(), "wallboard: "+format+"\n", a...)
	_ = sess.Exit(1)
}

// farewell is what the supervisor reads after the board closes.
func (s *Server) farewell(r endReason) string {
	switch r {
	case endIdle:
		return fmt.Sprintf("wallboard: no key pressed for %s, so the session was closed. Connect again any time.\n", s.cfg.Idle)
	case endLimit:
		return fmt.Sprintf("wallboard: sessions last at most %s; connect again to go on.\n", s.cfg.MaxSession)
	case endShutdown:
		return "wallboard: the server is stopping; try again in a minute.\n"
	}
	return ""
}
