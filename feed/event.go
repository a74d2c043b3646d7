// Package feed turns telephony sources (Asterisk queue_log files and
// database exports, the websocket protocol, the built-in simulator) into one
// normalised stream of Events. It knows nothing about KPIs or screens: the
// kpi package consumes Events, and every source can be tested on its own.
package feed

import (
	"fmt"
	"time"
)

// Kind says what happened. The names follow the websocket protocol
// (docs/feed-protocol.md) so that a queue_log line and a JSON message that
// mean the same thing decode to the same Event.
type Kind uint8

// The kinds. Kinds that carry no KPI meaning (QUEUESTART, CONFIGRELOAD, DID,
// PENALTY…) decode to Info with the verb kept, so a trace can still show them.
const (
	Unknown          Kind = iota // a verb or kind this version does not model; Verb holds it
	Info                         // a known verb with no KPI meaning; Verb holds it
	SystemStart                  // the PBX restarted (QUEUESTART): calls in progress are gone
	CallEnqueued                 // caller entered a queue
	CallAnswered                 // an agent answered (queue_log CONNECT)
	CallCompleted                // an answered call ended (COMPLETECALLER/COMPLETEAGENT)
	CallTransferred              // an answered call was transferred away (ends the queue call)
	CallAbandoned                // caller hung up while waiting
	CallExited                   // caller left unanswered without hanging up (timeout, empty, key, withdraw)
	CallRingNoAnswer             // a member was rung and did not answer
	CallRingCanceled             // ringing a member stopped because the caller left or another answered
	AgentLogin                   // agent joined a queue (Queue "" = logged in to the system)
	AgentLogout                  // agent left a queue (Queue "" = all queues)
	AgentPaused                  // agent paused in a queue (Queue "" = all queues)
	AgentUnpaused                // agent unpaused in a queue (Queue "" = all queues)
	AgentStateChange             // a platform states the agent's status outright; overrides derived state
	Survey                       // post-call survey answers
	numKinds
)

var kindNames = [numKinds]string{
	Unknown:          "unknown",
	Info:             "info",
	SystemStart:      "system.start",
	CallEnqueued:     "call.enqueued",
	CallAnswered:     "call.answered",
	CallCompleted:    "call.completed",
	CallTransferred:  "call.transferred",
	CallAbandoned:    "call.abandoned",
	CallExited:       "call.exited",
	CallRingNoAnswer: "call.ring_noanswer",
	CallRingCanceled: "call.ring_canceled",
	AgentLogin:       "agent.login",
	AgentLogout:      "agent.logout",
	AgentPaused:      "agent.paused",
	AgentUnpaused:    "agent.unpaused",
	AgentStateChange: "agent.state",
	Survey:           "survey",
}

// String returns the protocol name of the kind ("call.enqueued").
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// KindFromString maps a protocol name back to its Kind; ok is false for a
// name this version does not know.
func KindFromString(s string) (k Kind, ok bool) {
	for i, n := range kindNames {
		if n == s && Kind(i) != Unknown {
			return Kind(i), true
		}
	}
	return Unknown, false
}

// Status is an agent's state as the board shows it.
type Status uint8

// The agent states, in the order the agent board sorts them.
const (
	StatusLoggedOut Status = iota
	StatusAvailable
	StatusRinging
	StatusBusy
	StatusWrapup
	StatusPaused
	numStatuses
)

var statusNames = [numStatuses]string{"loggedout", "available", "ringing", "busy", "wrapup", "paused"}

// String returns the protocol name of the status ("available").
func (s Status) String() string {
	if s < numStatuses {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// StatusFromString maps a protocol name to its Status.
func StatusFromString(s string) (Status, bool) {
	for i, n := range statusNames {
		if n == s {
			return Status(i), true
		}
	}
	return StatusLoggedOut, false
}

// ExitReason says why a caller left a queue unanswered without hanging up.
type ExitReason uint8

// Exit reasons; the names are the protocol's `reason` values.
const (
	ExitNone     ExitReason = iota
	ExitTimeout             // EXITWITHTIMEOUT
	ExitEmpty               // EXITEMPTY (leavewhenempty)
	ExitKey                 // EXITWITHKEY
	ExitWithdraw            // WITHDRAW (Asterisk 16+)
)

var exitNames = [...]string{"", "timeout", "empty", "key", "withdraw"}

// String returns the protocol name of the reason.
func (r ExitReason) String() string {
	if int(r) < len(exitNames) {
		return exitNames[r]
	}
	return fmt.Sprintf("exit(%d)", uint8(r))
}

// ExitReasonFromString maps a protocol name to its ExitReason.
func ExitReasonFromString(s string) (ExitReason, bool) {
	for i, n := range exitNames {
		if n == s && i != 0 {
			return ExitReason(i), true
		}
	}
	return ExitNone, false
}

// NoDuration marks a duration the source did not report (an old queue_log
// format without the wait field, a JSON message without wrap_s). Consumers
// test `d < 0`, never compare with zero: zero is a real, reported duration.
const NoDuration time.Duration = -1

// NoScore marks a survey answer that was not given.
const NoScore int8 = -1

// Event is one normalised happening from any source. It is a plain value:
// sources fill it, the engine reads it, nobody keeps pointers into it.
//
// Strings are empty when the source said NONE or nothing. Durations are
// NoDuration when not reported. Fields that do not apply to a Kind are zero.
type Event struct {
	Time time.Time // when it happened (source clock)
	Seq  uint64    // protocol sequence number; 0 for sources without one
	Kind Kind
	Verb string // the source's own verb (ENTERQUEUE, call.enqueued, a custom verb)

	Queue  string
	CallID string
	// Agent is the agent as the source wrote it: an interface (SIP/1001),
	// a member name (Sathish) or an id (1001). The engine maps it to one
	// identity; see kpi.Identity.
	Agent     string
	AgentName string // display name, when the source gives one (agent.login name)

	Caller     string // caller number
	CallerName string
	Position   int // queue position at entry or exit; 0 when unknown

	Wait time.Duration // queue wait: answered, abandoned, exited, completed, transferred
	Ring time.Duration // ring time of an answer or a ring-no-answer
	Talk time.Duration // talk time of a completed or transferred call (includes hold in queue_log)
	Hold time.Duration // hold time, when the source reports it separately
	Wrap time.Duration // wrap-up time, when the source reports it

	EndedBy string     // completed: "caller" or "agent"
	Exit    ExitReason // exited: why
	Key     string     // exited with key: the key pressed
	Target  string     // transferred: where to (exten@context, or the attended-transfer method)
	Reason  string     // paused: the reason; agent.state: the reason
	Paused  bool       // agent.login: joined already paused (ADDMEMBER|PAUSED)
	Status  Status     // agent.state: the stated status

	CSAT     int8 // survey: 1..5, NoScore when absent
	NPS      int8 // survey: 0..10, NoScore when absent
	Resolved int8 // survey: 1 yes, 0 no, NoScore when absent
}

// Reset clears ev for reuse, with every duration and score set to "not
// reported". Decoders call it before filling an event so that nothing leaks
// from the previous line.
func (ev *Event) Reset() {
	*ev = Event{
		Wait: NoDuration, Ring: NoDuration, Talk: NoDuration, Hold: NoDuration, Wrap: NoDuration,
		CSAT: NoScore, NPS: NoScore, Resolved: NoScore,
	}
}

// Source is a stream of events: a file decoder, a followed file, a
// websocket, the simulator. Next fills ev and reports whether it did; after
// it returns false, Err tells whether the stream ended cleanly (nil) or not.
// Malformed input is never an Err: it is counted in Stats and skipped.
type Source interface {
	Next(ev *Event) bool
	Err() error
	Stats() *Stats
}
