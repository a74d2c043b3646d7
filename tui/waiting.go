package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// waitingPanel lists the callers waiting, oldest first: queue, caller and
// ticking wait coloured by the queue's threshold. It is a column on a wide
// overview and a page of its own otherwise.
type waitingPanel struct {
	st    *Styles
	w, h  int
	d     frameData
	off   int // first row shown (paging)
	cache string
	valid bool
}

// SetSize receives the panel size.
func (p *waitingPanel) SetSize(w, h int) { p.w, p.h, p.valid = w, h, false }

// SetData receives a new snapshot or a new "now".
func (p *waitingPanel) SetData(d frameData) { p.d, p.valid = d, false }

// Update pages through a long list.
func (p *waitingPanel) Update(msg tea.KeyMsg, k KeyMap) {
	rows := max(1, p.h-1)
	switch {
	case key.Matches(msg, k.PageDown):
		p.off += rows
	case key.Matches(msg, k.PageUp):
		p.off = max(0, p.off-rows)
	default:
		return
	}
	p.valid = false
}

// View renders (once per change) and returns the panel.
func (p *waitingPanel) View() string {
	if !p.valid {
		p.cache, p.valid = p.render(), true
	}
	return p.cache
}

func (p *waitingPanel) render() string {
	s := p.d.snap
	if s == nil || p.w <= 0 || p.h <= 0 {
		return ""
	}
	calls := s.Waiting
	rows := max(0, p.h-1)
	p.off = min(p.off, max(0, len(calls)-rows))
	out := make([]string, 0, p.h)
	title := " Calls waiting " + strconv.Itoa(len(calls))
	if len(calls) > rows && rows > 0 {
		title += " · " + strconv.Itoa(p.off+1) + "–" + strconv.Itoa(min(len(calls), p.off+rows))
	}
	out = append(out, p.st.Table.Head.S(padR(title, p.w)))
	if len(calls) == 0 {
		out = append(out, p.st.Dim.S(" nobody waiting"))
	}
	// queue | caller | wait: the caller column takes what is left.
	qw := min(12, max(4, p.w/4))
	ww := 8
	cw := max(1, p.w-qw-ww-4)
	for i := p.off; i < len(calls) && len(out) < p.h; i++ {
		c := &calls[i]
		who := callerText(c.CallerName, c.Caller, cw)
		r := queueRulesOf(s, c.Queue)
		wait := p.d.now.Sub(c.Since)
		lv := queueWaitLevel(wait, &r)
		out = append(out, " "+p.st.Text.S(padR(queueLabel(s, c.Queue), qw))+" "+p.st.Dim.S(padR(who, cw))+" "+
			inked(p.st.Level[lv], clock(wait)+" "+glyph(lv, false), ww))
	}
	out = p.appendAbandoned(out) // the call-back list below, when there is room (staffing.go)
	return strings.Join(out, "\n")
}

// callerText is who is calling in w columns: name and number when both
// fit, else the name alone (people recognise a name sooner than a cut
// number), else the number.
func callerText(name, number string, w int) string {
	switch {
	case name != "" && number != "" && width(name)+1+width(number) <= w:
		return name + " " + number
	case name != "":
		return name
	case number != "":
		return number
	}
	return "unknown"
}
