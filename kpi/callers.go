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

	// The number and the call id packed last, with their codes: repeat
	// looks a number up, compares the call ids, then stores both.
	lastNum      string
	lastCode     uint64
	lastOK       bool
	lastCall     string
	lastCallCode uint64
	lastCallOK   bool

	// codes holds touchAll's packCode of each event's caller number, plus
	// one (0: none, or it does not pack), for MarkRepeats to reuse.
	codes []uint64
	sink  uint64 // touchAll's loads end here, so the compiler keeps them
}

// seenEntry is one number's last entry as lookup returns it.
type seenEntry struct {
	at       time.Time
	callID   string // when !packed
	packedID uint64 // when packed
	packed   bool
}

// isCall reports whether entry e was made by the call with this id.
func (ct *callerTable) isCall(e *seenEntry, id string) bool {
	if e.packed {
		p, ok := ct.callCode(id)
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
		// One subtraction and one table load per character: '+' is
		// 0x2B, '.' 0x2E, the digits 0x30..0x39.
		k := uint(s[i]) - '+'
		if k >= uint(len(packDigits)) || packDigits[k] == 0 {
			return 0, false
		}
		v = v*13 + uint64(packDigits[k])
	}
	return v, true
}

// packDigits maps a character c in '+'..'9' (at c − '+') to its packCode
// digit, 0 for the characters between them that do not pack (',', '-',
// '/').
const packDigits = "\x0b\x00\x00\x0c\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"

// code is packCode(number), remembered for the next call.
func (ct *callerTable) code(number string) (uint64, bool) {
	if number != ct.lastNum || number == "" {
		ct.lastNum = number
		ct.lastCode, ct.lastOK = packCode(number)
	}
	return ct.lastCode, ct.lastOK
}

// callCode is packCode(id), remembered for the next call.
func (ct *callerTable) callCode(id string) (uint64, bool) {
	if id != ct.lastCall || id == "" {
		ct.lastCall = id
		ct.lastCallCode, ct.lastCallOK = packCode(id)
	}
	return ct.lastCallCode, ct.lastCallOK
}

// prime tells code the packCode of number (from touchAll's codes).
func (ct *callerTable) prime(number string, code1 uint64) {
	ct.lastNum, ct.lastCode, ct.lastOK = number, code1-1, code1 != 0
}

// touchAll reads the home slot of every entry's caller number in evs,
// without using it: the loads are independent, so the processor overlaps
// their cache misses, and the lookups that follow find the slots cached.
// It returns each event's code (see codes).
func (ct *callerTable) touchAll(evs []feed.Event) []uint64 {
	if cap(ct.codes) < len(evs) {
		ct.codes = make([]uint64, len(evs))
	}
	codes := ct.codes[:len(evs)]
	var sink uint64
	for i := range evs {
		codes[i] = 0
		if evs[i].Kind != feed.CallEnqueued {
			continue
		}
		if k, ok := packCode(evs[i].Caller); ok {
			codes[i] = k + 1
			sink += ct.packed.touch(k)
		}
	}
	ct.sink = sink
	return codes
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
		if id, ok := ct.callCode(callID); ok {
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
	if sec := now.Unix(); sec > -maxPackedSec && sec < maxPackedSec && w < maxPackedSec*time.Second {
		// Packed times are Unix nanoseconds in ±maxPackedSec, as is now:
		// now − at > w is at < now − w, in integers that cannot overflow.
		// A multi-day report prunes every hour, scanning every number;
		// this keeps each scan to a compare per slot.
		cut, oldest, kept := now.UnixNano()-int64(w), int64(0), false
		ct.packed.keepIf(func(v *packedSlot) bool {
			if v.at < cut {
				return false
			}
			if !kept || v.at < oldest {
				oldest, kept = v.at, true
			}
			return true
		})
		if kept {
			ct.minAt, ct.hasMin = time.Unix(0, oldest), true
		}
	} else {
		ct.packed.keepIf(func(v *packedSlot) bool { return keep(time.Unix(0, v.at)) })
	}
	for k, v := range ct.other {
		if !keep(v.at) {
			delete(ct.other, k)
		}
	}
}

// len is the number of numbers held, for tests of the bound.
func (ct *callerTable) len() int { return ct.packed.count + len(ct.other) }
