package serve

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/callfloor/wallboard/themes"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// EnvTheme is the session environment variable that picks a built-in
// theme for one supervisor (`ssh -o SetEnv=WALLBOARD_THEME=light`).
// Only built-in names are accepted: a client never names a file on the
// server.
const EnvTheme = "WALLBOARD_THEME"

// endReason says why a board session ended; it is logged and told to the
// supervisor.
type endReason string

const (
	endQuit       endReason = "quit"         // the supervisor pressed q
	endIdle       endReason = "idle"         // no key for Config.Idle
	endLimit      endReason = "limit"        // Config.MaxSession reached
	endDisconnect endReason = "disconnected" // the client went away
	endShutdown   endReason = "shutdown"     // the server is stopping
)

// idleMsg asks the wrapper to check the keyboard-idle deadline.
type idleMsg struct{}

// limitMsg says the maximum session length has passed.
type limitMsg struct{}

// stopMsg asks the session to end for reason (server shutdown).
type stopMsg struct{ reason endReason }

// sessionModel wraps the board for one SSH session with the two session
// clocks. Keyboard idle is kept here rather than in the SSH layer because
// the connection's idle timeout counts the server's own writes as
// activity, so a passive viewer of a live board would never time out.
// Only key presses reset it; resizes and data do not.
type sessionModel struct {
	inner   tea.Model
	idle    time.Duration // 0: never
	limit   time.Duration // 0: never
	now     func() time.Time
	lastKey time.Time
	reason  endReason // set when this wrapper ends the session

	// note, when set, is a line shown above the board while it returns
	// text (a viewer's empty board says why); the board gets one line less.
	note      func() string
	noteStyle lipgloss.Style
	size      tea.WindowSizeMsg // the terminal's, as the client last said
	noted     bool              // the board is sized for a note line
}

func newSessionModel(inner tea.Model, idle, limit time.Duration, now func() time.Time) *sessionModel {
	return &sessionModel{inner: inner, idle: idle, limit: limit, now: now, lastKey: now()}
}

// Init starts the board and the two session timers.
func (m *sessionModel) Init() tea.Cmd {
	cmds := []tea.Cmd{m.inner.Init()}
	if m.idle > 0 {
		cmds = append(cmds, idleAfter(m.idle))
	}
	if m.limit > 0 {
		cmds = append(cmds, tea.Tick(m.limit, func(time.Time) tea.Msg { return limitMsg{} }))
	}
	return tea.Batch(cmds...)
}

func idleAfter(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return idleMsg{} })
}

// Update handles the session messages and passes everything else to the
// board. One timer runs for idle: when it fires early (a key came since it
// was set) it is re-armed for the time that is left, so keys cost nothing.
func (m *sessionModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case idleMsg:
		left := m.idle - m.now().Sub(m.lastKey)
		if left > 0 {
			return m, idleAfter(left)
		}
		m.reason = endIdle
		return m, tea.Quit
	case limitMsg:
		m.reason = endLimit
		return m, tea.Quit
	case stopMsg:
		m.reason = msg.reason
		return m, tea.Quit
	case tea.KeyMsg:
		m.lastKey = m.now()
	case tea.WindowSizeMsg:
		m.size = msg
		var cmd tea.Cmd
		m.inner, cmd = m.inner.Update(m.boardSize())
		return m, tea.Batch(cmd, m.syncNote())
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	return m, tea.Batch(cmd, m.syncNote())
}

// boardSize is the board's share of the terminal: all of it, or one line
// less under a note.
func (m *sessionModel) boardSize() tea.WindowSizeMsg {
	sz := m.size
	if m.noted {
		sz.Height = max(0, sz.Height-1)
	}
	return sz
}

// syncNote resizes the board when the note comes or goes (the viewer's
// first queue appears on the feed). Any message may follow the snapshot
// that changed the note, and the board redraws for the snapshot anyway.
func (m *sessionModel) syncNote() tea.Cmd {
	want := m.note != nil && m.note() != ""
	if want == m.noted || m.size.Width == 0 {
		return nil
	}
	m.noted = want
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(m.boardSize())
	return cmd
}

// View is the board's, under the note when there is one.
func (m *sessionModel) View() string {
	if !m.noted {
		return m.inner.View()
	}
	return m.noteStyle.Render(fitLine(" "+m.note(), m.size.Width)) + "\n" + m.inner.View()
}

// fitLine cuts s to w cells or pads it with spaces to w.
func fitLine(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s + strings.Repeat(" ", w-lipgloss.Width(s))
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := lipgloss.Width(string(r))
		if n+rw > w-1 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	if w > 0 {
		b.WriteString("…")
		n++
	}
	return b.String() + strings.Repeat(" ", max(0, w-n))
}

// colorProfile is the client's colour profile from its pty TERM and the
// environment it sent (COLORTERM, NO_COLOR, CLICOLOR_FORCE), decided from
// the variables alone: asking the terminal (as wish's MakeRenderer does)
// waits for an answer scripted clients never give.
func colorProfile(term string, environ []string) termenv.Profile {
	if term == "" || term == "dumb" {
		return termenv.Ascii
	}
	env := sessionEnv(append(append([]string(nil), environ...), "TERM="+term))
	// WithUnsafe: the writer is not a TTY, but the variables describe the
	// client's terminal. io.Discard: nothing is ever written or asked.
	out := termenv.NewOutput(io.Discard, termenv.WithEnvironment(env), termenv.WithUnsafe())
	return out.EnvColorProfile()
}

// sessionTheme is the theme for one session: the server's, unless the
// client asked for a built-in one by EnvTheme; NO_COLOR from the client
// forces mono. A bad name keeps the server's theme (and is reported to
// the caller for the log).
func sessionTheme(def themes.Theme, environ []string) (themes.Theme, string) {
	env := sessionEnv(environ)
	noColor := env.Getenv("NO_COLOR") != ""
	name := env.Getenv(EnvTheme)
	if name == "" && !noColor {
		return def, ""
	}
	if name == "" {
		name = def.Name
	}
	t, err := themes.ForEnv(name, noColor)
	if err != nil {
		return def, fmt.Sprintf("%s: no built-in theme %q (there are %s); showing %s",
			EnvTheme, name, strings.Join(themes.Names(), ", "), def.Name)
	}
	return t, ""
}

// sessionEnv is a client's environment as termenv reads it; the last
// assignment of a name wins, as in a shell.
type sessionEnv []string

func (e sessionEnv) Environ() []string { return e }

func (e sessionEnv) Getenv(k string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(e[i], k+"="); ok {
			return v
		}
	}
	return ""
}
