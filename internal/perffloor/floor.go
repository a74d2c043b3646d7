// Command perffloor measures a floor for `wallboard report`'s speed: the
// least work any per-queue report with repeat calls and occupancy must do
// over a queue_log, written as lean as we know how (integer ids, open
// addressing, no allocation per line, no error accounting). It is not part
// of the product and its figures are not the product's: it exists so that
// docs/benchmarks.md can say, with a measurement anyone can repeat, how much
// CPU time the report's required work costs at the very least on a machine,
// next to the one-line awk count the performance target is set against.
//
//	go run ./internal/perffloor FILE
//
// It counts, per queue and half-hour of the first day: calls offered,
// answered, answered within 20 s, abandoned, short abandons (under 5 s),
// completed, transferred, repeat callers (the same number within 24 hours),
// and agents' seconds busy on a call, split to each of their queues. It
// assumes what a real report may not: clean lines, digits-and-dots call ids,
// at most 8 queues per agent, one day.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: perffloor FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "perffloor:", err)
		os.Exit(1)
	}
	defer f.Close()
	t, err := count(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "perffloor:", err)
		os.Exit(1)
	}
	fmt.Printf("lines %d offered %d answered %d in-SL %d abandoned %d short %d completed %d transferred %d repeats %d busy %ds\n",
		t.lines, t.offered, t.answered, t.inSL, t.abandoned, t.short, t.completed, t.transferred, t.repeats, t.busy)
}

// totals are the counters summed over every queue and interval.
type totals struct {
	lines                                       int
	offered, answered, inSL, abandoned, short   int
	completed, transferred, repeats, busy, wait int64
}

// counters are one queue's figures over one half-hour.
type counters struct {
	offered, answered, inSL, abandoned, short, completed, transferred, repeats int32
	wait, busy                                                                 int64
}

type agent struct {
	busy   bool
	since  int64
	queues [8]int32
	nq     int
}

const (
	slots       = 48 // half-hours in a day
	maxQueues   = 256
	repeatsSpan = 24 * 3600
)

// count reads a queue_log and returns its totals.
func count(r io.Reader) (totals, error) {
	queues := newNames(maxQueues * 2)
	agentIDs := newNames(1 << 15)
	calls := newTable(1 << 16)
	callers := newTable(1 << 21)
	rows := make([][slots]counters, maxQueues)
	agents := make([]agent, 1<<15)
	var tot totals
	buf := make([]byte, 1<<20)
	carry := 0
	day := int64(-1)
	var fld [10][]byte
	for {
		n, rerr := r.Read(buf[carry:])
		data := buf[:carry+n]
		for {
			nl := bytes.IndexByte(data, '\n')
			if nl < 0 {
				break
			}
			line := data[:nl]
			data = data[nl+1:]
			tot.lines++
			nf := 0
			for nf < len(fld)-1 {
				i := bytes.IndexByte(line, '|')
				if i < 0 {
					break
				}
				fld[nf] = line[:i]
				line = line[i+1:]
				nf++
			}
			fld[nf] = line
			nf++
			if nf < 5 || len(fld[4]) < 4 {
				continue
			}
			t := atoi(fld[0])
			if day < 0 {
				day = t - t%86400
			}
			slot := min(max((t-day)/1800, 0), slots-1)
			q := queues.id(fld[2])
			if q < 0 || q >= maxQueues {
				return tot, fmt.Errorf("line %d: more than %d queues", tot.lines, maxQueues)
			}
			c := &rows[q][slot]
			call := pack(fld[1])
			verb := fld[4]
			switch {
			case string(verb) == "ENTERQUEUE":
				c.offered++
				ok := calls.put(call, uint64(t))
				if nf > 6 && len(fld[6]) > 0 {
					num := pack(fld[6])
					if s := callers.find(num); s != nil && t-int64(s.v) < repeatsSpan {
						c.repeats++
					}
					ok = ok && callers.put(num, uint64(t))
				}
				if !ok {
					return tot, fmt.Errorf("line %d: too many calls or callers for the tables", tot.lines)
				}
			case string(verb) == "CONNECT":
				c.answered++
				w := atoi(fld[5])
				c.wait += w
				if w <= 20 {
					c.inSL++
				}
				if s := calls.find(call); s != nil {
					s.v = uint64(t)
				}
				a, err := agentOf(agents, agentIDs, fld[3], tot.lines)
				if err != nil {
					return tot, err
				}
				a.busy, a.since = true, t
			case string(verb) == "COMPLETECALLER" || string(verb) == "COMPLETEAGENT" || string(verb) == "BLINDTRANSFER":
				c.completed++
				if verb[0] == 'B' {
					c.transferred++
				}
				calls.del(call)
				a, err := agentOf(agents, agentIDs, fld[3], tot.lines)
				if err != nil {
					return tot, err
				}
				if a.busy {
					for _, aq := range a.queues[:a.nq] {
						rows[aq][slot].busy += t - a.since
					}
				}
				a.busy = false
			case string(verb) == "ABANDON":
				c.abandoned++
				if nf > 7 && atoi(fld[7]) < 5 {
					c.short++
				}
				calls.del(call)
			case string(verb) == "ADDMEMBER":
				a, err := agentOf(agents, agentIDs, fld[3], tot.lines)
				if err != nil {
					return tot, err
				}
				if a.nq < len(a.queues) {
					a.queues[a.nq] = q
					a.nq++
				}
			}
		}
		carry = copy(buf, data)
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return tot, rerr
		}
	}
	for q := range rows {
		for i := range rows[q] {
			c := &rows[q][i]
			tot.offered += int(c.offered)
			tot.answered += int(c.answered)
			tot.inSL += int(c.inSL)
			tot.abandoned += int(c.abandoned)
			tot.short += int(c.short)
			tot.completed += int64(c.completed)
			tot.transferred += int64(c.transferred)
			tot.repeats += int64(c.repeats)
			tot.busy += c.busy
			tot.wait += c.wait
		}
	}
	return tot, nil
}

func agentOf(agents []agent, ids *names, name []byte, line int) (*agent, error) {
	id := ids.id(name)
	if id < 0 || int(id) >= len(agents) {
		return nil, fmt.Errorf("line %d: more than %d agents", line, len(agents))
	}
	return &agents[id], nil
}

// atoi reads leading decimal digits; anything else ends the number.
func atoi(b []byte) int64 {
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		v = v*10 + int64(c-'0')
	}
	return v
}

// pack turns a call id or phone number (digits, '.', '+') into an integer,
// one base-13 digit per byte with a leading 1 so that "01" and "1" differ.
// Long strings wrap; the floor accepts the rare collision.
func pack(b []byte) uint64 {
	v := uint64(1)
	for _, c := range b {
		d := uint64(c - '0')
		switch c {
		case '.':
			d = 10
		case '+':
			d = 11
		}
		v = v*13 + d%13
	}
	return v
}
