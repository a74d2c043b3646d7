package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/callfloor/wallboard/feed/ws"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/replay"
	"github.com/callfloor/wallboard/themes"
	"github.com/callfloor/wallboard/tui/serve"
	gossh "golang.org/x/crypto/ssh"
)

// defaultHostKey is where serve keeps its host key when --host-key is not
// given: in the working directory, so a systemd unit's WorkingDirectory
// (or StateDirectory) holds it.
const defaultHostKey = "wallboard_host_ed25519"

// serveFlags are serve's own flags; the KPI flags are commonFlags.
type serveFlags struct {
	addr, keys, hostKey, logPath, theme string
	maxSessions                         int
	idle, maxSession, grace             time.Duration
	demo                                bool
	replay, connect, tail               listFlag
	speed                               string
	tokenFile                           string
	insecure                            bool
	staleAfter, poll                    time.Duration
	sim                                 simFlags
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "ssh", ":2222", "listen for SSH on this `ADDR` (host:port)")
	fs.StringVar(&f.keys, "authorized-keys", "", "OpenSSH authorized_keys `FILE`: the only keys that may log in (required)")
	fs.StringVar(&f.hostKey, "host-key", defaultHostKey, "host private key `FILE`; generated (ed25519, mode 0600) when missing")
	fs.IntVar(&f.maxSessions, "max-sessions", serve.DefaultMaxSessions, "board sessions at once; more are refused politely")
	fs.DurationVar(&f.idle, "idle", 30*time.Minute, "end a session after this long without a key press (0: never)")
	fs.DurationVar(&f.maxSession, "max-session", 12*time.Hour, "end a session after this long, keys or not (0: never)")
	fs.DurationVar(&f.grace, "login-grace", serve.DefaultLoginGrace, "time a connection has to log in and open the board")
	fs.StringVar(&f.logPath, "log", "", "log logins, logouts and refusals to this file (default: standard error)")
	fs.StringVar(&f.theme, "theme", themes.Default, "sessions' colour theme: "+strings.Join(themes.Names(), ", ")+
		", or a .toml file; a session may pick a built-in one with "+serve.EnvTheme)

	fs.BoolVar(&f.demo, "demo", false, "source: the built-in simulated call centre, shared by every session")
	fs.Var(&f.replay, "replay", "source: queue_log `FILE` (repeat for rotated logs, oldest first); every session gets its own replay clock and controls")
	fs.Var(&f.connect, "connect", "source: a websocket feed `URL` shared by every session")
	fs.Var(&f.tail, "tail", "source: follow a growing queue_log `FILE` shared by every session")

	fs.StringVar(&f.tokenFile, "token-file", "", "connect: send the bearer token in this file (or set $WALLBOARD_TOKEN)")
	fs.BoolVar(&f.insecure, "insecure", false, "connect: do not verify the feed's TLS certificate (test rigs only)")
	fs.DurationVar(&f.staleAfter, "stale-after", ws.DefaultStaleAfter, "connect: call the feed stale after this long without a frame, and reconnect (servers ping every 10s: less flaps on a quiet feed)")
	fs.DurationVar(&f.poll, "poll", 250*time.Millisecond, "tail: how often to look at the file")
	fs.StringVar(&f.speed, "speed", "1", "demo: simulated seconds per second; replay: 1, 10, 60… or max")
	f.sim.register(fs, "demo: ")
}

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

// ignoreHangup keeps SIGHUP from ending the server, and logs it. Operators
// send it by habit to make a daemon reload; by default it would end the
// process without a word to the sessions or the log, and systemd counts
// that as a clean exit that Restart=on-failure does not undo. The
// configuration and keys are read at start, so a restart applies changes.
// It returns the function that stops ignoring.
func ignoreHangup(log *slog.Logger) func() {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-hup:
				log.Warn("SIGHUP ignored: the configuration and keys are read at start; restart the service to apply changes")
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}

// runServe serves the board over SSH until SIGINT or SIGTERM.
func runServe(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var common commonFlags
	var f serveFlags
	common.register(fs)
	f.register(fs)
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, "wallboard serve --authorized-keys FILE [--config FILE] (--demo | --replay FILE | --connect URL | --tail FILE) [flags]")
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("serve: unexpected argument %q (files go after --replay or --tail)", rest[0])
	}
	if err := f.check(); err != nil {
		return err
	}
	cfg, err := common.config()
	if err != nil {
		return err
	}
	theme, err := f.loadTheme()
	if err != nil {
		return err
	}
	log, closeLog, err := f.logger(stderr)
	if err != nil {
		return err
	}
	defer closeLog()

	data, err := os.ReadFile(f.keys)
	if err != nil {
		return fmt.Errorf("--authorized-keys: %w", err)
	}
	keys, err := serve.ParseAuthorizedKeys(data, f.keys)
	if err != nil {
		return err
	}
	viewers, board, err := common.serveSite(keys, log)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer ignoreHangup(log)()
	open, err := f.source(ctx, cfg, &common, log, stderr)
	if err != nil {
		return err
	}
	host, err := loadHostKey(f.hostKey, log)
	if err != nil {
		return err
	}
	srv, err := serve.New(serve.Config{
		Keys: keys, HostKey: host, Open: open, Theme: theme, Board: board, Viewers: viewers,
		MaxSessions: f.maxSessions, Idle: f.idle, MaxSession: f.maxSession, LoginGrace: f.grace,
		Logger: log,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("--ssh: %w", err)
	}
	log.Info("serving", "addr", ln.Addr().String(), "keys", len(keys), "host_key", gossh.FingerprintSHA256(host.PublicKey()),
		"max_sessions", f.maxSessions, "idle", f.idle.String(), "max_session", f.maxSession.String())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("ssh server: %w", err)
	case <-ctx.Done():
	}
	log.Info("stopping", "sessions", srv.Active())
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return nil
}

// loadTheme is --theme. Unlike the local board, the server's own NO_COLOR
// is not consulted: each session's client says whether it wants colour.
func (f *serveFlags) loadTheme() (themes.Theme, error) {
	if strings.HasSuffix(f.theme, ".toml") {
		t, err := themes.Load(f.theme)
		if err != nil {
			return t, usagef("--theme: %v", err)
		}
		return t, nil
	}
	t, err := themes.Builtin(f.theme)
	if err != nil {
		return t, usagef("--theme: %v", err)
	}
	return t, nil
}

// check validates the flags that are not KPI settings.
func (f *serveFlags) check() error {
	if f.keys == "" {
		return usagef("serve: --authorized-keys FILE is required (the public keys of the supervisors who may log in)")
	}
	n := 0
	for _, on := range []bool{f.demo, len(f.replay) > 0, len(f.connect) > 0, len(f.tail) > 0} {
		if on {
			n++
		}
	}
	if n != 1 {
		return usagef("serve: give exactly one source: --demo, --replay FILE, --connect URL or --tail FILE")
	}
	if len(f.connect) > 1 || len(f.tail) > 1 {
		return usagef("serve: --connect and --tail take one source each")
	}
	if f.maxSessions < 1 {
		return usagef("--max-sessions: must be at least 1, got %d", f.maxSessions)
	}
	if f.idle < 0 || f.maxSession < 0 || f.grace <= 0 {
		return usagef("--idle and --max-session must be ≥ 0, --login-grace > 0")
	}
	return nil
}

func (f *serveFlags) logger(stderr io.Writer) (*slog.Logger, func(), error) {
	if f.logPath == "" {
		return slog.New(slog.NewTextHandler(stderr, nil)), func() {}, nil
	}
	file, err := os.OpenFile(f.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o640)
	if err != nil {
		return nil, nil, fmt.Errorf("--log: %w", err)
	}
	return slog.New(slog.NewTextHandler(file, nil)), func() { file.Close() }, nil
}

// loadHostKey reads the host key, or makes one (mode 0600) on first run.
// A key others can read is refused, as sshd does: anyone who has it can
// pose as the board.
func loadHostKey(path string, log *slog.Logger) (gossh.Signer, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		signer, pemBytes, err := serve.GenerateHostKey()
		if err != nil {
			return nil, err
		}
		// O_EXCL: never overwrite a key another process wrote meanwhile.
		file, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, fmt.Errorf("--host-key: cannot create %s: %w", path, err)
		}
		if _, err := file.Write(pemBytes); err != nil {
			file.Close()
			return nil, fmt.Errorf("--host-key: %s: %w", path, err)
		}
		if err := file.Close(); err != nil {
			return nil, fmt.Errorf("--host-key: %s: %w", path, err)
		}
		log.Info("generated host key", "file", path, "fingerprint", gossh.FingerprintSHA256(signer.PublicKey()))
		return signer, nil
	}
	if err != nil {
		return nil, fmt.Errorf("--host-key: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("--host-key: %s is readable by others (mode %04o); run: chmod 600 %s", path, st.Mode().Perm(), path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--host-key: %w", err)
	}
	return serve.ParseHostKey(data, path)
}

// source starts the shared feed (demo, connect, tail) or prepares the
// per-session replay, and returns how a session gets its board.
func (f *serveFlags) source(ctx context.Context, cfg kpi.Config, common *commonFlags, log *slog.Logger, stderr io.Writer) (serve.Opener, error) {
	switch {
	case f.demo:
		return f.startDemo(ctx, cfg, common)
	case len(f.replay) > 0:
		return f.replayOpener(cfg, stderr)
	case len(f.connect) > 0:
		return f.startConnect(ctx, cfg, log)
	default:
		return f.startTail(ctx, cfg, log)
	}
}

// startConnect, startTail and startDemo start serve's shared source
// exactly as the connect, tail and demo commands do.
func (f *serveFlags) startConnect(ctx context.Context, cfg kpi.Config, log *slog.Logger) (serve.Opener, error) {
	token := os.Getenv("WALLBOARD_TOKEN")
	if f.tokenFile != "" {
		var err error
		if token, err = readToken(f.tokenFile); err != nil {
			return nil, err
		}
	}
	lb, err := startConnect(ctx, cfg, connectOptions{flag: "--connect", url: f.connect[0], token: token, insecure: f.insecure, staleAfter: f.staleAfter}, log)
	return lb.shared(), err
}

func (f *serveFlags) startTail(ctx context.Context, cfg kpi.Config, log *slog.Logger) (serve.Opener, error) {
	lb, err := startTail(ctx, cfg, f.tail[0], f.poll, log)
	return lb.shared(), err
}

func (f *serveFlags) startDemo(ctx context.Context, cfg kpi.Config, common *commonFlags) (serve.Opener, error) {
	speed, err := parseSpeed(f.speed)
	if err != nil || speed == 0 {
		return nil, usagef("--speed: the demo wants a positive number, got %q", f.speed)
	}
	lb, err := startDemo(ctx, cfg, common, &f.sim, speed)
	return lb.shared(), err
}

// shared is the board every session shares; nil before the source started.
func (lb liveBoard) shared() serve.Opener {
	if lb.hub == nil {
		return nil
	}
	return serve.Shared(serve.Board{Hub: lb.hub, Clock: lb.clock, Title: lb.title})
}

// replayOpener reads the files once (so a bad file stops the server at
// start, and sessions do not read the disk) and gives every session its
// own player: trainees pause and seek independently.
func (f *serveFlags) replayOpener(cfg kpi.Config, stderr io.Writer) (serve.Opener, error) {
	speed, err := parseSpeed(f.speed)
	if err != nil {
		return nil, err
	}
	cfg.KeepDays = 0
	files := map[string][]byte{}
	for _, name := range f.replay {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("--replay: %w", err)
		}
		files[name] = b
	}
	open := func(name string) (io.ReadCloser, error) {
		b, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("%s: not loaded", name)
		}
		return io.NopCloser(bytes.NewReader(b)), nil
	}
	// Each session plays on its own player, without seek checkpoints: a
	// class of trainees would multiply them (a 300-agent day: 18.7 MiB a
	// session with 32 MiB of checkpoints, 2.8 MiB without), and they pay
	// only for large centres, whose seeks back rebuild in well under a
	// second with SEEKING on the bar (docs/benchmarks.md).
	opts := replay.Options{Files: f.replay, Config: cfg, Speed: speed, Open: open, CheckpointBudget: -1}
	check, err := replay.New(withHub(opts, kpi.NewHub()))
	if err != nil {
		return nil, err
	}
	if s := check.Problems(); s != "" {
		fmt.Fprintf(stderr, "wallboard: %s\n", s)
	}
	return func(ctx context.Context) (serve.Board, error) {
		hub := kpi.NewHub()
		p, err := replay.New(withHub(opts, hub))
		if err != nil {
			return serve.Board{}, err
		}
		go p.Run(ctx)
		return serve.Board{Hub: hub, Clock: p.Clock, Player: p, Title: replayTitle(p.Files())}, nil
	}, nil
}

func withHub(o replay.Options, h *kpi.Hub) replay.Options {
	o.Hub = h
	return o
}
