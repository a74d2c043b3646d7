package feed

import (
	"slices"
	"testing"
)

// TestWordKey: a wordKey equals exactly the slices holding its bytes, for
// keys of every length class (up to 8, 9 to 16 with overlapping words,
// over 16) and slices with and without spare capacity past their end.
func TestWordKey(t *testing.T) {
	keys := []string{"", "A", "DID", "CONNECT", "ADDMEMBER", "ENTERQUEUE", "ATTENDEDTRANSFER", "AGENTCALLBACKLOGOFF", "12345678", "123456789"}
	probes := append(slices.Clone(keys), "B", "DIE", "CONNECS", "ADDMEMBEX", "XNTERQUEUE", "ATTENDEDTRANSFEX", "AGENTCALLBACKLOGOFX", "12345679", "1234567890", "CONNEC", "CONNECTX")
	for _, k := range keys {
		key := newWordKey(k)
		for _, p := range probes {
			want := k == p
			// Tight: no byte past the slice (the byte-wise load).
			tight := slices.Clip([]byte(p))
			// Spare: the slice followed by other bytes, as in a line.
			spare := []byte(p + "|XYZXYZXYZ")[:len(p)]
			for _, b := range [][]byte{tight, spare} {
				if got := key.equal(b); got != want {
					t.Errorf("wordKey(%q).equal(%q, cap %d) = %v, want %v", k, p, cap(b), got, want)
				}
			}
		}
	}
}

// TestVerbLookupAll: every verb maps to its id whether or not bytes follow
// it in the buffer, and a verb with one byte changed maps to vUnknown.
func TestVerbLookupAll(t *testing.T) {
	for id := vUnknown + 1; id < numVerbs; id++ {
		name := verbSpecs[id].name
		for _, b := range [][]byte{slices.Clip([]byte(name)), []byte(name + "|5|60|1")[:len(name)]} {
			if got := lookupVerb(b); got != id {
				t.Errorf("lookupVerb(%q, cap %d) = %d, want %d", name, cap(b), got, id)
			}
		}
		bad := []byte(name)
		bad[len(bad)-1] ^= 0x20 // same hash slot possible, bytes differ
		if got := lookupVerb(bad); got != vUnknown {
			t.Errorf("lookupVerb(%q) = %d, want vUnknown", bad, got)
		}
	}
}

// TestQueueCache: the queue column's cache returns what name returns,
// "" for NONE, on first sight and on repeats, and tells apart names that
// differ in length only by trailing NULs (a CSV field may hold one) or
// that share a cache slot.
func TestQueueCache(t *testing.T) {
	var st Stats
	vd := newVerbDecoder(&st)
	names := []string{"sales", "support", "billing", "vip", "NONE", "", "sales\x00", "a-long-queue-name", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"}
	for round := range 3 {
		for _, n := range names {
			b := []byte(n + "|NONE|CONNECT")[:len(n)]
			got := vd.queue(b)
			want := n
			if n == "NONE" {
				want = ""
			}
			if got != want {
				t.Fatalf("round %d: queue(%q) = %q, want %q", round, n, got, want)
			}
		}
	}
}
