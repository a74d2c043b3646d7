package tui

import (
	"strconv"
	"strings"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

// frameData is what every panel draws from: the snapshot, the clock for
// ticking figures, and whether the numbers are stale.
type frameData struct {
	snap  *kpi.Snapshot
	now   time.Time
	stale bool
	// alerts is the session's alert state (hysteresis), updated by the
	// model before the panels draw; nil when there is none.
	alerts *kpi.Alerter
}

// overviewPanel is the tiles page: the centre first, then each queue, and
// the calls-waiting list beside them when the screen is wide.
type overviewPanel struct {
	st       *Styles
	w, h     int
	waitSide int
	big      bool
	d        frameData
	side     waitingPanel
	cache    string
	valid    bool
}

// SetSize receives the body size and the layout's decisions.
func (p *overviewPanel) SetSize(w, h, waitSide int, big bool) {
	p.w, p.h, p.waitSide, p.big, p.valid = w, h, waitSide, big, false
	p.side.st = p.st
	p.side.SetSize(waitSide, h)
}

// SetData receives a new snapshot or a new "now".
func (p *overviewPanel) SetData(d frameData) {
	p.d, p.valid = d, false
	p.side.SetData(d)
}

// View renders (once per change) and returns the page.
func (p *overviewPanel) View() string {
	if !p.valid {
		p.cache, p.valid = p.render(), true
	}
	return p.cache
}

func (p *overviewPanel) render() string {
	s := p.d.snap
	if s == nil || p.w <= 0 || p.h <= 0 {
		return ""
	}
	tw := p.w
	if p.waitSide > 0 {
		tw = p.w - p.waitSide - 1
	}
	queues := make([]*kpi.QueueView, 0, len(s.Queues)+1)
	queues = append(queues, &s.Total)
	for i := range s.Queues {
		if !s.Queues[i].Hidden { // configured off the board; still in the centre total
			queues = append(queues, &s.Queues[i])
		}
	}
	lines := p.tiles(queues, tw, p.h)
	if p.waitSide > 0 {
		side := strings.Split(p.side.View(), "\n")
		for i := range lines {
			r := ""
			if i < len(side) {
				r = side[i]
			}
			lines[i] = fitW(lines[i], tw) + " " + r
		}
	}
	return strings.Join(lines, "\n")
}

// tiles lays out the tiles in w×h and returns exactly h lines. With the
// big font the centre takes a full-width row of its own.
func (p *overviewPanel) tiles(qs []*kpi.QueueView, w, h int) []string {
	out := make([]string, 0, h)
	if p.big && len(qs) > 1 && h >= 2*tileBigH {
		out = append(out, p.tile(qs[0], w, tileBigH, true)...)
		qs = qs[1:]
		h -= tileBigH
	}
	out = append(out, p.grid(qs, w, h)...)
	return out
}

// tileBigH is the height of a tile with the big headline row: frame 2,
// headline label 1 + big digits 3, and two rows of small figures.
const tileBigH = 2 + 1 + bigRows + 2

// grid chooses the number of tile columns that shows the most figures
// per tile, and fills the rows; tiles that do not fit are counted in a
// last line.
func (p *overviewPanel) grid(qs []*kpi.QueueView, w, h int) []string {
	n := len(qs)
	bestCols, bestScore := 1, -1
	for cols := 1; cols <= n; cols++ {
		tw := (w - (cols - 1)) / cols
		if tw < tileMinW {
			break
		}
		rows := (n + cols - 1) / cols
		th := h / rows
		if th < 3 {
			continue
		}
		score := min(numCells, cellsFit(tw, th))
		if score > bestScore || (score == bestScore && cols > bestCols) {
			bestCols, bestScore = cols, score
		}
	}
	cols := bestCols
	tw := (w - (cols - 1)) / cols
	rows := (n + cols - 1) / cols
	th := max(3, h/rows)
	shown := n
	if rows*th > h { // even one figure row per tile does not fit: show what does
		rowsFit := max(1, (h-1)/th)
		shown = min(n, rowsFit*cols)
		rows = rowsFit
	}
	out := make([]string, 0, h)
	for r := 0; r < rows; r++ {
		var blocks [][]string
		for c := 0; c < cols; c++ {
			i := r*cols + c
			if i >= shown {
				break
			}
			blocks = append(blocks, p.tile(qs[i], tw, th, false))
		}
		for line := 0; line < th; line++ {
			var b strings.Builder
			for c, bl := range blocks {
				if c > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(bl[line])
			}
			out = append(out, b.String())
		}
	}
	if shown < n && len(out) < h {
		out = append(out, p.st.Dim.S(" +"+strconv.Itoa(n-shown)+" more queues: see the intervals page or enlarge the window"))
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out[:h]
}
