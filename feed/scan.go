package feed

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Byte masks for scanning eight bytes at a time.
const (
	low7s  = 0x7f7f7f7f7f7f7f7f
	high1s = 0x8080808080808080
	pipe8  = 0x7c7c7c7c7c7c7c7c // '|' in every byte
	nl8    = 0x0a0a0a0a0a0a0a0a // '\n' in every byte
	space8 = 0x2020202020202020
)

// pipeBufLen is how many '|' offsets scanLine records; a line with more
// (no real verb has more than ten fields) is scanned by scanLineSlow.
const pipeBufLen = 64

// scanLine records in at the offset of every '|' in b and reports how many
// there are, and whether b is clean: every byte in 1..0x7F, so it has no
// NUL, is valid UTF-8, and repair would leave it as it is. full is true,
// and n, at and clean are not to be used, when the line has more '|'s than
// at can hold; scanLineSlow handles those lines.
//
// One pass over the line replaces an IndexByte call per field, a UTF-8
// check and a NUL search, which for lines of 60-odd bytes cost more in
// calls than in scanning. It tests eight bytes per step (see classify).
func scanLine(b []byte, at *[pipeBufLen]int32) (n int, clean, full bool) {
	ok := uint64(high1s)
	for i := 0; i < len(b); i += 8 {
		if n > pipeBufLen-8 {
			return 0, false, true // no room for 8 more
		}
		var w uint64
		if rest := len(b) - i; rest >= 8 {
			w = binary.LittleEndian.Uint64(b[i:])
		} else {
			w = loadPadded(b[i:])
		}
		okw, m, _ := classify(w)
		ok &= okw
		for ; m != 0; m &= m - 1 {
			at[n&(pipeBufLen-1)] = int32(i + bits.TrailingZeros64(m)>>3)
			n++
		}
	}
	return n, ok == high1s, false
}

// loadPadded returns the 1 to 7 bytes of b as a little-endian word padded
// with spaces, which are neither '|' nor '\n' nor unclean.
func loadPadded(b []byte) uint64 {
	var w uint64
	if cap(b) >= 8 {
		// The bytes past len are in the same array (the read buffer),
		// stale or the next line: load a whole word and replace them.
		w = binary.LittleEndian.Uint64(b[:8])
	} else {
		for k, c := range b {
			w |= uint64(c) << (8 * uint(k))
		}
	}
	keep := uint64(1)<<(8*uint(len(b))) - 1
	return w&keep | space8&^keep
}

// scanLineEnd is scanLine for a line that starts p and ends at the first
// '\n' in it: end is the offset of that '\n', or -1 when p has none (and
// then nothing else is to be used). Finding the line's end in the same
// pass as its fields saves a search of every line for its end. When full,
// clean is not computed (the caller scans such a line again anyway).
func scanLineEnd(p []byte, at *[pipeBufLen]int32) (end, n int, clean, full bool) {
	ok := uint64(high1s)
	i := 0
	for ; i+8 <= len(p); i += 8 {
		if n > pipeBufLen-8 {
			// No room for 8 more offsets: just find the end.
			return bytes.IndexByte(p, '\n'), 0, false, true
		}
		okw, m, nl := classify(binary.LittleEndian.Uint64(p[i:]))
		if nl != 0 {
			return lastWord(i, okw, m, nl, ok, n, at)
		}
		ok &= okw
		for ; m != 0; m &= m - 1 {
			at[n&(pipeBufLen-1)] = int32(i + bits.TrailingZeros64(m)>>3)
			n++
		}
	}
	if i < len(p) {
		w := loadPadded(p[i:])
		okw, m, nl := classify(w)
		if nl != 0 {
			if n > pipeBufLen-8 {
				return i + bits.TrailingZeros64(nl)>>3, 0, false, true
			}
			return lastWord(i, okw, m, nl, ok, n, at)
		}
	}
	return -1, 0, false, false
}

// classify tests the 8 bytes of w at once. Top bit of each byte in okw:
// the byte is in 1..0x7F; in m: it is '|'; in nl: it is '\n'. The tests
// are exact, no carry crossing bytes: for a byte x, (x&0x7F)+0x7F has its
// top bit set exactly when x&0x7F is not 0, and x^c is 0 exactly when x
// is c.
func classify(w uint64) (okw, m, nl uint64) {
	okw = ((w & low7s) + low7s) &^ w
	x := w ^ pipe8
	m = ^((x & low7s) + low7s | x) & high1s
	y := w ^ nl8
	nl = ^((y & low7s) + low7s | y) & high1s
	return okw, m, nl
}

// lastWord ends scanLineEnd at the word at offset i that holds the '\n':
// only its bytes before the '\n' (byte k: bits below 8k) count.
func lastWord(i int, okw, m, nl, ok uint64, n int, at *[pipeBufLen]int32) (end, np int, clean, full bool) {
	k := bits.TrailingZeros64(nl) >> 3
	before := uint64(1)<<(8*uint(k)) - 1
	m &= before
	ok &= okw | high1s&^before
	for ; m != 0; m &= m - 1 {
		at[n&(pipeBufLen-1)] = int32(i + bits.TrailingZeros64(m)>>3)
		n++
	}
	return i + k, n, ok == high1s, false
}

// scanLineSlow is scanLine a byte at a time, for any number of '|'s: it
// appends their offsets to pipes.
func scanLineSlow(b []byte, pipes []int32) ([]int32, bool) {
	clean := true
	for i, c := range b {
		switch {
		case c == '|':
			pipes = append(pipes, int32(i))
		case c == 0 || c >= 0x80:
			clean = false
		}
	}
	return pipes, clean
}
