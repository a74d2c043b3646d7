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
	space8 = 0x2020202020202020
	del8   = 0x7f7f7f7f7f7f7f7f // DEL in every byte
	ones8  = 0x0101010101010101
)

// pipeBufLen is how many '|' offsets scanLine records; a line with more
// (no real verb has more than ten fields) is scanned by scanLineSlow.
const pipeBufLen = 64

// scanLine records in at the offset of every '|' in b and reports how many
// there are, and whether b is clean: every byte printable ASCII (0x20 to
// 0x7E), so it has no NUL, no control character and is valid UTF-8, and
// repair would leave it as it is. full is true, and n, at and clean are not
// to be used, when the line has more '|'s than at can hold; scanLineSlow
// handles those lines.
//
// One pass over the line replaces an IndexByte call per field, a UTF-8
// check and a NUL search, which for lines of 60-odd bytes cost more in
// calls than in scanning. It tests eight bytes per step (see unclean and
// pipeMask).
func scanLine(b []byte, at *[pipeBufLen]int32) (n int, clean, full bool) {
	var bad uint64
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
		bad |= unclean(w)
		for m := pipeMask(w); m != 0; m &= m - 1 {
			at[n&(pipeBufLen-1)] = int32(i + bits.TrailingZeros64(m)>>3)
			n++
		}
	}
	return n, bad&high1s == 0, false
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
// '\n' in it, without the '\r' of a CRLF ending: end is the offset of that
// '\n', or -1 when p has none (and then nothing else is to be used). When full, clean is not computed (the
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
	if end > 0 && b[end-1] == '\r' {
		// A CRLF line's CR is not part of it (the caller drops it), and
		// would make every line of a Windows file look unclean.
		b = b[:end-1]
	}
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

// unclean has a top bit set in some byte when some byte of w is not
// printable ASCII (below 0x20, 0x7F, or above 0x7F), and only then; which
// byte is not said (callers OR a line's words). A byte above 0x7F sets its
// own top bit. If none is, subtracting 0x20 from every byte borrows,
// setting a top bit, exactly when some byte is below 0x20, and a byte of
// w ^ 0x7F7F… is 0, so subtracting 1 borrows, exactly when a byte is
// 0x7F. (A borrow can set the top bit of the byte above as well, but
// only where a lower byte already failed.)
func unclean(w uint64) uint64 {
	return w | (w - space8) | ((w ^ del8) - ones8)
}

// pipeMask has the top bit of each byte of w that is '|' set, and no other
// bit. The test is exact, no carry crossing bytes: x^'|' is 0 exactly when
// x is '|', and for a byte y, (y&0x7F)+0x7F has its top bit set exactly
// when y&0x7F is not 0.
func pipeMask(w uint64) uint64 {
	x := w ^ pipe8
	return ^((x & low7s) + low7s | x) & high1s
}

// scanLineSlow is scanLine a byte at a time, for any number of '|'s: it
// appends their offsets to pipes.
func scanLineSlow(b []byte, pipes []int32) ([]int32, bool) {
	clean := true
	for i, c := range b {
		switch {
		case c == '|':
			pipes = append(pipes, int32(i))
		case c < 0x20 || c >= 0x7f:
			clean = false
		}
	}
	return pipes, clean
}
