package tui

// All layout arithmetic lives here: computeLayout runs on every
// WindowSizeMsg (and when the chrome changes) and the results are pushed
// down to the panels with SetSize. Panels never look at the terminal size.

// Minimum usable board; below it the "terminal too small" screen shows.
const (
	minW = 40
	minH = 10
)

// waitSideW is the width of the calls-waiting list beside the tiles, and
// waitSideMinW the screen width from which the overview has room for it.
const (
	waitSideW    = 36
	waitSideMinW = 110
)

// The big-digit headline needs a screen at least this large.
const (
	bigMinW = 100
	bigMinH = 30
)

// chrome is what surrounds the page body; a change re-runs the layout.
type chrome struct {
	banner bool // feed trouble banner
	replay bool // replay status bar
	input  bool // go-to prompt
	err    bool // go-to error line
	help   int  // help lines wanted (0 in wall mode, 1 short, more for full)
}

// layout is the screen's division into rows, computed in one place.
type layout struct {
	w, h     int
	tooSmall bool
	chrome   chrome

	header, banner, body, status, input, help int // row counts, top to bottom

	waitSide int  // width of the calls-waiting list on the overview; 0: own page
	big      bool // headline figures in the big font
}

func computeLayout(w, h int, c chrome) layout {
	l := layout{w: w, h: h, chrome: c}
	if w < minW || h < minH {
		l.tooSmall = true
		return l
	}
	l.header = 1
	if c.banner {
		l.banner = 1
	}
	if c.replay {
		l.status = 1
	}
	if c.input {
		l.input = 1
		if c.err {
			l.input = 2
		}
	}
	l.help = c.help
	// The body keeps at least half the screen: help shrinks first.
	fixed := l.header + l.banner + l.status + l.input
	l.help = min(l.help, max(0, h/2-fixed))
	l.body = h - fixed - l.help
	if w >= waitSideMinW {
		l.waitSide = waitSideW
	}
	l.big = w >= bigMinW && h >= bigMinH
	return l
}
