package tui

import (
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

// TestPlanTiles checks the overview's division against sums worked by
// hand. Figures are 20 columns wide (label 10 + space + value 7 + space
// + glyph), 16 to a tile; a tile of width tw holds (tw−4+2)/(20+2)
// figure columns.
func TestPlanTiles(t *testing.T) {
	// 160×48 replay: tiles area 160 − 36 − 1 = 123 wide, body 48 − 3 = 45.
	// Centre: (123−4+2)/22 = 5 columns, the 13 figures under the headline
	// need 3 rows → height 2 + 1 + 3 + 3 = 9. Queues in 45 − 9 = 36 rows:
	// 4 across are (123−3)/4 = 30 wide, 1 column, 16 rows → 18 high, all
	// 16 figures; 1–3 across also show 16, and more tile columns win the
	// tie. Band: 45 − 9 − 18 = 18 rows. Then the headline grows into the
	// band: its columns are (123−4)/3 = 39 wide, "00:00" is 17k wide and
	// must leave one blank column: 34 ≤ 38 at k=2, 51 > 38 at k=3; k=2
	// takes 6 − 3 = 3 band rows → centre 12 high, band 15.
	p := planTiles(123, 45, 4, 16, 20, true)
	if !p.big || p.scale != 2 || p.centreH != 12 || p.centreRows != 3 || p.grid.cols != 4 || p.grid.tw != 30 || p.grid.th != 18 ||
		p.queueCells != 16 || p.band != 15 {
		t.Errorf("160×48: %+v", p)
	}
	// 120×30 replay: 83 wide, 27 high. Centre (83−4+2)/22 = 3 columns,
	// 13 figures need 5 rows (height 11) → queues in 16 rows: 4 stacked
	// tiles of 4 rows (2 figure rows × 3 = 6), or 2 or 3 across with one
	// column of 16/2 − 2 = 6. Giving up centre rows: with 1 row (height 7)
	// the queues have 20 rows: stacked 20/4 = 5 high, 3 figure rows × 3 =
	// 9; 2 across 10 − 2 = 8; 3 across 8. The best is 9, stacked, and
	// nothing is left over: 7 + 4·5 = 27. Scale 1: no band to grow into,
	// and columns of (83−4)/3 = 26 are narrower than 34 + 1 anyway.
	p = planTiles(83, 27, 4, 16, 20, true)
	if !p.big || p.scale != 1 || p.centreRows != 1 || p.centreH != 7 || p.grid.cols != 1 || p.grid.th != 5 || p.queueCells != 9 || p.band != 0 {
		t.Errorf("120×30: %+v", p)
	}
	// 40×10 with replay bar and help: body 7, one tile column (40 wide,
	// 1 figure column); 5 tiles need 5·3 = 15 rows: only (7−1)/3 = 2 tiles
	// fit, 1 figure each, and a "+3 more" line.
	p = planTiles(40, 7, 4, 16, 20, false)
	if p.grid.shown != 2 || p.queueCells != 1 || p.big || p.scale != 0 {
		t.Errorf("40×10: %+v", p)
	}
}

// TestFiguresLineUp: the same figure sits in the same screen column in
// every tile of a width. Fixture: 18 figures, the widest value "93/105"
// (6), labels 10 → figures 10 + 1 + 6 + 2 = 19 wide.
func TestFiguresLineUp(t *testing.T) {
	// 160×48: tiles across (123−3)/4 = 30 wide, one space between → the
	// four "Abandon" labels of a row are 31 columns apart, and each value
	// ends 10 + 1 + 6 − 1 = 16 columns after its label starts.
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 160, 48)
	found := false
	for _, l := range strings.Split(m.View(), "\n") {
		r := []rune(l)
		at := runeIndexes(r, "Abandon")
		if len(at) != 4 {
			continue
		}
		found = true
		for i := 1; i < 4; i++ {
			if at[i]-at[i-1] != 31 {
				t.Errorf("Abandon at %v, want 31 apart:\n%s", at, l)
			}
		}
		for _, a := range at {
			if r[a+16] == ' ' || r[a+17] != ' ' {
				t.Errorf("value does not end 16 columns after the label at %d:\n%s", a, l)
			}
		}
	}
	if !found {
		t.Fatalf("no row with four Abandon figures:\n%s", m.View())
	}
	// 120×34: the centre and the stacked queue tiles are all 83 wide with
	// 3 figure columns, and "SL day, Abandon, Answered" is a row of each:
	// every Abandon is in one screen column.
	m = show(newTestModel("dark", termenv.Ascii, nil), fixture(), 120, 34)
	cols := map[int]int{}
	for _, l := range strings.Split(m.View(), "\n") {
		for _, a := range runeIndexes([]rune(l), "Abandon") {
			if a < 83 { // the tiles, not the "Abandoned today" list beside
				cols[a]++
			}
		}
	}
	if len(cols) != 1 {
		t.Errorf("Abandon in columns %v, want one column:\n%s", cols, m.View())
	}
}

func runeIndexes(r []rune, sub string) []int {
	s := []rune(sub)
	var out []int
	for i := 0; i+len(s) <= len(r); i++ {
		if string(r[i:i+len(s)]) == sub {
			out = append(out, i)
		}
	}
	return out
}

// TestAgentColumnsFlow: 36 agents at 160×48 on (160+1)/(46+1) = 3
// columns read as 3 columns of 36/3 = 12 rows, not one of 36.
func TestAgentColumnsFlow(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), bigFixture(36, 4), 160, 48)
	m.Update(keyMsg("tab"))
	rows := 0
	for _, l := range strings.Split(m.View(), "\n")[2:] {
		n := 0
		for _, w := range stateWords[1:] {
			n += strings.Count(l, " "+w+" ")
		}
		if n == 0 {
			continue
		}
		rows++
		if n != 3 {
			t.Errorf("row with %d agents, want 3: %q", n, l)
		}
	}
	if rows != 12 {
		t.Errorf("%d agent rows, want 12:\n%s", rows, m.View())
	}
}

// TestWrapUpDetail: a wrap-up's clock is its time in state (Ines Duarte:
// 90 s → 1:30), not the call's 400 s; a busy agent's call clock equals its
// time in state and is not repeated.
func TestWrapUpDetail(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 120, 40)
	m.Update(keyMsg("tab"))
	v := m.View()
	for _, want := range []string{"Ines Duarte WRAP 1:30 after sales", "Emma Rossi BUSY 2:10 sales"} {
		if !hasFig(v, want) {
			t.Errorf("agent board lacks %q", want)
		}
	}
	for _, bad := range []string{"call 6:40", "call 2:10"} {
		if strings.Contains(v, bad) {
			t.Errorf("agent board shows %q", bad)
		}
	}
	if t.Failed() {
		t.Log(v)
	}
}

// TestTinyScreens: below 40×10 the centre's headline figures and what
// the board needs; at 40×10 one line per queue.
func TestTinyScreens(t *testing.T) {
	// Centre: waiting 3; longest 100 s ≥ 3·20 s → "!"; SL now 11/16 =
	// 69 % < 70 → "!"; SL day (30+44+0+9) / (93 + 10 − 4 + 1) = 83/100 →
	// 83 % ≥ 80 → "✓". 20 columns hold one figure a line.
	m := show(newTestModel("mono", termenv.Ascii, nil), fixture(), 20, 5)
	want := []string{"Waiting 3", "Longest 1:40 !", "SL 20s now 69% !", "SL 20s day 83% ✓", "need 40×10"}
	got := strings.Split(m.View(), "\n")
	for i, w := range want {
		if strings.TrimRight(got[i], " ") != w {
			t.Errorf("20×5 line %d: %q, want %q", i, got[i], w)
		}
	}
	// 40×10: body 10 − header − help = 8 holds 2 tiles of one figure:
	// the table instead. Columns: name 7, Wait 4, Longest 7, SL now 6,
	// SL day 6 → 1+7 + 4·2 + 23 = 39 ≤ 40; Abandon would make 48.
	m = show(newTestModel("mono", termenv.Ascii, nil), fixture(), 40, 10)
	v := m.View()
	for _, w := range []string{"Queue Wait Longest SL now SL day", "CENTRE 3 1:40 ! 69% ! 83% ✓", "sales 2 ▲ 0:45 ▲ 75% ▼ 81% ✓",
		"billing 0 0:00 ✓ — —", "support 1 1:40 ! 60% ! 88% ▼", "vip 0 0:00 ✓ 100% ✓ 100% ✓"} {
		if !hasFig(v, w) {
			t.Errorf("40×10 lacks %q:\n%s", w, v)
		}
	}
	checkFits(t, v, 40, 10)
}

// TestHeaderSaysTheSource: the state in words beside the data age.
func TestHeaderSaysTheSource(t *testing.T) {
	head := func(m *Model) string { return strings.Split(m.View(), "\n")[0] }
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 120, 40)
	if h := head(m); !strings.HasSuffix(h, "10:37:30  LIVE · data 3s old ") {
		t.Errorf("live header %q", h)
	}
	ended := fixture()
	ended.Source.State = "ended"
	m = show(newTestModel("dark", termenv.Ascii, nil), ended, 120, 40)
	if h := head(m); !strings.HasSuffix(h, "10:37:30  ENDED · data 3s old ") {
		t.Errorf("ended header %q", h)
	}
	m = show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Player = newFakePlayer() }), fixture(), 120, 40)
	if h := head(m); !strings.HasSuffix(h, "10:37:30  REPLAY ") {
		t.Errorf("replay header %q", h)
	}
}

// TestReplayBarNarrow: at 40 columns the bar keeps the time of day, the
// speed, the progress and the state. 10:37:30 of 08:00–18:00 is 157.5 of
// 600 min = 26 %. Fixed parts: " 10:37:30" 9 + "  ×10" 5 + "  26%" 5 +
// 2 + "▶ PLAY" 6 = 27, so the bar gets 40 − 27 − 2 = 11, of which
// round(0.2625 · 11) = 3 filled.
func TestReplayBarNarrow(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Player = newFakePlayer() }), fixture(), 40, 12)
	want := " 10:37:30  ×10  ━━━────────  26%  ▶ PLAY"
	found := false
	for _, l := range strings.Split(m.View(), "\n") {
		found = found || l == want
	}
	if !found {
		t.Errorf("no replay bar %q:\n%s", want, m.View())
	}
	// At 80 the date is back: 20 + 5 + 5 + 2 + 6 = 38, bar min(40, 80 − 40) = 40.
	m = show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Player = newFakePlayer() }), fixture(), 80, 24)
	if !strings.Contains(m.View(), " 2025-03-10 10:37:30  ×10  ━━━━━━━━━━━") || !strings.Contains(m.View(), "━─") {
		t.Errorf("80-column replay bar:\n%s", m.View())
	}
}

// TestBandShowsCallers: at 100×40 there is no side column (< 110) and the
// tiles leave rows free: centre (100−4+2)/21 = 4 columns, 15 figures under
// the headline in 4 rows → 10 high; queues 4 across (100−3)/4 = 24 wide,
// one column of 18 → 20 high; band 38 − 10 − 20 = 8 rows: the callers.
func TestBandShowsCallers(t *testing.T) {
	m := show(newTestModel("dark", termenv.Ascii, nil), fixture(), 100, 40)
	v := m.View()
	if !strings.Contains(v, "Calls waiting 3") || !strings.Contains(v, "ACME GmbH +4930123456") {
		t.Errorf("no callers under the tiles:\n%s", v)
	}
	// Nothing hidden: every tile shows its last figure.
	if n := strings.Count(v, "FCR"); n != 5 {
		t.Errorf("%d FCR figures, want 5 (centre and 4 queues):\n%s", n, v)
	}
}
