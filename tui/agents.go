package tui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// agentCellW is the width an agent entry aims for; columns flow to fill
// the screen, and what does not fit is paged.
const agentCellW = 46

var stateWords = [...]string{"OUT", "AVAIL", "RING", "BUSY", "WRAP", "PAUSE"}

// agentsPanel is the agent board: every logged-in agent with state, time
// in state (ticking), pause reason or queues, and the current call's
// duration; sorted by state, then longest in state first.
type agentsPanel struct {
	st     *Styles
	pauses map[string]pauseStyle // configured pause reasons (rules.go)
	w, h   int
	d      frameData
	sorted []kpi.AgentView
	page   int

	// Grouped by team (teams.go) when any agent has one: each team's
	// counts, and the flow of cells for the current size.
	grouped  bool
	teams    map[string]*teamCounts
	cells    []agentCell
	cellRows int
	cellsOK  bool

	cache string
	valid bool
}

// SetSize receives the panel size.
func (p *agentsPanel) SetSize(w, h int) { p.w, p.h, p.valid, p.cellsOK = w, h, false, false }

// SetData receives a new snapshot or a new "now"; the sort order depends
// only on the snapshot (team when grouped, state, then since), so it is
// redone per snapshot.
func (p *agentsPanel) SetData(d frameData) {
	if d.snap != p.d.snap {
		p.sorted = p.sorted[:0]
		if d.snap != nil {
			p.sorted = append(p.sorted, d.snap.Agents...)
		}
		p.grouped, p.teams, p.cellsOK = hasTeams(p.sorted), nil, false
		if p.grouped {
			p.teams = countTeams(p.sorted)
		}
		sort.SliceStable(p.sorted, func(i, j int) bool {
			a, b := &p.sorted[i], &p.sorted[j]
			if p.grouped && a.Team != b.Team {
				return teamLess(a.Team, b.Team)
			}
			if a.Status != b.Status {
				return a.Status < b.Status
			}
			if !a.Since.Equal(b.Since) {
				return a.Since.Before(b.Since) // longest in state first
			}
			return a.ID < b.ID
		})
	}
	p.d, p.valid = d, false
}

// grid is the board's geometry for the current size.
func (p *agentsPanel) grid() (cols, cw, rows int) {
	cols = max(1, (p.w+1)/(agentCellW+1))
	cw = (p.w - (cols - 1)) / cols
	rows = max(1, p.h-1)
	return cols, cw, rows
}

func (p *agentsPanel) pages() int {
	cols, _, rows := p.grid()
	n := len(p.sorted)
	if p.grouped {
		var cells []agentCell
		cells, rows = p.teamLayout()
		n = len(cells)
	}
	per := cols * rows
	return max(1, (n+per-1)/per)
}

// Update pages with pgup/pgdn or ←/→.
func (p *agentsPanel) Update(msg tea.KeyMsg, k KeyMap) {
	switch {
	case key.Matches(msg, k.PageDown):
		p.page = min(p.page+1, p.pages()-1)
	case key.Matches(msg, k.PageUp):
		p.page = max(0, p.page-1)
	default:
		return
	}
	p.valid = false
}

// turn moves to the next page when there is one, and says whether it did
// (the wall's rotation).
func (p *agentsPanel) turn() bool {
	if p.page >= p.pages()-1 {
		return false
	}
	p.page++
	p.valid = false
	return true
}

// first goes back to the first page.
func (p *agentsPanel) first() { p.page, p.valid = 0, false }

// View renders (once per change) and returns the board.
func (p *agentsPanel) View() string {
	if !p.valid {
		p.cache, p.valid = p.render(), true
	}
	return p.cache
}

func (p *agentsPanel) render() string {
	if p.d.snap == nil || p.w <= 0 || p.h <= 0 {
		return ""
	}
	cols, cw, rows := p.grid()
	per := cols * rows
	pages := p.pages()
	p.page = min(p.page, pages-1)

	var counts [len(stateWords)]int
	for i := range p.sorted {
		if s := p.sorted[i].Status; int(s) < len(counts) {
			counts[s]++
		}
	}
	title := fmt.Sprintf(" Agents %d · %d avail · %d ring · %d busy · %d wrap · %d paused",
		len(p.sorted), counts[feed.StatusAvailable], counts[feed.StatusRinging], counts[feed.StatusBusy], counts[feed.StatusWrapup], counts[feed.StatusPaused])
	pg := fmt.Sprintf("page %d/%d ", p.page+1, pages)
	if pages > 1 {
		pg = "←/→ " + pg
	}
	head := p.st.Table.Head.S(padR(title, max(0, p.w-width(pg)))) + p.st.Accent.S(padL(pg, min(p.w, width(pg))))
	out := make([]string, 0, p.h)
	out = append(out, head)
	if len(p.sorted) == 0 {
		out = append(out, p.st.Dim.S(" no agent logged in"))
		return strings.Join(out, "\n")
	}
	if p.grouped {
		return strings.Join(append(out, p.teamRows(cols, cw)...), "\n")
	}
	base := p.page * per
	// Columns share this page's agents evenly, so 36 agents on three
	// columns read as three columns of 12, not one column of 36.
	rows = min(rows, (min(per, len(p.sorted)-base)+cols-1)/cols)
	for r := 0; r < rows; r++ {
		var b strings.Builder
		any := false
		for c := 0; c < cols; c++ {
			i := base + c*rows + r // column-major: read down, then across
			if c > 0 {
				b.WriteByte(' ')
			}
			if i < len(p.sorted) {
				b.WriteString(p.entry(&p.sorted[i], cw))
				any = true
			} else {
				b.WriteString(strings.Repeat(" ", cw))
			}
		}
		if !any {
			break
		}
		out = append(out, b.String())
	}
	return strings.Join(out, "\n")
}

// entry is one agent in exactly cw columns:
// glyph, name, state word, time in state, then call, reason or queues.
func (p *agentsPanel) entry(a *kpi.AgentView, cw int) string {
	st := &p.st.Agent
	now := p.d.now
	in := now.Sub(a.Since)
	lv := p.level(a, in)
	nw := min(18, max(6, cw/3))
	dw := cw - (1 + 1 + nw + 1 + 5 + 1 + 7 + 1)
	word := "?"
	var wordInk ink
	if int(a.Status) < len(stateWords) {
		word = stateWords[a.Status]
		wordInk = st.Status[a.Status]
	}
	timeInk := st.Level[lv]
	if lv == lvNone {
		timeInk = st.Name
	}
	name := a.Name
	if name == "" {
		name = a.ID
	}
	var detail string
	detailInk := st.Detail
	switch a.Status {
	case feed.StatusBusy, feed.StatusRinging:
		// The time in state is the call's length when the agent went busy
		// on answering; the call's own clock is shown only when it differs.
		if a.Status == feed.StatusBusy && !a.CallSince.IsZero() && now.Sub(a.CallSince)-in >= time.Second {
			detail = "call " + clock(now.Sub(a.CallSince)) + " "
		}
		detail += queueLabel(p.d.snap, a.CallQueue)
	case feed.StatusWrapup:
		// The time column is the wrap-up's; the detail names the call it
		// follows, not a call clock that would be mistaken for it.
		detail = "after call"
		if a.CallQueue != "" {
			detail = "after " + queueLabel(p.d.snap, a.CallQueue)
		}
	case feed.StatusPaused:
		detail = a.Reason
		if ps := p.pauses[a.Reason]; ps.inked {
			detailInk = ps.ink
		}
		if detail == "" {
			detail = "no reason"
		}
	}
	if detail == "" {
		for i, q := range a.Queues {
			if i > 0 {
				detail += ","
			}
			detail += queueLabel(p.d.snap, q)
		}
	}
	today, tw := agentToday(a), 0 // answered and occupancy today (staffing.go)
	if dw >= 24 {
		tw = width(today) + 1
	}
	var b strings.Builder
	b.WriteString(st.Level[lv].S(glyph(lv, false)))
	b.WriteByte(' ')
	b.WriteString(st.Name.S(padR(name, nw)))
	b.WriteByte(' ')
	b.WriteString(wordInk.S(padR(word, 5)))
	b.WriteByte(' ')
	b.WriteString(timeInk.S(padL(clock(in), 7)))
	if dw > 0 {
		b.WriteByte(' ')
		b.WriteString(detailInk.S(padR(detail, dw-tw)))
		if tw > 0 {
			b.WriteString(" " + st.Detail.S(today))
		}
	}
	return fitW(b.String(), cw)
}
