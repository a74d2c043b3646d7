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
	side     waitingPanel   // the calls-waiting column on a wide screen
	below    waitingPanel   // the same list under the tiles on a narrow one
	today    intervalsPanel // the centre's intervals under the tiles
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
	// Every tile's figures first: the label and value columns are the
	// widest on the screen, so figures line up from tile to tile.
	cells := make([][]cell, len(queues))
	g := cellGeom{label: cellLabel, value: cellValue}
	for i, q := range queues {
		cells[i] = p.cells(q)
		g.measure(cells[i])
	}
	plan := planTiles(tw, p.h, len(queues)-1, len(cells[0]), g.width(), p.big)
	var lines []string
	band := plan.band
	if plan.grid.shown < plan.grid.n || plan.queueCells < compactBelow {
		// Tiles would hide queues or show too little: one line per queue.
		lines = p.table(queues, cells, tw, p.h)
		band = p.h - len(lines)
	} else {
		lines = p.tiles(queues, cells, g, plan, tw)
	}
	if band >= bandMin {
		lines = append(lines[:p.h-band], p.band(tw, band)...)
	}
	for len(lines) < p.h {
		lines = append(lines, "")
	}
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

// band fills the rows the tiles leave free: the callers waiting and the
// call-back list when they have no column of their own, else the
// centre's intervals today. It returns exactly h lines.
func (p *overviewPanel) band(w, h int) []string {
	var v string
	if p.waitSide > 0 {
		p.today.st, p.today.band = p.st, true
		p.today.SetSize(w, h-1)
		p.today.SetData(p.d)
		v = p.today.View()
	} else {
		p.below.st = p.st
		p.below.SetSize(w, h-1)
		p.below.SetData(p.d)
		v = p.below.View()
	}
	return appendBlock([]string{""}, v, h-1)
}

// tiles draws the plan and returns exactly h lines.
func (p *overviewPanel) tiles(qs []*kpi.QueueView, cells [][]cell, g cellGeom, plan tilePlan, w int) []string {
	out := make([]string, 0, p.h)
	if plan.big {
		out = append(out, p.tile(qs[0], cells[0], g, w, plan.centreH, plan.scale)...)
		qs, cells = qs[1:], cells[1:]
	}
	out = append(out, p.grid(qs, cells, g, plan.grid)...)
	for len(out) < p.h {
		out = append(out, "")
	}
	return out[:p.h]
}

// grid draws the tiles of gr row by row; tiles that do not fit are
// counted in a last line.
func (p *overviewPanel) grid(qs []*kpi.QueueView, cells [][]cell, g cellGeom, gr tileGrid) []string {
	out := make([]string, 0, gr.height())
	for r := 0; r < gr.rows; r++ {
		var blocks [][]string
		for c := 0; c < gr.cols; c++ {
			i := r*gr.cols + c
			if i >= gr.shown {
				break
			}
			blocks = append(blocks, p.tile(qs[i], cells[i], g, gr.tw, gr.th, 0))
		}
		for line := 0; line < gr.th; line++ {
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
	if gr.shown < len(qs) {
		out = append(out, p.st.Dim.S(" +"+strconv.Itoa(len(qs)-gr.shown)+" more queues: see the intervals page or enlarge the window"))
	}
	return out
}

// compactBelow: when tiles would show fewer figures each, the overview is
// a table of one line per queue instead.
const compactBelow = 4

// tableCols are the figures of the one-line-per-queue table, by their
// index in cells, with short headers (the SL threshold differs by queue,
// so it stays off the header).
var tableCols = [...]struct {
	cell int
	head string
}{{0, "Wait"}, {1, "Longest"}, {2, "SL now"}, {3, "SL day"}, {4, "Abandon"}, {5, "Answered"}}

// table is the compact overview: a header and one line per queue with
// the figures that fit the width, each with its glyph; at most h lines.
func (p *overviewPanel) table(qs []*kpi.QueueView, cells [][]cell, w, h int) []string {
	nw := 6
	for _, q := range qs[1:] {
		nw = max(nw, width(q.Label()))
	}
	nw = min(nw, 12)
	vws := make([]int, 0, len(tableCols))
	used := 1 + nw
	for _, c := range tableCols {
		vw := width(c.head)
		for i := range cells {
			vw = max(vw, width(cells[i][c.cell].value)+2)
		}
		if used+2+vw > w {
			break
		}
		vws = append(vws, vw)
		used += 2 + vw
	}
	out := make([]string, 0, h)
	var hb strings.Builder
	hb.WriteString(padR(" Queue", 1+nw))
	for i, vw := range vws {
		hb.WriteString("  " + padL(tableCols[i].head, vw))
	}
	out = append(out, p.st.Table.Head.S(hb.String()))
	st := &p.st.Tile
	for i, q := range qs {
		if len(out) == h-1 && i < len(qs)-1 {
			out = append(out, p.st.Dim.S(" +"+strconv.Itoa(len(qs)-i)+" more queues: see the intervals page"))
			break
		}
		if len(out) == h {
			break
		}
		name := q.Label()
		if i == 0 {
			name = "CENTRE"
		}
		alarm := p.d.alertWords(q, i == 0) != ""
		for _, c := range cells[i] {
			alarm = alarm || c.lv == lvAlarm
		}
		var b strings.Builder
		nameInk := st.Title
		if alarm {
			nameInk = st.Level[lvAlarm]
		}
		b.WriteString(" " + nameInk.S(padR(name, nw)))
		for j, vw := range vws {
			c := cells[i][tableCols[j].cell]
			ink := st.Level[c.lv]
			if c.lv == lvNone {
				ink = st.Value
			}
			b.WriteString("  " + inked(ink, c.value+" "+glyph(c.lv, c.low), vw))
		}
		out = append(out, b.String())
	}
	return out
}
