package feed

import (
	"strconv"
	"strings"
	"time"
)

// AppendQueueLog appends ev to dst as one queue_log line, with its trailing
// newline, the way Asterisk 16+ writes it. It is the inverse of QueueLog for
// the fields queue_log carries, so the simulator can write a log that the
// wallboard (and any other queue_log tool) reads back.
//
// The verb comes from ev.Verb when that is a verb of ev.Kind (an old
// TRANSFER stays TRANSFER, a PAUSEALL stays PAUSEALL); otherwise from the
// Kind: BLINDTRANSFER or ATTENDEDTRANSFER by the Target's form, ADDMEMBER
// or AGENTLOGIN by whether there is a queue, the EXIT verb by ev.Exit
// (EXITWITHTIMEOUT when the reason is missing). Durations are written in
// whole seconds (ring times of RINGNOANSWER/RINGCANCELED in milliseconds);
// missing ones as empty fields. Text fields have '|', line breaks and NULs
// replaced by spaces so one event stays one line.
//
// AgentStateChange has no queue_log form, nor has an Unknown or Info event
// without a verb: dst is returned unchanged.
func AppendQueueLog(dst []byte, ev *Event) []byte {
	id := encodeVerb(ev)
	if id == vUnknown && (ev.Kind != Unknown && ev.Kind != Info || ev.Verb == "") {
		return dst
	}
	dst = strconv.AppendInt(dst, ev.Time.Unix(), 10)
	dst = append(dst, '|')
	dst = appendColumn(dst, ev.CallID)
	dst = append(dst, '|')
	dst = appendColumn(dst, ev.Queue)
	dst = append(dst, '|')
	dst = appendColumn(dst, ev.Agent)
	dst = append(dst, '|')
	if id == vUnknown {
		dst = appendText(dst, ev.Verb)
	} else {
		dst = append(dst, verbSpecs[id].name...)
	}
	dst = append(dst, '|')

	pos := func(dst []byte) []byte { return strconv.AppendInt(dst, int64(ev.Position), 10) }
	sec := func(dst []byte, d time.Duration) []byte { return appendDur(dst, d, time.Second) }
	switch id {
	case vEnterQueue:
		dst = append(dst, '|') // url: empty
		dst = appendText(dst, ev.Caller)
		dst = pos(append(dst, '|'))
		if ev.CallerName != "" {
			dst = appendText(append(dst, '|'), ev.CallerName)
		}
	case vConnect:
		// The bridged channel's uniqueid is not kept: left empty.
		dst = sec(dst, ev.Wait)
		dst = append(dst, "||"...)
		dst = sec(dst, ev.Ring)
	case vCompleteCaller, vCompleteAgent:
		dst = sec(dst, ev.Wait)
		dst = sec(append(dst, '|'), ev.Talk)
		dst = pos(append(dst, '|'))
	case vAbandon, vExitWithTimeout, vExitEmpty, vWithdraw:
		// position, origposition (not kept: the position again), wait
		dst = pos(dst)
		dst = pos(append(dst, '|'))
		dst = sec(append(dst, '|'), ev.Wait)
		if id == vWithdraw {
			dst = appendText(append(dst, '|'), ev.Reason)
		}
	case vExitWithKey:
		dst = appendText(dst, ev.Key)
		dst = pos(append(dst, '|'))
		dst = pos(append(dst, '|'))
		dst = sec(append(dst, '|'), ev.Wait)
	case vRingNoAnswer, vRingCanceled:
		dst = appendDur(dst, ev.Ring, time.Millisecond)
	case vTransfer, vBlindTransfer:
		exten, context := ev.Target, ""
		if i := strings.LastIndexByte(ev.Target, '@'); i >= 0 {
			exten, context = ev.Target[:i], ev.Target[i+1:]
		}
		dst = appendText(dst, exten)
		dst = appendText(append(dst, '|'), context)
		dst = sec(append(dst, '|'), ev.Wait)
		dst = sec(append(dst, '|'), ev.Talk)
		dst = pos(append(dst, '|'))
	case vAttendedTransfer:
		// Target is "METHOD:data", data holding '|' between LINK's two
		// channels: written back as separate fields.
		method, data, _ := strings.Cut(ev.Target, ":")
		dst = appendText(dst, method)
		for part := range strings.SplitSeq(data, "|") {
			dst = appendText(append(dst, '|'), part)
		}
		dst = sec(append(dst, '|'), ev.Wait)
		dst = sec(append(dst, '|'), ev.Talk)
		dst = pos(append(dst, '|'))
	case vAddMember:
		if ev.Paused {
			dst = append(dst, "PAUSED"...)
		}
	case vPause, vPauseAll, vUnpause, vUnpauseAll:
		dst = appendText(dst, ev.Reason)
	case vSurvey:
		dst = appendScore(dst, ev.CSAT)
		dst = appendScore(append(dst, '|'), ev.NPS)
		dst = appendScore(append(dst, '|'), ev.Resolved)
	}
	return append(dst, '\n')
}

// encodeVerb chooses the verb for ev; vUnknown for an Unknown or Info event
// whose verb this package does not model (written as is) or for an event
// with no queue_log form.
func encodeVerb(ev *Event) verbID {
	for id := vUnknown + 1; id < numVerbs; id++ {
		if verbSpecs[id].name == ev.Verb && verbSpecs[id].kind == ev.Kind {
			return id
		}
	}
	switch ev.Kind {
	case SystemStart:
		return vQueueStart
	case CallEnqueued:
		return vEnterQueue
	case CallAnswered:
		return vConnect
	case CallCompleted:
		if ev.EndedBy == "agent" {
			return vCompleteAgent
		}
		return vCompleteCaller
	case CallTransferred:
		for _, m := range [...]string{"BRIDGE:", "APP:", "LINK:"} {
			if strings.HasPrefix(ev.Target, m) {
				return vAttendedTransfer
			}
		}
		return vBlindTransfer
	case CallAbandoned:
		return vAbandon
	case CallExited:
		switch ev.Exit {
		case ExitEmpty:
			return vExitEmpty
		case ExitKey:
			return vExitWithKey
		case ExitWithdraw:
			return vWithdraw
		}
		return vExitWithTimeout
	case CallRingNoAnswer:
		return vRingNoAnswer
	case CallRingCanceled:
		return vRingCanceled
	case AgentLogin:
		if ev.Queue == "" {
			return vAgentLogin
		}
		return vAddMember
	case AgentLogout:
		if ev.Queue == "" {
			return vAgentLogoff
		}
		return vRemoveMember
	case AgentPaused:
		if ev.Queue == "" {
			return vPauseAll
		}
		return vPause
	case AgentUnpaused:
		if ev.Queue == "" {
			return vUnpauseAll
		}
		return vUnpause
	case Survey:
		return vSurvey
	}
	return vUnknown
}

// appendColumn writes one of the four fixed columns, NONE when empty.
func appendColumn(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, "NONE"...)
	}
	return appendText(dst, s)
}

// appendText writes s with the bytes that would break the line's framing
// ('|', '\n', '\r', NUL) replaced by spaces.
func appendText(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '|', '\n', '\r', 0:
			c = ' '
		}
		dst = append(dst, c)
	}
	return dst
}

// appendDur writes d in whole units, or nothing when it was not reported.
func appendDur(dst []byte, d, unit time.Duration) []byte {
	if d < 0 {
		return dst
	}
	return strconv.AppendInt(dst, int64(d/unit), 10)
}

// appendScore writes a survey answer, or nothing when it was not given.
func appendScore(dst []byte, v int8) []byte {
	if v < 0 {
		return dst
	}
	return strconv.AppendInt(dst, int64(v), 10)
}
