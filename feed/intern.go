package feed

// interner turns byte slices into strings, allocating each distinct string
// once. A queue_log file repeats a handful of queue names, agents, verbs and
// pause reasons millions of times; interning them is what keeps decoding at
// about zero allocations per line.
//
// The table is bounded: when it holds max entries it is emptied and starts
// again, so a file of random names costs at most max strings of memory, and
// the price of the reset is one allocation per name seen afterwards.
type interner struct {
	m   map[string]string
	max int
}

// Bounds of the decoders' tables. Names (queues, agents, verbs, reasons) are
// few on a real system; call ids are live calls, forgotten when a call ends,
// so the call table only fills from calls whose end fell outside the file.
const (
	maxInternedNames = 4096
	maxInternedCalls = 1 << 16
)

func newInterner(max int) interner {
	return interner{m: make(map[string]string), max: max}
}

// get returns b as a string, the same string every time for the same bytes
// (until the table is reset). The lookup converts b without allocating.
func (t *interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := t.m[string(b)]; ok {
		return s
	}
	if len(t.m) >= t.max {
		clear(t.m)
	}
	s := string(b)
	t.m[s] = s
	return s
}

// forget drops s from the table: a call id after the call's terminal event,
// which will not be seen again (or, if it is, costs one allocation).
func (t *interner) forget(s string) {
	delete(t.m, s)
}

// len is the number of strings held, for tests of the bound.
func (t *interner) len() int { return len(t.m) }
