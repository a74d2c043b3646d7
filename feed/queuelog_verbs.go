package feed

import (
	"bytes"
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

// lookupVerb maps a verb as written in the log to its id. The switch on
// string(b) does not allocate.
func lookupVerb(b []byte) verbID {
	switch string(b) {
	case "ENTERQUEUE":
		return vEnterQueue
	case "CONNECT":
		return vConnect
	case "COMPLETECALLER":
		return vCompleteCaller
	case "COMPLETEAGENT":
		return vCompleteAgent
	case "ABANDON":
		return vAbandon
	case "EXITWITHTIMEOUT":
		return vExitWithTimeout
	case "EXITEMPTY":
		return vExitEmpty
	case "EXITWITHKEY":
		return vExitWithKey
	case "WITHDRAW":
		return vWithdraw
	case "RINGNOANSWER":
		return vRingNoAnswer
	case "RINGCANCELED":
		return vRingCanceled
	case "TRANSFER":
		return vTransfer
	case "BLINDTRANSFER":
		return vBlindTransfer
	case "ATTENDEDTRANSFER":
		return vAttendedTransfer
	case "ADDMEMBER":
		return vAddMember
	case "REMOVEMEMBER":
		return vRemoveMember
	case "AGENTLOGIN":
		return vAgentLogin
	case "AGENTCALLBACKLOGIN":
		return vAgentCallbackLogin
	case "AGENTLOGOFF":
		return vAgentLogoff
	case "AGENTCALLBACKLOGOFF":
		return vAgentCallbackLogoff
	case "PAUSE":
		return vPause
	case "PAUSEALL":
		return vPauseAll
	case "UNPAUSE":
		return vUnpause
	case "UNPAUSEALL":
		return vUnpauseAll
	case "QUEUESTART":
		return vQueueStart
	case "SURVEY":
		return vSurvey
	case "CONFIGRELOAD":
		return vConfigReload
	case "DID":
		return vDID
	case "PENALTY":
		return vPenalty
	case "RINGINUSE":
		return vRingInUse
	case "AGENTDUMP":
		return vAgentDump
	case "SYSCOMPAT":
		return vSysCompat
	case "OUTCALL":
		return vOutCall
	}
	return vUnknown
}

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
	badNum  bool     // a numeric field of the current line was not a number
	scratch []byte   // builds transfer targets
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

// decode fills ev from one line's columns. data holds the event's own
// fields in order (data1, data2, …); missing trailing fields are simply
// absent. line is the 1-based line number, for Stats.
func (vd *verbDecoder) decode(ev *Event, t time.Time, callid, queue, agent, verb []byte, data [][]byte, line int) {
	id := lookupVerb(verb)
	spec := &verbSpecs[id]
	ev.Reset()
	ev.Time = t
	ev.Kind = spec.kind
	ev.Queue = vd.name(queue)
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
	default:
		ev.CallID = vd.calls.get(callid)
		if spec.terminal {
			vd.calls.forget(ev.CallID)
		}
	}

	vd.badNum = false
	vd.fields(ev, id, data)
	if vd.badNum {
		vd.stats.Note(ProblemBadNumber, line)
	}
}

// fields decodes the data fields of verb id into ev.
func (vd *verbDecoder) fields(ev *Event, id verbID, data [][]byte) {
	switch id {
	case vEnterQueue:
		// url, callerid, origposition[, calleridname]; 1.4: url, callerid.
		ev.Caller = plain(field(data, 1))
		ev.Position = vd.int(field(data, 2))
		ev.CallerName = plain(field(data, 3))
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

// plain copies a free-text field (caller number, caller name): these are
// one per call, so interning them would only churn the names table.
func plain(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return string(b)
}

// parseUint reads a decimal number of at most max; ok is false for
// anything else (signs, spaces, fractions, overflow).
func parseUint(b []byte, max int64) (n int64, ok bool) {
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
