package main

// names hands out small integer ids for names (queues, agents), in order
// of first sight from 0, by open addressing over a power-of-two table.
type names struct {
	keys []string
	ids  []int32
	n    int32
	mask uint64
}

func newNames(size int) *names {
	return &names{keys: make([]string, size), ids: make([]int32, size), mask: uint64(size - 1)}
}

// id returns b's id, or -1 when the table is full.
func (t *names) id(b []byte) int32 {
	h := uint64(14695981039346656037) // FNV-1a
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		if t.keys[i] == "" {
			if int(t.n) >= len(t.keys)/2 {
				return -1
			}
			t.keys[i] = string(b)
			t.ids[i] = t.n
			t.n++
			return t.ids[i]
		}
		if t.keys[i] == string(b) {
			return t.ids[i]
		}
	}
}

// table maps non-zero integer keys to values by linear probing; removal
// shifts later entries back, so there are no tombstones to sweep.
type table struct {
	s    []slot
	mask uint64
	n    int
}

type slot struct{ k, v uint64 }

func newTable(size int) *table { return &table{s: make([]slot, size), mask: uint64(size - 1)} }

func home(k uint64) uint64 { // a 64-bit finaliser: packed keys share long prefixes
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	return k
}

func (t *table) find(k uint64) *slot {
	for i := home(k) & t.mask; ; i = (i + 1) & t.mask {
		switch t.s[i].k {
		case k:
			return &t.s[i]
		case 0:
			return nil
		}
	}
}

// put sets k's value; it reports false when the table is full.
func (t *table) put(k, v uint64) bool {
	for i := home(k) & t.mask; ; i = (i + 1) & t.mask {
		if s := &t.s[i]; s.k == k || s.k == 0 {
			if s.k == 0 {
				if t.n >= len(t.s)*3/4 {
					return false
				}
				t.n++
			}
			s.k, s.v = k, v
			return true
		}
	}
}

func (t *table) del(k uint64) {
	i := home(k) & t.mask
	for ; t.s[i].k != k; i = (i + 1) & t.mask {
		if t.s[i].k == 0 {
			return
		}
	}
	t.n--
	for j := (i + 1) & t.mask; t.s[j].k != 0; j = (j + 1) & t.mask {
		// Move j back to the hole at i unless its home lies cyclically in (i, j].
		if h := home(t.s[j].k) & t.mask; (j-h)&t.mask >= (j-i)&t.mask {
			t.s[i] = t.s[j]
			i = j
		}
	}
	t.s[i] = slot{}
}
