package ws

// maxInterned bounds the name table: a feed of random names costs at most
// this many strings; past it the table starts again.
const maxInterned = 4096

// interner returns one string per distinct name, so a feed that repeats a
// few queue and agent names does not allocate a string per message.
type interner struct{ m map[string]string }

func (t *interner) get(b []byte) string {
	if s, ok := t.m[string(b)]; ok { // the conversion in a lookup does not allocate
		return s
	}
	if t.m == nil || len(t.m) >= maxInterned {
		t.m = make(map[string]string, 64)
	}
	s := string(b)
	t.m[s] = s
	return s
}
