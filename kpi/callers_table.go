package kpi

// packedTable is the packed half of the repeat-call memory: a hash table
// from a packed caller number to its last entry, with open addressing and
// linear probing. A busy day holds hundreds of thousands of numbers, far
// more than the processor's caches, so a lookup's cost is the memory it
// touches: here an entry is one 24-byte slot found at its home position or
// a few slots further, usually in one cache line, where Go's map reads a
// control word and then a slot in another line. MarkRepeats also uses
// touch to start a batch's loads together before judging them.
type packedTable struct {
	slots []packedSlot // len is a power of two, or 0 before the first put
	count int
	shift uint // 64 − log2(len(slots)): home takes the hash's top bits
}

// packedSlot is one entry; key is the number's packCode plus one, so that
// zero marks an empty slot (packCode of "" is 0).
type packedSlot struct {
	key    uint64
	at     int64  // Unix nanoseconds
	callID uint64 // packCode of the call id
}

const (
	packedMinSlots = 1 << 16
	// Grow at 3/4 full: linear probing stays short (about 2.5 slots per
	// successful lookup at that load) while the table stays within
	// about 1.3× to 2.7× of 24 bytes per number.
	packedMaxLoadNum, packedMaxLoadDen = 3, 4
)

// home is the slot a key's probe starts at (Fibonacci hashing: codes of
// numbers that differ in their last digits spread over the table).
func (t *packedTable) home(key uint64) int {
	return int((key * 0x9E3779B97F4A7C15) >> t.shift)
}

// get returns the slot of code, nil when the number is not held. The
// pointer is valid until the next put or del.
func (t *packedTable) get(code uint64) *packedSlot {
	if t.count == 0 {
		return nil
	}
	key, mask := code+1, len(t.slots)-1
	for i := t.home(key); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.key == key {
			return s
		}
		if s.key == 0 {
			return nil
		}
	}
}

// touch reads the home slot of code and returns its key, doing nothing
// else: calling it for a batch's numbers before looking them up lets their
// cache misses overlap instead of waiting on each in turn.
func (t *packedTable) touch(code uint64) uint64 {
	if len(t.slots) == 0 {
		return 0
	}
	return t.slots[t.home(code+1)].key
}

// put records code's entry, replacing any.
func (t *packedTable) put(code uint64, at int64, callID uint64) {
	if (t.count+1)*packedMaxLoadDen > len(t.slots)*packedMaxLoadNum {
		t.grow()
	}
	key, mask := code+1, len(t.slots)-1
	for i := t.home(key); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.key == key || s.key == 0 {
			if s.key == 0 {
				t.count++
			}
			*s = packedSlot{key: key, at: at, callID: callID}
			return
		}
	}
}

// del removes code's entry, if any, by shifting the rest of its probe run
// back (no tombstones, so lookups never slow down with deletions).
func (t *packedTable) del(code uint64) {
	if t.count == 0 {
		return
	}
	key, mask := code+1, len(t.slots)-1
	i := t.home(key)
	for ; t.slots[i].key != key; i = (i + 1) & mask {
		if t.slots[i].key == 0 {
			return
		}
	}
	t.removeAt(i)
}

// removeAt empties slot i and moves later entries of the run back into
// the hole when their home allows (Knuth's algorithm R).
func (t *packedTable) removeAt(i int) {
	mask := len(t.slots) - 1
	t.count--
	for j := (i + 1) & mask; ; j = (j + 1) & mask {
		s := t.slots[j]
		if s.key == 0 {
			break
		}
		h := t.home(s.key)
		// s may move to the hole at i unless its home lies cyclically in
		// (i, j]: then it would be placed before its own home.
		if (j > i && (h <= i || h > j)) || (j < i && h <= i && h > j) {
			t.slots[i] = s
			i = j
		}
	}
	t.slots[i] = packedSlot{}
}

// keepIf removes every entry for which keep is false. Entries moved back
// by a removal are checked where they land, so none is skipped.
func (t *packedTable) keepIf(keep func(s *packedSlot) bool) {
	for i := 0; i < len(t.slots); {
		if s := &t.slots[i]; s.key != 0 && !keep(s) {
			t.removeAt(i) // slot i now holds a later entry, or nothing
			continue
		}
		i++
	}
}

// each calls fn with every entry, in no particular order.
func (t *packedTable) each(fn func(s *packedSlot)) {
	for i := range t.slots {
		if t.slots[i].key != 0 {
			fn(&t.slots[i])
		}
	}
}

// grow doubles the table (or makes the first one) and re-inserts every
// entry.
func (t *packedTable) grow() {
	n := 2 * len(t.slots)
	if n < packedMinSlots {
		n = packedMinSlots
	}
	old := t.slots
	t.slots, t.count = make([]packedSlot, n), 0
	t.shift = 64
	for m := n; m > 1; m >>= 1 {
		t.shift--
	}
	for i := range old {
		if s := &old[i]; s.key != 0 {
			t.put(s.key-1, s.at, s.callID)
		}
	}
}
