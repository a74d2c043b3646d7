package serve

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/themes"
	"github.com/callfloor/wallboard/tui"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
)

// handle runs one SSH session: checks, then the board until the
// supervisor quits, goes idle, reaches the session limit or disconnects.
func (s *Server) handle(sess ssh.Session) {
	fp, comment := "", ""
	if k := sess.PublicKey(); k != nil {
		fp = gossh.FingerprintSHA256(k)
		comment = s.keys[string(k.Marshal())].Comment
	}
	who := []any{"user", sess.User(), "remote", sess.RemoteAddr().String(), "fingerprint", fp, "key", comment}

	view := s.viewer(fp)
	if view.Refuse != "" {
		s.log.Info("session refused: not a viewer", append(who, "reason", "no [[viewers]] entry names the key and unlisted_viewers_see_all is off")...)
		refuse(sess, "%s", view.Refuse)
		return
	}
	if cmd := sess.RawCommand(); cmd != "" {
		s.log.Info("session refused: command", append(who, "command", cmd)...)
		refuse(sess, "this server only shows the wallboard and runs no commands (asked for %q).\n"+
			"Connect without a command: ssh -t -p PORT HOST", cmd)
		return
	}
	pty, _, ok := sess.Pty()
	if !ok {
		s.log.Info("session refused: no terminal", who...)
		refuse(sess, "the wallboard needs a terminal; connect with ssh -t (and without -T or -N).")
		return
	}
	if n := s.active.Add(1); n > int64(s.cfg.MaxSessions) {
		s.active.Add(-1)
		s.log.Warn("session refused: board full", append(who, "limit", s.cfg.MaxSessions)...)
		refuse(sess, "the wallboard is full (%s at once); please try again later.", sessionsWord(s.cfg.MaxSessions))
		return
	}
	defer s.active.Add(-1)

	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	board, err := s.cfg.Open(ctx)
	if err != nil {
		s.log.Error("session refused: board not available", append(who, "err", err)...)
		refuse(sess, "the board is not available: %v", err)
		return
	}
	if g, ok := sess.Context().Value(graceKey{}).(*graceConn); ok {
		g.release()
	}

	env := sess.Environ()
	profile := colorProfile(pty.Term, env)
	theme, themeErr := sessionTheme(s.cfg.Theme, env)
	if profile == termenv.Ascii {
		// No colour reaches this terminal: the palette that marks alarms
		// without colour.
		theme, _ = themes.ForEnv(theme.Name, true)
	}
	if themeErr != "" {
		s.log.Info("session theme refused", append(who, "note", themeErr)...)
		_, _ = io.WriteString(sess.Stderr(), "wallboard: "+themeErr+"\n")
	}
	sub := board.Hub.Subscribe()
	defer sub.Close()
	done := make(chan struct{})
	defer close(done)

	opts := s.cfg.Board // a copy: the site's options, then this session's
	opts.Snapshots, opts.Done = sub.C, done
	var filter *viewFilter
	if !view.All {
		// Only this viewer's queues, filtered on this session's goroutine.
		filter = newViewFilter(view)
		if s.filtered != nil {
			filter.seen = func(in, out *kpi.Snapshot) { s.filtered(view, in, out) }
		}
		go filter.run(ctx, sub.C)
		opts.Snapshots = filter.out
	}
	// Built from the session's variables, not wish's MakeRenderer, which
	// waits for the client to answer a colour query.
	opts.Renderer = lipgloss.NewRenderer(sess, termenv.WithProfile(profile))
	opts.Theme, opts.Clock, opts.Player, opts.Title = theme, board.Clock, board.Player, board.Title
	model := tui.New(opts)
	sm := newSessionModel(model, s.cfg.Idle, s.cfg.MaxSession, time.Now)
	if filter != nil {
		sm.note = filter.Note
		sm.noteStyle = opts.Renderer.NewStyle().Reverse(true).Bold(true)
	}
	// The session's own reader and writer, as bm.MakeOptions gives for the
	// emulated pty; the writer notices when the client has closed this
	// session but kept its connection (ControlMaster), which the
	// connection's context does not show.
	out := &sessionWriter{w: sess}
	popts := []tea.ProgramOption{
		tea.WithInput(sess),
		tea.WithOutput(out),
		tea.WithAltScreen(),
		tea.WithoutSignalHandler(), // signals are the server's, not a session's
		tea.WithFPS(fps),
		tea.WithEnvironment(env),
	}
	p := tea.NewProgram(sm, popts...)
	out.gone = func() { go p.Quit() }
	if !s.track(p, true) {
		refuse(sess, "the server is stopping; try again in a minute.")
		return
	}
	defer s.track(p, false)

	start := time.Now()
	asked := view.Asked
	if view.All {
		asked = "all" // every queue, not nothing
	}
	s.log.Info("login", append(who, "viewer", view.Name, "asked", asked, "queues", loginQueues(view, board.Hub.Latest()),
		"term", pty.Term, "profile", profileName(profile), "theme", theme.Name,
		"width", pty.Window.Width, "height", pty.Window.Height, "sessions", s.Active())...)

	// wish's bubbletea middleware runs the program on the session, turns
	// window changes into WindowSizeMsg and quits the program when the
	// client goes away. It is built per session so that the program (and
	// this session's state) never sits in the connection's shared context.
	run := bm.MiddlewareWithProgramHandler(func(ssh.Session) *tea.Program { return p }, termenv.Ascii)
	run(func(ssh.Session) {})(sess)

	reason := sm.reason // Run has returned: Update ran on this goroutine
	if reason == "" {
		reason = endQuit
		if sess.Context().Err() != nil || out.failed.Load() {
			reason = endDisconnect
		}
	}
	if msg := s.farewell(reason); msg != "" {
		_, _ = io.WriteString(sess, msg)
	}
	s.log.Info("logout", append(who, "reason", string(reason), "duration", time.Since(start).Round(time.Second).String())...)
	// Exit before the session is counted out, so that Shutdown, which
	// closes connections once no session is counted, never cuts off the
	// exit status.
	_ = sess.Exit(0)
}

// sessionWriter is the program's output. The first failed write (the
// channel is closed) calls gone once; the program cannot be told otherwise.
type sessionWriter struct {
	w      io.Writer
	gone   func()
	failed atomic.Bool
}

func (w *sessionWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil && w.failed.CompareAndSwap(false, true) {
		w.gone()
	}
	return n, err
}

func profileName(p termenv.Profile) string {
	switch p {
	case termenv.TrueColor:
		return "truecolor"
	case termenv.ANSI256:
		return "ansi256"
	case termenv.ANSI:
		return "ansi"
	}
	return "ascii"
}

// sessionsWord is "1 session" or "N sessions": --max-sessions 1 is a
// real setting (one kiosk account) and its refusal should read right.
func sessionsWord(n int) string {
	if n == 1 {
		return "1 session"
	}
	return fmt.Sprintf("%d sessions", n)
}
