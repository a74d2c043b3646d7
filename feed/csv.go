package feed

import (
	"bytes"
	"fmt"
	"io"
	"time"
)

// CSV decodes the database form of queue_log: a CSV export of Asterisk's
// realtime queue_log table, with a header row naming the columns
// (`[id,]time,callid,queuename,agent,event,data1,data2,data3,data4,data5`).
// Sites that log to MySQL/PostgreSQL have no text file; an export of the
// table replays the same way. Column names match case-insensitively and in
// any order; unknown columns (id, serverid…) are ignored. The older
// single-column layout (`data` holding `a|b|c`) is accepted too.
//
// The time column is `YYYY-MM-DD HH:MM:SS[.ffffff]` in the location given
// to NewCSV (the database server's zone), or a Unix epoch.
//
// Records follow RFC 4180: fields may be quoted, with "" for a quote and
// line breaks inside quotes; `\N` (a NULL in a MySQL export) is empty.
// Per-verb decoding is the text decoder's, so both forms give equal Events.
type CSV struct {
	lr    lineReader
	vd    verbDecoder
	stats Stats
	loc   *time.Location

	col    [numCSVCols]int // column index of each wanted column; -1 absent
	need   int             // fields a row must have to reach every wanted column
	rec    []byte          // a record spanning lines, copied
	fields [][]byte        // the current record's fields, reused
	data   [][]byte        // the current record's data fields, reused
	line   int             // first line of the current record
}

// The columns the decoder reads.
const (
	colTime = iota
	colCallID
	colQueue
	colAgent
	colEvent
	colData1
	colData2
	colData3
	colData4
	colData5
	colData // the old single data column
	numCSVCols
)

var csvColNames = [numCSVCols]string{"time", "callid", "queuename", "agent", "event", "data1", "data2", "data3", "data4", "data5", "data"}

// NewCSV reads the header row of r and returns a decoder for the rows after
// it. loc is the zone of the time column (time.Local or the server's zone);
// nil means UTC. The error names the source and the missing column when the
// header is not a queue_log table's.
func NewCSV(r io.Reader, name string, loc *time.Location) (*CSV, error) {
	if loc == nil {
		loc = time.UTC
	}
	d := &CSV{lr: newLineReader(r), loc: loc}
	d.stats.Source = name
	d.vd = newVerbDecoder(&d.stats)
	if err := d.readHeader(); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *CSV) readHeader() error {
	fields, ok := d.record()
	if !ok {
		if err := d.lr.wrapErr(d.stats.Source); err != nil {
			return err
		}
		return fmt.Errorf("%s: no CSV header row: the file is empty", d.stats.Source)
	}
	for i := range d.col {
		d.col[i] = -1
	}
	for i, f := range fields {
		f = bytes.TrimSpace(f)
		if i == 0 {
			f = bytes.TrimPrefix(f, []byte("\uFEFF")) // byte-order mark
		}
		for c, want := range csvColNames {
			if d.col[c] < 0 && bytes.EqualFold(f, []byte(want)) {
				d.col[c] = i
			}
		}
	}
	missing := func(c int) error {
		return fmt.Errorf("%s: line %d: CSV header has no %q column (want time,callid,queuename,agent,event,data1,…,data5)",
			d.stats.Source, d.line, csvColNames[c])
	}
	for c := colTime; c <= colEvent; c++ {
		if d.col[c] < 0 {
			return missing(c)
		}
	}
	split := true // data1..data5 all present
	for c := colData1; c <= colData5; c++ {
		if d.col[c] < 0 {
			if d.col[colData] < 0 {
				return missing(c)
			}
			split = false
		}
	}
	if split {
		d.col[colData] = -1 // data1..data5 win over a stray "data"
	} else {
		for c := colData1; c <= colData5; c++ {
			d.col[c] = -1 // the single data column wins over a partial set
		}
	}
	for _, i := range d.col {
		d.need = max(d.need, i+1)
	}
	return nil
}

// record returns the next non-blank record's fields, repaired (NULs,
// UTF-8) and unquoted in place; ok is false at the end of the input.
// Long lines and records left open at the end are counted and skipped.
func (d *CSV) record() (fields [][]byte, ok bool) {
	for {
		l, ok := d.lr.next()
		if !ok {
			return nil, false
		}
		d.stats.Lines = d.lr.n
		d.line = d.lr.n
		if l.long {
			d.stats.Note(ProblemLongLine, d.line)
			continue
		}
		b, nul, bad, ctl := repair(l.b)
		if nul || l.leadNUL {
			d.stats.Note(ProblemNUL, d.line)
		}
		if bad {
			d.stats.Note(ProblemBadUTF8, d.line)
		}
		if ctl {
			d.stats.Note(ProblemControl, d.line)
		}
		if len(b) == 0 {
			continue
		}
		if csvOpen(b) {
			// A quoted field goes on past the line end: gather lines
			// (copied, the read buffer moves on) until it closes.
			var skipped bool
			b, skipped = d.continued(b)
			if skipped {
				continue
			}
		}
		d.fields = splitCSV(d.fields[:0], b)
		return d.fields, true
	}
}

// continued gathers the lines of a record whose quoted field spans lines.
// skipped is true when the record was dropped (over MaxLineBytes, or the
// input ended inside the quotes) and counted.
func (d *CSV) continued(first []byte) (rec []byte, skipped bool) {
	rec = append(d.rec[:0], first...)
	defer func() { d.rec = rec[:0] }()
	for {
		l, ok := d.lr.next()
		if !ok {
			d.stats.Note(ProblemNoEvent, d.line) // cut off inside quotes
			return nil, true
		}
		d.stats.Lines = d.lr.n
		b, nul, bad, ctl := repair(l.b)
		if nul || l.leadNUL {
			d.stats.Note(ProblemNUL, d.lr.n)
		}
		if bad {
			d.stats.Note(ProblemBadUTF8, d.lr.n)
		}
		if ctl {
			d.stats.Note(ProblemControl, d.lr.n)
		}
		if l.long || len(rec)+1+len(b) > MaxLineBytes {
			d.stats.Note(ProblemLongLine, d.line)
			return nil, true
		}
		rec = append(append(rec, '\n'), b...)
		if !csvOpen(rec) {
			return rec, false
		}
	}
}

// csvOpen reports whether b ends inside a quoted field.
func csvOpen(b []byte) bool {
	inQ, atStart := false, true
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inQ {
			if c == '"' {
				if i+1 < len(b) && b[i+1] == '"' {
					i++
				} else {
					inQ = false
				}
			}
			continue
		}
		if c == '"' && atStart {
			inQ = true
		}
		atStart = c == ','
	}
	return inQ
}

// splitCSV splits a complete record into fields, removing quotes and
// turning "" into " in place. A quote inside an unquoted field, or text
// after a closing quote, is kept as written (lenient, like LazyQuotes).
func splitCSV(dst [][]byte, b []byte) [][]byte {
	i := 0
	for {
		if i < len(b) && b[i] == '"' {
			start, w := i, i
			i++
			for i < len(b) {
				c := b[i]
				if c == '"' {
					if i+1 < len(b) && b[i+1] == '"' {
						b[w] = '"'
						w, i = w+1, i+2
						continue
					}
					i++
					break
				}
				b[w] = c
				w, i = w+1, i+1
			}
			for i < len(b) && b[i] != ',' {
				b[w] = b[i]
				w, i = w+1, i+1
			}
			dst = append(dst, nullIsEmpty(b[start:w]))
		} else {
			j := bytes.IndexByte(b[i:], ',')
			if j < 0 {
				j = len(b) - i
			}
			dst = append(dst, nullIsEmpty(b[i:i+j]))
			i += j
		}
		if i >= len(b) {
			return dst
		}
		i++ // the comma
	}
}

// nullIsEmpty maps MySQL's NULL marker to an empty field.
func nullIsEmpty(f []byte) []byte {
	if len(f) == 2 && f[0] == '\\' && f[1] == 'N' {
		return f[:0]
	}
	return f
}

// Next decodes the next usable row into ev; false at the end of the input
// or on a read error (see Err).
func (d *CSV) Next(ev *Event) bool {
	for {
		f, ok := d.record()
		if !ok {
			return false
		}
		if len(f) < d.need || len(f[d.col[colEvent]]) == 0 {
			d.stats.Note(ProblemNoEvent, d.line)
			continue
		}
		t, ok := parseDBTime(f[d.col[colTime]], d.loc)
		if !ok {
			d.stats.Note(ProblemBadTime, d.line)
			continue
		}
		data := d.data[:0]
		if c := d.col[colData]; c >= 0 {
			data = splitPipes(data, f[c])
		} else {
			for c := colData1; c < colData5; c++ {
				data = append(data, f[d.col[c]])
			}
			// Asterisk puts everything past the fifth field in data5,
			// pipes included.
			data = splitPipes(data, f[d.col[colData5]])
		}
		d.data = data
		d.vd.decode(ev, t, f[d.col[colCallID]], f[d.col[colQueue]], f[d.col[colAgent]], f[d.col[colEvent]], data, d.line)
		d.stats.Events++
		return true
	}
}

// splitPipes appends the '|'-separated parts of b (one empty part for an
// empty b).
func splitPipes(dst [][]byte, b []byte) [][]byte {
	for {
		j := bytes.IndexByte(b, '|')
		if j < 0 {
			return append(dst, b)
		}
		dst, b = append(dst, b[:j]), b[j+1:]
	}
}

// parseDBTime reads `YYYY-MM-DD HH:MM:SS[.f…]` (a 'T' works as the
// separator too) in loc, or a Unix epoch in seconds.
func parseDBTime(b []byte, loc *time.Location) (time.Time, bool) {
	b = bytes.TrimSpace(b)
	if n, ok := parseUint(b, maxEpoch); ok {
		return time.Unix(n, 0), true
	}
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || (b[10] != ' ' && b[10] != 'T') || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	num := func(s []byte, lo, hi int64) (int, bool) {
		n, ok := parseUint(s, hi)
		return int(n), ok && n >= lo
	}
	y, ok1 := num(b[0:4], 1, 9999)
	mo, ok2 := num(b[5:7], 1, 12)
	dd, ok3 := num(b[8:10], 1, 31)
	hh, ok4 := num(b[11:13], 0, 23)
	mi, ok5 := num(b[14:16], 0, 59)
	ss, ok6 := num(b[17:19], 0, 60)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || dd > daysIn(time.Month(mo), y) {
		return time.Time{}, false
	}
	ns := 0
	if frac := b[19:]; len(frac) > 0 {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return time.Time{}, false
		}
		f, ok := parseUint(frac[1:], 999999999)
		if !ok {
			return time.Time{}, false
		}
		ns = int(f)
		for k := len(frac) - 1; k < 9; k++ {
			ns *= 10
		}
	}
	return time.Date(y, time.Month(mo), dd, hh, mi, ss, ns, loc), true
}

// daysIn is the number of days in month m of year y.
func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Err returns the read error that ended the stream, naming the source and
// line, or nil at a clean end.
func (d *CSV) Err() error { return d.lr.wrapErr(d.stats.Source) }

// Stats returns the decoder's counts, updated as it reads.
func (d *CSV) Stats() *Stats { return &d.stats }

// Line is the 1-based line number where the record last read starts.
func (d *CSV) Line() int { return d.line }
