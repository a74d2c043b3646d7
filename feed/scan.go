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
	ones8  = 0x0101010101010101
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
// then nothing else is to be used). When full, clean is not computed (the
// caller scans such a line again anyway).
//
// The end is found first, by bytes.IndexByte: it tests 16 or 32 bytes per
// step with vector instructions, where the word loop spent a third of its
// work on the '\n' test. The loop over the line's words then needs only
// the '|' search and the cleanliness test, which is one OR per word (see
// unclean).
func scanLineEnd(p []byte, at *[pipeBufLen]int32) (end, n int, clean, full bool) {
	end = bytes.IndexByte(p, '\n')
	if end < 0 {
		return -1, 0, false, false
	}
	b := p[:end]
	var bad uint64
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if n > pipeBufLen-8 {
			return end, 0, false, true // no room for 8 more offsets
		}
		w := binary.LittleEndian.Uint64(b[i : i+8 : i+8])
		bad |= unclean(w)
		for m := pipeMask(w); m != 0; m &= m - 1 {
			at[n&(pipeBufLen-1)] = int32(i + bits.TrailingZeros64(m)>>3)
			n++
		}
	}
	if i < len(b) {
		if n > pipeBufLen-8 {
			return end, 0, false, true
		}
		w := loadPadded(b[i:])
		bad |= unclean(w)
		for m := pipeMask(w); m != 0; m &= m - 1 {
			at[n&(pipeBufLen-1)] = int32(i + bits.TrailingZeros64(m)>>3)
			n++
		}
	}
	return end, n, bad&high1s == 0, false
}

// unclean has a top bit set in some byte exactly when some byte of w is
// NUL or above 0x7F; which byte is not said (callers OR a line's words).
// A byte above 0x7F sets its own top bit; if none is, subtracting 1 from
// every byte borrows, setting a top bit, exactly when a byte is 0.
func unclean(w uint64) uint64 {
	return w | (w - ones8)
}

// pipeMask has the top bit of each byte of w that is '|' set, and no other
// bit (see classify).
func pipeMask(w uint64) uint64 {
	x := w ^ pipe8
	return ^((x & low7s) + low7s | x) & high1s
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
