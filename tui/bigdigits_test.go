package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/callfloor/wallboard/themes"
)

// TestBigScaled: glyphs at scale k worked out by hand from the bitmaps.
// Each pixel becomes k×k; glyph rows 0–4 and the blank row 5 make 6k
// pixel rows, two to a text row (top ▀, bottom ▄, both █).
func TestBigScaled(t *testing.T) {
	cases := []struct {
		s    string
		k    int
		want []string
	}{
		// '2' is ### ..# ### #.. ### + blank. At k=2 text row r shows
		// pixel rows 2r and 2r+1, both glyph row r: no half blocks, each
		// pixel two columns wide.
		{"2", 2, []string{
			"██████", // ###
			"    ██", // ..#
			"██████", // ###
			"██    ", // #..
			"██████", // ###
			"      ", // blank
		}},
		// ':' is . # . # . + blank, 1 pixel wide → 3 columns at k=3, 18
		// pixel rows: glyph row y covers pixel rows 3y..3y+2. Text row r
		// pairs pixel rows 2r, 2r+1:
		// r0: 0,1 → y0,y0 off,off; r1: 2,3 → y0,y1 off,on ▄; r2: 4,5 → y1,y1 █;
		// r3: 6,7 → y2,y2 off; r4: 8,9 → y2,y3 ▄; r5: 10,11 → y3,y3 █;
		// r6: 12,13 → y4,y4 off; r7: 14,15 → y4,y5 off; r8: 16,17 → y5 off.
		{":", 3, []string{"   ", "▄▄▄", "███", "   ", "▄▄▄", "███", "   ", "   ", "   "}},
		// "1:" at k=2: '1' (.#. ##. .#. .#. ###), 2 blank columns, ':' 2 wide:
		// 6 + 2 + 2 = 10 columns.
		{"1:", 2, []string{
			"  ██      ", // .#.  .
			"████    ██", // ##.  #
			"  ██      ", // .#.  .
			"  ██    ██", // .#.  #
			"██████    ", // ###  .
			"          ",
		}},
	}
	for _, c := range cases {
		got, w, ok := bigText(c.s, c.k)
		if !ok {
			t.Fatalf("%q: font lacks a rune", c.s)
		}
		if w != width(c.want[0]) || len(got) != bigRows(c.k) || len(got) != 3*c.k {
			t.Errorf("%q k=%d: %d rows of %d, want %d of %d", c.s, c.k, len(got), w, len(c.want), width(c.want[0]))
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%q k=%d:\n%s\nwant:\n%s", c.s, c.k, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
		if bw, _ := bigWidth(c.s, c.k); bw != w {
			t.Errorf("%q k=%d: bigWidth %d, bigText %d", c.s, c.k, bw, w)
		}
	}
	// Every glyph at every scale: 3k rows, each as wide as bigWidth says.
	for r := range bigFont {
		for k := 1; k <= 6; k++ {
			lines, w, _ := bigText(string(r), k)
			for _, l := range lines {
				if width(l) != w {
					t.Fatalf("%q k=%d: line %q is not %d wide", r, k, l, w)
				}
			}
		}
	}
}

// TestHeadScale: the layout's choice of scale for `demo --queues 6
// --wall` (18 figures a tile, 20 columns each) at wall-screen sizes. Wall
// mode has no help line: body = h − 1; from 110 columns the callers
// column takes 36 + 1, so tiles get w − 37. A figure column needs 20 + 2.
// The headline's columns are (tw − 4)/3 and hold "00:00", 17k wide, with
// one blank column; the 3(k−1) extra rows come from the band.
func TestHeadScale(t *testing.T) {
	cases := []struct {
		name                            string
		tw, h                           int
		scale, centreH, band, th, cells int
	}{
		// 300×80: tw 263, h 79. Centre (263−4+2)/22 = 11 figure columns,
		// 15 figures under the headline in 2 rows → 2+1+3+2 = 8 high. Six
		// queue tiles across (263−5)/6 = 43 wide, 1 column of 18 → 20 high.
		// Band 79 − 8 − 20 = 51. Headline columns 259/3 = 86: 17·5 = 85 ≤ 85,
		// 17·6 = 102 > 85 → k=5, 12 more rows: centre 20, band 39.
		{"300x80", 263, 79, 5, 20, 39, 20, 18},
		// 240×67: tw 203, h 66. Centre 201/22 = 9 columns, 2 rows → 8 high;
		// queues (203−5)/6 = 33 wide, 20 high; band 66 − 8 − 20 = 38.
		// Columns 199/3 = 66: 51 ≤ 65, 68 > 65 → k=3, +6: centre 14, band 32.
		{"240x67", 203, 66, 3, 14, 32, 20, 18},
		// 200×56: tw 163, h 55. Centre 161/22 = 7 columns, 15/7 → 3 rows →
		// 9 high; queues (163−5)/6 = 26 wide, 20 high; band 55 − 9 − 20 = 26.
		// Columns 159/3 = 53: 51 ≤ 52 → k=3, +6: centre 15, band 20.
		{"200x56", 163, 55, 3, 15, 20, 20, 18},
		// 160×48: tw 123, h 47. Centre 121/22 = 5 columns, 3 rows → 9 high.
		// Queues in 38 rows: 3 or 4 across (40 or 30 wide, 1 column) are 2
		// tile rows of at most 38/2 − 2 = 17 figures; 2 across (61 wide,
		// (57+2)/22 = 2 columns) need 9 rows → 3 tile rows of 11 = 33, all
		// 18 figures. Band 47 − 9 − 33 = 5. Columns 119/3 = 39: 34 ≤ 38,
		// 51 > 38 → k=2, +3 rows ≤ 5: centre 12, band 2.
		{"160x48", 123, 47, 2, 12, 2, 11, 18},
		// 100×30: no callers column, tw 100, h 29. Centre 98/22 = 4
		// columns. With 4 rows (10 high) the queues get 19 rows: 2 across
		// (49 wide, 2 columns) in 3 tile rows of 19/3 − 2 = 4 figure rows
		// → 8 figures; with 2 rows (8 high) 21/3 − 2 = 5 → 10, the most
		// (1 row: 22/3 − 2 = 5, no better). 8 + 3·7 = 29: band 0, and
		// columns 96/3 = 32 < 34 + 1 anyway → k=1. Centre 3 + 4·2 = 11.
		{"100x30", 100, 29, 1, 8, 0, 7, 10},
	}
	for _, c := range cases {
		p := planTiles(c.tw, c.h, 6, 18, 20, true)
		if p.scale != c.scale || p.centreH != c.centreH || !p.big || p.band != c.band || p.grid.th != c.th {
			t.Errorf("%s: scale %d, centre %d high, band %d, tiles %d high; want %d, %d, %d, %d: %+v",
				c.name, p.scale, p.centreH, p.band, p.grid.th, c.scale, c.centreH, c.band, c.th, p)
		}
		// The grown plan shows what scale 1 shows: every queue, the same
		// figures (the growth only ever came out of the band).
		if p.grid.shown != 6 || p.queueCells != c.cells || p.centreCells != min(18, 3+p.centreCols*p.centreRows) {
			t.Errorf("%s: figures lost: %+v", c.name, p)
		}
	}
	// Without the big font (a small screen) there is no headline at all.
	if p := planTiles(163, 55, 6, 18, 20, false); p.scale != 0 || p.big {
		t.Errorf("big off: %+v", p)
	}
}

// TestWallHeadline: the chain from window size to screen in wall mode
// with fixture() (4 queues, 18 figures of 19 columns, + 2 between). The
// centre's WAITING figure "3" is drawn at the scale the layout chose,
// right under its label, and the centre's figure rows follow the
// headline's 3k rows.
func TestWallHeadline(t *testing.T) {
	cases := []struct{ w, h, k int }{
		// 100×30: tile 100 wide, headline columns 96/3 = 32 < 35 → k=1.
		{100, 30, 1},
		// 160×48: tw 123, h 47; centre 121/21 = 5 columns, 3 rows → 9;
		// queues 4 across (123−3)/4 = 30, 1 column, 18 rows → 20; band
		// 47 − 9 − 20 = 18. Columns 119/3 = 39 → k=2 (34 ≤ 38 < 51).
		{160, 48, 2},
		// 200×56: tw 163; columns 159/3 = 53 → k=3 (51 ≤ 52); centre
		// 161/21 = 7 columns, 3 rows → 9, queues 40 wide, 20 high; band
		// 55 − 29 = 26 ≥ 6.
		{200, 56, 3},
		// 240×67: tw 203; columns 66 → k=3 (68 > 65); band 66 − 8 − 11 = 47.
		{240, 67, 3},
		// 300×80: tw 263; columns 86 → k=5 (85 ≤ 85); centre 261/21 = 12
		// columns, 2 rows → 8; queues 65 wide, 3 columns, 6 rows → 8;
		// band 79 − 16 = 63 ≥ 12.
		{300, 80, 5},
	}
	for _, c := range cases {
		m := show(newTestModel("dark", termenv.Ascii, func(o *Options) { o.Wall = true }), fixture(), c.w, c.h)
		v := m.View()
		checkFits(t, v, c.w, c.h)
		lines := strings.Split(v, "\n")
		big, _, _ := bigText("3", c.k)
		if !strings.HasPrefix(lines[2], "│ WAITING ") {
			t.Fatalf("%d×%d: line 2 is not the headline's labels:\n%s", c.w, c.h, v)
		}
		for r, b := range big {
			if !strings.HasPrefix(lines[3+r], "│ "+b+" ") {
				t.Errorf("%d×%d k=%d: row %d is %q, want %q", c.w, c.h, c.k, r, lines[3+r], b)
			}
		}
		if !strings.HasPrefix(lines[3+len(big)], "│ SL 20s day") {
			t.Errorf("%d×%d k=%d: the figures do not follow the headline:\n%s", c.w, c.h, c.k, v)
		}
	}
}

// TestHeadlineAlarmEveryScale: the longest wait (1:40 ≥ 3·20 s, alarm)
// is painted in the alarm's big ink and its label carries the solid
// alarm block "!" at every scale, in every theme, mono included (mono's
// big alarm ink is bold, so the block beside the label is what says
// alarm there).
func TestHeadlineAlarmEveryScale(t *testing.T) {
	for _, th := range themes.Names() {
		for _, c := range []struct{ w, h, k int }{{100, 30, 1}, {160, 48, 2}, {200, 56, 3}, {300, 80, 5}} {
			m := show(newTestModel(th, termenv.TrueColor, func(o *Options) { o.Wall = true }), fixture(), c.w, c.h)
			st := &m.styles.Tile
			v := m.View()
			big, _, _ := bigText("1:40", c.k)
			for r, b := range big {
				if strings.TrimSpace(b) == "" {
					continue // blank rows carry no ink
				}
				if !strings.Contains(v, st.Big[lvAlarm].S(b)) {
					t.Errorf("%s %d×%d: big row %d of 1:40 not in the alarm ink", th, c.w, c.h, r)
				}
			}
			// The whole label "LONGEST !" is a bar in the alarm ink (reverse
			// video in mono): the ink's opening sequence comes right before it.
			full := st.Level[lvAlarm].S("X")
			open := full[:strings.Index(full, "X")]
			if l := strings.Split(v, "\n")[2]; open == "" || !strings.Contains(l, open+"LONGEST !") {
				t.Errorf("%s %d×%d: LONGEST's label is not an alarm bar", th, c.w, c.h)
			}
			if th != "mono" && st.Big[lvAlarm] == st.Value {
				t.Errorf("%s: the big alarm ink is the plain value ink", th)
			}
		}
	}
}

// TestHeadlineStepsDown: a figure too wide for the planned scale (a wait
// of over an hour, "1:05:00" = 7 glyphs, 3+1+1+1+3+1+3+1+1+1+3+1+3 = 23
// pixel columns) draws all three headline figures one scale smaller
// instead of cutting it: at 200×56 the columns are 53 wide, 23·3 = 69 >
// 52 but 23·2 = 46 ≤ 52 → k=2, in the rows planned for k=3.
func TestHeadlineStepsDown(t *testing.T) {
	m := newTestModel("dark", termenv.Ascii, func(o *Options) { o.Wall = true })
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 56})
	p := m.overview
	cs := []cell{{label: "Waiting", value: "3"}, {label: "Longest", value: "1:05:00"}, {label: "SL 20s now", value: "69%"}}
	out := p.headline(cs, 159, 3)
	if len(out) != 1+9 {
		t.Fatalf("%d lines, want the planned 1 + 9", len(out))
	}
	three, _, _ := bigText("3", 2)
	long, _, _ := bigText("1:05:00", 2)
	for r := 0; r < 6; r++ {
		if !strings.HasPrefix(out[1+r], three[r]) || !strings.Contains(out[1+r], long[r]) {
			t.Errorf("row %d is not drawn at k=2: %q", r, out[1+r])
		}
	}
	for r := 6; r < 9; r++ {
		if strings.TrimSpace(out[1+r]) != "" {
			t.Errorf("row %d below the smaller figures is not blank: %q", r, out[1+r])
		}
	}
	for i, l := range out {
		if width(l) != 3*53 {
			t.Errorf("line %d is %d wide, want 159", i, width(l))
		}
	}
}

// TestWallEverySize: wall mode (no help line, so the most rows for the
// headline) never draws outside the window, from 20×5 to 400×120, on a
// grid plus the widths where the scale steps up (tiles w − 37 wide:
// columns (w − 41)/3 reach 35, 52, 69, 86, 103 at w = 146, 197, 248, 299,
// 350).
func TestWallEverySize(t *testing.T) {
	ws := []int{20, 399, 400}
	for w := 20; w <= 400; w += 13 {
		ws = append(ws, w)
	}
	for _, e := range []int{146, 197, 248, 299, 350} {
		ws = append(ws, e-1, e, e+1)
	}
	var hs []int
	for h := 5; h <= 120; h += 7 {
		hs = append(hs, h)
	}
	hs = append(hs, 29, 30, 31, 119, 120)
	m := newTestModel("mono", termenv.TrueColor, func(o *Options) { o.Wall = true })
	m.Update(snapshotMsg{fixture()})
	for _, w := range ws {
		for _, h := range hs {
			m.Update(tea.WindowSizeMsg{Width: w, Height: h})
			if t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) { checkFits(t, m.View(), w, h) }) {
				continue
			}
			return
		}
	}
}
