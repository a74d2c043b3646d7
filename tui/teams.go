package tui

import (
	"fmt"
	"strings"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
)

// When the configuration gives agents a team ([agents.ID] team), the agent
// board shows each team together under a header with its counts, so that
// a team lead finds their people without reading every name: teams in
// name order, agents with no team last ("no team"), and within a team the
// usual order (state, then longest in state). A team that runs on into
// the next column or page gets its header again there, marked "cont.".

// agentCell is one place in the grouped board's column-major flow: an
// agent (index into agentsPanel.sorted), a team header, or a blank that
// keeps a header from standing alone at the foot of a column.
type agentCell struct {
	agent int    // index into sorted; -1 for a header or a blank
	team  string // the header's team
	head  bool   // a team header
	cont  bool   // the header repeats a team begun in an earlier column
}

// teamCounts are one team's agents by state, for its header.
type teamCounts struct {
	n      int
	status [len(stateWords)]int
}

// hasTeams says whether any agent has a team: only then is the board
// grouped (a floor without teams keeps one list sorted by state).
func hasTeams(agents []kpi.AgentView) bool {
	for i := range agents {
		if agents[i].Team != "" {
			return true
		}
	}
	return false
}

// teamLess orders teams by name with "no team" ("") last.
func teamLess(a, b string) bool {
	if (a == "") != (b == "") {
		return b == ""
	}
	return a < b
}

// countTeams counts each team's agents by state.
func countTeams(agents []kpi.AgentView) map[string]*teamCounts {
	out := make(map[string]*teamCounts)
	for i := range agents {
		a := &agents[i]
		c := out[a.Team]
		if c == nil {
			c = &teamCounts{}
			out[a.Team] = c
		}
		c.n++
		if int(a.Status) < len(c.status) {
			c.status[a.Status]++
		}
	}
	return out
}

// flowTeams lays the sorted agents out in columns of rows places: a
// header before each team, and again at the top of a column the team
// carries on into (when a column has room for a header and agents).
func flowTeams(agents []kpi.AgentView, rows int) []agentCell {
	cells := make([]agentCell, 0, len(agents)+8)
	for i := range agents {
		t := agents[i].Team
		pos := len(cells) % rows
		newTeam := i == 0 || t != agents[i-1].Team
		if newTeam || (pos == 0 && rows >= 3) {
			if pos == rows-1 && rows > 1 {
				cells = append(cells, agentCell{agent: -1}) // no header alone at a column's foot
			}
			cells = append(cells, agentCell{agent: -1, team: t, head: true, cont: !newTeam})
		}
		cells = append(cells, agentCell{agent: i})
	}
	return cells
}

// teamLayout is the grouped flow for the current size: its cells and the
// rows per column. Columns share a board that fits on one page evenly (the
// fewest rows that hold the flow), as in the ungrouped board; a longer
// board uses every row and pages.
func (p *agentsPanel) teamLayout() ([]agentCell, int) {
	if p.cellsOK {
		return p.cells, p.cellRows
	}
	cols, _, full := p.grid()
	cells := flowTeams(p.sorted, full)
	rows := full
	if len(cells) <= cols*full {
		for r := max(1, (len(p.sorted)+cols-1)/cols); r < full; r++ {
			if c := flowTeams(p.sorted, r); len(c) <= cols*r {
				cells, rows = c, r
				break
			}
		}
	}
	p.cells, p.cellRows, p.cellsOK = cells, rows, true
	return cells, rows
}

// teamRows renders one page of the grouped board as lines of cw-wide
// columns.
func (p *agentsPanel) teamRows(cols, cw int) []string {
	cells, rows := p.teamLayout()
	base := p.page * cols * rows
	var out []string
	for r := 0; r < rows; r++ {
		var b strings.Builder
		any := false
		for c := 0; c < cols; c++ {
			i := base + c*rows + r
			if c > 0 {
				b.WriteByte(' ')
			}
			switch {
			case i >= len(cells):
				b.WriteString(strings.Repeat(" ", cw))
			case cells[i].head:
				b.WriteString(p.teamHeader(&cells[i], cw))
				any = true
			case cells[i].agent < 0:
				b.WriteString(strings.Repeat(" ", cw))
			default:
				b.WriteString(p.entry(&p.sorted[cells[i].agent], cw))
				any = true
			}
		}
		if !any {
			break
		}
		out = append(out, b.String())
	}
	return out
}

// teamHeader is a team's name and counts in exactly cw columns:
// "Blue · 6: 2 avail · 3 busy · 1 paused". Available is always said (who
// can take a call); other states only when someone is in them.
func (p *agentsPanel) teamHeader(c *agentCell, cw int) string {
	name := c.team
	if name == "" {
		name = "no team"
	}
	if c.cont {
		name += " (cont.)"
	}
	tc := p.teams[c.team]
	if tc == nil {
		tc = &teamCounts{}
	}
	parts := []string{fmt.Sprintf("%d avail", tc.status[feed.StatusAvailable])}
	for _, s := range []struct {
		st   feed.Status
		word string
	}{{feed.StatusRinging, "ring"}, {feed.StatusBusy, "busy"}, {feed.StatusWrapup, "wrap"}, {feed.StatusPaused, "paused"}} {
		if n := tc.status[s.st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s.word))
		}
	}
	counts := fmt.Sprintf(" · %d: %s", tc.n, strings.Join(parts, " · "))
	return fitW(p.st.Accent.S(cut("▌"+name, cw))+p.st.Dim.S(cut(counts, max(0, cw-width("▌"+name)))), cw)
}
