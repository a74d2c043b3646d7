package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/muesli/termenv"
)

// TestFlowTeams: teams A A A B B "" in columns of 3 rows.
//
//	col 1: A header, a0, a1
//	col 2: "A (cont.)" at the top of the column A runs on into, a2, then
//	       a blank: B's header would stand alone at the column's foot
//	col 3: B header, a3, a4
//	col 4: "no team" header, a5
func TestFlowTeams(t *testing.T) {
	teams := []string{"A", "A", "A", "B", "B", ""}
	agents := make([]kpi.AgentView, len(teams))
	for i, tm := range teams {
		agents[i] = kpi.AgentView{ID: fmt.Sprint(i), Team: tm}
	}
	if got, want := describe(flowTeams(agents, 3), 3), "hA 0 1 | hA+ 2 _ | hB 3 4 | h 5"; got != want {
		t.Errorf("three rows: flow %q, want %q", got, want)
	}
	// Two rows: no continuation headers (half of every column would be
	// header): A a0 | a1 a2 | B a3 | a4, and "no team" would be at the
	// foot of that column, so a blank goes first: | a4 _ | h a5.
	if got, want := describe(flowTeams(agents, 2), 2), "hA 0 | 1 2 | hB 3 | 4 _ | h 5"; got != want {
		t.Errorf("two rows: flow %q, want %q", got, want)
	}
}

// describe writes cells by column (rows each, " | " between columns):
// hT a header of team T, hT+ a continued one, _ a blank, N agent N.
func describe(cells []agentCell, rows int) string {
	var b strings.Builder
	for i, c := range cells {
		switch {
		case i == 0:
		case i%rows == 0:
			b.WriteString(" | ")
		default:
			b.WriteByte(' ')
		}
		switch {
		case c.head && c.cont:
			b.WriteString("h" + c.team + "+")
		case c.head:
			b.WriteString("h" + c.team)
		case c.agent < 0:
			b.WriteString("_")
		default:
			fmt.Fprint(&b, c.agent)
		}
	}
	return b.String()
}

// teamFixture is the fixture with 1001–1004 in Blue, 1005–1008 in Green
// and 1009–1012 in no team.
func teamFixture() *kpi.Snapshot {
	s := fixture()
	for i := range s.Agents {
		switch {
		case i < 4:
			s.Agents[i].Team = "Blue"
		case i < 8:
			s.Agents[i].Team = "Green"
		}
	}
	return s
}

// TestTeamBoard: at 160×48 the board has (160+1)/(46+1) = 3 columns and
// 48 − 3 = 45 rows. 12 agents and 3 headers fit on one page, so columns
// share it evenly: 4 rows would need continuation headers (18 cells >
// 3×4), 5 rows hold each team in its own column, header first:
//
//	Blue:    1002 avail 75 s, 1001 avail 20 s, 1003 avail 5 s, 1004 ring
//	Green:   busy 1006 (320 s), 1005 (130 s), 1007 (65 s), 1008 (12 s)
//	no team: wrap 1010 (400 s), 1009 (90 s); paused 1012 (1000 s), 1011
func TestTeamBoard(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), teamFixture(), 160, 48)
	m.Update(keyMsg("tab"))
	lines := strings.Split(m.View(), "\n")
	want := [][]string{
		{"▌Blue · 4: 3 avail · 1 ring", "▌Green · 4: 0 avail · 4 busy", "▌no team · 4: 0 avail · 2 wrap · 2 paused"},
		{"Bob Okafor", "Farid Haddad", "Jonas Berg"},
		{"Alice Martin", "Emma Rossi", "Ines Duarte"},
		{"Chen Wei", "Grace Lee", "Luca Ferri"},
		{"Dara Singh", "Hugo Brandt", "Kemi Adeyemi"},
	}
	for r, cells := range want {
		l := lines[2+r]
		at := -1
		for _, c := range cells {
			i := strings.Index(l, c)
			if i <= at {
				t.Fatalf("row %d: want %q after column %d in %q\n%s", r, c, at, l, m.View())
			}
			at = i
		}
	}
	if strings.TrimSpace(lines[7]) != "" {
		t.Errorf("want the board to end after 5 rows, got %q", lines[7])
	}
}

// TestTeamBoardPages: 100 agents in teams A and B (50 each) at 120×20:
// 2 columns of 17 rows = 34 places a page. A fills 3 columns (header + 16
// agents: 48 agents), and a 4th with "A (cont.)" + 2 agents; B's header
// follows there (place 4) with 13 agents (37 left), then 2 columns of
// "B (cont.)" + 16 (5 left) and one of "B (cont.)" + 5: 6×17 + 6 = 108
// places → ceil(108/34) = 4 pages (without teams, 3).
func TestTeamBoardPages(t *testing.T) {
	s := bigFixture(100, 3)
	for i := range s.Agents {
		s.Agents[i].Team = string(rune('A' + i%2))
	}
	m := show(newTestModel("dark", termenv.Ascii, nil), s, 120, 20)
	m.Update(keyMsg("tab"))
	if !strings.Contains(m.View(), "page 1/4") {
		t.Fatalf("want page 1/4:\n%s", m.View())
	}
	// Page 2 is columns 3 and 4: both start with A continued.
	m.Update(keyMsg("pgdown"))
	if l := strings.Split(m.View(), "\n")[2]; strings.Count(l, "▌A (cont.) · 50:") != 2 {
		t.Errorf("page 2 row 1: want two A (cont.) headers, got %q", l)
	}
	m.Update(keyMsg("pgdown"))
	m.Update(keyMsg("pgdown"))
	m.Update(keyMsg("pgdown")) // past the end: stays on the last page
	if !strings.Contains(m.View(), "page 4/4") {
		t.Fatalf("want page 4/4:\n%s", m.View())
	}
}

// TestTeamBoardEverySize: the grouped board renders in every size
// without running over the screen.
func TestTeamBoardEverySize(t *testing.T) {
	for _, sz := range [][2]int{{20, 5}, {40, 10}, {80, 24}, {120, 34}, {160, 48}, {300, 80}} {
		m := show(newTestModel("mono", termenv.Ascii, nil), teamFixture(), sz[0], sz[1])
		m.Update(keyMsg("tab"))
		checkFits(t, m.View(), sz[0], sz[1])
	}
}

// TestNoTeamsNoHeaders: without teams the board is one list by state.
func TestNoTeamsNoHeaders(t *testing.T) {
	s := fixture()
	s.Agents[0].Status = feed.StatusAvailable
	m := show(newTestModel("dark", termenv.Ascii, nil), s, 160, 48)
	m.Update(keyMsg("tab"))
	if strings.Contains(m.View(), "▌") {
		t.Errorf("team header without teams:\n%s", m.View())
	}
}
