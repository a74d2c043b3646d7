package feed

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// testdata/bad.queue_log, line by line:
//
//	1  QUEUESTART                       good
//	2  CONFIGRELOAD with "\r\n"         good, silently
//	3  (empty)                          silently skipped
//	4  "1700000002|NONE|sales"          3 fields: skipped, no event field
//	5  300 NULs, then ENTERQUEUE 1001   NULs removed, decoded
//	6  time "17000x0004"                skipped, bad time
//	7  ENTERQUEUE, Latin-1 "Jörg Müller" bytes replaced by '?', decoded
//	8  verb FOO                         unknown, decoded as Unknown
//	9  DID with 70 KiB of data          skipped, line over 64 KiB
//	10 CONNECT with holdtime "x"        decoded, non-numeric field counted
//	11 "1700000009|NONE|sales"          skipped, no event field
//	12 COMPLETEAGENT, no final newline  decoded
func TestQueueLogBadInput(t *testing.T) {
	f, err := os.Open("testdata/bad.queue_log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := NewQueueLog(f, "bad.queue_log")

	type seen struct {
		line int
		verb string
	}
	var got []seen
	var evs []Event
	var ev Event
	for d.Next(&ev) {
		got = append(got, seen{d.Line(), ev.Verb})
		evs = append(evs, ev)
	}
	if err := d.Err(); err != nil {
		t.Fatalf("Err = %v", err)
	}
	want := []seen{{1, "QUEUESTART"}, {2, "CONFIGRELOAD"}, {5, "ENTERQUEUE"}, {7, "ENTERQUEUE"},
		{8, "FOO"}, {10, "CONNECT"}, {12, "COMPLETEAGENT"}}
	if len(got) != len(want) {
		t.Fatalf("events at %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d: %v, want %v", i, got[i], want[i])
		}
	}

	// Line 5: the NUL run is gone and the rest decoded whole.
	if e := evs[2]; e.CallID != "1700000003.1" || e.Caller != "1001" || e.Position != 1 || !e.Time.Equal(time.Unix(1700000003, 0)) {
		t.Errorf("line 5 decoded as %+v", e)
	}
	// Line 7: 0xf6 (ö) and 0xfc (ü) are single invalid bytes, one '?' each.
	if e := evs[3]; e.Caller != "J?rg" || e.CallerName != "J?rg M?ller" {
		t.Errorf("line 7: caller %q name %q, want J?rg / J?rg M?ller", e.Caller, e.CallerName)
	}
	// Line 10: holdtime "x" is not reported; the ring time 3 s is kept.
	if e := evs[5]; e.Wait != NoDuration || e.Ring != 3*time.Second || e.Agent != "Ann" {
		t.Errorf("line 10 decoded as %+v", e)
	}
	// Line 12 (no newline): wait 2 s, talk 60 s, ended by the agent.
	if e := evs[6]; e.Wait != 2*time.Second || e.Talk != 60*time.Second || e.EndedBy != "agent" {
		t.Errorf("line 12 decoded as %+v", e)
	}

	st := d.Stats()
	if st.Source != "bad.queue_log" || st.Lines != 12 || st.Events != 7 {
		t.Errorf("Source, Lines, Events = %q, %d, %d; want bad.queue_log, 12, 7", st.Source, st.Lines, st.Events)
	}
	wantTally := map[Problem]Tally{
		ProblemNoEvent:   {2, 4},
		ProblemBadTime:   {1, 6},
		ProblemLongLine:  {1, 9},
		ProblemBadJSON:   {0, 0},
		ProblemNUL:       {1, 5},
		ProblemBadUTF8:   {1, 7},
		ProblemBadNumber: {1, 10},
	}
	for p, w := range wantTally {
		if st.Problems[p] != w {
			t.Errorf("%s: %+v, want %+v", p, st.Problems[p], w)
		}
	}
	if st.UnknownTotal != 1 || st.UnknownFirstLine != 8 || st.UnknownVerbs["FOO"] != 1 {
		t.Errorf("unknown: total %d first %d verbs %v; want 1, 8, FOO:1", st.UnknownTotal, st.UnknownFirstLine, st.UnknownVerbs)
	}
	// Skipped: 2 no event + 1 bad time + 1 long line = 4.
	wantSummary := "skipped 4 malformed lines: 2 no event field, 1 bad time, 1 line over 64 KiB (first: line 4, no event field); " +
		"1 line with NUL bytes removed (first: line 5); 1 line with invalid UTF-8 replaced (first: line 7); " +
		"1 line with non-numeric field ignored (first: line 10); 1 unknown verb (FOO)"
	if s := st.Summary(); s != wantSummary {
		t.Errorf("Summary:\n got %s\nwant %s", s, wantSummary)
	}
}

// TestSummaryOneReason: with a single skip reason the summary keeps the
// short form.
func TestSummaryOneReason(t *testing.T) {
	in := "1700000000|NONE|NONE|NONE|QUEUESTART|\n" +
		"1700000001|NONE|NONE|NONE|CONFIGRELOAD|\n" +
		"1700000002|NONE|NONE|NONE|CONFIGRELOAD|\n" +
		"1700000003|NONE\n" + // line 4: truncated
		"garbage\n" // line 5: no fields at all
	st := drain(t, NewQueueLog(strings.NewReader(in), "x"))
	if want := "skipped 2 malformed lines (first: line 4, no event field)"; st.Summary() != want {
		t.Errorf("Summary = %q, want %q", st.Summary(), want)
	}
}

func drain(t *testing.T, src Source) *Stats {
	t.Helper()
	var ev Event
	n := 0
	for src.Next(&ev) {
		n++
	}
	if err := src.Err(); err != nil {
		t.Fatalf("Err = %v", err)
	}
	if src.Stats().Events != n {
		t.Fatalf("Stats.Events = %d, but Next returned %d events", src.Stats().Events, n)
	}
	return src.Stats()
}

// TestLineLengthBoundary: a line of exactly MaxLineBytes is decoded (with
// "\n" or "\r\n"); one byte more is skipped; a huge line is skipped without
// losing the lines around it.
func TestLineLengthBoundary(t *testing.T) {
	const head = "1700000000|NONE|NONE|NONE|DID|"
	line := func(n int) string { return head + strings.Repeat("9", n-len(head)) }
	in := line(MaxLineBytes) + "\n" + // 1: fits
		line(MaxLineBytes) + "\r\n" + // 2: fits, CRLF
		line(MaxLineBytes+1) + "\n" + // 3: one byte over
		line(MaxLineBytes+2) + "\n" + // 4: two over (fills the buffer with its newline)
		line(5*MaxLineBytes) + "\n" + // 5: far over
		"1700000001|NONE|NONE|NONE|QUEUESTART|\n" + // 6
		line(3*MaxLineBytes) // 7: far over, at EOF without newline
	d := NewQueueLog(strings.NewReader(in), "long")
	var lines []int
	var ev Event
	for d.Next(&ev) {
		lines = append(lines, d.Line())
	}
	if len(lines) != 3 || lines[0] != 1 || lines[1] != 2 || lines[2] != 6 {
		t.Errorf("events from lines %v, want [1 2 6]", lines)
	}
	st := d.Stats()
	if want := (Tally{4, 3}); st.Problems[ProblemLongLine] != want {
		t.Errorf("long lines %+v, want %+v", st.Problems[ProblemLongLine], want)
	}
	if st.Lines != 7 {
		t.Errorf("Lines = %d, want 7", st.Lines)
	}
}

// TestLongNULRun: a NUL run longer than the read buffer, on the same line
// as the good line after it, is dropped and the line decoded.
func TestLongNULRun(t *testing.T) {
	in := "1700000000|NONE|NONE|NONE|CONFIGRELOAD|\n" +
		strings.Repeat("\x00", 3*MaxLineBytes) + "1700000001|NONE|NONE|NONE|QUEUESTART|\n" +
		strings.Repeat("\x00", 100) // trailing debris, no line after it
	d := NewQueueLog(strings.NewReader(in), "nul")
	var verbs []string
	var ev Event
	for d.Next(&ev) {
		verbs = append(verbs, ev.Verb)
	}
	if strings.Join(verbs, ",") != "CONFIGRELOAD,QUEUESTART" {
		t.Errorf("verbs %v", verbs)
	}
	st := d.Stats()
	// Two NUL runs: line 2 and the debris "line" 3.
	if want := (Tally{2, 2}); st.Problems[ProblemNUL] != want {
		t.Errorf("NUL tally %+v, want %+v", st.Problems[ProblemNUL], want)
	}
	if st.Skipped() != 0 || st.Lines != 3 {
		t.Errorf("Skipped %d Lines %d, want 0, 3", st.Skipped(), st.Lines)
	}
}

// failingReader returns its data, then an error.
type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestReadError: a read error ends the stream with an Err that names the
// source and the line, and the partial line is not decoded.
func TestReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := &failingReader{data: []byte("1700000000|NONE|NONE|NONE|QUEUESTART|\n1700000001|NONE|NO"), err: boom}
	d := NewQueueLog(r, "q.log")
	var ev Event
	n := 0
	for d.Next(&ev) {
		n++
	}
	if n != 1 {
		t.Errorf("%d events, want 1", n)
	}
	err := d.Err()
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "q.log: reading line 2") {
		t.Errorf("Err = %v, want q.log: reading line 2: disk on fire", err)
	}
	if d.Stats().Skipped() != 0 {
		t.Errorf("the partial line was counted as skipped")
	}
}

func TestRepair(t *testing.T) {
	tests := []struct {
		in, want       string
		nul, utf8, ctl bool
	}{
		{"abc", "abc", false, false, false},
		{"\x00\x00abc", "abc", true, false, false},
		{"a\x00b\x00", "ab", true, false, false},
		{"caf\xe9", "caf?", false, true, false},
		{"\xe2\x82", "??", false, true, false}, // truncated 3-byte sequence: each byte replaced
		{"€ ok", "€ ok", false, false, false},
		{"\x00\xff", "?", true, true, false},
		// Control characters: ESC [ 2 J (clear screen), BEL, TAB, DEL,
		// and U+009B (CSI, two bytes) each become one '?'.
		{"sal\x1b[2Jes", "sal?[2Jes", false, false, true},
		{"a\x07\tb\x7f", "a??b?", false, false, true},
		{"x\xc2\x9b2Jy", "x?2Jy", false, false, true},
		{"\xc2\xa0 \xc2\xbf", "\xc2\xa0 \xc2\xbf", false, false, false}, // U+00A0, U+00BF: printable, kept
		{"\x00\x1b\xc2", "??", true, true, true},                        // NUL removed, ESC and a cut-off C2 replaced
	}
	for _, tt := range tests {
		b := []byte(tt.in)
		got, nul, bad, ctl := repair(b)
		if string(got) != tt.want || nul != tt.nul || bad != tt.utf8 || ctl != tt.ctl {
			t.Errorf("repair(%q) = %q, %v, %v, %v; want %q, %v, %v, %v", tt.in, got, nul, bad, ctl, tt.want, tt.nul, tt.utf8, tt.ctl)
		}
	}
}

// TestEmptyInput: nothing to read is a clean end.
func TestEmptyInput(t *testing.T) {
	for _, in := range []string{"", "\n\n", "\r\n"} {
		st := drain(t, NewQueueLog(strings.NewReader(in), "empty"))
		if !st.Clean() || st.Events != 0 {
			t.Errorf("%q: stats %+v", in, st)
		}
	}
}

// CleanText is repair's control-character rule for strings from other
// decoders: unchanged when there is none, each replaced by one '?'.
func TestCleanText(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ctl      bool
	}{
		{"sales", "sales", false},
		{"Lée\u00a0x", "Lée\u00a0x", false}, // U+00A0 is printable
		{"a\x1b[2Jb", "a?[2Jb", true},
		{"\t\x7f", "??", true},
		{"x\u009by", "x?y", true}, // C1 CSI, two bytes in UTF-8
		{"", "", false},
	} {
		if got, ctl := CleanText(c.in); got != c.want || ctl != c.ctl {
			t.Errorf("CleanText(%q) = %q, %v; want %q, %v", c.in, got, ctl, c.want, c.ctl)
		}
	}
}
