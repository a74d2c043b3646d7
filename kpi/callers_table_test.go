package kpi

import (
	"math/rand/v2"
	"testing"
)

// The table against a Go map as the reference, under a random mix of
// puts, deletes and prunes over a key range small enough that runs collide
// and wrap around the end of the table: after every operation both hold
// the same entries, and every held key is found.
func TestPackedTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 60; round++ {
		// Start at 16 slots (not packedMinSlots) so that the table grows
		// several times and its runs collide and wrap around.
		tab := packedTable{slots: make([]packedSlot, 16), shift: 64 - 4}
		ref := map[uint64]packedSlot{}
		keys := uint64(20 + rng.IntN(100)) // tables of 16 to 256 slots, mostly full

		for op := 0; op < 1500; op++ {
			k := rng.Uint64N(keys)
			switch r := rng.IntN(100); {
			case r < 60:
				at, id := rng.Int64N(1000), rng.Uint64()
				tab.put(k, at, id)
				ref[k] = packedSlot{key: k + 1, at: at, callID: id}
			case r < 95:
				tab.del(k)
				delete(ref, k)
			default:
				cut := rng.Int64N(1000)
				tab.keepIf(func(s *packedSlot) bool { return s.at >= cut })
				for rk, v := range ref {
					if v.at < cut {
						delete(ref, rk)
					}
				}
			}
			if tab.count != len(ref) {
				t.Fatalf("round %d op %d: count %d, reference %d", round, op, tab.count, len(ref))
			}
		}
		for k := uint64(0); k < keys; k++ {
			got, want := tab.get(k), ref[k]
			_, held := ref[k]
			if (got != nil) != held || (held && *got != want) {
				t.Fatalf("round %d: key %d = %+v, want %+v (held %v)", round, k, got, want, held)
			}
		}
		n := 0
		tab.each(func(*packedSlot) { n++ })
		if n != len(ref) {
			t.Fatalf("round %d: each saw %d entries, want %d", round, n, len(ref))
		}
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
