package feed

import (
	"bufio"
	"bytes"
	"io"
	"time"
)

// sniffBytes is how far Open looks past leading NULs and blank lines for
// the first line.
const sniffBytes = 4096

// Open picks the decoder for r by its first line: a CSV header starting
// with `time,` or `id,time,` (any case, quotes allowed) is the database
// export (NewCSV, times in loc); anything else is queue_log text. Users
// then need not say which form a file is in. Nothing is consumed before the
// chosen decoder reads, so its line numbers and counts cover the whole input.
func Open(r io.Reader, name string, loc *time.Location) (Source, error) {
	br := bufio.NewReaderSize(r, lineBufSize)
	if isCSVHeader(firstLine(br)) {
		return NewCSV(br, name, loc)
	}
	return NewQueueLog(br, name), nil
}

// firstLine peeks at the first line that is not blank or NUL debris,
// without consuming input. It may return a prefix of the line.
func firstLine(br *bufio.Reader) []byte {
	p, _ := br.Peek(sniffBytes)
	for len(p) > 0 && (p[0] == 0 || p[0] == '\n' || p[0] == '\r') {
		p = p[1:]
	}
	if j := bytes.IndexByte(p, '\n'); j >= 0 {
		p = p[:j]
	}
	return p
}

// isCSVHeader reports whether line starts like a queue_log table header.
func isCSVHeader(line []byte) bool {
	line = bytes.TrimPrefix(line, []byte("\uFEFF"))
	var norm [16]byte
	n := 0
	for _, c := range line {
		if n == len(norm) {
			break
		}
		switch {
		case c == '"' || c == ' ':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		norm[n] = c
		n++
	}
	s := norm[:n]
	return bytes.HasPrefix(s, []byte("time,")) || bytes.HasPrefix(s, []byte("id,time,"))
}
