package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/muesli/termenv"
)

// configured is the fixture as a configuration file would shape it:
// sales shown as "Sales UK" with its own colour thresholds, billing hidden.
func configured() *kpi.Snapshot {
	s := fixture()
	for i := range s.Queues {
		q := &s.Queues[i]
		switch q.Name {
		case "sales":
			q.Display = "Sales UK"
			q.Rules.SLRedBelow = 0.76            // sales now 75 % (3/4): red, not amber
			q.Rules.WaitAmber = 60 * time.Second // longest 45 s: green, not amber
		case "billing":
			q.Hidden = true
		}
	}
	return s
}

func TestDisplayNamesAndHiddenQueues(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), configured(), 200, 60)
	v := m.View()
	if !strings.Contains(v, "─ Sales UK ") {
		t.Errorf("the sales tile should carry its display name:\n%s", v)
	}
	if strings.Contains(v, "─ billing ") {
		t.Errorf("hidden billing must have no tile:\n%s", v)
	}
	// Worked in TestFigures: sales now 75 %; red line 76 % → red "!".
	// Longest 45 s under wait_amber 60 s → green ✓.
	for _, want := range []string{"SL 20s now   75% !", "Longest     0:45 ✓"} {
		if !hasFig(v, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	// Intervals: v skips hidden billing and lands on sales, by display name.
	m.Update(keyMsg("tab"))
	m.Update(keyMsg("tab"))
	m.Update(keyMsg("v"))
	if !strings.Contains(m.View(), "Intervals · Sales UK") {
		t.Errorf("v should skip hidden billing and show sales by its display name:\n%s", m.View())
	}
}

// TestPauseReasonRules: a reason's own limits replace the default ladder
// (amber after 600 s, red after 900 s), and its colour paints the reason.
func TestPauseReasonRules(t *testing.T) {
	pauses := map[string]PauseRule{
		"lunch":    {Colour: "#ff0000", Warn: 20 * time.Minute, Limit: 30 * time.Minute}, // Kemi 700 s: below 20 m, no alarm (default: amber)
		"training": {Warn: 10 * time.Minute, Limit: 20 * time.Minute},                    // Luca 1000 s: past 10 m, amber (default: red)
	}
	m := show(newTestModel("dark", termenv.TrueColor, func(o *Options) { o.Pauses = pauses }), fixture(), 200, 60)
	m.Update(keyMsg("tab"))
	v := m.View()
	if !strings.Contains(v, "\x1b[38;2;255;0;0mlunch") {
		t.Errorf("lunch should be painted #ff0000:\n%q", v)
	}
	plain := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Pauses = pauses }), fixture(), 200, 60)
	plain.Update(keyMsg("tab"))
	pv := plain.View()
	if !strings.Contains(pv, "  Kemi Adeyemi") || strings.Contains(pv, "▲ Kemi Adeyemi") {
		t.Errorf("Kemi (lunch, 700 s of 20 m) should carry no alarm glyph:\n%s", pv)
	}
	if !strings.Contains(pv, "▲ Luca Ferri") {
		t.Errorf("Luca (training, 1000 s past 10 m, under 20 m) should be amber ▲:\n%s", pv)
	}
	// Without rules the default ladder stands: Kemi amber, Luca red.
	def := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 200, 60)
	def.Update(keyMsg("tab"))
	if dv := def.View(); !strings.Contains(dv, "▲ Kemi Adeyemi") || !strings.Contains(dv, "! Luca Ferri") {
		t.Errorf("default ladder: Kemi ▲, Luca !:\n%s", dv)
	}
	// A mono theme ignores reason colours.
	mono := show(newTestModel("mono", termenv.TrueColor, func(o *Options) { o.Pauses = pauses }), fixture(), 200, 60)
	mono.Update(keyMsg("tab"))
	if strings.Contains(mono.View(), "38;2;255;0;0m") {
		t.Error("mono theme painted a reason colour")
	}
}

func TestPauseLevel(t *testing.T) {
	for _, tc := range []struct {
		in   time.Duration
		r    PauseRule
		want level
	}{
		// Zero rule = the default ladder: > 600 s amber, > 900 s red.
		{600 * time.Second, PauseRule{}, lvNone},
		{601 * time.Second, PauseRule{}, lvWarn},
		{901 * time.Second, PauseRule{}, lvAlarm},
		// Limit 5 m only: warn min(600 s, 300 s) = 300 s, so amber never shows before red.
		{301 * time.Second, PauseRule{Limit: 5 * time.Minute}, lvAlarm},
		{299 * time.Second, PauseRule{Limit: 5 * time.Minute}, lvNone},
		{16 * time.Minute, PauseRule{Warn: 15 * time.Minute, Limit: time.Hour}, lvWarn},
	} {
		if got := pauseLevel(tc.in, tc.r); got != tc.want {
			t.Errorf("pauseLevel(%v, %+v) = %v, want %v", tc.in, tc.r, got, tc.want)
		}
	}
}

// TestDisplayNamesInLists: the calls-waiting list, the call-back list and
// the agent board name sales as its tile does ("Sales UK"), not by the
// name the PBX logs.
func TestDisplayNamesInLists(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), configured(), 200, 60)
	lines := strings.Split(m.View(), "\n")
	// The fixture's sales callers: +4940111222 and one without a number.
	if !hasLine(lines, "Sales UK", "+4940111222") {
		t.Errorf("calls waiting should name sales \"Sales UK\":\n%s", m.View())
	}
	// The call-back list's sales caller: +4940999888 (staffing_test.go).
	if !hasLine(lines, "Sales UK", "+4940999888") {
		t.Errorf("the call-back list should name sales \"Sales UK\":\n%s", m.View())
	}
	m.Update(keyMsg("tab"))
	lines = strings.Split(m.View(), "\n")
	for _, want := range [][2]string{
		{"Emma Rossi", "BUSY     2:10 Sales UK"},           // on a sales call
		{"Ines Duarte", "WRAP     1:30 after Sales UK"},    // wrapping up after one
		{"Alice Martin", "AVAIL    0:20 billing,Sales UK"}, // member of billing and sales
	} {
		if !hasLine(lines, want[0], want[1]) {
			t.Errorf("agent board: want %q with %q:\n%s", want[0], want[1], m.View())
		}
	}
}

// hasLine says whether one line holds a and, after it, b.
func hasLine(lines []string, a, b string) bool {
	for _, l := range lines {
		if i := strings.Index(l, a); i >= 0 && strings.Contains(l[i:], b) {
			return true
		}
	}
	return false
}
