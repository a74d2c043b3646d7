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

// numCells is how many figures a tile has at most.
const (
	numCells     = 18
	cellLabel    = 10 // narrowest label column of a figure
	cellLabelMax = 13 // widest: longer labels are cut
	cellValue    = 5  // narrowest value column
	cellGap      = 2  // between figure columns
)

// cellGeom is the figure columns' widths, shared by every tile on the
// screen so that the same figure sits at the same place in each tile.
type cellGeom struct{ label, value int }

// width is one figure: label, space, value, space, glyph.
func (g cellGeom) width() int { return g.label + 1 + g.value + 2 }

// measure widens g to hold cs.
func (g *cellGeom) measure(cs []cell) {
	for i := range cs {
		g.label = min(cellLabelMax, max(g.label, width(cs[i].label)))
		g.value = max(g.value, width(cs[i].value))
	}
}

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
// other rates are the day so far. Without surveys anywhere (the centre
// has no answer) CSAT and NPS are left out on every tile alike: a row of
// "CSAT(0) —" tells the floor nothing.
func (p *overviewPanel) cells(q *kpi.QueueView) []cell {
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
	out := cs[:]
	if t := &p.d.snap.Total.Day; t.CSATResponses == 0 && t.NPSResponses == 0 {
		out = append(cs[:15:15], fcr)
	}
	return out
}

// tile renders one queue as exactly h lines of exactly w columns: a frame
// with the name (and STALE / ALARM words) on top, the profile and target
// below, figures flowing in columns inside. With scale > 0, the first
// three figures are drawn in the big font at that scale above the others.
func (p *overviewPanel) tile(q *kpi.QueueView, cs []cell, g cellGeom, w, h, scale int) []string {
	st := &p.st.Tile
	iw := w - 4
	centre := q == &p.d.snap.Total
	name := q.Label() // the configured display name, else the queue name
	if name == "*" || centre {
		name = "CENTRE"
	}
	words := p.d.alertWords(q, centre)
	alarm := words != ""
	for _, c := range cs {
		alarm = alarm || c.lv == lvAlarm
	}
	var inner []string
	rest := cs
	if scale > 0 && len(cs) >= 3 && iw >= 45 && h-2 >= 1+bigRows(scale) {
		inner = append(inner, p.headline(cs[:3], iw, scale)...)
		rest = cs[3:]
	}
	inner = append(inner, p.figures(rest, g, iw, h-2-len(inner))...)

	out := make([]string, 0, h)
	title := " " + name + " "
	titleS := st.Title.S(title)
	if p.d.stale {
		title += "STALE "
		titleS += st.Stale.S("STALE") + " "
	}
	if alarm {
		word := "! ALARM"
		if words != "" {
			word += " " + words
		}
		title += word + " "
		titleS += st.Level[lvAlarm].S(word) + " "
	}
	if width(title) > w-3 {
		title = cut(title, w-3)
		titleS = st.Title.S(title)
		if alarm { // a cut title still says ALARM, in the alarm ink
			titleS = st.Level[lvAlarm].S(title)
		}
	}
	out = append(out, st.Frame.S("╭─")+titleS+st.Frame.S(strings.Repeat("─", max(0, w-3-width(title)))+"╮"))
	for i := 0; i < h-2; i++ {
		line := ""
		if i < len(inner) {
			line = inner[i]
		}
		out = append(out, st.Frame.S("│")+" "+fitW(line, iw)+" "+st.Frame.S("│"))
	}
	detail := tileDetail(rules(q), w-3)
	out = append(out, st.Frame.S("╰─")+st.Detail.S(detail)+st.Frame.S(strings.Repeat("─", max(0, w-3-width(detail)))+"╯"))
	return out
}

// tileDetail is the bottom edge's note, the longest that fits n columns:
// the SL profile, its target, and that the other rates are the day's.
func tileDetail(r kpi.QueueRules, n int) string {
	tgt := pct0(r.SLTarget, true)
	for _, s := range []string{
		" " + r.Profile.String() + " · target " + tgt + " · rates: day ",
		" " + r.Profile.String() + " · target " + tgt + " ",
		" target " + tgt + " ",
	} {
		if width(s) < n { // at least one rule left before the corner
			return s
		}
	}
	return ""
}

// figures flows cells into columns, row-major, in at most rows rows; the
// geometry g is the screen's, so columns line up from tile to tile.
func (p *overviewPanel) figures(cs []cell, g cellGeom, iw, rows int) []string {
	st := &p.st.Tile
	cols := max(1, (iw+cellGap)/(g.width()+cellGap))
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
			b.WriteString(st.Label.S(padR(x.label, g.label)))
			b.WriteByte(' ')
			b.WriteString(inked(ink, x.value+" "+glyph(x.lv, x.low), g.value+2))
		}
		if b.Len() == 0 {
			break
		}
		out = append(out, b.String())
	}
	return out
}

// headline draws the first figures in the big font, side by side, each
// under its label, as 1+bigRows(k) lines. All figures share one scale,
// the largest up to k at which each fits its column (an hour-long wait
// draws all three a size smaller rather than being cut); a value the
// font cannot draw, or too wide even at scale 1, is plain text.
func (p *overviewPanel) headline(cs []cell, iw, k int) []string {
	st := &p.st.Tile
	colW := iw / len(cs)
	rows := bigRows(k) // as planned, whatever scale the figures take
	for ; k > 1; k-- {
		fits := true
		for _, c := range cs {
			if bw, ok := bigWidth(c.value, k); ok && bw > colW-1 {
				fits = false
			}
		}
		if fits {
			break
		}
	}
	out := make([]string, 1+rows)
	for _, c := range cs {
		ink := st.Level[c.lv]
		if c.lv == lvNone {
			ink = st.Value
		}
		g := glyph(c.lv, c.low)
		lbl := st.Label.S(headLabel(c.label)) + " " + ink.S(g)
		if c.lv == lvAlarm {
			// The whole label is a bar in the alarm ink over the figure:
			// the one-cell "!" alone is lost at five metres, and in the
			// mono theme the big digits themselves have no colour to say it.
			lbl = ink.S(padR(headLabel(c.label)+" "+g, colW-1))
		}
		out[0] += fitW(lbl, colW)
		big, bw, ok := bigText(c.value, k)
		bigInk := st.Big[c.lv]
		if c.lv == lvNone {
			bigInk = st.Value
		}
		for r := 0; r < rows; r++ {
			switch {
			case ok && bw <= colW-1 && r < len(big):
				// bw is known: pad without measuring the glyph rows again.
				out[1+r] += bigInk.S(big[r]) + strings.Repeat(" ", colW-bw)
			case !(ok && bw <= colW-1) && r == (bigRows(k)-1)/2:
				out[1+r] += fitW(ink.S(c.value), colW)
			default:
				out[1+r] += strings.Repeat(" ", colW)
			}
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

// inked right-aligns text in w columns and paints only the text, not
// the padding: an underline or a solid alarm block then covers the
// figure and its glyph, not the blank before them.
func inked(k ink, text string, w int) string {
	n := width(text)
	if n >= w {
		return k.S(cut(text, w))
	}
	return strings.Repeat(" ", w-n) + k.S(text)
}
