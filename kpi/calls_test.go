package kpi

import (
	"testing"
	"time"
)

// One record per key carries a call through waiting and answered, and
// holds both when a log repeats the entry of an answered call; it is
// recycled only when neither is left.
func TestCallTableLifecycle(t *testing.T) {
	ct := newCallTable()
	k := callKey{"1.1", "sales"}
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	ct.setWaiting(k, WaitingCall{Queue: "sales", CallID: "1.1", Since: t0})
	if w, ok := ct.waitingCall(k); !ok || !w.Since.Equal(t0) || ct.activeCall(k) != nil {
		t.Fatalf("after entry: waiting %v %v, active %v", w, ok, ct.activeCall(k))
	}
	// Answered: no longer waiting, in progress.
	ct.endWaiting(k)
	ct.setActive(k, "1001", t0.Add(time.Minute))
	if _, ok := ct.waitingCall(k); ok {
		t.Error("still waiting after the answer")
	}
	if c := ct.activeCall(k); c == nil || c.agent != "1001" || !c.answered.Equal(t0.Add(time.Minute)) {
		t.Fatalf("active = %+v, want 1001 since 09:01", c)
	}
	// A repeated entry while in progress: both at once.
	ct.setWaiting(k, WaitingCall{Queue: "sales", CallID: "1.1", Since: t0.Add(2 * time.Minute)})
	if _, ok := ct.waitingCall(k); !ok || ct.activeCall(k) == nil || ct.waitingLen() != 1 {
		t.Fatalf("want waiting and active, got waiting %v active %v", ok, ct.activeCall(k))
	}
	ct.endActive(k)
	if _, ok := ct.waitingCall(k); !ok || len(ct.free) != 0 {
		t.Fatalf("ending the call in progress dropped the waiting entry (free %d)", len(ct.free))
	}
	ct.endWaiting(k)
	if ct.get(k) != nil || len(ct.m) != 0 || len(ct.free) != 1 {
		t.Fatalf("after both ended: record %v, %d in map, %d free; want none, 0, 1", ct.get(k), len(ct.m), len(ct.free))
	}
	// The free record is reused, clean.
	k2 := callKey{"1.2", "support"}
	ct.setActive(k2, "", t0)
	if c := ct.get(k2); c == nil || c.waiting || c.w != (WaitingCall{}) || len(ct.free) != 0 {
		t.Errorf("reused record = %+v, free %d; want a clean active record", c, len(ct.free))
	}
	// One call id in two queues (an overflow): two records, ended apart,
	// whichever was recorded first.
	for _, first := range []string{"sales", "billing"} {
		ov := newCallTable()
		s, b := callKey{"1.3", "sales"}, callKey{"1.3", "billing"}
		ov.setWaiting(s, WaitingCall{Queue: "sales"})
		ov.setWaiting(b, WaitingCall{Queue: "billing"})
		if ov.waitingLen() != 2 {
			t.Fatalf("%d waiting, want 2", ov.waitingLen())
		}
		gone, kept := s, b
		if first == "billing" {
			gone, kept = b, s
		}
		ov.endWaiting(gone)
		if _, ok := ov.waitingCall(gone); ok {
			t.Errorf("%s: still waiting after its end", gone.queue)
		}
		if w, ok := ov.waitingCall(kept); !ok || w.Queue != kept.queue || ov.waitingLen() != 1 {
			t.Errorf("%s: lost when %s ended (%v, %d waiting)", kept.queue, gone.queue, ok, ov.waitingLen())
		}
	}
	// The empty key is a key like any other (ReplaceLive may store one).
	ct.setWaiting(callKey{}, WaitingCall{Since: t0})
	if _, ok := ct.waitingCall(callKey{}); !ok {
		t.Error("the empty key was not found")
	}
}

// pruneStale drops waiting entries older than 6 h and calls answered more
// than 12 h ago, each on its own.
func TestCallTablePruneStale(t *testing.T) {
	ct := newCallTable()
	t0 := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	a, b := callKey{"a", "q"}, callKey{"b", "q"}
	ct.setWaiting(a, WaitingCall{Since: t0})
	ct.setActive(a, "", t0)
	ct.setWaiting(b, WaitingCall{Since: t0.Add(time.Hour)})

	ct.pruneStale(t0.Add(6*time.Hour + time.Second)) // a waited 6 h 1 s: gone; b 5 h: kept
	if _, ok := ct.waitingCall(a); ok || ct.activeCall(a) == nil {
		t.Error("a: want its waiting entry pruned and its call in progress kept")
	}
	if _, ok := ct.waitingCall(b); !ok {
		t.Error("b pruned after 5 h")
	}
	ct.pruneStale(t0.Add(12*time.Hour + time.Second)) // a answered 12 h 1 s ago, b waited 11 h
	if ct.get(a) != nil || ct.get(b) != nil || len(ct.m) != 0 {
		t.Errorf("%d records left after 12 h, want none", len(ct.m))
	}
}

// One call id in three queues chains three records; ending them in every
// order, with the lookup cache holding the record, another key of the same
// chain, or a key of another call, leaves every other record findable and
// the table empty at the end. The chain is unlinked from the cache's
// remembered neighbours, so a stale neighbour would lose a record here.
func TestCallTableChainEnds(t *testing.T) {
	queues := []string{"a", "b", "c"}
	orders := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for _, order := range orders {
		for cache := 0; cache < 3; cache++ {
			ct := newCallTable()
			other := callKey{"9.9", "a"}
			ct.setWaiting(other, WaitingCall{Queue: "a"})
			for _, q := range queues {
				ct.setWaiting(callKey{"1.1", q}, WaitingCall{Queue: q})
			}
			ended := map[string]bool{}
			for _, i := range order {
				k := callKey{"1.1", queues[i]}
				switch cache {
				case 1: // the cache holds another queue's record of the same call
					for _, q := range queues {
						if q != k.queue && !ended[q] {
							ct.get(callKey{"1.1", q})
						}
					}
				case 2: // the cache holds another call
					ct.get(other)
				}
				ct.endWaiting(k)
				ended[k.queue] = true
				for _, q := range queues {
					_, ok := ct.waitingCall(callKey{"1.1", q})
					if ok == ended[q] {
						t.Fatalf("order %v cache %d: after ending %s, %s waiting = %v", order, cache, k.queue, q, ok)
					}
				}
			}
			if _, ok := ct.waitingCall(other); !ok || len(ct.m) != 1 || len(ct.free) != 3 {
				t.Fatalf("order %v cache %d: %d ids left, %d free; want only 9.9 and 3 free", order, cache, len(ct.m), len(ct.free))
			}
		}
	}
}

// answer turns a waiting entry into a call in progress in the same record,
// and records a call answered without an entry seen.
func TestCallTableAnswer(t *testing.T) {
	ct := newCallTable()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	k := callKey{"1.1", "sales"}
	ct.setWaiting(k, WaitingCall{Queue: "sales", CallID: "1.1", Since: t0})
	rec := ct.get(k)
	ct.answer(k, "1001", t0.Add(20*time.Second))
	c := ct.activeCall(k)
	if c != rec || c.waiting || c.w != (WaitingCall{}) || c.agent != "1001" || !c.answered.Equal(t0.Add(20*time.Second)) {
		t.Fatalf("after answer: %+v (same record %v); want active by 1001 at 09:00:20, not waiting", c, c == rec)
	}
	if ct.waitingLen() != 0 || len(ct.free) != 0 {
		t.Errorf("%d waiting, %d free; want 0 and 0", ct.waitingLen(), len(ct.free))
	}
	k2 := callKey{"1.2", "sales"}
	ct.answer(k2, "", t0)
	if c := ct.activeCall(k2); c == nil || c.waiting {
		t.Errorf("a call answered without an entry: %+v, want active", c)
	}
	ct.endActive(k)
	ct.endActive(k2)
	if len(ct.m) != 0 || len(ct.free) != 2 {
		t.Errorf("%d ids, %d free after both ended; want 0 and 2", len(ct.m), len(ct.free))
	}
}
