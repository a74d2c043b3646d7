package kpi

import (
	"math/rand/v2"
	"testing"
)

// One part against a Go map as the reference, under a random mix of
// inserts, removals and prunes over a key range small enough that the part
// stays small and mostly full, so its runs collide and wrap around the end
// of the array: after every operation both hold the same entries, and
// every held key is found.
func TestPackedPartMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 60; round++ {
		p := packedPart{slots: make([]packedSlot, 2), shift: 63} // grows from 2 slots
		ref := map[uint64]packedSlot{}
		keys := uint64(20 + rng.IntN(100)) // parts of 32 to 256 slots
		for op := 0; op < 1500; op++ {
			key := 1 + rng.Uint64N(keys) // slot keys are never 0
			switch r := rng.IntN(100); {
			case r < 60:
				if (p.count+1)*packedMaxLoadDen > len(p.slots)*packedMaxLoadNum {
					p.grow()
				}
				v := packedSlot{key: key, at: rng.Int64N(1000), callID: rng.Uint64()}
				p.insert(v)
				ref[key] = v
			case r < 95:
				if i := p.find(key, p.home(key)); i >= 0 {
					p.removeAt(i)
				}
				delete(ref, key)
			default:
				cut := rng.Int64N(1000)
				p.keepIf(func(s *packedSlot) bool { return s.at >= cut })
				for k, v := range ref {
					if v.at < cut {
						delete(ref, k)
					}
				}
			}
			if p.count != len(ref) {
				t.Fatalf("round %d op %d: count %d, reference %d", round, op, p.count, len(ref))
			}
		}
		for key := uint64(1); key <= keys; key++ {
			i := p.find(key, p.home(key))
			want, held := ref[key]
			if (i >= 0) != held || (held && p.slots[i] != want) {
				t.Fatalf("round %d: key %d at %d, want %+v (held %v)", round, key, i, want, held)
			}
		}
	}
}

// The table routes keys to parts: puts, dels and prunes over many keys
// agree with a map, and the count is the parts' sum.
func TestPackedTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var tab packedTable
	ref := map[uint64]packedSlot{}
	for op := 0; op < 60000; op++ {
		k := rng.Uint64N(30000)
		switch r := rng.IntN(100); {
		case r < 70:
			at, id := rng.Int64N(1000), rng.Uint64()
			tab.put(k, at, id)
			ref[k] = packedSlot{key: k + 1, at: at, callID: id}
		case r < 99:
			tab.del(k)
			delete(ref, k)
		default:
			cut := rng.Int64N(100)
			tab.keepIf(func(s *packedSlot) bool { return s.at >= cut })
			for rk, v := range ref {
				if v.at < cut {
					delete(ref, rk)
				}
			}
		}
	}
	sum := 0
	for i := range tab.parts {
		sum += tab.parts[i].count
	}
	if tab.count != len(ref) || sum != len(ref) {
		t.Fatalf("count %d, parts %d, reference %d", tab.count, sum, len(ref))
	}
	for k, want := range ref {
		if got := tab.get(k); got == nil || *got != want {
			t.Fatalf("key %d = %+v, want %+v", k, got, want)
		}
	}
	n := 0
	tab.each(func(*packedSlot) { n++ })
	if n != len(ref) {
		t.Fatalf("each saw %d entries, want %d", n, len(ref))
	}
}

// Key 0 (packCode of "") is an entry like any other: slots store key+1.
func TestPackedTableZeroKey(t *testing.T) {
	var tab packedTable
	if tab.get(0) != nil || tab.touch(0) != 0 {
		t.Fatal("an empty table holds key 0")
	}
	tab.put(0, 5, 7)
	if s := tab.get(0); s == nil || s.at != 5 || s.callID != 7 {
		t.Fatalf("key 0 = %+v, want at 5, call 7", s)
	}
	tab.del(0)
	if tab.get(0) != nil || tab.count != 0 {
		t.Fatalf("key 0 still held after del (count %d)", tab.count)
	}
}

// Removal in runs laid out by hand in an 8-slot part: a prune that removes
// two entries of one run keeps the third, which moved back into the first
// hole; a run that wraps past the last slot moves back across the end; an
// entry at its own home right after the end is left where it is.
func TestPackedPartRuns(t *testing.T) {
	newPart := func() packedPart { return packedPart{slots: make([]packedSlot, 8), shift: 61} }
	withHome := func(p *packedPart, h, n int) []uint64 {
		var keys []uint64
		for k := uint64(1); len(keys) < n; k++ {
			if p.home(k) == h {
				keys = append(keys, k)
			}
		}
		return keys
	}
	found := func(p *packedPart, key uint64) int { return p.find(key, p.home(key)) }

	// Three keys of home 3 fill slots 3, 4, 5; pruning the first two
	// moves the third back to 3, where keepIf must look at it again.
	p := newPart()
	k := withHome(&p, 3, 3)
	for i, key := range k {
		p.insert(packedSlot{key: key, at: int64(i)})
	}
	if removed := p.keepIf(func(s *packedSlot) bool { return s.at >= 2 }); removed != 2 || p.count != 1 {
		t.Fatalf("pruned %d, %d left; want 2 and 1", removed, p.count)
	}
	if i := found(&p, k[2]); i != 3 {
		t.Errorf("the kept entry is at %d, want 3 (moved back to its home)", i)
	}

	// Two keys of home 7 take slots 7 and 0, a key of home 0 is pushed to
	// 1. Removing slot 7 moves the second key back across the end, then
	// the home-0 key back to 0.
	p = newPart()
	seven, zero := withHome(&p, 7, 2), withHome(&p, 0, 1)
	p.insert(packedSlot{key: seven[0]})
	p.insert(packedSlot{key: seven[1]})
	p.insert(packedSlot{key: zero[0]})
	p.removeAt(found(&p, seven[0]))
	if i, j := found(&p, seven[1]), found(&p, zero[0]); i != 7 || j != 0 {
		t.Errorf("after the wrap: second home-7 key at %d (want 7), home-0 key at %d (want 0)", i, j)
	}

	// A key of home 7 at 7, a key of home 0 at 0: removing slot 7 must
	// not move the home-0 key back before its home.
	p = newPart()
	p.insert(packedSlot{key: seven[0]})
	p.insert(packedSlot{key: zero[0]})
	p.removeAt(found(&p, seven[0]))
	if i := found(&p, zero[0]); i != 0 {
		t.Errorf("home-0 key at %d after removing slot 7, want 0", i)
	}
}
