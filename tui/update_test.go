package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/themes"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
)

func TestPagesAndHelp(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 80, 24)
	// 80 wide: no room for the waiting list beside the tiles, so 4 pages.
	for _, want := range []page{pageAgents, pageIntervals, pageWaiting, pageOverview} {
		m.Update(keyMsg("tab"))
		if m.page != want {
			t.Fatalf("tab: page %v, want %v", m.page, want)
		}
	}
	m.Update(keyMsg("shift+tab"))
	if m.page != pageWaiting {
		t.Fatalf("shift+tab from overview: page %v, want waiting", m.page)
	}
	m.Update(keyMsg("?"))
	if !m.showHelp || !strings.Contains(m.View(), "prev page") {
		t.Fatalf("? should show the full help:\n%s", m.View())
	}
	m.Update(keyMsg("?"))
	if m.showHelp || strings.Contains(m.View(), "prev page") {
		t.Fatalf("second ? should hide the full help")
	}
	for _, k := range []string{"q", "ctrl+c"} {
		_, cmd := m.Update(keyMsg(k))
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Fatalf("%s should quit", k)
		}
	}
}

func TestAgentPaging(t *testing.T) {
	// 120×20: body 20 − header 1 − help 1 = 18 rows, minus the board's own
	// title = 17 rows × 2 columns (121/47) = 34 agents a page; 100 agents →
	// ceil(100/34) = 3 pages.
	m := show(newTestModel("dark", termenv.Ascii, nil), bigFixture(100, 3), 120, 20)
	m.Update(keyMsg("tab"))
	if !strings.Contains(m.View(), "page 1/3") {
		t.Fatalf("want page 1/3:\n%s", m.View())
	}
	m.Update(keyMsg("pgdown"))
	m.Update(keyMsg("right"))
	m.Update(keyMsg("right")) // past the end: stays on the last page
	if !strings.Contains(m.View(), "page 3/3") {
		t.Fatalf("want page 3/3:\n%s", m.View())
	}
	m.Update(keyMsg("pgup"))
	if !strings.Contains(m.View(), "page 2/3") {
		t.Fatalf("want page 2/3:\n%s", m.View())
	}
}

func TestIntervalScope(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 120, 40)
	m.Update(keyMsg("tab"))
	m.Update(keyMsg("tab"))
	if !strings.Contains(m.View(), "Intervals · Centre") {
		t.Fatalf("intervals should start on the centre:\n%s", m.View())
	}
	m.Update(keyMsg("v"))
	if !strings.Contains(m.View(), "Intervals · billing") || !strings.Contains(m.View(), "0 today") {
		t.Fatalf("v should move to the first queue (billing, no rows):\n%s", m.View())
	}
}

func TestReplayKeys(t *testing.T) {
	p := newFakePlayer()
	m := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Player = p }), fixture(), 120, 40)
	for _, k := range []string{" ", "+", "-", "]", "[", "}", "{", "r"} {
		m.Update(keyMsg(k))
	}
	// Interval is 15 min in the fixture: ] and [ step ±15m, } and { ±1h.
	want := []string{"pause", "faster", "slower", "step 15m0s", "step -15m0s", "step 1h0m0s", "step -1h0m0s", "restart"}
	if strings.Join(p.calls, ",") != strings.Join(want, ",") {
		t.Fatalf("calls %v, want %v", p.calls, want)
	}
	if !strings.Contains(m.View(), "PAUSED") {
		t.Fatalf("status bar should say PAUSED after one space:\n%s", m.View())
	}

	// g, type 10:30, enter → SeekTo 10:30 on the replay's day in its zone.
	p.calls = nil
	m.Update(keyMsg("g"))
	for _, r := range "10:30" {
		m.Update(keyMsg(string(r)))
	}
	m.Update(keyMsg("enter"))
	if len(p.calls) != 1 || p.calls[0] != "seek 2025-03-10T10:30:00+01:00" {
		t.Fatalf("calls %v, want seek 2025-03-10T10:30:00+01:00", p.calls)
	}
	if m.inputOn {
		t.Fatalf("prompt should close after a good time")
	}

	// A bad entry keeps the board and says why.
	p.calls = nil
	m.Update(keyMsg("g"))
	for _, r := range "25:99" {
		m.Update(keyMsg(string(r)))
	}
	m.Update(keyMsg("enter"))
	if len(p.calls) != 0 || !m.inputOn || !strings.Contains(m.View(), `cannot read "25:99"`) || !strings.Contains(m.View(), "CENTRE") {
		t.Fatalf("bad time: calls %v, view:\n%s", p.calls, m.View())
	}
	m.Update(keyMsg("esc"))
	if m.inputOn || strings.Contains(m.View(), "cannot read") {
		t.Fatalf("esc should close the prompt and its error")
	}
}

func TestReplayKeysOffLive(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 120, 40)
	before := m.View()
	m.Update(keyMsg("g"))
	if m.inputOn || m.View() != before {
		t.Fatalf("g must do nothing without a Player")
	}
}

func TestParseGoTo(t *testing.T) {
	st := newFakePlayer().st
	cases := []struct{ in, want string }{
		{"10:30", "2025-03-10T10:30:00+01:00"},
		{" 17:05:09 ", "2025-03-10T17:05:09+01:00"},
		{"2025-03-10T09:00:00Z", "2025-03-10T09:00:00Z"},
		{"24:00", ""}, {"10", ""}, {"10:30x", ""}, {"", ""}, {"ten", ""},
		// The replay runs 08:00–18:00 (+01:00): both ends are in it, a
		// second either side is refused.
		{"08:00", "2025-03-10T08:00:00+01:00"}, {"18:00:00", "2025-03-10T18:00:00+01:00"},
		{"07:59:59", ""}, {"18:00:01", ""}, {"2025-03-10T17:00:01Z", ""},
	}
	for _, c := range cases {
		got, err := parseGoTo(c.in, st)
		if c.want == "" {
			if err == nil {
				t.Errorf("%q: want an error, got %v", c.in, got)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339) != c.want {
			t.Errorf("%q: got %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	_, err := parseGoTo("07:59", st)
	if want := "07:59 is outside the replay: it runs from 2025-03-10 08:00:00 to 18:00:00"; err == nil || err.Error() != want {
		t.Errorf("07:59: error %v, want %q", err, want)
	}
}

func TestWallRotation(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Wall = true; o.Rotate = 20 * time.Second }), fixture(), 160, 48)
	t0 := fxNow
	// 160 wide: waiting list on the overview, so 3 pages rotate.
	steps := []struct {
		at   time.Duration
		want page
	}{{0, pageOverview}, {19 * time.Second, pageOverview}, {20 * time.Second, pageAgents}, {39 * time.Second, pageAgents}, {40 * time.Second, pageIntervals}, {60 * time.Second, pageOverview}}
	for _, s := range steps {
		m.Update(tickMsg{t0.Add(s.at)})
		if m.page != s.want {
			t.Fatalf("at +%v: page %v, want %v", s.at, m.page, s.want)
		}
	}
	if strings.Contains(m.View(), "? help") {
		t.Fatalf("wall mode shows no key help")
	}
}

// TestWallRotationPagesAgents: on a wall nobody pages the agent board, so
// the rotation shows each of its pages in turn. 100 agents at 120×20 are 3
// pages (TestAgentPaging); three queues' tiles leave room for the waiting
// list beside them, so there is no waiting page.
func TestWallRotationPagesAgents(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Wall = true; o.Rotate = 20 * time.Second }), bigFixture(100, 3), 120, 20)
	t0 := fxNow
	want := []string{"[Overview]", "page 1/3", "page 2/3", "page 3/3", "[Intervals]", "[Overview]", "page 1/3"}
	for i, w := range want {
		m.Update(tickMsg{t0.Add(time.Duration(i) * 20 * time.Second)})
		if !strings.Contains(m.View(), w) {
			t.Fatalf("at +%ds: want %q on screen:\n%s", i*20, w, m.View())
		}
	}
	if m.page != pageAgents {
		t.Fatalf("page %v, want the agent board", m.page)
	}
}

func TestSnapshotCoalescing(t *testing.T) {
	ch := make(chan *kpi.Snapshot, 1)
	m := newTestModel("dark", termenv.Ascii, func(o *Options) { o.Snapshots = ch })
	_, cmd := m.Update(snapshotMsg{fixture()})
	// After a snapshot the model does not read the mailbox again at once:
	// it waits for the frame gap (a pollMsg), which is what caps redraws.
	if msg := cmd(); msg != (pollMsg{}) {
		t.Fatalf("after a snapshot: %T, want pollMsg", msg)
	}
	s2 := fixture()
	ch <- s2
	_, cmd = m.Update(pollMsg{})
	if msg, ok := cmd().(snapshotMsg); !ok || msg.snap != s2 {
		t.Fatalf("poll should read the mailbox")
	}
}

func TestIdleMessageKeepsFrame(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 120, 40)
	before := m.View()
	m.Update(pollMsg{}) // no mailbox: nothing to do, same frame
	if m.View() != before {
		t.Fatalf("an idle message changed the frame")
	}
}

func TestBigDigits(t *testing.T) {
	var b strings.Builder
	for _, s := range []string{"0123456789", "75%", "1:05", "4.5", "-3", "—"} {
		lines, w, ok := bigText(s, 1)
		if !ok {
			t.Fatalf("%q: font lacks a rune", s)
		}
		for _, l := range lines {
			if width(l) != w {
				t.Fatalf("%q: line %q is not %d wide", s, l, w)
			}
			b.WriteString(l + "\n")
		}
	}
	if _, _, ok := bigText("12x", 1); ok {
		t.Fatalf("x is not in the font: want ok=false")
	}
	golden.RequireEqual(t, []byte(b.String()))
}

func TestZeroTheme(t *testing.T) {
	// A hand-built Theme with unset slots must not panic.
	m := New(Options{Theme: themes.Theme{Name: "bare"}, Clock: func() time.Time { return fxNow }})
	show(m, fixture(), 80, 24)
	checkFits(t, m.View(), 80, 24)
}

// Keys typed quickly arrive as one message; each must act as if typed
// alone: "+++" is three times faster, "g10:30" then enter seeks to 10:30.
func TestKeysArrivingTogether(t *testing.T) {
	p := newFakePlayer()
	m := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Player = p }), fixture(), 120, 40)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("++-")})
	if want := []string{"faster", "faster", "slower"}; !slices.Equal(p.calls, want) {
		t.Fatalf("calls %v, want %v", p.calls, want)
	}
	p.calls = nil
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("g10:30")})
	if !m.inputOn || m.input.Value() != "10:30" {
		t.Fatalf("prompt open %v with %q; want open with \"10:30\"", m.inputOn, m.input.Value())
	}
	m.Update(keyMsg("enter"))
	if want := []string{"seek 2025-03-10T10:30:00+01:00"}; !slices.Equal(p.calls, want) {
		t.Fatalf("calls %v, want %v", p.calls, want)
	}
	// A paste is text, not keys: it does nothing outside the prompt.
	p.calls = nil
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("+++"), Paste: true})
	if len(p.calls) != 0 {
		t.Fatalf("a paste acted as keys: %v", p.calls)
	}
}

// A replay whose events all share one second is at its end from the
// start: the bar says 100 %, not 0 %.
func TestStatusBarOneInstantReplay(t *testing.T) {
	p := newFakePlayer()
	p.st.End, p.st.Clock, p.st.Done, p.st.Paused = p.st.Start, p.st.Start, true, true
	m := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Player = p }), fixture(), 120, 40)
	if bar := m.statusBar(); !strings.Contains(bar, "100%") || !strings.Contains(bar, "END") {
		t.Fatalf("status bar %q: want 100%% and END", bar)
	}
}

// While the player carries out a seek the bar says SEEKING, not the
// PAUSED or PLAY it will return to: the figures are not yet the new time's.
func TestStatusBarSeeking(t *testing.T) {
	p := newFakePlayer()
	p.st.Paused, p.st.Seeking = true, true
	m := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Player = p }), fixture(), 120, 40)
	if bar := m.statusBar(); !strings.Contains(bar, "SEEKING") || strings.Contains(bar, "PAUSED") {
		t.Fatalf("status bar %q: want SEEKING and not PAUSED", bar)
	}
	p.st.Seeking = false
	m.Update(tickMsg{fxNow.Add(time.Second)}) // the next second's tick reads the status again
	if bar := m.statusBar(); !strings.Contains(bar, "PAUSED") {
		t.Fatalf("status bar %q after the seek: want PAUSED", bar)
	}
}

// Lines the source skipped are marked in the header for every viewer; the
// decoder's whole account is in the help view, on a line of its own that
// the layout counts (the keys below it keep their rows).
func TestInputProblemsShown(t *testing.T) {
	s := fixture()
	s.Source.InputSkipped = 2
	s.Source.Input = "day.log: skipped 2 malformed lines (first: line 500, no event field)"
	m := show(newTestModel("dark", termenv.Ascii, nil), s, 160, 48)
	view := m.View()
	if head := strings.SplitN(view, "\n", 2)[0]; !strings.Contains(head, "⚠ 2 lines skipped") {
		t.Fatalf("header %q: want the skipped mark", head)
	}
	if strings.Contains(view, "input: day.log") {
		t.Fatal("the account shows without help")
	}
	m.Update(keyMsg("?"))
	lines := strings.Split(m.View(), "\n")
	if len(lines) != 48 {
		t.Fatalf("%d lines, want 48", len(lines))
	}
	// The help view: the input line, then the five rows of the tallest key
	// column, at the foot of the screen.
	if got := strings.TrimSpace(lines[48-6]); got != "input: "+s.Source.Input {
		t.Fatalf("line above the keys %q, want the input account", got)
	}
	if !strings.Contains(lines[43], "next page") || !strings.Contains(lines[47], "intervals: centre/queue") {
		t.Fatalf("help keys not in their five rows below it:\n%s", strings.Join(lines[42:], "\n"))
	}
	// One line skipped reads in the singular; none, no mark.
	s2 := fixture()
	s2.Source.InputSkipped = 1
	if head := strings.SplitN(show(newTestModel("dark", termenv.Ascii, nil), s2, 160, 48).View(), "\n", 2)[0]; !strings.Contains(head, "⚠ 1 line skipped") {
		t.Fatalf("header %q: want \"⚠ 1 line skipped\"", head)
	}
	if head := strings.SplitN(show(newTestModel("dark", termenv.Ascii, nil), fixture(), 160, 48).View(), "\n", 2)[0]; strings.Contains(head, "skipped") {
		t.Fatalf("header %q: a clean source has no mark", head)
	}
}
