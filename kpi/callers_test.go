package kpi

import (
	"testing"
	"time"
)

// packCode is bijective base 13 over "0123456789+.": digit d is d+1, '+'
// is 11, '.' is 12, so every length has its own range of values.
func TestPackCode(t *testing.T) {
	for _, c := range []struct {
		s    string
		want uint64
		ok   bool
	}{
		{"", 0, true},
		{"0", 1, true},
		{"1", 2, true},
		{"01", 1*13 + 2, true},           // 15: not "1"
		{"10", 2*13 + 1, true},           // 27
		{"+44", (11*13+5)*13 + 5, true},  // 148·13 + 5 = 1929
		{"1.2", (2*13+12)*13 + 3, true},  // 38·13 + 3 = 497
		{"99999999999999999", 0, true},   // 17 characters: fits
		{"999999999999999999", 0, false}, // 18: does not
		{"anonymous", 0, false},
		{"1,2", 0, false}, // ',', '-' and '/' lie between '+' and '9' and do not pack
		{"-1", 0, false},
		{"1/2", 0, false},
		{"*1", 0, false}, // just below '+'
		{"1:", 0, false}, // just above '9'
		{"+0123456789.", ((((((((((11*13+1)*13+2)*13+3)*13+4)*13+5)*13+6)*13+7)*13+8)*13+9)*13+10)*13 + 12, true},
		{"+44 20", 0, false},
		{"SIP/1001-0001", 0, false},
	} {
		got, ok := packCode(c.s)
		if ok != c.ok || (c.want != 0 && got != c.want) {
			t.Errorf("packCode(%q) = %d, %v; want %d, %v", c.s, got, ok, c.want, c.ok)
		}
	}
	// The largest 17-character code, twelve "." in base 13, is 13^17 − 1:
	// it must fit in 63 bits. 13^17 = 8 650 415 919 381 337 933.
	max, _ := packCode("..................."[:17])
	if max != 8650415919381337932 {
		t.Errorf("largest code = %d, want 13^17 − 1 = 8650415919381337932", max)
	}
}

// A number is held once, packed or not as its latest entry allows, and
// lookups see the latest entry either way.
func TestCallerTableForms(t *testing.T) {
	ct := newCallerTable()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

	ct.put("+441", t0, "1772442000.1") // packs
	ct.put("+442", t0, "SIP-abc")      // call id does not pack
	ct.put("anon-1", t0, "1772442000.2")
	ct.put("+443", t0.AddDate(200, 0, 0), "1.3") // year 2226: outside the packed range
	if ct.packed.count != 1 || len(ct.other) != 3 {
		t.Fatalf("packed %d, other %d; want 1 and 3", ct.packed.count, len(ct.other))
	}
	e, ok := ct.lookup("+442")
	if !ok || !e.at.Equal(t0) || !ct.isCall(&e, "SIP-abc") || ct.isCall(&e, "1772442000.1") {
		t.Errorf("+442 = %+v, %v; want t0 by call SIP-abc", e, ok)
	}

	// +442 calls again with an id that packs: it moves to the packed map.
	t1 := t0.Add(time.Minute)
	ct.put("+442", t1, "1772442060.5")
	if _, held := ct.other["+442"]; held || ct.len() != 4 {
		t.Errorf("+442 still in other (%v) or len %d, want 4", held, ct.len())
	}
	e, ok = ct.lookup("+442")
	if !ok || !e.at.Equal(t1) || !ct.isCall(&e, "1772442060.5") || ct.isCall(&e, "SIP-abc") || ct.isCall(&e, "1772442060.50") {
		t.Errorf("+442 = %+v, %v; want t1 by call 1772442060.5", e, ok)
	}
	// ... and back.
	ct.put("+442", t1.Add(time.Minute), "SIP-def")
	if k, _ := packCode("+442"); ct.packed.get(k) != nil || ct.len() != 4 {
		t.Errorf("+442 still packed or len %d, want 4", ct.len())
	}
	if e, ok := ct.lookup("+442"); !ok || !ct.isCall(&e, "SIP-def") {
		t.Errorf("+442 = %+v, %v; want by call SIP-def", e, ok)
	}
}

// prune drops entries more than w old, in both maps, and skips the scan
// while no entry can be that old.
func TestCallerTablePrune(t *testing.T) {
	ct := newCallerTable()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ct.put("+441", t0, "1.1")
	ct.put("+442", t0.Add(30*time.Minute), "x-2") // kept in other
	ct.put("+443", t0.Add(2*time.Hour), "1.3")
	w := time.Hour

	// At 10:00 nothing is more than 1 h old (+441 is exactly 1 h): kept.
	ct.prune(t0.Add(time.Hour), w)
	if ct.len() != 3 {
		t.Fatalf("len %d after pruning at 10:00, want 3", ct.len())
	}
	// At 10:45 +441 (1 h 45) and +442 (1 h 15) go; +443 (entered 11:00) stays.
	ct.prune(t0.Add(105*time.Minute), w)
	if _, ok := ct.lookup("+441"); ok || ct.len() != 1 {
		t.Errorf("len %d after pruning at 10:45 (+441 kept %v), want only +443", ct.len(), ok)
	}
	if _, ok := ct.lookup("+443"); !ok {
		t.Error("+443 pruned")
	}
	// The scan left the exact oldest time: 11:00.
	if !ct.hasMin || !ct.minAt.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("minAt = %v (%v), want 11:00", ct.minAt, ct.hasMin)
	}
}
