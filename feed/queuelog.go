package feed

import (
	"bytes"
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
		l, ok := d.lr.next()
		if !ok {
			return false
		}
		d.stats.Lines = d.lr.n
		n := d.lr.n
		if l.long {
			d.stats.Note(ProblemLongLine, n)
			continue
		}
		b, nul, bad := repair(l.b)
		if nul || l.leadNUL {
			d.stats.Note(ProblemNUL, n)
		}
		if bad {
			d.stats.Note(ProblemBadUTF8, n)
		}
		if len(b) == 0 {
			continue // blank line (or nothing but NULs): not an error
		}
		if d.decodeLine(ev, b, n) {
			d.stats.Events++
			return true
		}
	}
}

// decodeLine splits one repaired line and decodes it; false when skipped.
func (d *QueueLog) decodeLine(ev *Event, b []byte, line int) bool {
	var head [5][]byte
	rest := b
	for i := 0; i < 4; i++ {
		j := bytes.IndexByte(rest, '|')
		if j < 0 {
			d.stats.Note(ProblemNoEvent, line)
			return false
		}
		head[i], rest = rest[:j], rest[j+1:]
	}
	hasData := false
	if j := bytes.IndexByte(rest, '|'); j >= 0 {
		head[4], rest, hasData = rest[:j], rest[j+1:], true
	} else {
		head[4], rest = rest, nil
	}
	if len(head[4]) == 0 {
		d.stats.Note(ProblemNoEvent, line)
		return false
	}
	epoch, ok := parseUint(head[0], maxEpoch)
	if !ok {
		d.stats.Note(ProblemBadTime, line)
		return false
	}
	data := d.data[:0]
	for hasData {
		j := bytes.IndexByte(rest, '|')
		if j < 0 {
			data = append(data, rest)
			break
		}
		data, rest = append(data, rest[:j]), rest[j+1:]
	}
	d.data = data
	d.vd.decode(ev, time.Unix(epoch, 0), head[1], head[2], head[3], head[4], data, line)
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
