package kpi

import (
	"fmt"
	"math/rand"
	"sort"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// A full synthetic day: thousands of calls with random outcomes, checked
// counter by counter against sums the test makes itself, straight from
// the call list (bucket = unix seconds / 900 in UTC), never through the
// engine.
func TestFullDayAgainstIndependentSums(t *testing.T) {
	const T, S = 20, 5 // seconds
	rng := rand.New(rand.NewSource(7))
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	queues := []string{"billing", "sales", "support"}

	type key struct {
		q     string
		start int64
	}
	want := map[key]*Counters{}
	at := func(q string, tm time.Time) *Counters {
		k := key{q, tm.Unix() / 900 * 900}
		if want[k] == nil {
			want[k] = &Counters{}
		}
		return want[k]
	}
	var evs []feed.Event
	for i := 0; i < 6000; i++ {
		q := queues[rng.Intn(len(queues))]
		id := fmt.Sprintf("%d.%d", day.Unix(), i)
		enter := day.Add(time.Duration(rng.Intn(86000)) * time.Second)
		w := rng.Intn(90)
		leave := enter.Add(sec(w))
		evs = append(evs, ev(enter, feed.CallEnqueued, q, id, "", nil))
		at(q, enter).Offered++
		switch r := rng.Intn(10); {
		case r < 6: // answered, then completed or transferred
			talk := 30 + rng.Intn(600)
			end := leave.Add(sec(talk))
			evs = append(evs, ev(leave, feed.CallAnswered, q, id, "", wait(w)))
			c := at(q, leave)
			c.Answered++
			c.SumWaitAnswered += sec(w)
			c.MaxWait = max(c.MaxWait, sec(w))
			if w <= T {
				c.AnsweredInSL++
			}
			kind := feed.CallCompleted
			if r == 5 {
				kind = feed.CallTransferred
			}
			evs = append(evs, ev(end, kind, q, id, "", waitTalk(w, talk)))
			d := at(q, end)
			d.Completed++
			d.SumTalk += sec(talk)
			if kind == feed.CallTransferred {
				d.Transferred++
			}
		case r < 9:
			evs = append(evs, ev(leave, feed.CallAbandoned, q, id, "", wait(w)))
			c := at(q, leave)
			c.Abandoned++
			c.MaxWait = max(c.MaxWait, sec(w))
			if w < S {
				c.ShortAbandoned++
			}
			if w <= T {
				c.AbandonedInSL++
			}
		default: // exit by timeout, old format: the wait comes from the entry
			evs = append(evs, ev(leave, feed.CallExited, q, id, "", nil))
			c := at(q, leave)
			c.Exited++
			c.MaxWait = max(c.MaxWait, sec(w))
		}
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Time.Before(evs[j].Time) })

	cfg := utcConfig()
	cfg.Interval = 15 * time.Minute
	s := NewState(cfg)
	apply(s, evs...)

	got := map[key]Counters{}
	for _, r := range s.Rows() {
		if r.End.Sub(r.Start) != 15*time.Minute {
			t.Errorf("row %v–%v is not 15 min", r.Start, r.End)
		}
		got[key{r.Queue, r.Start.Unix()}] = r.Counters
	}
	totals := map[int64]*Counters{}
	for k, c := range want {
		if g := got[k]; g != *c {
			t.Errorf("%s %s:\n got %+v\nwant %+v", k.q, time.Unix(k.start, 0).UTC().Format("15:04"), g, *c)
		}
		if totals[k.start] == nil {
			totals[k.start] = &Counters{}
		}
		totals[k.start].Add(c)
	}
	for start, c := range totals {
		if g := got[key{TotalQueue, start}]; g != *c {
			t.Errorf("centre %s: got %+v want %+v", time.Unix(start, 0).UTC().Format("15:04"), g, *c)
		}
	}
	if len(got) != len(want)+len(totals) {
		t.Errorf("%d rows, want %d", len(got), len(want)+len(totals))
	}
}

// Merging is exact: two 15-minute buckets make the 30-minute bucket.
func TestIntervalsMergeExactly(t *testing.T) {
	c15, c30 := utcConfig(), utcConfig()
	c15.Interval = 15 * time.Minute
	a, b := NewState(c15), NewState(c30)
	apply(a, scenario()...)
	apply(b, scenario()...)
	var merged Counters
	for _, r := range a.Rows() {
		if r.Queue == "sales" {
			merged.Add(&r.Counters)
		}
	}
	if whole := b.Rows()[1].Counters; merged != whole {
		t.Errorf("15+15 = %+v\n30    = %+v", merged, whole)
	}
}
