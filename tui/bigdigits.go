package tui

import "strings"

// The big-digit font: each glyph is a bitmap five pixels high plus one
// blank pixel row under it (the gap before the next line), drawn with
// half blocks, two pixel rows per text row. At scale k every pixel
// becomes k×k, so a figure is 3k text rows high: three rows on an office
// screen, more on a wall screen with rows to spare (the layout chooses
// k). There is one font definition; only what headline figures need is
// drawn, and bigText reports false for anything else so that the caller
// falls back to plain text.
const (
	bigGlyphPx = 5              // pixel rows of a glyph's bitmap
	bigCellPx  = bigGlyphPx + 1 // with the blank row under it
)

// bigRows is the text rows a figure takes at scale k: 6k pixel rows, two
// to a text row.
func bigRows(k int) int { return bigCellPx * k / 2 }

// bigFont maps a rune to its bitmap rows ('#' on, anything else off). All
// rows of a glyph have the same width.
var bigFont = map[rune][bigGlyphPx]string{
	'0': {"###", "#.#", "#.#", "#.#", "###"},
	'1': {".#.", "##.", ".#.", ".#.", "###"},
	'2': {"###", "..#", "###", "#..", "###"},
	'3': {"###", "..#", "###", "..#", "###"},
	'4': {"#.#", "#.#", "###", "..#", "..#"},
	'5': {"###", "#..", "###", "..#", "###"},
	'6': {"###", "#..", "###", "#.#", "###"},
	'7': {"###", "..#", "..#", "..#", "..#"},
	'8': {"###", "#.#", "###", "#.#", "###"},
	'9': {"###", "#.#", "###", "..#", "###"},
	'%': {"#.#", "..#", ".#.", "#..", "#.#"},
	':': {".", "#", ".", "#", "."},
	'.': {".", ".", ".", ".", "#"},
	'-': {"...", "...", "###", "...", "..."},
	'—': {"....", "....", "####", "....", "...."},
	' ': {".", ".", ".", ".", "."},
}

// halfBlock maps (upper pixel, lower pixel) to the character drawing them.
func halfBlock(up, down bool) string {
	switch {
	case up && down:
		return "█"
	case up:
		return "▀"
	case down:
		return "▄"
	}
	return " "
}

// bigWidth is the columns s takes in the big font at scale k (glyphs k
// columns per pixel, k blank columns between them); ok is false when s
// has a rune the font lacks. The layout sizes the headline with it.
func bigWidth(s string, k int) (w int, ok bool) {
	n := 0
	for _, r := range s {
		g, found := bigFont[r]
		if !found {
			return 0, false
		}
		if n > 0 {
			w++ // the blank pixel column between glyphs
		}
		w += len(g[0])
		n++
	}
	return w * k, true
}

// bigText renders s in the big font at scale k (k ≥ 1) as bigRows(k)
// lines of equal width w, k blank columns between glyphs. Each text row
// r shows scaled pixel rows 2r and 2r+1, which are glyph rows 2r/k and
// (2r+1)/k; row bigGlyphPx is the blank one under the glyph. ok is false
// when s has a rune the font lacks.
func bigText(s string, k int) (lines []string, w int, ok bool) {
	k = max(1, k)
	w, ok = bigWidth(s, k)
	if !ok {
		return nil, 0, false
	}
	on := func(g *[bigGlyphPx]string, y, x int) bool { return y < bigGlyphPx && g[y][x] == '#' }
	lines = make([]string, bigRows(k))
	var b strings.Builder
	for r := range lines {
		b.Reset()
		b.Grow(3 * w)
		up, down := 2*r/k, (2*r+1)/k
		first := true
		for _, ru := range s {
			g := bigFont[ru]
			if !first {
				for range k {
					b.WriteByte(' ')
				}
			}
			first = false
			for x := 0; x < len(g[0]); x++ {
				hb := halfBlock(on(&g, up, x), on(&g, down, x))
				for range k {
					b.WriteString(hb)
				}
			}
		}
		lines[r] = b.String()
	}
	return lines, w, true
}
