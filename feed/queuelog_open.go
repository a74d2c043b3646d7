package feed

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
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
//
// Input compressed with gzip (logrotate's rotated queue_log.2.gz) is
// recognised by its magic bytes and read decompressed, so that
// `report queue_log*` takes a directory of rotated logs as it is.
func Open(r io.Reader, name string, loc *time.Location) (Source, error) {
	br := bufio.NewReaderSize(r, lineBufSize)
	if p, _ := br.Peek(2); len(p) == 2 && p[0] == 0x1f && p[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("not a readable gzip file: %w", err)
		}
		br = bufio.NewReaderSize(gzipReader{zr}, lineBufSize)
	}
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

// gzipReader says what a decompression error means for a log: a file cut
// short (still being compressed, or copied half) or a damaged one. The
// lines before it have been decoded; the decoder's Err adds the line.
type gzipReader struct{ zr *gzip.Reader }

func (g gzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	switch {
	case err == nil, err == io.EOF:
	case errors.Is(err, io.ErrUnexpectedEOF):
		err = fmt.Errorf("the compressed file ends early (cut short?): %w", err)
	default:
		err = fmt.Errorf("the compressed file is damaged: %w", err)
	}
	return n, err
}
