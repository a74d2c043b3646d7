package feed

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// syntheticDay writes a day of a mid-size floor as queue_log lines: 8
// agents in 3 queues, a call every 10 s from 08:00 to 20:00 (4320 calls),
// each ENTERQUEUE then either abandon (1 in 6), or a RINGNOANSWER on one
// agent (1 in 4) then CONNECT and COMPLETE*; pauses every 50 calls and a
// CONFIGRELOAD every 100. The numbers are only a plausible mix.
func syntheticDay() (text []byte, lines int) {
	var b bytes.Buffer
	queues := []string{"sales", "support", "billing"}
	agents := []string{"Ann", "Bob", "Chen", "Dana", "Eve", "Farid", "Gita", "Hugo"}
	t0 := int64(1721030400) // 2024-07-15 08:00:00 UTC
	line := func(t int64, callid, queue, agent, verb, data string) {
		fmt.Fprintf(&b, "%d|%s|%s|%s|%s|%s\n", t, callid, queue, agent, verb, data)
		lines++
	}
	line(t0, "NONE", "NONE", "NONE", "QUEUESTART", "")
	for i := range 4320 {
		t := t0 + int64(i)*10
		q, a := queues[i%len(queues)], agents[i%len(agents)]
		id := fmt.Sprintf("%d.%d", t, i)
		line(t, id, q, "NONE", "ENTERQUEUE", fmt.Sprintf("|+44207%06d|%d", i*7919%1000000, 1+i%3))
		switch {
		case i%6 == 0:
			line(t+25, id, q, "NONE", "ABANDON", "1|1|25")
		default:
			if i%4 == 0 {
				line(t+15, id, q, "PJSIP/"+a, "RINGNOANSWER", "15000")
			}
			line(t+20, id, q, a, "CONNECT", fmt.Sprintf("20|%s.1|4", id))
			verb := "COMPLETECALLER"
			if i%2 == 0 {
				verb = "COMPLETEAGENT"
			}
			line(t+200, id, q, a, verb, fmt.Sprintf("20|%d|1", 60+i%240))
		}
		if i%50 == 0 {
			line(t, "NONE", q, a, "PAUSE", "Break")
			line(t+300, "NONE", q, a, "UNPAUSE", "")
		}
		if i%100 == 0 {
			line(t, "NONE", "NONE", "NONE", "CONFIGRELOAD", "")
		}
	}
	return b.Bytes(), lines
}

func BenchmarkDecodeQueueLog(b *testing.B) {
	day, lines := syntheticDay()
	b.SetBytes(int64(len(day)))
	b.ReportAllocs()
	var ev Event
	r := bytes.NewReader(nil)
	b.ResetTimer()
	for range b.N {
		r.Reset(day)
		d := NewQueueLog(r, "day")
		for d.Next(&ev) {
		}
		if d.Stats().Events != lines {
			b.Fatalf("%d events, want %d", d.Stats().Events, lines)
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(lines), "lines/op")
}

// syntheticCSV is syntheticDay as a realtime-table export (UTC times).
func syntheticCSV() (csv []byte, rows int) {
	day, _ := syntheticDay()
	var b bytes.Buffer
	b.WriteString("id,time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n")
	for l := range strings.SplitSeq(strings.TrimSuffix(string(day), "\n"), "\n") {
		f := strings.SplitN(l, "|", 10)
		var epoch int64
		fmt.Sscan(f[0], &epoch)
		for len(f) < 10 {
			f = append(f, "")
		}
		rows++
		fmt.Fprintf(&b, "%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", rows,
			time.Unix(epoch, 0).UTC().Format("2006-01-02 15:04:05.000000"), f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9])
	}
	return b.Bytes(), rows
}

func BenchmarkDecodeCSV(b *testing.B) {
	csv, rows := syntheticCSV()
	b.SetBytes(int64(len(csv)))
	b.ReportAllocs()
	var ev Event
	r := bytes.NewReader(nil)
	b.ResetTimer()
	for range b.N {
		r.Reset(csv)
		d, err := NewCSV(r, "day.csv", time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		for d.Next(&ev) {
		}
		if d.Stats().Events != rows {
			b.Fatalf("%d events, want %d: %s", d.Stats().Events, rows, d.Stats().Summary())
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// endless repeats a block of lines forever, so a decoder can be measured
// line by line without reaching the end.
type endless struct {
	block []byte
	off   int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], e.block[e.off:])
		n += c
		e.off = (e.off + c) % len(e.block)
	}
	return n, nil
}

// TestSteadyStateAllocs: once a call's id and the names are interned,
// decoding a line allocates nothing. The block repeats lines of a known
// call (CONNECT, RINGNOANSWER, then its EXITWITHKEY), member lines,
// CONFIGRELOAD, a line behind a NUL run, a CRLF line and an unknown verb.
func TestSteadyStateAllocs(t *testing.T) {
	block := []byte("1721030410|1721030410.1|sales|Ann|CONNECT|8|1721030410.2|7\n" +
		"1721030411|NONE|NONE|NONE|CONFIGRELOAD|\n" +
		"1721030412|NONE|sales|Ann|UNPAUSE|\n" +
		"1721030413|NONE|sales|Ann|PAUSE|Lunch\n" +
		"1721030414|MANAGER|sales|PJSIP/1001|ADDMEMBER|\n" +
		"1721030415|1721030410.1|sales|PJSIP/1001|RINGNOANSWER|15000\n" +
		"1721030416|1721030410.1|sales|NONE|EXITWITHKEY|5|2|2|17\n" + // terminal, but the id comes back: 1 alloc per block
		"\x00\x001721030417|NONE|NONE|NONE|QUEUESTART|\n" +
		"1721030418|NONE|NONE|NONE|CONFIGRELOAD|\r\n" +
		"1721030419|NONE|NONE|NONE|CONFIGRELOAD|\n" +
		"1721030420|NONE|sales|Ann|WRAPUPSTART|30\n") // unknown, counted
	// AllocsPerRun reports whole allocations per run (integer division),
	// so each run decodes a whole block.
	perBlock := func(block []byte) float64 {
		n := bytes.Count(block, []byte("\n"))
		d := NewQueueLog(&endless{block: block}, "steady")
		var ev Event
		for range 10 * n { // warm up: intern names, grow the field slice
			d.Next(&ev)
		}
		return testing.AllocsPerRun(1000, func() {
			for range n {
				if !d.Next(&ev) {
					t.Fatal("stream ended")
				}
			}
		})
	}
	// The EXITWITHKEY forgets the call id, so the next block's CONNECT
	// interns it again: exactly 1 allocation per 11 lines.
	if got := perBlock(block); got != 1 {
		t.Errorf("%v allocations per block of 11 lines with a terminal event, want 1", got)
	}
	// Without the terminal event: none at all.
	noEnd := bytes.Replace(block, []byte("1721030416|1721030410.1|sales|NONE|EXITWITHKEY|5|2|2|17\n"), nil, 1)
	if got := perBlock(noEnd); got != 0 || len(noEnd) == len(block) {
		t.Errorf("%v allocations per block of 10 lines, want 0", got)
	}
}
