package feed

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dump decodes src to the end: every event as %+v, the stats and Err.
func dump(src Source) (events []string, stats string, err error) {
	var ev Event
	for src.Next(&ev) {
		events = append(events, fmt.Sprintf("%+v", ev))
	}
	st := *src.Stats()
	st.Source = ""
	return events, fmt.Sprintf("%+v", st), src.Err()
}

// A rotated log compressed by logrotate reads exactly as the plain file:
// the same events, the same counts and first lines of bad input, in both
// forms (text with its bad lines, and the database export).
func TestOpenGzip(t *testing.T) {
	for _, name := range []string{"testdata/bad.queue_log", "testdata/day.queue_log", "testdata/day.csv"} {
		plain, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src, err := Open(bytes.NewReader(plain), name, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		wantEv, wantSt, wantErr := dump(src)
		src, err = Open(bytes.NewReader(gzipped(t, plain)), name+".gz", time.UTC)
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		gotEv, gotSt, gotErr := dump(src)
		if len(wantEv) == 0 || strings.Join(gotEv, "\n") != strings.Join(wantEv, "\n") || gotSt != wantSt || gotErr != wantErr {
			t.Errorf("%s.gz: %d events, stats %s, err %v; plain: %d events, stats %s, err %v",
				name, len(gotEv), gotSt, gotErr, len(wantEv), wantSt, wantErr)
		}
	}
}

// A compressed file cut short gives the events of the lines before the
// cut, then an error that says so and where; a damaged header is refused
// at once.
func TestOpenGzipDamaged(t *testing.T) {
	plain, err := os.ReadFile("testdata/day.queue_log")
	if err != nil {
		t.Fatal(err)
	}
	all := bytes.Count(plain, []byte{'\n'})
	z := gzipped(t, plain)
	src, err := Open(bytes.NewReader(z[:len(z)/2]), "q.gz", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	events, _, err := dump(src)
	if err == nil || !strings.Contains(err.Error(), "q.gz: reading line") || !strings.Contains(err.Error(), "the compressed file ends early") {
		t.Errorf("Err = %v; want q.gz: reading line N: the compressed file ends early", err)
	}
	if len(events) == 0 || len(events) >= all {
		t.Errorf("%d events from half the compressed file of %d lines; want some, not all", len(events), all)
	}

	if _, err := Open(strings.NewReader("\x1f\x8bnot gzip at all"), "junk.gz", time.UTC); err == nil ||
		!strings.Contains(err.Error(), "not a readable gzip file") {
		t.Errorf("Open of a damaged header: err = %v, want not a readable gzip file", err)
	}
}
