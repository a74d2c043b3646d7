package feed

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
)

// interner turns byte slices into strings, allocating each distinct string
// once. A queue_log file repeats a handful of queue names, agents, verbs and
// pause reasons millions of times; interning them is what keeps decoding at
// about zero allocations per line.
//
// The table is bounded: when it holds max entries it is emptied and starts
// again, so a file of random names costs at most max strings of memory, and
// the price of the reset is one allocation per name seen afterwards.
//
// It is its own open-addressing table (linear probing, at most half full,
// deletion by backward shift) rather than a Go map: the decoder does two
// or three lookups per line and a call id insert and delete per call, and
// the map's lookups, inserts and deletes were a third of the decoding time.
// The hash is seeded per table, so a crafted file cannot aim its names at
// one run of slots.
type interner struct {
	slots []internSlot // nil until the first insert; length a power of two
	shift uint         // 64 - log2(len(slots)): a hash's top bits pick its home slot
	n     int          // strings held
	max   int
	seed  uint64
}

// internSlot is one table entry; s == "" marks a free slot (the empty
// string is never stored).
type internSlot struct {
	s string
	h uint64 // hash(s)
}

// Bounds of the decoders' tables. Names (queues, agents, verbs, reasons)
// are a few thousand even on a large system (a centre of 5 000 agents
// logs each under an interface and a member name); a table that resets
// under them would allocate every name again and hand the engine copies
// it must compare byte by byte. Call ids are live calls, forgotten when a
// call ends, so the call table only fills from calls whose end fell
// outside the file.
const (
	maxInternedNames = 1 << 15
	maxInternedCalls = 1 << 16
)

// maxInternBytes is the longest string a table holds. Real names and call
// ids are a few dozen bytes; a longer one is garbage (or a file that is
// not a queue_log) and is allocated afresh each time, so the table's
// memory stays bounded by max × maxInternBytes, whatever the input.
const maxInternBytes = 256

// minInternSlots is the first table size: small, so that a decoder for a
// few lines (a test, a fuzz input) does not pay for a large table.
const minInternSlots = 16

func newInterner(max int) interner {
	return interner{max: max, seed: rand.Uint64()}
}

// get returns b as a string, the same string every time for the same bytes
// (until the table is reset).
func (t *interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxInternBytes {
		return string(b)
	}
	h := t.hash(b)
	if i, ok := t.find(b, h); ok {
		return t.slots[i].s
	}
	s := string(b)
	t.insert(s, h)
	return s
}

// take returns b as a string, as get does, and drops it from the table: a
// call id at the call's terminal event, which will not be seen again (or,
// if it is, costs one allocation). The table ends as interning b and then
// deleting it would leave it, the reset of a full table included.
func (t *interner) take(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > maxInternBytes {
		return string(b) // never held (see get)
	}
	h := t.hash(b)
	if i, ok := t.find(b, h); ok {
		s := t.slots[i].s
		t.remove(i)
		return s
	}
	if t.n >= t.max {
		t.reset() // what inserting it would have done
	}
	return string(b)
}

// len is the number of strings held, for tests of the bound.
func (t *interner) len() int { return t.n }

// find looks b, whose hash is h, up; i is its slot when ok.
//
// A key of at most 8 bytes is compared by length and hash alone: for a
// given length its hash is a bijection of its bytes (see hash), so equal
// hashes mean equal bytes, and the string itself, elsewhere in memory, is
// not read. Longer keys are compared in full.
func (t *interner) find(b []byte, h uint64) (i int, ok bool) {
	if t.slots == nil {
		return 0, false
	}
	mask := len(t.slots) - 1
	for i = int(h >> t.shift); ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.s == "" {
			return i, false
		}
		if sl.h == h && len(sl.s) == len(b) && (len(b) <= 8 || sl.s == string(b)) {
			return i, true
		}
	}
}

// insert adds s (not in the table, not empty) with hash h, emptying a full
// table first and growing one that would be over half full.
func (t *interner) insert(s string, h uint64) {
	if t.n >= t.max {
		t.reset()
	}
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	mask := len(t.slots) - 1
	i := int(h >> t.shift)
	for t.slots[i].s != "" {
		i = (i + 1) & mask
	}
	t.slots[i] = internSlot{s: s, h: h}
	t.n++
}

// reset empties the table, keeping its storage.
func (t *interner) reset() {
	clear(t.slots)
	t.n = 0
}

// grow doubles the table and re-places every entry.
func (t *interner) grow() {
	size := 2 * len(t.slots)
	if size < minInternSlots {
		size = minInternSlots
	}
	old := t.slots
	t.slots = make([]internSlot, size)
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	mask := size - 1
	for _, sl := range old {
		if sl.s == "" {
			continue
		}
		i := int(sl.h >> t.shift)
		for t.slots[i].s != "" {
			i = (i + 1) & mask
		}
		t.slots[i] = sl
	}
}

// remove empties slot i by backward shifting: each later entry of the same
// run that may live at i (its home is not cyclically within (i, j]) moves
// up, so lookups never need tombstones.
func (t *interner) remove(i int) {
	mask := len(t.slots) - 1
	j := i
	for {
		j = (j + 1) & mask
		sl := t.slots[j]
		if sl.s == "" {
			break
		}
		home := int(sl.h >> t.shift)
		if (j-home)&mask >= (j-i)&mask {
			t.slots[i] = sl
			i = j
		}
	}
	t.slots[i] = internSlot{}
	t.n--
}

// Multipliers of the hash (from splitmix64 and murmur3's finaliser):
// odd, with well-spread bits.
const (
	hashMul1 = 0xbf58476d1ce4e5b9
	hashMul2 = 0x94d049bb133111eb
)

// hash mixes b eight bytes at a time: keys are short (3 to 30 bytes), so
// word loads and a multiply per word beat a byte-wise hash, and the final
// mix spreads every input bit into the top bits that pick the slot.
//
// For a key of at most 8 bytes every step is a bijection of the one word
// (xor with a constant, multiply by an odd number, h ^= h>>k), so two keys
// of the same length have the same hash only if they are the same bytes;
// find relies on it. Keep it so.
func (t *interner) hash(b []byte) uint64 {
	h := t.seed ^ uint64(len(b))*hashMul2
	for len(b) > 8 {
		h = (h ^ binary.LittleEndian.Uint64(b)) * hashMul1
		h ^= h >> 31
		b = b[8:]
	}
	var w uint64
	if len(b) == 8 {
		w = binary.LittleEndian.Uint64(b)
	} else {
		w = loadTail(b)
	}
	h = (h ^ w) * hashMul1
	h ^= h >> 31
	h *= hashMul2
	return h ^ h>>29
}

// loadWord returns the 0 to 8 bytes of b as a little-endian word padded
// with zeros. Two slices of the same length have the same word exactly
// when they hold the same bytes.
func loadWord(b []byte) uint64 {
	if len(b) == 8 {
		return binary.LittleEndian.Uint64(b)
	}
	return loadTail(b)
}

// loadTail returns the 0 to 7 bytes of b as a little-endian word padded
// with zeros.
func loadTail(b []byte) uint64 {
	if cap(b) >= 8 {
		// The bytes past len are in the same array (the line buffer):
		// load a whole word and keep the len(b) bytes of the key.
		return binary.LittleEndian.Uint64(b[:8]) & (1<<(8*uint(len(b))) - 1)
	}
	var w uint64
	for k, c := range b {
		w |= uint64(c) << (8 * uint(k))
	}
	return w
}
