package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/muesli/termenv"
)

// TestWallNamesNoKeys: a wall screen has no keyboard, so its intervals
// page does not offer "v: centre/queue" as the keyboard board's does. At
// 160×48 with a 20 s rotation the intervals page is up at +40 s
// (TestWallRotation).
func TestWallNamesNoKeys(t *testing.T) {
	const hint = "v: centre/queue"
	desk := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 160, 48)
	desk.Update(keyMsg("tab"))
	desk.Update(keyMsg("tab"))
	if v := desk.View(); !strings.Contains(v, "[Intervals]") || !strings.Contains(v, hint) {
		t.Fatalf("keyboard board: want the intervals page naming %q:\n%s", hint, v)
	}

	wall := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Wall = true; o.Rotate = 20 * time.Second }), fixture(), 160, 48)
	for _, at := range []time.Duration{0, 20 * time.Second, 40 * time.Second} {
		wall.Update(tickMsg{fxNow.Add(at)})
	}
	v := wall.View()
	if !strings.Contains(v, "[Intervals]") || !strings.Contains(v, "Intervals · Centre") {
		t.Fatalf("wall: want the intervals page at +40s:\n%s", v)
	}
	if strings.Contains(v, hint) {
		t.Errorf("wall: the intervals page names a key (%q):\n%s", hint, v)
	}
}
