package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"

	"github.com/callfloor/wallboard/themes"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"
)

// goldenSizes are the sizes every theme is checked at.
var goldenSizes = [][2]int{{20, 5}, {80, 24}, {120, 40}, {200, 60}, {400, 120}}

// TestGoldenThemes: the overview for every theme × size, TrueColor so the
// colours are part of the check (mono writes attributes only).
// Regenerate with: go test ./tui -run Golden -update
func TestGoldenThemes(t *testing.T) {
	for _, th := range themes.Names() {
		for _, sz := range goldenSizes {
			t.Run(fmt.Sprintf("%s/%dx%d", th, sz[0], sz[1]), func(t *testing.T) {
				m := show(newTestModel(th, termenv.TrueColor, nil), fixture(), sz[0], sz[1])
				checkFits(t, m.View(), sz[0], sz[1])
				golden.RequireEqual(t, []byte(m.View()))
			})
		}
	}
}

// TestGoldenPages: every page and mode in plain text, readable by eye.
func TestGoldenPages(t *testing.T) {
	cases := []struct {
		name string
		tabs int
		mod  func(*Options)
		fix  func() string
	}{
		{name: "overview"},
		{name: "agents", tabs: 1},
		{name: "intervals", tabs: 2},
		{name: "stale"},
		{name: "replay", mod: func(o *Options) { o.Player = newFakePlayer() }},
		{name: "wall", mod: func(o *Options) { o.Wall = true }},
	}
	for _, c := range cases {
		for _, sz := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", c.name, sz[0], sz[1]), func(t *testing.T) {
				snap := fixture()
				if c.name == "stale" {
					snap = staleFixture()
				}
				m := show(newTestModel("dark", termenv.Ascii, c.mod), snap, sz[0], sz[1])
				for i := 0; i < c.tabs; i++ {
					m.Update(keyMsg("tab"))
				}
				checkFits(t, m.View(), sz[0], sz[1])
				golden.RequireEqual(t, []byte(m.View()))
			})
		}
	}
}

// checkFits asserts the screen is exactly w×h: never wider, never taller.
func checkFits(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) != h {
		t.Fatalf("%d×%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := width(l); lw != w {
			t.Fatalf("%d×%d: line %d is %d wide: %q", w, h, i, lw, l)
		}
	}
}

// TestEverySize renders every page, with banner, replay bar and help, on a
// grid of sizes from 20×5 to 400×120 plus the edges, and checks the screen
// never exceeds the window.
func TestEverySize(t *testing.T) {
	var ws, hs []int
	for w := 20; w <= 400; w += 19 {
		ws = append(ws, w)
	}
	for h := 5; h <= 120; h += 9 {
		hs = append(hs, h)
	}
	ws = append(ws, minW-1, minW, minW+1, 400)
	hs = append(hs, minH-1, minH, minH+1, 120)
	for _, variant := range []string{"live", "stale+replay+help"} {
		m := newTestModel("dark", termenv.TrueColor, nil)
		snap := fixture()
		if variant != "live" {
			m = newTestModel("okabe-ito", termenv.TrueColor, func(o *Options) { o.Player = newFakePlayer() })
			snap = staleFixture()
		}
		m.Update(snapshotMsg{snap})
		if variant != "live" {
			m.Update(keyMsg("?"))
		}
		for _, w := range ws {
			for _, h := range hs {
				m.Update(tea.WindowSizeMsg{Width: w, Height: h})
				for p := 0; p < 4; p++ {
					checkFits(t, m.View(), w, h)
					m.Update(keyMsg("tab"))
				}
			}
		}
	}
}

// TestTooSmall: below the minimum the board says what it needs.
func TestTooSmall(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 39, 24)
	if !strings.Contains(m.View(), "terminal too small") || !strings.Contains(m.View(), "need 40×10") {
		t.Fatalf("39×24 should be too small:\n%s", m.View())
	}
	show(m, fixture(), 40, 10)
	if strings.Contains(m.View(), "too small") {
		t.Fatalf("40×10 is the minimum and must render the board:\n%s", m.View())
	}
}

// TestFigures checks the tiles against figures worked out by hand from
// fixture() (plain text, 200×60 so every figure is shown).
func TestFigures(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 200, 60)
	v := m.View()
	want := []string{
		// sales now: answered_in_sl 3 / (answered 3 + abandoned 1 − short 0 + exited 0) = 3/4 = 75 %,
		// target 80 %: within 10 points below → amber, ▼.
		"SL 20s now   75% ▼",
		// sales day: 30 / (34 + 4 − 2 + 1) = 30/37 = 81.08 % → 81 %, at/above 80 → ✓.
		"SL 20s day   81% ✓",
		// sales abandon: (4 − 2) / 37 = 5.405 % → 5.4 %; ASA 408 s / 34 = 12 s; AHT (6000+600) s / 30 = 220 s = 3:40.
		"Abandon     5.4%", "ASA         0:12", "AHT         3:40",
		// sales longest wait 45 s, T 20 s: 20 ≤ 45 < 60 → amber ▲; 2 waiting, 0 available → amber ▲.
		"Longest     0:45 ▲", "Waiting        2 ▲",
		// support (answered profile, T 30 s, target 90 %): now 6/10 = 60 % < 80 → red !;
		// day 44/50 = 88 % ≥ 80 → amber ▼; longest 100 s ≥ 3·30 → red !; abandon (5−1)/(50+5−1) = 7.4 %.
		"SL 30s now   60% !", "SL 30s day   88% ▼", "Longest     1:40 !", "Abandon     7.4%",
		// vip (offered-short, T 10 s): day 9 / (10 − 1) = 100 %.
		"SL 10s day  100% ✓",
		// billing has no calls: ratios undefined → dash, never 0 % or 100 %.
		"SL 20s now     —", "ASA            —",
		// centre day: answered 34+50+0+9 = 93 of offered 40+55+0+10 = 105.
		"93/105",
		// centre abandon: (4+5+0+1 − (2+1+0+1)) / (93 + 10 − 4 + 1) = 6/100 = 6.0 %.
		"6.0%",
		"data 3s old", "outcome · target 80%", "answered · target 90%",
	}
	for _, s := range want {
		if !hasFig(v, s) {
			t.Errorf("overview lacks %q", s)
		}
	}
	// centre now: (3+10+0+2) in SL = 11 / (15 + 1) = 68.75 % → 69 %, below 70 → red: ALARM on the tile.
	if !strings.Contains(v, "CENTRE ! ALARM") {
		t.Errorf("centre tile should carry ALARM")
	}
	if t.Failed() {
		t.Log(v)
	}
}

// TestStaleBanner: stale data is said in words with its age and reason.
func TestStaleBanner(t *testing.T) {
	m := show(newTestModel("mono", termenv.Ascii, nil), staleFixture(), 160, 40)
	v := m.View()
	// LastMsg 125 s before now → 2m05s.
	for _, s := range []string{"! RECONNECTING · last data 2m05s ago · websocket closed by peer", "! STALE · data 2m05s old", "sales STALE"} {
		if !hasFig(v, s) {
			t.Errorf("stale board lacks %q:\n%s", s, v)
		}
	}
}

// hasFig reports whether the screen shows want, with runs of spaces
// counting as one: figures are checked by label, value and glyph, while
// column widths are the layout's business (and the goldens').
func hasFig(v, want string) bool {
	return strings.Contains(squash(v), squash(want))
}

// squash collapses runs of spaces to one.
func squash(s string) string {
	var b strings.Builder
	sp := false
	for _, r := range s {
		if r == ' ' {
			if sp {
				continue
			}
			sp = true
		} else {
			sp = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestNoDataYet: a feed that never delivered anything must not read as
// fresh ("data 0s old"); it says there is no data yet.
func TestNoDataYet(t *testing.T) {
	s := &kpi.Snapshot{Now: ago(0), Location: time.UTC, Interval: 30 * time.Minute,
		Source: kpi.SourceStatus{Name: "ws://127.0.0.1:9/feed", State: "reconnecting", Detail: "dial tcp: connection refused"}}
	v := show(newTestModel("mono", termenv.Ascii, nil), s, 160, 40).View()
	for _, want := range []string{"! RECONNECTING · no data yet · dial tcp: connection refused", "STALE · no data yet"} {
		if !strings.Contains(v, want) {
			t.Errorf("screen lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "0s old") || strings.Contains(v, "0s ago") {
		t.Errorf("an empty feed reads as fresh:\n%s", v)
	}
	// Nothing was ever shown, so the banner promises no "last good numbers".
	if strings.Contains(v, "last good numbers") {
		t.Errorf("the banner of a feed that never delivered speaks of last good numbers:\n%s", v)
	}
}

// A feed in error (a file the service may not read) says ERROR in the
// header as in the banner: "stale" would say the data is only late.
func TestErrorHeader(t *testing.T) {
	s := staleFixture()
	s.Source.State, s.Source.Detail = "error", "cannot open /var/log/asterisk/queue_log: permission denied (trying again)"
	v := show(newTestModel("mono", termenv.Ascii, nil), s, 160, 40).View()
	head := strings.SplitN(v, "\n", 2)[0]
	if !hasFig(head, "! ERROR · data 2m05s old") || strings.Contains(head, "STALE") {
		t.Errorf("header %q: want ERROR with the data's age", head)
	}
	if !hasFig(v, "! ERROR · last data 2m05s ago · cannot open /var/log/asterisk/queue_log: permission denied (trying again)") {
		t.Errorf("banner lacks the error:\n%s", v)
	}
}

// A live source with no data yet says why in the header, in its own
// words (here a log of earlier days only).
func TestNoDataSaysWhy(t *testing.T) {
	s := fixture()
	s.Events, s.Source = 0, kpi.SourceStatus{Name: "queue_log", State: "live", Detail: "nothing from today yet: 3 older lines skipped"}
	head := strings.SplitN(show(newTestModel("mono", termenv.Ascii, nil), s, 200, 40).View(), "\n", 2)[0]
	if !hasFig(head, "LIVE · no data yet · nothing from today yet: 3 older lines skipped") {
		t.Errorf("header %q: want the reason", head)
	}
}
