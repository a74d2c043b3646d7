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
	// The table is split by the hash's top bits into parts that grow
	// one at a time, so growing never holds two copies of the whole
	// table (which on a busy day would put the report over its memory
	// budget for a moment).
	parts [packedParts]packedPart
	count int
}

// packedPart is one part: a power-of-two array of slots, or none yet.
type packedPart struct {
	slots []packedSlot
	count int
	shift uint // 64 − log2(len(slots)): the index takes the hash's next bits
}

const packedPartBits = 6
const packedParts = 1 << packedPartBits

// packedSlot is one entry; key is the number's packCode plus one, so that
// zero marks an empty slot (packCode of "" is 0).
type packedSlot struct {
	key    uint64
	at     int64  // Unix nanoseconds
	callID uint64 // packCode of the call id
}

const (
	packedMinSlots = 1 << 8 // per part: 64 × 6 KiB for a small day
	// Grow at 3/4 full: linear probing stays short (about 2.5 slots per
	// successful lookup at that load) while the table stays within
	// about 1.3× to 2.7× of 24 bytes per number.
	packedMaxLoadNum, packedMaxLoadDen = 3, 4
)

// locate returns the part of key and its home slot there (Fibonacci
// hashing: codes of numbers that differ in their last digits spread over
// the table). The part is taken from the hash's top bits, the slot from
// the bits below them.
func (t *packedTable) locate(key uint64) (*packedPart, int) {
	h := key * 0x9E3779B97F4A7C15
	p := &t.parts[h>>(64-packedPartBits)]
	if len(p.slots) == 0 {
		return p, 0
	}
	return p, int((h << packedPartBits) >> p.shift)
}

// get returns the slot of code, nil when the number is not held. The
// pointer is valid until the next put or del.
func (t *packedTable) get(code uint64) *packedSlot {
	key := code + 1
	p, i := t.locate(key)
	if i = p.find(key, i); i < 0 {
		return nil
	}
	return &p.slots[i]
}

// touch reads the home slot of code and returns its key, doing nothing
// else: calling it for a batch's numbers before looking them up lets their
// cache misses overlap instead of waiting on each in turn.
func (t *packedTable) touch(code uint64) uint64 {
	p, i := t.locate(code + 1)
	if len(p.slots) == 0 {
		return 0
	}
	return p.slots[i].key
}

// put records code's entry, replacing any.
func (t *packedTable) put(code uint64, at int64, callID uint64) {
	key := code + 1
	p, _ := t.locate(key)
	if (p.count+1)*packedMaxLoadDen > len(p.slots)*packedMaxLoadNum {
		p.grow()
	}
	if p.insert(packedSlot{key: key, at: at, callID: callID}) {
		t.count++
	}
}

// del removes code's entry, if any.
func (t *packedTable) del(code uint64) {
	key := code + 1
	p, i := t.locate(key)
	if i = p.find(key, i); i >= 0 {
		p.removeAt(i)
		t.count--
	}
}

// keepIf removes every entry for which keep is false.
func (t *packedTable) keepIf(keep func(s *packedSlot) bool) {
	for i := range t.parts {
		t.count -= t.parts[i].keepIf(keep)
	}
}

// each calls fn with every entry, in no particular order.
func (t *packedTable) each(fn func(s *packedSlot)) {
	for pi := range t.parts {
		p := &t.parts[pi]
		for i := range p.slots {
			if p.slots[i].key != 0 {
				fn(&p.slots[i])
			}
		}
	}
}

// find returns the slot index of key in p, probing from its home slot i;
// -1 when key is not held.
func (p *packedPart) find(key uint64, i int) int {
	if p.count == 0 {
		return -1
	}
	for mask := len(p.slots) - 1; ; i = (i + 1) & mask {
		switch p.slots[i].key {
		case key:
			return i
		case 0:
			return -1
		}
	}
}

// keepIf removes every entry of p for which keep is false and returns how
// many it removed. Entries moved back by a removal are checked where they
// land, so none is skipped.
func (p *packedPart) keepIf(keep func(s *packedSlot) bool) int {
	removed := 0
	for i := 0; i < len(p.slots); {
		if s := &p.slots[i]; s.key != 0 && !keep(s) {
			p.removeAt(i) // slot i now holds a later entry, or nothing
			removed++
			continue
		}
		i++
	}
	return removed
}

// home is the slot of key within p (see locate).
func (p *packedPart) home(key uint64) int {
	return int(((key * 0x9E3779B97F4A7C15) << packedPartBits) >> p.shift)
}

// insert stores s in its run, replacing the entry with its key; it
// reports whether the key is new. There must be a free slot.
func (p *packedPart) insert(s packedSlot) bool {
	mask := len(p.slots) - 1
	for i := p.home(s.key); ; i = (i + 1) & mask {
		cur := &p.slots[i]
		if cur.key == s.key || cur.key == 0 {
			isNew := cur.key == 0
			if isNew {
				p.count++
			}
			*cur = s
			return isNew
		}
	}
}

// removeAt empties slot i and moves later entries of the run back into
// the hole when their home allows (Knuth's algorithm R), so that lookups
// never need tombstones.
func (p *packedPart) removeAt(i int) {
	mask := len(p.slots) - 1
	p.count--
	for j := (i + 1) & mask; ; j = (j + 1) & mask {
		s := p.slots[j]
		if s.key == 0 {
			break
		}
		// s may move to the hole at i unless its home lies cyclically in
		// (i, j]: then it would be placed before its own home. In
		// distances back from j: move when its home is at least as far
		// back as the hole.
		if (j-p.home(s.key))&mask >= (j-i)&mask {
			p.slots[i] = s
			i = j
		}
	}
	p.slots[i] = packedSlot{}
}

// grow doubles the part (or makes its first array) and re-inserts its
// entries.
func (p *packedPart) grow() {
	n := 2 * len(p.slots)
	if n < packedMinSlots {
		n = packedMinSlots
	}
	old := p.slots
	p.slots, p.count = make([]packedSlot, n), 0
	p.shift = 64
	for m := n; m > 1; m >>= 1 {
		p.shift--
	}
	for i := range old {
		if old[i].key != 0 {
			p.insert(old[i])
		}
	}
}
