package tui

import "strings"

// The big-digit font: each glyph is a bitmap five pixels high drawn with
// half blocks, two pixel rows per text row, so a figure is three text rows
// high and readable across a room. Only what headline figures need is
// drawn; bigText reports false for anything else and the caller falls back
// to plain text.
const bigRows = 3

// bigFont maps a rune to its bitmap rows ('#' on, anything else off). All
// rows of a glyph have the same width.
var bigFont = map[rune][5]string{
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

// bigText renders s in the big font as bigRows lines of equal width, one
// blank column between glyphs. ok is false when s has a rune the font
// lacks.
func bigText(s string) (lines [bigRows]string, w int, ok bool) {
	var b [bigRows]strings.Builder
	first := true
	for _, r := range s {
		g, found := bigFont[r]
		if !found {
			return lines, 0, false
		}
		if !first {
			for i := range b {
				b[i].WriteByte(' ')
			}
			w++
		}
		first = false
		gw := len(g[0])
		for row := 0; row < bigRows; row++ {
			for col := 0; col < gw; col++ {
				up := g[2*row][col] == '#'
				down := 2*row+1 < 5 && g[2*row+1][col] == '#'
				b[row].WriteString(halfBlock(up, down))
			}
		}
		w += gw
	}
	for i := range b {
		lines[i] = b[i].String()
	}
	return lines, w, true
}
