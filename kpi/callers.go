package kpi

import (
	"time"

	"github.com/callfloor/wallboard/feed"
)

// callerTable is the repeat-call memory: each caller number's last entry
// (when, and which call). With the default 24-hour window a busy day keeps
// every number it saw, hundreds of thousands of them, so the table is laid
// out for that: the usual entry (a number of digits and '+', a call id of
// digits and '.', a time of this era) is packed into plain integers. Such
// entries keep no strings alive, give the garbage collector nothing to
// scan, and hash as one word instead of a string. Any other entry goes to
// a string-keyed map with the same meaning; a number is held in at most
// one of the two.
type callerTable struct {
	packed packedTable // callers_table.go
	other  map[string]callerSeen

	// minAt is a lower bound of every entry's time (exact after a prune
	// scan), so a prune with nothing old enough to drop costs nothing:
	// with the default window a one-day report never scans at all.
	minAt  time.Time
	hasMin bool

	// The number packed last and its code: repeat looks a number up,
	// then stores it.
	lastNum  string
	lastCode uint64
	lastOK   bool

	sink uint64 // touchAll's loads end here, so the compiler keeps them
}

// seenEntry is one number's last entry as lookup returns it.
type seenEntry struct {
	at       time.Time
	callID   string // when !packed
	packedID uint64 // when packed
	packed   bool
}

// isCall reports whether the entry was made by the call with this id.
func (e *seenEntry) isCall(id string) bool {
	if e.packed {
		p, ok := packCode(id)
		return ok && p == e.packedID
	}
	return e.callID == id
}

func newCallerTable() callerTable {
	return callerTable{other: make(map[string]callerSeen)}
}

// maxPackedSec bounds the times stored as Unix nanoseconds (about the
// years 1824 to 2115): within it UnixNano is exact and the difference of
// two stored times cannot overflow.
const maxPackedSec = 4_600_000_000

// packCode maps a string of at most 17 characters from "0123456789+." to
// a distinct number (bijective base 13: each character is a digit 1..12,
// so length is part of the value and "01" and "1" differ); ok is false for
// any other string. 13^17 − 1 < 2^63, so every packable string fits. Caller
// numbers (E.164 is at most '+' and 15 digits) and Asterisk call ids
// ("1772409601.123") pack; anything else keeps its string.
func packCode(s string) (uint64, bool) {
	if len(s) > 17 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d uint64
		switch {
		case c >= '0' && c <= '9':
			d = uint64(c-'0') + 1
		case c == '+':
			d = 11
		case c == '.':
			d = 12
		default:
			return 0, false
		}
		v = v*13 + d
	}
	return v, true
}

// code is packCode(number), remembered for the next call.
func (ct *callerTable) code(number string) (uint64, bool) {
	if number != ct.lastNum || number == "" {
		ct.lastNum = number
		ct.lastCode, ct.lastOK = packCode(number)
	}
	return ct.lastCode, ct.lastOK
}

// touchAll reads the home slot of every entry's caller number in evs,
// without using it: the loads are independent, so the processor overlaps
// their cache misses, and the lookups that follow find the slots cached.
func (ct *callerTable) touchAll(evs []feed.Event) {
	var sink uint64
	for i := range evs {
		if evs[i].Kind != feed.CallEnqueued {
			continue
		}
		if k, ok := packCode(evs[i].Caller); ok {
			sink += ct.packed.touch(k)
		}
	}
	ct.sink = sink
}

// lookup returns number's last entry.
func (ct *callerTable) lookup(number string) (seenEntry, bool) {
	if k, ok := ct.code(number); ok {
		if v := ct.packed.get(k); v != nil {
			return seenEntry{at: time.Unix(0, v.at), packedID: v.callID, packed: true}, true
		}
	}
	if len(ct.other) > 0 {
		if v, ok := ct.other[number]; ok {
			return seenEntry{at: v.at, callID: v.callID}, true
		}
	}
	return seenEntry{}, false
}

// put records an entry of number by call callID at t.
func (ct *callerTable) put(number string, t time.Time, callID string) {
	if !ct.hasMin || t.Before(ct.minAt) {
		ct.minAt, ct.hasMin = t, true
	}
	k, numOK := ct.code(number)
	if sec := t.Unix(); numOK && sec > -maxPackedSec && sec < maxPackedSec {
		if id, ok := packCode(callID); ok {
			ct.packed.put(k, t.UnixNano(), id)
			if len(ct.other) > 0 {
				delete(ct.other, number)
			}
			return
		}
	}
	ct.other[number] = callerSeen{at: t, callID: callID}
	if numOK {
		ct.packed.del(k)
	}
}

// prune drops every entry more than w before now.
func (ct *callerTable) prune(now time.Time, w time.Duration) {
	if !ct.hasMin || now.Sub(ct.minAt) <= w {
		return // no entry is old enough
	}
	ct.hasMin = false
	keep := func(at time.Time) bool {
		if now.Sub(at) > w {
			return false
		}
		if !ct.hasMin || at.Before(ct.minAt) {
			ct.minAt, ct.hasMin = at, true
		}
		return true
	}
	ct.packed.keepIf(func(v *packedSlot) bool { return keep(time.Unix(0, v.at)) })
	for k, v := range ct.other {
		if !keep(v.at) {
			delete(ct.other, k)
		}
	}
}

// len is the number of numbers held, for tests of the bound.
func (ct *callerTable) len() int { return ct.packed.count + len(ct.other) }
