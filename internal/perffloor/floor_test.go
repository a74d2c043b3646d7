package main

import (
	"strings"
	"testing"
)

// The floor is only a fair floor if it does the counting it claims; this
// checks it on a small log whose figures are worked out by hand below.
func TestCountSmallDay(t *testing.T) {
	// Day starts 2026-03-02 00:00 UTC = 1772409600.
	log := strings.Join([]string{
		"1772409600|NONE|sales|1001|ADDMEMBER|",
		"1772409600|NONE|support|1001|ADDMEMBER|",
		// call 1: +4420 waits 20 s (the threshold: in SL), answered by 1001, talks 100 s.
		"1772409610|1772409610.1|sales|NONE|ENTERQUEUE||+4420|1",
		"1772409630|1772409610.1|sales|1001|CONNECT|20||3",
		"1772409730|1772409610.1|sales|1001|COMPLETECALLER|20|100|1",
		// call 2: +4420 again (a repeat), waits 30 s (outside 20 s), answered, transferred after 50 s.
		"1772409800|1772409800.2|sales|NONE|ENTERQUEUE||+4420|1",
		"1772409830|1772409800.2|sales|1001|CONNECT|30||2",
		"1772409880|1772409800.2|sales|1001|BLINDTRANSFER|ext|100|30|50|1",
		// call 3: +3311 hangs up after 3 s (a short abandon), in the next half-hour.
		"1772411500|1772411500.3|support|NONE|ENTERQUEUE||+3311|1",
		"1772411503|1772411500.3|support|NONE|ABANDON|1|1|3",
		// call 4: no number given; abandons after 40 s.
		"1772411600|1772411600.4|support|NONE|ENTERQUEUE|||1",
		"1772411640|1772411600.4|support|NONE|ABANDON|1|1|40",
		"garbage",
	}, "\n") + "\n"
	got, err := count(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	want := totals{
		lines:    13,
		offered:  4, // calls 1-4
		answered: 2, // calls 1, 2
		inSL:     1, // call 1 (20 s ≤ 20 s); call 2 waited 30 s
		// abandoned: calls 3, 4; short: call 3 (3 s < 5 s)
		abandoned: 2, short: 1,
		completed: 2, transferred: 1, // COMPLETECALLER and BLINDTRANSFER; one transfer
		repeats: 1, // call 2's +4420 within 24 h of call 1; call 4 has no number
		// 1001 is in sales and support: busy 1772409630→730 (100 s) and
		// 1772409830→880 (50 s), each second given to both queues: 2 × 150.
		busy: 300,
		wait: 50, // 20 + 30
	}
	if got != want {
		t.Errorf("count = %+v\nwant    %+v", got, want)
	}
}

func TestTableRemovalKeepsOthersFindable(t *testing.T) {
	// Six keys in eight slots, four of them with the same home slot and
	// one with the next, so probe chains form and wrap: after removing
	// any one, every other key must still be found with its value.
	var keys []uint64
	for k, same, next := uint64(1), 0, 0; len(keys) < 6; k++ {
		switch h := home(k) & 7; {
		case h == 7 && same < 4:
			same++
			keys = append(keys, k)
		case h == 0 && next < 1, h == 3 && next == 1:
			next++
			keys = append(keys, k)
		}
	}
	for _, drop := range keys {
		tb := newTable(8)
		for _, k := range keys {
			if !tb.put(k, k*10) {
				t.Fatalf("put %d: table full at %d of 8", k, tb.n)
			}
		}
		tb.del(drop)
		for _, k := range keys {
			s := tb.find(k)
			switch {
			case k == drop && s != nil:
				t.Errorf("drop %d: still found", k)
			case k != drop && (s == nil || s.v != k*10):
				t.Errorf("drop %d: key %d lost or wrong: %+v", drop, k, s)
			}
		}
		if tb.n != 5 {
			t.Errorf("drop %d: n = %d, want 5", drop, tb.n)
		}
	}
	if tb := newTable(4); tb.put(1, 1) && tb.put(2, 2) && tb.put(3, 3) && tb.put(4, 4) {
		t.Error("a 4-slot table took a fourth key: it must stop at three quarters")
	}
}
