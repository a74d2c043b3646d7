package serve

import (
	"testing"
	"time"

	"github.com/callfloor/wallboard/themes"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
)

// stubModel counts what reaches the board.
type stubModel struct{ keys, other int }

func (m *stubModel) Init() tea.Cmd { return nil }
func (m *stubModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyMsg); ok {
		m.keys++
	} else {
		m.other++
	}
	return m, nil
}
func (m *stubModel) View() string { return "board" }

// isQuit runs cmd (if any) and reports whether it asks the program to quit.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestKeyboardIdleOnlyKeysCount(t *testing.T) {
	t0 := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	now := t0
	board := &stubModel{}
	m := newSessionModel(board, 10*time.Minute, 0, func() time.Time { return now })

	// 09:04 a key; 09:10 the first idle timer fires: the last key was 6 min
	// ago, so 10 − 6 = 4 min are left and the timer is re-armed, no quit.
	now = t0.Add(4 * time.Minute)
	m.Update(tea.KeyMsg{Type: tea.KeyTab})
	now = t0.Add(10 * time.Minute)
	_, cmd := m.Update(idleMsg{})
	if m.reason != "" || cmd == nil {
		t.Fatalf("at 09:10 with a key at 09:04: reason %q, want a re-armed timer", m.reason)
	}
	// Resizes and data are not keys: at 09:13:59 (9m59s after the key) a
	// resize, then the timer fires at 09:14:00 = exactly 10 min after the
	// key: the session ends.
	now = t0.Add(13*time.Minute + 59*time.Second)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	now = t0.Add(14 * time.Minute)
	_, cmd = m.Update(idleMsg{})
	if m.reason != endIdle || !isQuit(cmd) {
		t.Fatalf("at 09:14: reason %q, quit %v; want idle and quit", m.reason, isQuit(cmd))
	}
	if board.keys != 1 || board.other != 1 {
		t.Errorf("board saw %d keys and %d other messages, want 1 and 1 (session messages stay in the wrapper)", board.keys, board.other)
	}
}

func TestSessionLimitAndStop(t *testing.T) {
	m := newSessionModel(&stubModel{}, 0, time.Hour, time.Now)
	if _, cmd := m.Update(limitMsg{}); m.reason != endLimit || !isQuit(cmd) {
		t.Errorf("limit: reason %q", m.reason)
	}
	m = newSessionModel(&stubModel{}, 0, 0, time.Now)
	if _, cmd := m.Update(stopMsg{endShutdown}); m.reason != endShutdown || !isQuit(cmd) {
		t.Errorf("stop: reason %q", m.reason)
	}
}

func TestColorProfileFromSessionEnv(t *testing.T) {
	cases := []struct {
		term string
		env  []string
		want termenv.Profile
	}{
		{"xterm-256color", nil, termenv.ANSI256},
		{"xterm-256color", []string{"COLORTERM=truecolor"}, termenv.TrueColor},
		{"xterm", nil, termenv.ANSI},
		{"xterm-kitty", nil, termenv.TrueColor},
		{"xterm-256color", []string{"NO_COLOR=1"}, termenv.Ascii},
		{"dumb", []string{"COLORTERM=truecolor"}, termenv.Ascii},
		{"", nil, termenv.Ascii},
		{"vt100", nil, termenv.Ascii},
	}
	for _, c := range cases {
		if got := colorProfile(c.term, c.env); got != c.want {
			t.Errorf("TERM=%q %v: profile %v, want %v", c.term, c.env, got, c.want)
		}
	}
}

func TestSessionTheme(t *testing.T) {
	def, _ := themes.Builtin("high-contrast")
	cases := []struct {
		env      []string
		want     string
		wantNote bool
	}{
		{nil, "high-contrast", false},
		{[]string{EnvTheme + "=light"}, "light", false},
		{[]string{EnvTheme + "=light", EnvTheme + "=okabe-ito"}, "okabe-ito", false}, // last one wins
		{[]string{EnvTheme + "=/etc/shadow.toml"}, "high-contrast", true},            // never a file
		{[]string{"NO_COLOR=1"}, themes.Mono, false},
		{[]string{"NO_COLOR=1", EnvTheme + "=light"}, themes.Mono, false},
	}
	for _, c := range cases {
		got, note := sessionTheme(def, c.env)
		if got.Name != c.want || (note != "") != c.wantNote {
			t.Errorf("env %v: theme %q note %q; want %q, note %v", c.env, got.Name, note, c.want, c.wantNote)
		}
	}
}
