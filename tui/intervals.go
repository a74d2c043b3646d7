package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/callfloor/wallboard/kpi"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// sparkRunes are the eight sparkline levels, 0 % to 100 %.
var sparkRunes = []rune("▁▂▃▄▅▆▇█")

// spark maps a service level to its sparkline rune; an interval without
// calls is a gap, not a zero.
func spark(v float64, ok bool) rune {
	if !ok {
		return ' '
	}
	i := int(v * float64(len(sparkRunes)))
	return sparkRunes[min(len(sparkRunes)-1, max(0, i))]
}

// intervalsPanel is the day's intervals for the centre or one queue: a
// sparkline of service level through the day and a table, newest last.
type intervalsPanel struct {
	st    *Styles
	w, h  int
	d     frameData
	scope string // "*" (centre) or a queue name
	back  int    // rows scrolled back from the newest
	// band: drawn under the overview's tiles, where its keys do not
	// apply, so its title names no key.
	band bool
	// wall: nobody at a keyboard (wall mode), so no key is named either.
	wall  bool
	cache string
	valid bool
}

// SetSize receives the panel size.
func (p *intervalsPanel) SetSize(w, h int) { p.w, p.h, p.valid = w, h, false }

// SetData receives a new snapshot or a new "now".
func (p *intervalsPanel) SetData(d frameData) { p.d, p.valid = d, false }

// Update scrolls (pgup/pgdn) and cycles the scope (v).
func (p *intervalsPanel) Update(msg tea.KeyMsg, k KeyMap) {
	rows := max(1, p.h-4)
	switch {
	case key.Matches(msg, k.PageUp):
		p.back += rows
	case key.Matches(msg, k.PageDown):
		p.back = max(0, p.back-rows)
	case key.Matches(msg, k.Scope):
		p.scope = p.nextScope()
		p.back = 0
	default:
		return
	}
	p.valid = false
}

func (p *intervalsPanel) nextScope() string {
	s := p.d.snap
	if s == nil || len(s.Queues) == 0 {
		return "*"
	}
	// The queue after the current scope, skipping hidden queues; after
	// the last, the centre again.
	after := p.scope == "" || p.scope == "*"
	for i := range s.Queues {
		switch {
		case after && !s.Queues[i].Hidden:
			return s.Queues[i].Name
		case s.Queues[i].Name == p.scope:
			after = true
		}
	}
	return "*"
}

// View renders (once per change) and returns the page.
func (p *intervalsPanel) View() string {
	if !p.valid {
		p.cache, p.valid = p.render(), true
	}
	return p.cache
}

func (p *intervalsPanel) render() string {
	s := p.d.snap
	if s == nil || p.w <= 0 || p.h <= 0 {
		return ""
	}
	scope, name := p.scope, "Centre"
	if scope == "" {
		scope = "*"
	}
	r := rules(&s.Total)
	if scope != "*" {
		name = scope
		if q := s.Queue(scope); q != nil {
			r, name = rules(q), q.Label()
		}
	}
	var rows []*kpi.IntervalRow
	for i := range s.Intervals {
		if s.Intervals[i].Queue == scope {
			rows = append(rows, &s.Intervals[i])
		}
	}
	out := make([]string, 0, p.h)
	title := fmt.Sprintf(" Intervals · %s · %s (%s, target %s) · %d today",
		name, slLabel(r), r.Profile, pct0(r.SLTarget, true), len(rows))
	if !p.band && !p.wall {
		title += " · v: centre/queue"
	}
	out = append(out, p.st.Table.Head.S(padR(title, p.w)))

	// Sparkline: one rune per interval, the newest at the right.
	var sp strings.Builder
	for _, row := range rows {
		v, ok := row.ServiceLevel(r.Profile)
		sp.WriteRune(spark(v, ok))
	}
	line := []rune(sp.String())
	room := max(0, p.w-4)
	if len(line) > room {
		line = line[len(line)-room:]
	}
	out = append(out, p.st.Dim.S(" SL ")+p.st.Spark.S(string(line)))

	cols := []string{"Start", "Offer", "Answ", "Aband", "SL", "", "ASA", "AHT", "MaxWt"}
	ws := []int{6, 6, 6, 6, 5, 2, 7, 7, 7}
	var hb strings.Builder
	for i, c := range cols {
		if i == 0 {
			hb.WriteString(padR(" "+c, ws[i]))
		} else {
			hb.WriteString(padL(c, ws[i]))
		}
	}
	hb.WriteString("  mark")
	out = append(out, p.st.Table.Head.S(hb.String()))

	avail := max(0, p.h-len(out)-1)
	p.back = min(p.back, max(0, len(rows)-avail))
	end := len(rows) - p.back
	start := max(0, end-avail)
	loc := s.Location
	if loc == nil {
		loc = s.Now.Location()
	}
	for _, row := range rows[start:end] {
		v, ok := row.ServiceLevel(r.Profile)
		lv := queueSLLevel(v, ok, &r)
		asa, okA := row.ASA()
		aht, okH := row.AHT()
		mark := ""
		if row.Incomplete {
			mark += "~ gap "
		}
		if row.End.After(s.Now) {
			mark += "▸ open"
		}
		var b strings.Builder
		b.WriteString(p.st.Table.Cell.S(padR(" "+row.Start.In(loc).Format("15:04"), ws[0]) +
			padL(strconv.Itoa(row.Offered), ws[1]) + padL(strconv.Itoa(row.Answered), ws[2]) + padL(strconv.Itoa(row.Abandoned), ws[3])))
		b.WriteString(inked(p.st.Level[lv], pct0(v, ok)+" "+glyph(lv, true), ws[4]+ws[5]))
		b.WriteString(p.st.Table.Cell.S(padL(clockOK(asa, okA), ws[6]) + padL(clockOK(aht, okH), ws[7]) + padL(clock(row.MaxWait), ws[8])))
		b.WriteString("  " + p.st.Table.Mark.S(mark))
		out = append(out, b.String())
	}
	if len(rows) == 0 {
		out = append(out, p.st.Dim.S(" no interval yet today"))
	}
	if len(out) < p.h {
		legend := " ~ gap: events missing, not final · ▸ open: still counting · blank spark: no calls"
		if p.back > 0 {
			legend = fmt.Sprintf(" scrolled %d back (pgdn for newer) ·", p.back) + legend
		}
		out = append(out, p.st.Dim.S(legend))
	}
	return strings.Join(out, "\n")
}
