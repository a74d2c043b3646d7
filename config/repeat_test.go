package config

import (
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

// TestRepeatWindow: the key reaches the engine; without it the engine gets
// 24 h, kpi's default, written out (so config check prints it).
func TestRepeatWindow(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       time.Duration
	}{
		{"default", "", 24 * time.Hour},
		{"duration", `repeat_window = "72h"`, 72 * time.Hour},
		{"seconds", `repeat_window = 3600`, time.Hour},
		{"the most allowed", `repeat_window = "720h"`, 720 * time.Hour},
	} {
		c := mustParse(t, tc.text+"\n")
		e, err := c.Engine()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if e.RepeatWindow != tc.want || c.Effective().RepeatWindow.D() != tc.want {
			t.Errorf("%s: engine %v, effective %v; want %v", tc.name, e.RepeatWindow, c.Effective().RepeatWindow.D(), tc.want)
		}
	}
	if kpi.DefaultRepeatWindow != defaultRepeatWindow {
		t.Errorf("config's default %v differs from kpi's %v", defaultRepeatWindow, kpi.DefaultRepeatWindow)
	}
}

// TestRepeatWindowBad: each bad value names file, line and key.
func TestRepeatWindowBad(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"\nrepeat_window = 0\n", `bad.toml:2: repeat_window: must be > 0, got 0s (the usual window is "24h")`},
		{"repeat_window = \"-1h\"\n", `bad.toml:1: repeat_window: must be > 0, got -1h0m0s (the usual window is "24h")`},
		// 721 h = 30 days + 1 hour.
		{"repeat_window = \"721h\"\n", `bad.toml:1: repeat_window: must be at most 720h (30 days), got 721h0m0s`},
		{"repeat_window = \"a day\"\n", `bad.toml:1: repeat_window: want a duration such as "20s" or "15m", or a number of seconds; got "a day"`},
		{"repeat_windw = \"24h\"\n", `bad.toml:1: repeat_windw: unknown key (did you mean repeat_window?)`},
	} {
		_, err := Parse([]byte(tc.text), "bad.toml")
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q:\n got %v\nwant %s", tc.text, err, tc.want)
		}
	}
}

// TestViewerLookup: an entry is found by the fingerprint whether it gives
// the whole key or the fingerprint; an unlisted key finds nothing.
func TestViewerLookup(t *testing.T) {
	c := mustParse(t, `
[[viewers]]
name = "Maria"
key = "`+mariaKey+`"
all = true
[[viewers]]
name = "Tom"
key = "`+tomFP+`"
queues = ["sales"]
`)
	if v := c.Viewer(mariaFP); v == nil || v.Name != "Maria" {
		t.Errorf("key form: %+v", v)
	}
	if v := c.Viewer(tomFP); v == nil || v.Name != "Tom" {
		t.Errorf("fingerprint form: %+v", v)
	}
	if v := c.Viewer("SHA256:someoneelse"); v != nil {
		t.Errorf("unlisted: %+v", v)
	}
	code := Config{Viewers: []Viewer{{Name: "Ann", Key: tomKey}}} // never validated
	if v := code.Viewer(tomFP); v == nil || v.Name != "Ann" {
		t.Errorf("unvalidated: %+v", v)
	}
}
