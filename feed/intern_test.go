package feed

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
)

// TestInternerModel runs random gets and takes against a map that does
// what the interner must: hand back the bytes as a string (the same string
// while the key is held), hold at most max keys, empty itself when a new
// key finds it full, and drop a taken key. Small tables (max 3 to 40) make
// runs of probed slots, wrap-around at the table's end and backward-shift
// deletion happen all the time; keys of 1 to 20 bytes use both ways of
// comparing keys (hash alone up to 8 bytes, bytes beyond).
func TestInternerModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for round := range 200 {
		max := 3 + rng.IntN(38)
		in := newInterner(max)
		model := map[string]string{}
		keys := make([]string, 2*max)
		for i := range keys {
			keys[i] = fmt.Sprintf("%0*d", 1+rng.IntN(20), i) // distinct: the numbers differ
		}
		for op := range 2000 {
			k := keys[rng.IntN(len(keys))]
			// The key as a slice with spare capacity after it, as in
			// the line buffer, or without, as in a test.
			buf := append([]byte(k), "|junk|"[:rng.IntN(7)]...)
			b := buf[:len(k)]
			if rng.IntN(4) == 0 {
				got := in.take(b)
				if got != k {
					t.Fatalf("round %d op %d: take(%q) = %q", round, op, k, got)
				}
				if _, held := model[k]; !held && len(model) >= max {
					clear(model) // as inserting it would have done
				}
				delete(model, k)
			} else {
				got := in.get(b)
				if got != k {
					t.Fatalf("round %d op %d: get(%q) = %q", round, op, k, got)
				}
				if s, held := model[k]; held {
					if unsafe.StringData(s) != unsafe.StringData(got) {
						t.Fatalf("round %d op %d: get(%q) made a new string for a held key", round, op, k)
					}
				} else {
					if len(model) >= max {
						clear(model)
					}
					model[k] = got
				}
			}
			if in.len() != len(model) {
				t.Fatalf("round %d op %d: len %d, want %d", round, op, in.len(), len(model))
			}
		}
		// Every held key is still found, and in its own slot.
		for k, s := range model {
			i, ok := in.find([]byte(k), in.hash([]byte(k)))
			if !ok || unsafe.StringData(in.slots[i].s) != unsafe.StringData(s) {
				t.Fatalf("round %d: held key %q not found at the end", round, k)
			}
		}
	}
}

// TestInternHashShortKeys: find compares keys of up to 8 bytes by length
// and hash alone, which is right only if the hash of such keys never
// collides. Every 2-byte key (65536 of them) and 100000 random 8-byte keys
// must have distinct hashes.
func TestInternHashShortKeys(t *testing.T) {
	in := newInterner(1)
	seen := make(map[uint64]string, 1<<17)
	check := func(b []byte) {
		h := in.hash(b)
		if prev, dup := seen[h]; dup && prev != string(b) {
			t.Fatalf("hash(%q) == hash(%q)", b, prev)
		}
		seen[h] = string(b)
	}
	for x := range 1 << 16 {
		check([]byte{byte(x), byte(x >> 8)})
	}
	clear(seen)
	rng := rand.New(rand.NewPCG(9, 9))
	var b [8]byte
	for range 100000 {
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		check(b[:])
	}
}

// A string longer than maxInternBytes is returned but never held, by get,
// take or an ENTERQUEUE's call id: a file of huge random names cannot grow
// the tables beyond max short strings.
func TestInternerLongStringsNotHeld(t *testing.T) {
	tab := newInterner(maxInternedNames)
	long := []byte(strings.Repeat("q", maxInternBytes+1))
	if s := tab.get(long); s != string(long) || tab.len() != 0 {
		t.Fatalf("get(long) held %d strings", tab.len())
	}
	if s := tab.take(long); s != string(long) || tab.len() != 0 {
		t.Fatalf("take(long) held %d strings", tab.len())
	}
	edge := long[:maxInternBytes]
	if tab.get(edge); tab.len() != 1 {
		t.Fatalf("a string of exactly maxInternBytes was not held (%d)", tab.len())
	}

	// Through the decoder: a call id of 300 bytes is decoded on each of
	// its lines, and the call table stays empty.
	id := strings.Repeat("7", 300)
	in := "1700000000|" + id + "|sales|NONE|ENTERQUEUE||+441|1\n" +
		"1700000005|" + id + "|sales|Ann|CONNECT|5|x|1\n"
	d := NewQueueLog(strings.NewReader(in), "long")
	var ev Event
	for d.Next(&ev) {
		if ev.CallID != id {
			t.Fatalf("call id of %d bytes, want 300", len(ev.CallID))
		}
	}
	if d.vd.calls.len() != 0 {
		t.Errorf("the call table holds %d ids, want 0", d.vd.calls.len())
	}
}
