package tui

import (
	"strconv"
	"strings"

	"github.com/callfloor/wallboard/kpi"
)

// cell is one labelled figure on a tile.
type cell struct {
	label, value string
	lv           level
	low          bool // the figure alarms by being too low (service level)
}

// numCells is how many figures a tile has; tileMinW the narrowest tile.
const (
	numCells  = 18
	tileMinW  = 24
	cellLabel = 10 // label column of a figure
	cellGap   = 2  // between figure columns
)

// rules are the queue's rules, or the defaults when the engine left them
// unset (the centre total may carry none).
func rules(q *kpi.QueueView) kpi.QueueRules {
	if q.Rules.SLThreshold <= 0 {
		return kpi.DefaultRules()
	}
	return q.Rules
}

// cells computes a tile's figures in priority order: a small tile shows
// the first ones. SL is shown for the current interval and the day; the
// other rates are the day so far.
func (p *overviewPanel) cells(q *kpi.QueueView) [numCells]cell {
	r := rules(q)
	now := p.d.now
	longest := q.LongestWait(now)
	slNow, okNow := q.Current.ServiceLevel(r.Profile)
	slDay, okDay := q.Day.ServiceLevel(r.Profile)
	abn, okAbn := q.Day.AbandonRate()
	asa, okASA := q.Day.ASA()
	aht, okAHT := q.Day.AHT()
	lbl := slLabel(r)
	occ, csat, nps, fcr := qualityCells(q)
	cs := [numCells]cell{
		{label: "Waiting", value: strconv.Itoa(q.Waiting), lv: waitingLevel(q.Waiting, q.Agents.Available)},
		{label: "Longest", value: clock(longest), lv: queueWaitLevel(longest, &r)},
		{label: lbl + " now", value: pct0(slNow, okNow), lv: queueSLLevel(slNow, okNow, &r), low: true},
		{label: lbl + " day", value: pct0(slDay, okDay), lv: queueSLLevel(slDay, okDay, &r), low: true},
		{label: "Abandon", value: pct1(abn, okAbn)},
		{label: "Answered", value: strconv.Itoa(q.Day.Answered) + "/" + strconv.Itoa(q.Day.Offered)},
		p.staffingCell(q),
		{label: "Available", value: strconv.Itoa(q.Agents.Available)},
		{label: "On call", value: strconv.Itoa(q.Agents.Busy)},
		{label: "ASA", value: clockOK(asa, okASA)},
		{label: "AHT", value: clockOK(aht, okAHT)},
		occ,
		{label: "Wrap-up", value: strconv.Itoa(q.Agents.Wrapup)},
		{label: "Paused", value: strconv.Itoa(q.Agents.Paused)},
		{label: "Logged in", value: strconv.Itoa(q.Agents.LoggedIn)},
		csat, nps, fcr,
	}
	// An alert in force stays red until the alerter lets it go
	// (hysteresis), even when the raw figure is back in amber.
	if p.d.alertOn(kpi.AlertWait, q.Name) {
		cs[1].lv = lvAlarm
	}
	if p.d.alertOn(kpi.AlertSL, q.Name) {
		cs[2].lv = lvAlarm
	}
	return cs
}

// cellsFit is how many figures a w×h tile shows (default value width).
func cellsFit(w, h int) int {
	iw, ih := w-4, h-2
	cw := cellLabel + 1 + 5 + 2
	cols := max(1, (iw+cellGap)/(cw+cellGap))
	if iw < cw {
		return 0
	}
	return cols * max(0, ih)
}

// tile renders one queue as exactly h lines of exactly w columns: a frame
// with the name (and STALE / ALARM words) on top, the profile and target
// below, figures flowing in columns inside.
func (p *overviewPanel) tile(q *kpi.QueueView, w, h int, big bool) []string {
	st := &p.st.Tile
	cs := p.cells(q)
	iw := w - 4
	name := q.Label() // the configured display name, else the queue name
	if name == "*" || q == &p.d.snap.Total {
		name = "CENTRE"
	}
	alarm := p.d.alertWords(q, q == &p.d.snap.Total) != ""
	for _, c := range cs {
		alarm = alarm || c.lv == lvAlarm
	}
	var inner []string
	rest := cs[:]
	if big && iw >= 45 && h-2 >= 1+bigRows {
		inner = append(inner, p.headline(cs[:3], iw)...)
		rest = cs[3:]
	}
	inner = append(inner, p.figures(rest, iw, h-2-len(inner))...)

	out := make([]string, 0, h)
	title := " " + name + " "
	titleS := st.Title.S(title)
	if p.d.stale {
		title += "STALE "
		titleS += st.Stale.S("STALE") + " "
	}
	if alarm {
		word := "! ALARM"
		if w := p.d.alertWords(q, q == &p.d.snap.Total); w != "" {
			word += " " + w
		}
		title += word + " "
		titleS += st.Level[lvAlarm].S(word) + " "
	}
	if width(title) > w-3 {
		title = cut(title, w-3)
		titleS = st.Title.S(title)
	}
	out = append(out, st.Frame.S("╭─")+titleS+st.Frame.S(strings.Repeat("─", max(0, w-3-width(title)))+"╮"))
	for i := 0; i < h-2; i++ {
		line := ""
		if i < len(inner) {
			line = inner[i]
		}
		out = append(out, st.Frame.S("│")+" "+fitW(line, iw)+" "+st.Frame.S("│"))
	}
	r := rules(q)
	detail := " " + r.Profile.String() + " · target " + pct0(r.SLTarget, true) + " · rates: day "
	detail = cut(detail, max(0, w-3))
	out = append(out, st.Frame.S("╰─")+st.Detail.S(detail)+st.Frame.S(strings.Repeat("─", max(0, w-3-width(detail)))+"╯"))
	return out
}

// figures flows cells into columns, row-major, in at most rows rows.
func (p *overviewPanel) figures(cs []cell, iw, rows int) []string {
	st := &p.st.Tile
	vw := 5
	for _, c := range cs {
		vw = max(vw, width(c.value))
	}
	cw := cellLabel + 1 + vw + 2
	cols := max(1, (iw+cellGap)/(cw+cellGap))
	out := make([]string, 0, rows)
	for r := 0; r < rows; r++ {
		var b strings.Builder
		for c := 0; c < cols; c++ {
			i := r*cols + c
			if i >= len(cs) {
				break
			}
			x := cs[i]
			if c > 0 {
				b.WriteString(strings.Repeat(" ", cellGap))
			}
			ink := st.Level[x.lv]
			if x.lv == lvNone {
				ink = st.Value
			}
			b.WriteString(st.Label.S(padR(x.label, cellLabel)))
			b.WriteByte(' ')
			b.WriteString(ink.S(padL(x.value, vw)))
			b.WriteByte(' ')
			b.WriteString(ink.S(glyph(x.lv, x.low)))
		}
		if b.Len() == 0 {
			break
		}
		out = append(out, b.String())
	}
	return out
}

// headline draws the first figures in the big font, side by side, each
// under its label; a value the font cannot draw falls back to plain text.
func (p *overviewPanel) headline(cs []cell, iw int) []string {
	st := &p.st.Tile
	colW := iw / len(cs)
	out := make([]string, 1+bigRows)
	for _, c := range cs {
		ink := st.Level[c.lv]
		if c.lv == lvNone {
			ink = st.Value
		}
		g := glyph(c.lv, c.low)
		lbl := st.Label.S(headLabel(c.label)) + " " + ink.S(g)
		out[0] += fitW(lbl, colW)
		big, bw, ok := bigText(c.value)
		for r := 0; r < bigRows; r++ {
			var s string
			switch {
			case ok && bw <= colW-1:
				s = ink.S(big[r])
			case r == 1:
				s = ink.S(c.value)
			}
			out[1+r] += fitW(s, colW)
		}
	}
	return out
}

// headLabel upper-cases a headline label for reading at a distance, but
// not its units: "SL 20s now" must not become "SL 20S NOW" (20 siemens).
func headLabel(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if w == "" || (w[0] >= '0' && w[0] <= '9') {
			continue
		}
		words[i] = strings.ToUpper(w)
	}
	return strings.Join(words, " ")
}
