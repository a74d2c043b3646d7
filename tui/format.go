package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/charmbracelet/x/ansi"
)

// dash is what an undefined figure shows: a ratio with no denominator is
// not 0 % and not 100 %, it is "nothing to measure yet".
const dash = "—"

// level is how a figure stands against its rule (KPI.md colour rules).
type level uint8

const (
	lvNone  level = iota // no rule applies: ordinary text
	lvOK                 // meets its target (green)
	lvWarn               // drifting (amber)
	lvAlarm              // needs someone now (red)
	lvDim                // idle, secondary (an available agent idle for long)
	numLevels
)

// glyph is the non-colour signal of a level, so that an alarm reads the
// same on a monochrome terminal and to a colour-blind supervisor. low says
// the figure is too low (service level) rather than too high (a wait).
func glyph(lv level, low bool) string {
	switch lv {
	case lvOK:
		return "✓"
	case lvWarn:
		if low {
			return "▼"
		}
		return "▲"
	case lvAlarm:
		return "!"
	case lvDim:
		return "·"
	}
	return " "
}

// slLevel applies the SL rule: at or above target OK, within 10 points
// below warn, further below alarm. Undefined SL has no level.
func slLevel(v float64, ok bool, target float64) level {
	switch {
	case !ok:
		return lvNone
	case v >= target-1e-9:
		return lvOK
	case v >= target-0.10-1e-9:
		return lvWarn
	}
	return lvAlarm
}

// waitLevel applies the longest-wait rule: under T OK, under 3·T warn,
// beyond alarm.
func waitLevel(w, t time.Duration) level {
	switch {
	case t <= 0:
		return lvNone
	case w < t:
		return lvOK
	case w < 3*t:
		return lvWarn
	}
	return lvAlarm
}

// waitingLevel: callers waiting with no agent available is amber.
func waitingLevel(waiting, available int) level {
	if waiting > 0 && available == 0 {
		return lvWarn
	}
	return lvNone
}

// agentLevel is VICIdial's time-in-state ladder from KPI.md.
func agentLevel(st feed.Status, in time.Duration) level {
	switch st {
	case feed.StatusAvailable:
		if in > 60*time.Second {
			return lvDim
		}
	case feed.StatusBusy:
		if in > 300*time.Second {
			return lvWarn
		}
	case feed.StatusWrapup:
		if in > 300*time.Second {
			return lvAlarm
		}
		if in > 60*time.Second {
			return lvWarn
		}
	case feed.StatusPaused:
		if in > 900*time.Second {
			return lvAlarm
		}
		if in > 600*time.Second {
			return lvWarn
		}
	}
	return lvNone
}

// pct0 formats a ratio as a whole percentage ("75%"), or the dash.
func pct0(v float64, ok bool) string {
	if !ok {
		return dash
	}
	return strconv.Itoa(int(math.Round(v*100))) + "%"
}

// pct1 formats a ratio with one decimal ("5.0%"), for small rates.
func pct1(v float64, ok bool) string {
	if !ok {
		return dash
	}
	return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
}

// clock formats a duration as m:ss, or h:mm:ss from an hour on. Negative
// durations (a clock behind the data) show as 0:00.
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// clockOK is clock or the dash for an undefined average.
func clockOK(d time.Duration, ok bool) string {
	if !ok {
		return dash
	}
	// Averages round to the nearest second, as `report` prints them, so a
	// figure on the board and in the report never differ by a second.
	return clock(d.Round(time.Second))
}

// age says how old data is in words people read at a glance: "3s",
// "2m05s", "1h02m".
func age(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, s/60%60)
}

// seconds formats a threshold as the SL label does ("20s", "1m30s").
func seconds(d time.Duration) string {
	s := int64(d / time.Second)
	if s%60 == 0 && s >= 60 {
		return fmt.Sprintf("%dm", s/60)
	}
	if s > 60 {
		return fmt.Sprintf("%dm%ds", s/60, s%60)
	}
	return fmt.Sprintf("%ds", s)
}

// slLabel is the SL tile label naming its threshold ("SL 20s").
func slLabel(r kpi.QueueRules) string { return "SL " + seconds(r.SLThreshold) }

// width is the display width of plain or styled text.
func width(s string) int { return ansi.StringWidth(s) }

// fitW cuts or pads s (plain or styled) to exactly w columns.
func fitW(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := ansi.StringWidth(s)
	if n > w {
		s = ansi.Truncate(s, w, "")
		n = ansi.StringWidth(s)
	}
	if n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// cut shortens plain text to w columns with an ellipsis when it is longer.
func cut(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= w {
		return s
	}
	if w == 1 {
		return "…"
	}
	return ansi.Truncate(s, w, "…")
}

// padR pads plain text on the right to w columns (cutting when longer).
func padR(s string, w int) string { return fitW(cut(s, w), w) }

// padL right-aligns plain text in w columns.
func padL(s string, w int) string {
	s = cut(s, w)
	if n := ansi.StringWidth(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}
