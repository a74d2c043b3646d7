package feed

import (
	"io"
	"time"
)

// maxEpoch bounds the time column (about the year 36800): a larger number
// is debris, and would overflow time.Time's arithmetic.
const maxEpoch = 1 << 40

// QueueLog decodes Asterisk queue_log text (`epoch|callid|queue|agent|event|data…`)
// as a stream, one Event per line. It is built for replaying a year of logs:
// lines are split in place in the read buffer and names are interned, so a
// steady stream of lines costs about no allocation (a call costs one string
// per new name it brings).
//
// Bad input never stops it and never passes silently: every skipped or
// repaired line is counted in Stats with its first line number.
type QueueLog struct {
	lr    lineReader
	vd    verbDecoder
	stats Stats
	data  [][]byte // the current line's data fields, reused
	// Offsets of the current line's '|'s: in pipeBuf, or in pipes for
	// a line with too many.
	pipeBuf [pipeBufLen]int32
	pipes   []int32
}

// NewQueueLog returns a decoder reading r; name (a file name, usually)
// labels its Stats.
func NewQueueLog(r io.Reader, name string) *QueueLog {
	d := &QueueLog{lr: newLineReader(r)}
	d.stats.Source = name
	d.vd = newVerbDecoder(&d.stats)
	return d
}

// Next decodes the next usable line into ev. It returns false at the end of
// the input or on a read error (see Err).
func (d *QueueLog) Next(ev *Event) bool {
	for {
		if b, np, clean, full, ok := d.lr.windowLine(&d.pipeBuf); ok {
			// The common case: a line read and scanned in one pass.
			d.stats.Lines = d.lr.n
			switch {
			case clean && !full:
				if len(b) > 0 && d.decodeLine(ev, b, d.pipeBuf[:np], d.lr.n) {
					return true
				}
			case !full:
				// Not clean, but scanned: the '|'s are known.
				if d.repaired(ev, b, d.pipeBuf[:np], false) {
					return true
				}
			default:
				if d.line(ev, b, false) {
					return true
				}
			}
			continue
		}
		l, ok := d.lr.next()
		if !ok {
			return false
		}
		d.stats.Lines = d.lr.n
		if l.long {
			d.stats.Note(ProblemLongLine, d.lr.n)
			continue
		}
		if d.line(ev, l.b, l.leadNUL) {
			return true
		}
	}
}

// line repairs, splits and decodes one line that is not known to be
// clean; leadNUL says a NUL run before it was dropped. It returns whether
// ev was filled.
func (d *QueueLog) line(ev *Event, b []byte, leadNUL bool) bool {
	pipes, clean := d.scan(b)
	if clean {
		if leadNUL {
			d.stats.Note(ProblemNUL, d.lr.n)
		}
		if len(b) == 0 {
			return false // blank line: not an error
		}
		return d.decodeLine(ev, b, pipes, d.lr.n)
	}
	return d.repaired(ev, b, pipes, leadNUL)
}

// repaired is line for a line b that is not clean, whose '|'s are at
// pipes: it repairs b, finding the '|'s again only if the repair changed
// it (a line whose only non-ASCII bytes are valid UTF-8, a name with an
// accent, is left as it is).
func (d *QueueLog) repaired(ev *Event, b []byte, pipes []int32, leadNUL bool) bool {
	n := d.lr.n
	b, nul, bad, ctl := repair(b)
	if nul || bad || ctl {
		pipes, _ = d.scan(b)
	}
	if nul || leadNUL {
		d.stats.Note(ProblemNUL, n)
	}
	if bad {
		d.stats.Note(ProblemBadUTF8, n)
	}
	if ctl {
		d.stats.Note(ProblemControl, n)
	}
	if len(b) == 0 {
		return false // blank line (or nothing but NULs): not an error
	}
	return d.decodeLine(ev, b, pipes, n)
}

// scan returns the offsets of the '|'s in b, and whether b is clean (see
// scanLine).
func (d *QueueLog) scan(b []byte) ([]int32, bool) {
	n, clean, full := scanLine(b, &d.pipeBuf)
	if full {
		d.pipes, clean = scanLineSlow(b, d.pipes[:0])
		return d.pipes, clean
	}
	return d.pipeBuf[:n], clean
}

// decodeLine decodes one repaired, non-blank line whose '|' offsets are
// pipes, counting it in Stats.Events; false when skipped.
func (d *QueueLog) decodeLine(ev *Event, b []byte, pipes []int32, line int) bool {
	if len(pipes) < 4 {
		d.stats.Note(ProblemNoEvent, line)
		return false
	}
	// epoch|callid|queue|agent|verb[|data…]: the verb ends at the fifth
	// '|', or at the end of the line when there is no data.
	verbEnd := len(b)
	if len(pipes) > 4 {
		verbEnd = int(pipes[4])
	}
	verb := b[pipes[3]+1 : verbEnd]
	if len(verb) == 0 {
		d.stats.Note(ProblemNoEvent, line)
		return false
	}
	epoch, ok := parseUint(b[:pipes[0]], maxEpoch)
	if !ok {
		d.stats.Note(ProblemBadTime, line)
		return false
	}
	// The data fields lie between the fifth '|' and the end: each
	// starts after its '|' and ends at the next '|' (or the line's end).
	// The slots are assigned in place, not appended: append tested and
	// stored the length at every field.
	at := pipes[4:]
	data := d.data
	if cap(data) < len(at) {
		data = make([][]byte, len(at), 2*len(at))
	}
	data = data[:len(at)]
	d.data = data
	for k := range at {
		end := len(b)
		if k+1 < len(at) {
			end = int(at[k+1])
		}
		data[k] = b[at[k]+1 : end]
	}
	p0, p1, p2, p3 := int(pipes[0]), int(pipes[1]), int(pipes[2]), int(pipes[3])
	d.vd.decode(ev, time.Unix(epoch, 0), b[p0+1:p1], b[p1+1:p2], b[p2+1:p3], verb, data, line)
	d.stats.Events++
	return true
}

// Err returns the read error that ended the stream, naming the source and
// the line it was reading, or nil at a clean end.
func (d *QueueLog) Err() error { return d.lr.wrapErr(d.stats.Source) }

// Stats returns the decoder's counts, updated as it reads.
func (d *QueueLog) Stats() *Stats { return &d.stats }

// Line is the 1-based number of the line last read, for messages that point
// at the source.
func (d *QueueLog) Line() int { return d.lr.n }
