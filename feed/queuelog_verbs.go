package feed

import (
	"bytes"
	"encoding/binary"
	"math"
	"time"
)

// verbID names a queue_log verb this package models. The text decoder and
// the CSV decoder both map a verb to its id and then decode the data fields
// with the same code (verbDecoder.decode).
type verbID uint8

const (
	vUnknown verbID = iota
	vEnterQueue
	vConnect
	vCompleteCaller
	vCompleteAgent
	vAbandon
	vExitWithTimeout
	vExitEmpty
	vExitWithKey
	vWithdraw
	vRingNoAnswer
	vRingCanceled
	vTransfer
	vBlindTransfer
	vAttendedTransfer
	vAddMember
	vRemoveMember
	vAgentLogin
	vAgentCallbackLogin
	vAgentLogoff
	vAgentCallbackLogoff
	vPause
	vPauseAll
	vUnpause
	vUnpauseAll
	vQueueStart
	vSurvey
	vConfigReload
	vDID
	vPenalty
	vRingInUse
	vAgentDump
	vSysCompat
	vOutCall
	numVerbs
)

// verbSpec is what the decoder needs to know about a verb besides its data
// layout: the Kind it maps to, whether its callid column is a member-event
// source tag (MANAGER, REALTIME…) rather than a call, and whether it ends the
// caller's stay in the queue (so the call id can be forgotten).
type verbSpec struct {
	name     string
	kind     Kind
	member   bool
	terminal bool
}

var verbSpecs = [numVerbs]verbSpec{
	vUnknown:             {"", Unknown, false, false},
	vEnterQueue:          {"ENTERQUEUE", CallEnqueued, false, false},
	vConnect:             {"CONNECT", CallAnswered, false, false},
	vCompleteCaller:      {"COMPLETECALLER", CallCompleted, false, true},
	vCompleteAgent:       {"COMPLETEAGENT", CallCompleted, false, true},
	vAbandon:             {"ABANDON", CallAbandoned, false, true},
	vExitWithTimeout:     {"EXITWITHTIMEOUT", CallExited, false, true},
	vExitEmpty:           {"EXITEMPTY", CallExited, false, true},
	vExitWithKey:         {"EXITWITHKEY", CallExited, false, true},
	vWithdraw:            {"WITHDRAW", CallExited, false, true},
	vRingNoAnswer:        {"RINGNOANSWER", CallRingNoAnswer, false, false},
	vRingCanceled:        {"RINGCANCELED", CallRingCanceled, false, false},
	vTransfer:            {"TRANSFER", CallTransferred, false, true},
	vBlindTransfer:       {"BLINDTRANSFER", CallTransferred, false, true},
	vAttendedTransfer:    {"ATTENDEDTRANSFER", CallTransferred, false, true},
	vAddMember:           {"ADDMEMBER", AgentLogin, true, false},
	vRemoveMember:        {"REMOVEMEMBER", AgentLogout, true, false},
	vAgentLogin:          {"AGENTLOGIN", AgentLogin, true, false},
	vAgentCallbackLogin:  {"AGENTCALLBACKLOGIN", AgentLogin, true, false},
	vAgentLogoff:         {"AGENTLOGOFF", AgentLogout, true, false},
	vAgentCallbackLogoff: {"AGENTCALLBACKLOGOFF", AgentLogout, true, false},
	vPause:               {"PAUSE", AgentPaused, true, false},
	vPauseAll:            {"PAUSEALL", AgentPaused, true, false},
	vUnpause:             {"UNPAUSE", AgentUnpaused, true, false},
	vUnpauseAll:          {"UNPAUSEALL", AgentUnpaused, true, false},
	vQueueStart:          {"QUEUESTART", SystemStart, false, false},
	vSurvey:              {"SURVEY", Survey, false, false},
	vConfigReload:        {"CONFIGRELOAD", Info, false, false},
	vDID:                 {"DID", Info, false, false},
	vPenalty:             {"PENALTY", Info, true, false},
	vRingInUse:           {"RINGINUSE", Info, true, false},
	vAgentDump:           {"AGENTDUMP", Info, false, false},
	vSysCompat:           {"SYSCOMPAT", Info, false, false},
	vOutCall:             {"OUTCALL", Info, false, false},
}

// lookupVerb maps a verb as written in the log to its id: one table load
// by a hash of the verb's length and three of its bytes, and one compare,
// where a switch on the string was a binary search of string compares on
// every line.
func lookupVerb(b []byte) verbID {
	if len(b) < 2 {
		return vUnknown // no verb is that short
	}
	id := verbIndex[verbHash(b)]
	if id != vUnknown && verbWords[id].equal(b) {
		return id
	}
	return vUnknown
}

// wordKey is a string of up to 16 bytes held as two words, so that a
// byte slice is compared with it by two word loads and compares, without
// a call to the runtime's memequal (a call per line for the verb).
type wordKey struct {
	n      int
	w0, w1 uint64 // n <= 8: the bytes zero-padded in w0; else the first and the last 8
	s      string // n > 16: compared as a string
}

func newWordKey(s string) wordKey {
	k := wordKey{n: len(s), s: s}
	b := []byte(s)
	switch {
	case len(b) <= 8:
		k.w0 = loadWord(b)
	case len(b) <= 16:
		k.w0 = binary.LittleEndian.Uint64(b)
		k.w1 = binary.LittleEndian.Uint64(b[len(b)-8:])
	}
	return k
}

// equal reports whether b holds the key's bytes. The two words of a key
// of 9 to 16 bytes overlap when it is shorter than 16: together they
// still cover every byte, once or twice.
func (k *wordKey) equal(b []byte) bool {
	if len(b) != k.n {
		return false
	}
	switch {
	case k.n <= 8:
		return loadWord(b) == k.w0
	case k.n <= 16:
		return binary.LittleEndian.Uint64(b) == k.w0 && binary.LittleEndian.Uint64(b[len(b)-8:]) == k.w1
	}
	return string(b) == k.s
}

// verbWords holds each verb's name as a wordKey, for lookupVerb. Built
// once at start-up and only read after.
var verbWords = func() (t [numVerbs]wordKey) {
	for id := range t {
		t[id] = newWordKey(verbSpecs[id].name)
	}
	return t
}()

// verbHash picks a verb's slot in verbIndex (len(b) >= 2). It has no
// collisions among the verbs of verbSpecs; TestVerbTable proves it for
// each verb, so a verb added to verbSpecs that collides fails that test.
func verbHash(b []byte) uint8 {
	return uint8(len(b)<<3 ^ int(b[0]) ^ int(b[len(b)-1])<<1 ^ int(b[1])*5)
}

// verbIndex maps verbHash of each verb's name to its id; vUnknown in the
// other slots. Built once at start-up and only read after.
var verbIndex = func() (t [256]verbID) {
	for id := vUnknown + 1; id < numVerbs; id++ {
		t[verbHash([]byte(verbSpecs[id].name))] = id
	}
	return t
}()

// Largest values accepted for numeric fields: beyond them a time.Duration
// would overflow, and no real queue position comes near.
const (
	maxSeconds  = math.MaxInt64 / int64(time.Second)
	maxMillis   = math.MaxInt64 / int64(time.Millisecond)
	maxPosition = math.MaxInt32
)

// verbDecoder is the per-verb half of decoding, shared by the text and CSV
// forms: given the five fixed columns and the list of data fields, it fills
// an Event. It owns the interning tables and counts into the decoder's Stats.
type verbDecoder struct {
	stats   *Stats
	names   interner // queues, agents, unknown verbs, pause reasons, keys
	calls   interner // call ids, forgotten at the call's terminal event
	queues  [1 << queueCacheBits]shortName
	badNum  bool   // a numeric field of the current line was not a number
	scratch []byte // builds transfer targets
}

func newVerbDecoder(stats *Stats) verbDecoder {
	return verbDecoder{
		stats: stats,
		names: newInterner(maxInternedNames),
		calls: newInterner(maxInternedCalls),
	}
}

// none reports whether a column says "nothing": empty or NONE.
func none(b []byte) bool {
	return len(b) == 0 || string(b) == "NONE"
}

// name interns a name column, with NONE meaning empty.
func (vd *verbDecoder) name(b []byte) string {
	if none(b) {
		return ""
	}
	return vd.names.get(b)
}

// queue is name for the queue column. A log names a handful of queues on
// millions of lines, so a small direct-mapped table of queue names seen,
// each compared as one word, answers most lines without the interner's
// hash and probe. It returns what name returns, the same string.
func (vd *verbDecoder) queue(b []byte) string {
	if len(b) == 0 || len(b) > 8 {
		return vd.name(b)
	}
	w := loadWord(b)
	e := &vd.queues[(w*hashMul1)>>(64-queueCacheBits)]
	if e.w == w && len(e.s) == len(b) { // same length and bytes (see loadWord)
		return e.s
	}
	s := vd.name(b)
	*e = shortName{w: w, s: s}
	return s
}

// queueCacheBits sizes verbDecoder.queues: 8 entries for the few queues of
// a log, where two rarely share one.
const queueCacheBits = 3

// shortName is an entry of verbDecoder.queues: a name of at most 8 bytes
// as loadWord loads it, and its string ("" for NONE, which then never
// matches: its length differs).
type shortName struct {
	w uint64
	s string
}

// decode fills ev from one line's columns. data holds the event's own
// fields in order (data1, data2, …); missing trailing fields are simply
// absent. line is the 1-based line number, for Stats.
func (vd *verbDecoder) decode(ev *Event, t time.Time, callid, queue, agent, verb []byte, data [][]byte, line int) {
	id := lookupVerb(verb)
	spec := &verbSpecs[id]
	var newCall []byte // ENTERQUEUE's call id column
	ev.Reset()
	ev.Time = t
	ev.Kind = spec.kind
	ev.Queue = vd.queue(queue)
	ev.Agent = vd.name(agent)
	if id == vUnknown {
		ev.Verb = vd.names.get(verb)
		vd.stats.noteUnknownVerb(ev.Verb, line)
	} else {
		ev.Verb = spec.name
	}
	switch {
	case none(callid):
	case spec.member:
		// Member events carry a source tag (MANAGER, REALTIME, CLI) or
		// nothing in the callid column, now and then a real id; none
		// of it is a queue call to track.
		switch string(callid) {
		case "REALTIME", "MANAGER", "CLI":
		default:
			ev.CallID = vd.names.get(callid)
		}
	case id == vEnterQueue:
		newCall = callid // interned with the caller's strings, in fields
	case spec.terminal:
		ev.CallID = vd.calls.take(callid)
	default:
		ev.CallID = vd.calls.get(callid)
	}

	vd.badNum = false
	vd.fields(ev, id, data, newCall)
	if vd.badNum {
		vd.stats.Note(ProblemBadNumber, line)
	}
}

// fields decodes the data fields of verb id into ev; callid is the call id
// column of an ENTERQUEUE (nil when NONE), interned here.
func (vd *verbDecoder) fields(ev *Event, id verbID, data [][]byte, callid []byte) {
	switch id {
	case vEnterQueue:
		// url, callerid, origposition[, calleridname]; 1.4: url, callerid.
		vd.enterQueue(ev, callid, field(data, 1), field(data, 3))
		ev.Position = vd.int(field(data, 2))
	case vConnect:
		// holdtime, bridged_uniqueid[, ringtime]
		ev.Wait = vd.dur(field(data, 0), time.Second)
		ev.Ring = vd.dur(field(data, 2), time.Second)
	case vCompleteCaller, vCompleteAgent:
		// holdtime, calltime, origposition
		ev.Wait = vd.dur(field(data, 0), time.Second)
		ev.Talk = vd.dur(field(data, 1), time.Second)
		ev.Position = vd.int(field(data, 2))
		ev.EndedBy = "caller"
		if id == vCompleteAgent {
			ev.EndedBy = "agent"
		}
	case vAbandon:
		// position, origposition, waittime
		ev.Position = vd.int(field(data, 0))
		vd.int(field(data, 1)) // checked, not kept
		ev.Wait = vd.dur(field(data, 2), time.Second)
	case vExitWithTimeout, vExitEmpty, vWithdraw:
		// position[, origposition, waittime[, info]]
		ev.Exit = ExitTimeout
		if id == vExitEmpty {
			ev.Exit = ExitEmpty
		} else if id == vWithdraw {
			ev.Exit = ExitWithdraw
			ev.Reason = plain(field(data, 3))
		}
		ev.Position = vd.int(field(data, 0))
		vd.int(field(data, 1))
		ev.Wait = vd.dur(field(data, 2), time.Second)
	case vExitWithKey:
		// key, position[, origposition, waittime]
		ev.Exit = ExitKey
		ev.Key = vd.names.get(field(data, 0))
		ev.Position = vd.int(field(data, 1))
		vd.int(field(data, 2))
		ev.Wait = vd.dur(field(data, 3), time.Second)
	case vRingNoAnswer, vRingCanceled:
		// ringtime in milliseconds
		ev.Ring = vd.dur(field(data, 0), time.Millisecond)
	case vTransfer, vBlindTransfer:
		// exten, context, holdtime, calltime[, origposition]
		vd.scratch = append(append(append(vd.scratch[:0], field(data, 0)...), '@'), field(data, 1)...)
		if len(vd.scratch) > 1 {
			ev.Target = string(vd.scratch)
		}
		ev.Wait = vd.dur(field(data, 2), time.Second)
		ev.Talk = vd.dur(field(data, 3), time.Second)
		ev.Position = vd.int(field(data, 4))
	case vAttendedTransfer:
		vd.attended(ev, data)
	case vAddMember:
		ev.Paused = string(field(data, 0)) == "PAUSED"
	case vPause, vUnpause:
		ev.Reason = vd.names.get(field(data, 0))
	case vPauseAll, vUnpauseAll:
		ev.Reason = vd.names.get(field(data, 0))
		ev.Queue = "" // all queues, whatever the column says
	case vSurvey:
		ev.CSAT = vd.score(field(data, 0), 1, 5)
		ev.NPS = vd.score(field(data, 1), 0, 10)
		ev.Resolved = vd.yesNo(field(data, 2))
	}
}

// attended decodes ATTENDEDTRANSFER: method, method data (one field for
// BRIDGE and APP, two for LINK), then holdtime, calltime, origposition. The
// three numbers are read from the end, so a method with an unexpected
// number of data fields still yields its durations. Target is
// "METHOD:data", LINK's two channels joined by '|' ("LINK:chan1|chan2").
func (vd *verbDecoder) attended(ev *Event, data [][]byte) {
	n := len(data)
	mid := data
	if n >= 5 {
		mid = data[:n-3]
		ev.Wait = vd.dur(data[n-3], time.Second)
		ev.Talk = vd.dur(data[n-2], time.Second)
		ev.Position = vd.int(data[n-1])
	}
	if len(mid) == 0 || len(mid[0]) == 0 {
		return
	}
	b := append(append(vd.scratch[:0], mid[0]...), ':')
	for i, f := range mid[1:] {
		if i > 0 {
			b = append(b, '|')
		}
		b = append(b, f...)
	}
	vd.scratch = b
	ev.Target = string(b)
}

// noteUnknownVerb is Stats.NoteUnknown for a verb already interned: with
// a string key, counting a verb seen before allocates nothing (NoteUnknown's
// m[string(b)]++ copies the key each time).
func (s *Stats) noteUnknownVerb(verb string, line int) {
	if s.UnknownTotal == 0 {
		s.UnknownFirstLine = line
	}
	s.UnknownTotal++
	if s.UnknownVerbs == nil {
		s.UnknownVerbs = make(map[string]int)
	}
	if _, ok := s.UnknownVerbs[verb]; ok || len(s.UnknownVerbs) < maxUnknownVerbs {
		s.UnknownVerbs[verb]++
	}
}

// field returns data[i], or nil when the line has fewer fields.
func field(data [][]byte, i int) []byte {
	if i < len(data) {
		return data[i]
	}
	return nil
}

// plain copies a free-text field (a WITHDRAW's info): these are one per
// call, so interning them would only churn the names table.
func plain(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return string(b)
}

// enterQueue sets a new call's CallID, Caller and CallerName. The caller's
// number and name are one per call (interning them would only churn the
// names table), and so is the call id the first time it is seen: all three
// are cut from one string, one allocation per call where there were three.
// A call id already in the table (a re-entered queue) is reused.
func (vd *verbDecoder) enterQueue(ev *Event, callid, caller, name []byte) {
	var h uint64
	fresh := false
	if len(callid) > 0 {
		h = vd.calls.hash(callid)
		if i, ok := vd.calls.find(callid, h); ok {
			ev.CallID = vd.calls.slots[i].s
			callid = nil
		} else {
			fresh = true
		}
	}
	if len(callid)+len(caller)+len(name) == 0 {
		return
	}
	b := append(append(append(vd.scratch[:0], callid...), caller...), name...)
	vd.scratch = b
	s := string(b)
	if fresh {
		ev.CallID = s[:len(callid)]
		if len(callid) <= maxInternBytes { // as get would (see maxInternBytes)
			vd.calls.insert(ev.CallID, h)
		}
		s = s[len(callid):]
	}
	ev.Caller, ev.CallerName = s[:len(caller)], s[len(caller):]
}

// parseUint reads a decimal number of at most max (max >= 0); ok is false
// for anything else (signs, spaces, fractions, overflow).
func parseUint(b []byte, max int64) (n int64, ok bool) {
	if len(b) == 0 || len(b) > 18 {
		return parseUintLong(b, max)
	}
	// 18 digits stay below 10^18 < 2^63, and a number is at least each of
	// its prefixes, so one test against max at the end is the same as a
	// test per digit.
	var u uint64
	if len(b) >= 8 {
		// Every line's time: its first 8 digits in one step.
		var ok bool
		if u, ok = parse8(binary.LittleEndian.Uint64(b)); !ok {
			return 0, false
		}
		b = b[8:]
	}
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		u = u*10 + uint64(d)
	}
	if u > uint64(max) {
		return 0, false
	}
	return int64(u), true
}

// parse8 reads 8 ASCII digits held in w, the first (most significant) in
// the low byte; ok is false when any byte is not a digit.
func parse8(w uint64) (uint64, bool) {
	// A byte is a digit when its high nibble is 3 and adding 6 leaves it
	// 3 (0x30..0x39 become 0x36..0x3F; 0x3A..0x3F carry to 0x4_). With
	// every high nibble 3, no sum carries into the next byte.
	hi := w & 0xF0F0F0F0F0F0F0F0
	hi6 := (w + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0
	if hi|hi6>>4 != 0x3333333333333333 {
		return 0, false
	}
	w -= 0x3030303030303030
	// Byte k becomes 10*d[k] + d[k+1]: the pairs are in bytes 0, 2, 4, 6
	// (at most 99: no carry between bytes).
	w = w*10 + w>>8
	w &= 0x00FF00FF00FF00FF
	// 16-bit lane j becomes 100*pair[j] + pair[j+1]: the quads are in
	// lanes 0 and 2 (at most 9999).
	w = (w*100 + w>>16) & 0x0000FFFF0000FFFF
	return (w&0xFFFFFFFF)*10000 + w>>32, true
}

// parseUintLong is parseUint for more than 18 characters (or none),
// testing against max at each digit, which keeps n from overflowing as long
// as max <= (MaxInt64-9)/10 (every caller's is).
func parseUintLong(b []byte, max int64) (n int64, ok bool) {
	if len(b) == 0 {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
		if n > max {
			return 0, false
		}
	}
	return n, true
}

// dur reads a duration in the given unit; empty is "not reported", junk is
// "not reported" and counted.
func (vd *verbDecoder) dur(b []byte, unit time.Duration) time.Duration {
	if len(b) == 0 {
		return NoDuration
	}
	max := maxSeconds
	if unit == time.Millisecond {
		max = maxMillis
	}
	n, ok := parseUint(b, max)
	if !ok {
		vd.badNum = true
		return NoDuration
	}
	return time.Duration(n) * unit
}

// int reads a queue position; empty or junk is 0 (unknown), junk counted.
func (vd *verbDecoder) int(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	n, ok := parseUint(b, maxPosition)
	if !ok {
		vd.badNum = true
		return 0
	}
	return int(n)
}

// score reads a survey score in [lo, hi]; empty is NoScore, anything else
// outside the range is NoScore and counted.
func (vd *verbDecoder) score(b []byte, lo, hi int64) int8 {
	if len(b) == 0 {
		return NoScore
	}
	n, ok := parseUint(b, hi)
	if !ok || n < lo {
		vd.badNum = true
		return NoScore
	}
	return int8(n)
}

// yesNo reads the survey's resolved answer: 1/0, yes/no, true/false in any
// case; empty is NoScore, anything else NoScore and counted.
func (vd *verbDecoder) yesNo(b []byte) int8 {
	switch {
	case len(b) == 0:
		return NoScore
	case string(b) == "1", bytes.EqualFold(b, []byte("yes")), bytes.EqualFold(b, []byte("true")):
		return 1
	case string(b) == "0", bytes.EqualFold(b, []byte("no")), bytes.EqualFold(b, []byte("false")):
		return 0
	}
	vd.badNum = true
	return NoScore
}
