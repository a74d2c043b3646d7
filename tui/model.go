// Package tui is the wallboard screen: a bubbletea root model that routes
// to panels (overview tiles, agent board, intervals, calls waiting), built
// per session from a renderer and a theme so that many SSH sessions can
// share one process. It only reads immutable kpi.Snapshots.
package tui

import (
	"io"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/themes"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Options configure one board (one terminal, one SSH session).
type Options struct {
	// Snapshots is the viewer's mailbox (hub.Subscribe().C); the model
	// waits on it with a tea.Cmd, at most ~10 times a second.
	Snapshots <-chan *kpi.Snapshot
	// Done, when closed, releases a pending wait on Snapshots (the SSH
	// session ended); nil means the wait lives as long as the process.
	Done <-chan struct{}
	// Renderer decides the colour profile; per session, never the default.
	Renderer *lipgloss.Renderer
	// Theme is the palette (see themes.ForEnv for NO_COLOR).
	Theme themes.Theme
	// Clock is "now" for ticking figures: the wall clock live, the replay
	// clock in replay. Nil means time.Now.
	Clock func() time.Time
	// Wall is the wall-mounted mode: nobody at a keyboard, pages rotate,
	// no help line.
	Wall bool
	// Rotate is the wall page rotation period (default 20 s).
	Rotate time.Duration
	// Player is non-nil in replay: it enables the replay keys and the
	// status bar.
	Player Player
	// Title names the source on the header ("queue_log", a URL, "demo").
	Title string
	// Pauses are the configured pause reasons by name: colour and time
	// limits on the agent board (nil: the default ladder for every reason).
	Pauses map[string]PauseRule
	// Alerts tune when a tile goes red and may leave it (hysteresis, see
	// kpi.AlertRules); zero fields take the defaults. Pause limits come
	// from Pauses.
	Alerts kpi.AlertRules
	// Bell, in wall mode, receives a terminal bell (BEL) each time an
	// alert is raised (--bell); nil is silent.
	Bell io.Writer
}

// Player is the replay control the board drives (implemented by the
// replay package). Methods are called from Update and must return quickly.
type Player interface {
	TogglePause()
	Faster()              // double speed
	Slower()              // halve speed
	Step(d time.Duration) // seek relative; negative goes back
	SeekTo(t time.Time)   // absolute seek
	Restart()             // back to the first event
	Status() PlayerStatus // a copy of the replay's state
}

// PlayerStatus is what the replay status bar shows.
type PlayerStatus struct {
	Clock      time.Time // replay clock
	Speed      float64   // 1, 10, 60…; 0 means "max"
	Paused     bool
	Start, End time.Time // first and last event time of the file(s)
	Done       bool      // reached the end
	// Seeking says a seek is being carried out (seeking back rebuilds the
	// day, a second or two in a very big one): the figures on screen are
	// still those of before it.
	Seeking  bool
	Location *time.Location
}

// DefaultRotate is the wall page rotation period when Options.Rotate is 0.
const DefaultRotate = 20 * time.Second

// frameGap caps snapshot-driven redraws at 10 per second: after drawing a
// snapshot the model waits this long before taking the next one from its
// one-slot mailbox, so bursts coalesce into the newest snapshot.
const frameGap = 100 * time.Millisecond

// snapshotMsg carries one snapshot; it is immutable and shared read-only.
type snapshotMsg struct{ snap *kpi.Snapshot }

// pollMsg says the frame gap has passed: read the mailbox again.
type pollMsg struct{}

// tickMsg is the once-a-second tick for ticking figures and rotation.
type tickMsg struct{ t time.Time }

// page is one screen of the board.
type page uint8

const (
	pageOverview page = iota
	pageAgents
	pageIntervals
	pageWaiting
)

var pageNames = [...]string{"Overview", "Agents", "Intervals", "Waiting"}

// Model is the root model: it owns layout, chrome (header, banner, status
// bar, help, go-to prompt) and routes to the page panels.
type Model struct {
	opts   Options
	styles *Styles
	keys   KeyMap
	help   help.Model

	snap   *kpi.Snapshot
	now    time.Time
	status PlayerStatus // last Player.Status(), read in Update

	lay  layout
	page page

	overview  *overviewPanel
	agents    *agentsPanel
	intervals *intervalsPanel
	waiting   *waitingPanel

	showHelp   bool
	input      textinput.Model
	inputOn    bool
	inputErr   string
	lastRotate time.Time

	frame string // the cached screen; View returns it

	alerts *kpi.Alerter // this session's alert state (staffing.go, kpi/alert.go)
	// seekFrom is the snapshot on screen when a seek was asked for: alerts
	// wait for the target's own snapshot (see seeked in staffing.go).
	seekFrom *kpi.Snapshot
}

// New builds a board. The renderer's termenv output profile is adopted
// (see below). A nil Renderer gets an Ascii one writing nowhere
// (tests, headless use); a zero Theme gets the default.
func New(opts Options) *Model {
	if opts.Renderer == nil {
		opts.Renderer = lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	}
	// lipgloss v1.1.0 ignores termenv.WithProfile on the output and
	// re-detects from the writer (Ascii for anything not a TTY, such as an
	// SSH channel); adopt the output's profile explicitly so that the
	// profile the caller chose is the one used.
	opts.Renderer.SetColorProfile(opts.Renderer.Output().Profile)
	if opts.Theme.Name == "" {
		opts.Theme, _ = themes.Builtin(themes.Default)
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Rotate <= 0 {
		opts.Rotate = DefaultRotate
	}
	st := NewStyles(opts.Renderer, opts.Theme)
	m := &Model{opts: opts, styles: st, keys: DefaultKeyMap(opts.Player != nil), help: help.New()}
	m.help.Styles = st.Help
	m.input = textinput.New()
	m.input.Prompt = "go to (HH:MM, HH:MM:SS or RFC 3339): "
	m.input.PromptStyle = st.Input.Prompt
	m.input.TextStyle = st.Input.Text
	m.input.CharLimit = 40
	m.input.Cursor.SetMode(cursor.CursorStatic)
	m.overview = &overviewPanel{st: st}
	m.agents = &agentsPanel{st: st, pauses: newPauseStyles(&opts)}
	m.intervals = &intervalsPanel{st: st, wall: opts.Wall}
	m.waiting = &waitingPanel{st: st}
	m.now = opts.Clock()
	if opts.Player != nil {
		m.status = opts.Player.Status()
	}
	m.onResize(80, 24)
	return m
}

// Init starts the snapshot wait and the one-second tick.
func (m *Model) Init() tea.Cmd { return tea.Batch(m.waitSnapshot(), tick()) }

func tick() tea.Cmd {
	return tea.Every(time.Second, func(t time.Time) tea.Msg { return tickMsg{t} })
}

// waitSnapshot blocks (in bubbletea's command goroutine) until the
// mailbox has a snapshot or the session is done.
func (m *Model) waitSnapshot() tea.Cmd {
	ch, done := m.opts.Snapshots, m.opts.Done
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case s := <-ch:
			return snapshotMsg{s}
		case <-done:
			return nil
		}
	}
}

// Update routes: size, keys, data, time; everything else goes to the
// go-to prompt when it is open.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.onResize(msg.Width, msg.Height)
		return m, nil
	case tea.KeyMsg:
		return m, m.onKey(msg)
	case snapshotMsg:
		return m, m.onSnapshot(msg.snap)
	case pollMsg:
		return m, m.waitSnapshot()
	case tickMsg:
		return m, m.onTick(msg.t)
	}
	if m.inputOn {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		m.render()
		return m, cmd
	}
	return m, nil
}

// View returns the cached screen; it never renders.
func (m *Model) View() string { return m.frame }

func (m *Model) onResize(w, h int) {
	m.lay = computeLayout(w, h, m.chrome())
	l := m.lay
	m.help.Width = l.w
	m.input.Width = max(1, l.w-lipgloss.Width(m.input.Prompt)-1)
	m.overview.SetSize(l.w, l.body, l.waitSide, l.big)
	m.agents.SetSize(l.w, l.body)
	m.intervals.SetSize(l.w, l.body)
	m.waiting.SetSize(l.w, l.body)
	if m.page == pageWaiting && l.waitSide > 0 {
		m.page = pageOverview
	}
	m.render()
}

// chrome is what the layout must reserve around the page body.
func (m *Model) chrome() chrome {
	c := chrome{
		banner: m.snap != nil && staleState(m.snap.Source.State),
		replay: m.opts.Player != nil,
		input:  m.inputOn,
		err:    m.inputErr != "",
	}
	switch {
	case m.showHelp:
		c.help = len(m.keys.FullHelp()[0]) // the tallest column
		if m.inputLine() != "" {
			c.help++ // the input's problems, above the keys
		}
	case !m.opts.Wall:
		c.help = 1
	}
	return c
}

// relayout recomputes the layout when the chrome changed (a banner came
// or went, help was toggled), keeping all arithmetic in computeLayout.
func (m *Model) relayout() {
	if c := m.chrome(); c != m.lay.chrome {
		m.onResize(m.lay.w, m.lay.h)
	}
}

func (m *Model) onSnapshot(s *kpi.Snapshot) tea.Cmd {
	if s != nil {
		m.snap = s
		m.refresh()
		m.relayout()
		m.render()
	}
	return tea.Tick(frameGap, func(time.Time) tea.Msg { return pollMsg{} })
}

// refresh reads the clocks and pushes data down to every panel.
func (m *Model) refresh() {
	m.now = m.opts.Clock()
	if m.opts.Player != nil {
		m.status = m.opts.Player.Status()
	}
	m.updateAlerts()
	d := frameData{snap: m.snap, now: m.now, stale: m.snap != nil && staleState(m.snap.Source.State), alerts: m.alerts}
	m.overview.SetData(d)
	m.agents.SetData(d)
	m.intervals.SetData(d)
	m.waiting.SetData(d)
}

func (m *Model) onTick(t time.Time) tea.Cmd {
	if m.opts.Wall {
		if m.lastRotate.IsZero() {
			m.lastRotate = t
		} else if t.Sub(m.lastRotate) >= m.opts.Rotate {
			m.rotate()
			m.lastRotate = t
		}
	}
	m.refresh()
	m.render()
	return tick()
}

// rotate shows the wall's next screen: the agent board's next page while
// it has one (nobody at a wall presses →, and agents past the first page
// would never be seen), else the next page, the agent board from its
// first page.
func (m *Model) rotate() {
	if m.page == pageAgents && m.agents.turn() {
		return
	}
	m.page = m.nextPage(m.page, 1)
	if m.page == pageAgents {
		m.agents.first()
	}
}

// pages lists the pages in tab order; the calls-waiting page exists only
// when the overview has no room for the list.
func (m *Model) pages() []page {
	if m.lay.waitSide > 0 {
		return []page{pageOverview, pageAgents, pageIntervals}
	}
	return []page{pageOverview, pageAgents, pageIntervals, pageWaiting}
}

func (m *Model) nextPage(p page, step int) page {
	ps := m.pages()
	for i, q := range ps {
		if q == p {
			return ps[(i+step+len(ps))%len(ps)]
		}
	}
	return ps[0]
}

func (m *Model) onKey(msg tea.KeyMsg) tea.Cmd {
	if m.inputOn {
		return m.onInputKey(msg)
	}
	// Keys typed quickly, or sent over a slow SSH link, can arrive as one
	// message ("+++"), which no binding matches: each is a key of its own,
	// as if typed slowly (after a g, the rest go to the prompt). A paste
	// is not keys.
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
		cmds := make([]tea.Cmd, 0, len(msg.Runes))
		for _, r := range msg.Runes {
			cmds = append(cmds, m.onKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
		}
		return tea.Batch(cmds...)
	}
	k := m.keys
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = !m.showHelp
		m.help.ShowAll = m.showHelp
		m.relayout()
	case key.Matches(msg, k.NextPage):
		m.page = m.nextPage(m.page, 1)
	case key.Matches(msg, k.PrevPage):
		m.page = m.nextPage(m.page, -1)
	case m.opts.Player != nil && m.onReplayKey(msg):
		m.refresh()
	case key.Matches(msg, k.GoTo):
		m.inputOn, m.inputErr = true, ""
		m.input.Reset()
		cmd = m.input.Focus()
		m.relayout()
	default:
		switch m.page {
		case pageAgents:
			m.agents.Update(msg, k)
		case pageIntervals:
			m.intervals.Update(msg, k)
		case pageWaiting:
			m.waiting.Update(msg, k)
		}
	}
	m.render()
	return cmd
}

// onReplayKey drives the Player; it reports whether the key was one.
func (m *Model) onReplayKey(msg tea.KeyMsg) bool {
	p, k := m.opts.Player, m.keys
	iv := 15 * time.Minute
	if m.snap != nil && m.snap.Interval > 0 {
		iv = m.snap.Interval
	}
	switch {
	case key.Matches(msg, k.Pause):
		p.TogglePause()
	case key.Matches(msg, k.Faster):
		p.Faster()
	case key.Matches(msg, k.Slower):
		p.Slower()
	case key.Matches(msg, k.StepFwd):
		p.Step(iv)
		m.seeked()
	case key.Matches(msg, k.StepBack):
		p.Step(-iv)
		m.seeked()
	case key.Matches(msg, k.HourFwd):
		p.Step(time.Hour)
		m.seeked()
	case key.Matches(msg, k.HourBack):
		p.Step(-time.Hour)
		m.seeked()
	case key.Matches(msg, k.Restart):
		p.Restart()
		m.seeked()
	default:
		return false
	}
	return true
}

func (m *Model) onInputKey(msg tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, m.keys.InputCancel):
		m.inputOn, m.inputErr = false, ""
		m.input.Blur()
		m.relayout()
	case key.Matches(msg, m.keys.InputAccept):
		if m.opts.Player == nil {
			break
		}
		t, err := parseGoTo(m.input.Value(), m.opts.Player.Status())
		if err != nil {
			m.inputErr = err.Error()
		} else {
			m.opts.Player.SeekTo(t)
			m.seeked()
			m.inputOn, m.inputErr = false, ""
			m.input.Blur()
			m.refresh()
		}
		m.relayout()
	default:
		m.input, cmd = m.input.Update(msg)
	}
	m.render()
	return cmd
}
