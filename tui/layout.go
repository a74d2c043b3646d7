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

// The overview's tile geometry.
const (
	tileMinW  = 24 // narrowest tile
	coreCells = 6  // figures a queue tile must show before the centre gets the big font
	bandMin   = 4  // rows under the tiles worth giving to another panel
)

// tileGrid is how a block of tiles is cut: cols×rows tiles of tw×th,
// each showing figRows rows of figCols figures; shown tiles of the
// block's n (the rest are counted on a "+N more" line).
type tileGrid struct {
	cols, rows, tw, th int
	figCols, figRows   int
	shown, n           int
}

// figures is how many figures each tile of the grid shows.
func (g tileGrid) figures(cells int) int { return min(cells, g.figCols*g.figRows) }

// height is the rows the grid takes, with its "+N more" line.
func (g tileGrid) height() int {
	h := g.rows * g.th
	if g.shown < g.n {
		h++
	}
	return h
}

// tilePlan is the overview's division: the centre alone on a full-width
// row with the big font (when it pays), the grid of the other tiles, and
// the band of rows left under them for another panel.
type tilePlan struct {
	big         bool // the centre has its own row with the big headline
	scale       int  // the headline font's scale (bigRows(scale) rows); 0 when not big
	centreH     int  // its height (frame, headline, figure rows)
	centreCols  int  // its figure columns
	centreRows  int  // its figure rows under the headline
	grid        tileGrid
	band        int // rows left under the tiles
	queueCells  int // figures each grid tile shows
	centreCells int // figures the centre shows (headline included)
}

// figCols is how many figure columns of cellW fit a tile of width tw.
func figCols(tw, cellW int) int {
	iw := tw - 4 // frame and a space each side
	if iw < cellW {
		return 0
	}
	return (iw + cellGap) / (cellW + cellGap)
}

// planGrid chooses the tile columns for n tiles of cells figures each in
// w×h: the most figures per tile wins, then every tile shown, then more
// tile columns (the same figure on the same screen row across queues is
// easiest to compare). Tiles are as tall as their figures need, no taller.
func planGrid(n, cells, cellW, w, h int) tileGrid {
	best := tileGrid{n: n}
	bestFig := -1
	for cols := 1; cols <= max(1, n); cols++ {
		tw := (w - (cols - 1)) / cols
		fc := figCols(tw, cellW)
		if tw < tileMinW || fc == 0 {
			break
		}
		need := (cells + fc - 1) / fc
		rows := (n + cols - 1) / cols
		g := tileGrid{cols: cols, rows: rows, tw: tw, figCols: fc, shown: n, n: n}
		if h/rows < 3 { // not every tile fits: as many rows as do, then "+N more"
			g.rows = max(0, (h-1)/3)
			g.shown = min(n, g.rows*cols)
		}
		if g.rows == 0 {
			continue
		}
		avail := h
		if g.shown < n {
			avail--
		}
		g.figRows = min(need, avail/g.rows-2)
		g.th = g.figRows + 2
		fig := g.figures(cells)
		if fig > bestFig || (fig == bestFig && g.shown > best.shown) || (fig == bestFig && g.shown == best.shown && cols > best.cols) {
			best, bestFig = g, fig
		}
	}
	return best
}

// planTiles divides w×h between the centre and nq queue tiles. With the
// big font allowed, the centre takes a full-width row if the queue tiles
// still show their core figures; it gives up secondary figure rows before
// the queues lose figures. The rows nobody needs form the band. Then the
// headline font grows (headScale) into the band: every tile keeps what it
// shows at scale 1.
func planTiles(w, h, nq, cells, cellW int, big bool) tilePlan {
	flat := func() tilePlan {
		g := planGrid(nq+1, cells, cellW, w, h)
		return tilePlan{grid: g, band: h - g.height(), queueCells: g.figures(cells), centreCells: g.figures(cells)}
	}
	best := flat()
	cc := figCols(w, cellW)
	if !big || nq == 0 || cc == 0 {
		return best
	}
	full := (cells - 3 + cc - 1) / cc // figure rows under the headline for all
	for r := full; r >= 1; r-- {
		ch := 2 + 1 + bigRows(1) + r
		if ch+3 > h {
			continue
		}
		g := planGrid(nq, cells, cellW, w, h-ch)
		p := tilePlan{big: true, scale: 1, centreH: ch, centreCols: cc, centreRows: r, grid: g,
			band: h - ch - g.height(), queueCells: g.figures(cells), centreCells: min(cells, 3+cc*r)}
		if g.shown < nq || p.queueCells < min(cells, coreCells) {
			continue
		}
		if !best.big || p.queueCells > best.queueCells {
			best = p
		}
		if p.queueCells == cells {
			break // every figure shown: keep the tallest centre that allows it
		}
	}
	if best.big {
		k := headScale(w, best.band)
		grow := bigRows(k) - bigRows(1)
		best.scale, best.centreH, best.band = k, best.centreH+grow, best.band-grow
	}
	return best
}

// headDesign is the figure the headline's scale is sized for: a longest
// wait of ten minutes or more, the widest of the three in daily use
// (waiting "123" and SL "100%" are narrower). A wider figure (a wait of
// an hour) is drawn a scale smaller rather than cut.
const headDesign = "00:00"

// headScale is the largest headline scale a centre tile w wide affords
// with band rows spare under the tiles. Width: headDesign fits one of the
// three headline columns ((w−4)/3, less one blank column). Height: the
// 3(k−1) rows more than scale 1 come out of the band, never out of a
// tile. The band may be used up: on a wall screen the headline is read
// from across the room, the band's few rows of detail are not.
func headScale(w, band int) int {
	colW := (w - 4) / 3
	unit, _ := bigWidth(headDesign, 1)
	k := 1
	for unit*(k+1) <= colW-1 && bigRows(k+1)-bigRows(1) <= band {
		k++
	}
	return k
}
