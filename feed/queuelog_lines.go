package feed

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// lineReader yields the physical lines of a stream without copying them:
// each line is a slice of the bufio buffer, valid until the next call. It is
// shared by the text and CSV decoders.
//
// The buffer holds MaxLineBytes plus a line ending, so every acceptable line
// fits; a longer one is read and dropped chunk by chunk, never held whole.
// NUL runs at the start of a line (crash debris) are discarded whatever
// their length, so a long run does not make the good line after it "long".
//
// The text decoder reads most lines with windowLine instead of next: it
// takes lines straight out of the bytes already buffered, scanning each
// line once for its end and its fields together. Whatever the window
// cannot serve as it stands (a NUL at the start of a line, a line not
// wholly buffered, the end of the input, an error) goes to next, which
// reads exactly as before the window existed.
type lineReader struct {
	br   *bufio.Reader
	n    int   // physical lines read so far
	err  error // first read error other than EOF
	done bool
	win  []byte // bytes buffered in br, not yet discarded from it
	used int    // bytes at the start of win already returned as lines
}

// lineBufSize fits MaxLineBytes of content plus "\r\n".
const lineBufSize = MaxLineBytes + 2

func newLineReader(r io.Reader) lineReader {
	return lineReader{br: bufio.NewReaderSize(r, lineBufSize)}
}

// rawLine is one physical line as read.
type rawLine struct {
	b       []byte // content without "\n" or "\r\n"; nil when long
	long    bool   // over MaxLineBytes: dropped
	leadNUL bool   // a NUL run before the content was dropped
}

// next reads the next line; ok is false at the end of the stream (or on a
// read error, kept in lr.err). A final line without newline is returned.
func (lr *lineReader) next() (l rawLine, ok bool) {
	lr.sync()
	if lr.done {
		return rawLine{}, false
	}
	l.leadNUL = lr.skipNULs()
	for {
		b, err := lr.br.ReadSlice('\n')
		if err != nil { // tested first: errors.Is is a call per line
			if errors.Is(err, bufio.ErrBufferFull) {
				l.long = true
				continue
			}
			lr.done = true
			if !errors.Is(err, io.EOF) {
				lr.err = err // the partial line is not decoded
				return rawLine{}, false
			}
			if len(b) == 0 && !l.long && !l.leadNUL {
				return rawLine{}, false
			}
		}
		lr.n++
		if l.long {
			return l, true
		}
		// Byte tests, not bytes.TrimSuffix: that is two calls per line.
		if k := len(b); k > 0 && b[k-1] == '\n' {
			b = b[:k-1]
		}
		if k := len(b); k > 0 && b[k-1] == '\r' {
			b = b[:k-1]
		}
		if len(b) > MaxLineBytes {
			l.long = true
			return l, true
		}
		l.b = b
		return l, true
	}
}

// sync consumes from br the window's bytes already returned as lines and
// drops the window, so that br's read position is the next line's start.
func (lr *lineReader) sync() {
	if lr.win != nil {
		_, _ = lr.br.Discard(lr.used) // buffered bytes: cannot fail
		lr.win, lr.used = nil, 0
	}
}

// windowLine returns the next line from the window, as next would return
// it, with the offsets of its '|'s in at (see scanLine for np, clean and
// full). ok is false when the window cannot serve the line as it stands:
// the caller then uses next.
func (lr *lineReader) windowLine(at *[pipeBufLen]int32) (b []byte, np int, clean, full, ok bool) {
	if lr.used == len(lr.win) {
		// Empty or used up: start again at br's read position, over
		// what it has buffered (next refills it when that is nothing).
		lr.sync()
		if lr.done {
			return nil, 0, false, false, false
		}
		lr.win, _ = lr.br.Peek(lr.br.Buffered())
	}
	p := lr.win[lr.used:]
	if len(p) == 0 || p[0] == 0 {
		return nil, 0, false, false, false // refill, or a NUL run to skip
	}
	end, np, clean, full := scanLineEnd(p, at)
	if end < 0 || end > MaxLineBytes {
		// Not wholly buffered; or long, perhaps (a "\r" may end it):
		// next decides.
		return nil, 0, false, false, false
	}
	lr.used += end + 1
	lr.n++
	b = p[:end]
	if end > 0 && b[end-1] == '\r' {
		b = b[:end-1]
	}
	return b, np, clean, full, true
}

// wrapErr returns the read error, if any, saying where it happened.
func (lr *lineReader) wrapErr(source string) error {
	if lr.err == nil {
		return nil
	}
	return fmt.Errorf("%s: reading line %d: %w", source, lr.n+1, lr.err)
}

// skipNULs discards NUL bytes at the read position, in buffer-sized steps.
func (lr *lineReader) skipNULs() bool {
	skipped := false
	for {
		p, err := lr.br.Peek(1)
		if err != nil || p[0] != 0 {
			return skipped
		}
		p, _ = lr.br.Peek(lr.br.Buffered())
		k := 0
		for k < len(p) && p[k] == 0 {
			k++
		}
		_, _ = lr.br.Discard(k)
		skipped = true
	}
}

// repair removes NUL bytes from b in place, replaces invalid UTF-8 bytes
// with '?' and control characters with '?', in place. It reports what it
// did; the line keeps its storage, so a repaired line costs no allocation.
//
// Control characters (C0 but for none, DEL, and the C1 range U+0080 to
// U+009F) have no business in a queue, agent or caller name, and written
// to a terminal they are commands: ESC [ 2 J in a queue name would clear
// the board, and over SSH reach every supervisor's terminal. No name
// keeps one.
func repair(b []byte) (out []byte, hadNUL, badUTF8, control bool) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		hadNUL = true
		w := i
		for _, c := range b[i:] {
			if c != 0 {
				b[w] = c
				w++
			}
		}
		b = b[:w]
	}
	if !utf8.Valid(b) {
		badUTF8 = true
		for i := 0; i < len(b); {
			if b[i] < utf8.RuneSelf {
				i++
				continue
			}
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				b[i] = '?'
			}
			i += n
		}
	}
	b, control = replaceControls(b)
	return b, hadNUL, badUTF8, control
}

// controlAt returns the length of the control character at b[i] (1 for
// C0 and DEL, 2 for C1, U+0080..U+009F in UTF-8), or 0 when there is none.
func controlAt[T string | []byte](b T, i int) int {
	switch c := b[i]; {
	case c < 0x20 || c == 0x7f:
		return 1
	case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
		return 2
	}
	return 0
}

// replaceControls replaces each control character of b with one '?', in
// place (a C1 character's two bytes become one).
func replaceControls(b []byte) ([]byte, bool) {
	control := false
	w := 0
	for r := 0; r < len(b); r++ {
		c := b[r]
		if n := controlAt(b, r); n > 0 {
			c, control = '?', true
			r += n - 1
		}
		b[w] = c
		w++
	}
	return b[:w], control
}

// CleanText returns s with each control character replaced by '?' (see
// repair), and whether it had any. Decoders of other forms (the websocket
// feed's JSON) use it on every name they read, so that no source can
// hand the board a terminal command. s is returned as it is, without a
// copy, when it has none.
func CleanText(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if controlAt(s, i) > 0 {
			b, _ := replaceControls([]byte(s))
			return string(b), true
		}
	}
	return s, false
}
