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
type lineReader struct {
	br   *bufio.Reader
	n    int   // physical lines read so far
	err  error // first read error other than EOF
	done bool
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
	if lr.done {
		return rawLine{}, false
	}
	l.leadNUL = lr.skipNULs()
	for {
		b, err := lr.br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			l.long = true
			continue
		}
		if err != nil {
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
		b = bytes.TrimSuffix(b, []byte{'\n'})
		b = bytes.TrimSuffix(b, []byte{'\r'})
		if len(b) > MaxLineBytes {
			l.long = true
			return l, true
		}
		l.b = b
		return l, true
	}
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

// repair removes NUL bytes from b in place and replaces invalid UTF-8
// bytes with '?' in place. It reports what it did; the line keeps its
// storage, so a repaired line costs no allocation.
func repair(b []byte) (out []byte, hadNUL, badUTF8 bool) {
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
	return b, hadNUL, badUTF8
}
