package feed

import (
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// TestScanLine: the word-at-a-time scanners find the same '|'s and the
// same cleanliness as a byte-by-byte loop, for lines of every length
// around the word and 64-byte boundaries, '|' and '\n' at every position,
// and bytes that must make a line unclean (NUL, 0x01, '\r', 0x1F, 0x7F,
// 0x80, 0xFF) or must not (' ', '~', the bytes next to the limits).
func TestScanLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	alphabet := []byte("||||ab09~\r\x01\x1f\x7e\x7f\x00\x80\xff\xc3\xbc \n")
	for range 20000 {
		n := rng.IntN(150)
		line := make([]byte, n, n+rng.IntN(16)) // spare capacity: 0..15 bytes
		for i := range line {
			line[i] = alphabet[rng.IntN(len(alphabet)-1)] // no '\n' in lines
		}
		if rng.IntN(4) == 0 { // mostly clean lines, as in real files
			for i := range line {
				if line[i] < 0x20 || line[i] >= 0x7f {
					line[i] = 'x'
				}
			}
		}
		want, wantClean := scanLineSlow(line, nil)

		var at [pipeBufLen]int32
		np, clean, full := scanLine(line, &at)
		if full != (len(want) > pipeBufLen) && !(full && len(want) > pipeBufLen-8) {
			t.Fatalf("%q: full = %v with %d '|'s", line, full, len(want))
		}
		if !full && (!slices.Equal(at[:np], want) || clean != wantClean) {
			t.Fatalf("scanLine(%q) = %v, %v; want %v, %v", line, at[:np], clean, want, wantClean)
		}

		// The same line in a buffer, followed by '\n' and more bytes.
		// A final '\r' (a CRLF ending) is not part of the line.
		buf := append(append(slices.Clip(line), '\n'), alphabet[:rng.IntN(len(alphabet))]...)
		if k := len(line); k > 0 && line[k-1] == '\r' {
			want, wantClean = scanLineSlow(line[:k-1], nil)
		}
		end, np, clean, full := scanLineEnd(buf, &at)
		if end != len(line) {
			t.Fatalf("scanLineEnd(%q): end %d, want %d", buf, end, len(line))
		}
		if full != (len(want) > pipeBufLen) && !(full && len(want) > pipeBufLen-8) {
			t.Fatalf("scanLineEnd(%q): full = %v with %d '|'s", buf, full, len(want))
		}
		if !full && (!slices.Equal(at[:np], want) || clean != wantClean) {
			t.Fatalf("scanLineEnd(%q) = %v, %v; want %v, %v", buf, at[:np], clean, want, wantClean)
		}
		// Without a '\n' there is no line to return.
		if end, _, _, _ := scanLineEnd(line, &at); end != -1 {
			t.Fatalf("scanLineEnd(%q) without newline: end %d, want -1", line, end)
		}
	}
}

// TestScanLineCases pins the scanners on hand-made lines.
func TestScanLineCases(t *testing.T) {
	for _, c := range []struct {
		line  string
		pipes []int32
		clean bool
	}{
		{"", nil, true},
		{"|", []int32{0}, true},
		{"1700000000|c1|sales|Ann|CONNECT|5", []int32{10, 13, 19, 23, 31}, true},
		// 8 bytes then '|' at 8 and 16: word boundaries.
		{"abcdefgh|abcdefg|", []int32{8, 16}, true},
		{"a\x00|", []int32{2}, false},                // NUL
		{"Aisha M\xc3\xbcller|", []int32{13}, false}, // "Aisha " 0-5, M 6, ü 7-8, ller 9-12; ASCII only is clean
		{"\x7f\r|", []int32{2}, false},               // DEL and CR: control characters
		{"~ |\x1f", []int32{2}, false},               // 0x1F, the last C0 control
		{" ~| ~", []int32{2}, true},                  // 0x20 and 0x7E, the printable limits
		{"abcdefg\x1b|", []int32{8}, false},          // ESC in the first word's last byte
	} {
		want := c.pipes
		var at [pipeBufLen]int32
		np, clean, full := scanLine([]byte(c.line), &at)
		if full || !slices.Equal(at[:np], want) || clean != c.clean {
			t.Errorf("scanLine(%q) = %v, %v, full %v; want %v, %v", c.line, at[:np], clean, full, want, c.clean)
		}
	}
	// Around the buffer's size, every alignment: offsets exact when not
	// full, and full only past pipeBufLen-8 '|'s.
	for pre := range 8 {
		for np := 48; np <= 80; np++ {
			line := strings.Repeat("a", pre) + strings.Repeat("|", np)
			var at [pipeBufLen]int32
			for _, withEnd := range []bool{false, true} {
				var got []int32
				var full bool
				if withEnd {
					end, n, _, f := scanLineEnd([]byte(line+"\nxyz"), &at)
					if end != len(line) {
						t.Fatalf("scanLineEnd(%d+%d): end %d", pre, np, end)
					}
					got, full = at[:n], f
				} else {
					n, _, f := scanLine([]byte(line), &at)
					got, full = at[:n], f
				}
				if full {
					if np <= pipeBufLen-8 {
						t.Errorf("%d+%d (newline %v): full with room to spare", pre, np, withEnd)
					}
					continue
				}
				if len(got) != np || (np > 0 && (got[0] != int32(pre) || got[np-1] != int32(pre+np-1))) {
					t.Errorf("%d+%d (newline %v): %d offsets %v", pre, np, withEnd, len(got), got)
				}
			}
		}
	}
	// 70 '|'s overflow the buffer: scanLine says so, scanLineSlow lists all.
	many := []byte(strings.Repeat("|", 70))
	var at [pipeBufLen]int32
	if _, _, full := scanLine(many, &at); !full {
		t.Errorf("scanLine of 70 '|'s: full = false")
	}
	if p, _ := scanLineSlow(many, nil); len(p) != 70 || p[69] != 69 {
		t.Errorf("scanLineSlow of 70 '|'s: %d offsets", len(p))
	}
}

// TestParseUint: the 8-digit step and the digit loop agree with the
// numbers written by hand, at the bounds and with a bad byte anywhere.
func TestParseUint(t *testing.T) {
	for _, c := range []struct {
		in  string
		max int64
		n   int64
		ok  bool
	}{
		{"0", 10, 0, true},
		{"7", 5, 0, false}, // over max
		{"12345678", 1 << 40, 12345678, true},
		{"1772437291", maxEpoch, 1772437291, true}, // a time: 8 digits in one step, then 2
		{"1099511627776", maxEpoch, 1 << 40, true}, // = max
		{"1099511627777", maxEpoch, 0, false},      // max + 1
		{"123456789012345678", math18, 123456789012345678, true},
		{"999999999999999999", math18, 0, false},     // 18 digits over max
		{"9223372036", maxSeconds, 9223372036, true}, // maxSeconds = (2^63-1)/10^9, rounded down
		{"9223372037", maxSeconds, 0, false},
		{"0000000000000000007", 10, 7, true}, // 19 characters: the per-digit loop
		{"99999999999999999999", maxMillis, 0, false},
		{"00000000", 10, 0, true},
		{"1234567/", 1 << 40, 0, false}, // '/' is '0'-1
		{"1234567:", 1 << 40, 0, false}, // ':' is '9'+1
		{"/2345678", 1 << 40, 0, false},
		{"1234\xb05678", 1 << 40, 0, false}, // '0'+0x80
		{"12345678x", 1 << 40, 0, false},
		{"-1234567", 1 << 40, 0, false},
		{"", 10, 0, false},
		{"12 45678", 1 << 40, 0, false},
	} {
		n, ok := parseUint([]byte(c.in), c.max)
		if n != c.n || ok != c.ok {
			t.Errorf("parseUint(%q, %d) = %d, %v; want %d, %v", c.in, c.max, n, ok, c.n, c.ok)
		}
	}
}

// math18 is 123456789012345678 written out, the max of one case above.
const math18 = 123456789012345678

// TestWindowReads: how the input arrives (a byte at a time, in odd
// chunks, all at once) changes nothing, though it decides which lines the
// window serves and which go through the line reader.
func TestWindowReads(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		switch i % 7 {
		case 0:
			b.WriteString("1700000000|NONE|NONE|NONE|CONFIGRELOAD|\n")
		case 1: // NULs first: the window leaves the line to next
			b.WriteString("\x00\x001700000001|c1|sales|NONE|ENTERQUEUE||1001|1|Ann\r\n")
		case 2:
			b.WriteString("1700000002|c1|sales|Ann|CONNECT|5|c2|2\n")
		case 3: // more '|'s than the offset buffer holds
			b.WriteString("1700000003|c1|sales|Ann|COMPLETECALLER|5|60|1|" + strings.Repeat("x|", 70) + "\n")
		case 4:
			b.WriteString("1700000004|c1|sales|NONE|ENTERQUEUE||1001|1|M\xc3\xbcller \xff\n")
		case 5:
			b.WriteString("\n")
		case 6:
			b.WriteString("1700000006|c1|sa\x00les|Ann|PAUSE|Lunch\n")
		}
	}
	b.WriteString("1700000007|c1|sales|Ann|UNPAUSE|") // no final newline
	in := b.String()
	decode := func(r io.Reader) (string, *Stats) {
		d := NewQueueLog(r, "t")
		var out strings.Builder
		var ev Event
		for d.Next(&ev) {
			out.WriteString(ev.Verb + "|" + ev.Queue + "|" + ev.Agent + "|" + ev.CallID + "|" +
				ev.Caller + "|" + ev.CallerName + "|" + ev.Reason + "\n")
		}
		if d.Err() != nil {
			t.Fatal(d.Err())
		}
		return out.String(), d.Stats()
	}
	whole, st := decode(strings.NewReader(in))
	// i%7 == k for i < 3000: 429 times for k <= 3 (3 + 7*428 = 2999),
	// 428 times for k >= 4. Events: kinds 0-3 (4*429 = 1716), 4 and 6
	// (2*428 = 856), not the blank kind 5, plus the last line: 2573.
	if st.Events != 2573 || st.Lines != 3001 {
		t.Fatalf("%d events in %d lines, want 2573 in 3001", st.Events, st.Lines)
	}
	// NULs: kinds 1 and 6 (429 + 428); bad UTF-8: kind 4 (428).
	if p := st.Problems[ProblemNUL]; p.Count != 857 || p.FirstLine != 2 {
		t.Errorf("NUL lines: %+v, want 857 from line 2", p)
	}
	if p := st.Problems[ProblemBadUTF8]; p.Count != 428 || p.FirstLine != 5 {
		t.Errorf("bad UTF-8 lines: %+v, want 428 from line 5", p)
	}
	// Verb|Queue|Agent|CallID|Caller|CallerName|Reason, as repaired.
	for _, want := range []string{
		"ENTERQUEUE|sales||c1|1001|M\u00fcller ?|\n", // kind 4: 0xFF became '?'
		"PAUSE|sales|Ann|c1|||Lunch\n",               // kind 6: the NUL is gone
		"COMPLETECALLER|sales|Ann|c1|||\n",           // kind 3
		"UNPAUSE|sales|Ann|c1|||\n",                  // the last line, unterminated
	} {
		if !strings.Contains(whole, want) {
			t.Errorf("no event %q", want)
		}
	}
	for name, r := range map[string]io.Reader{
		"one byte": iotest.OneByteReader(strings.NewReader(in)),
		"half":     iotest.HalfReader(strings.NewReader(in)),
		"chunks":   &chunks{b: []byte(in), n: 61},
	} {
		if got, gst := decode(r); got != whole || gst.Summary() != st.Summary() || gst.Lines != st.Lines {
			t.Errorf("%s reads: decoded differently from one read", name)
		}
	}
}

// chunks returns its bytes n at a time.
type chunks struct {
	b []byte
	n int
}

func (c *chunks) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[k:]
	return k, nil
}
