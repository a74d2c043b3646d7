package ws

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
)

// Hello is the server's first message on every connection.
type Hello struct {
	V      int       // protocol version (1)
	Server string    // software and version, for logs
	Stream string    // identifies one server run: seqs of different streams are unrelated
	TS     time.Time // the server's clock
}

// Gap says that the events FromSeq..ToSeq (inclusive) are gone for good:
// the client marks the intervals they fall in as incomplete.
type Gap struct {
	FromSeq, ToSeq uint64
}

// Resume is the client's request to continue a stream after AfterSeq. An
// empty Stream asks for a fresh start (snapshot, then live events).
type Resume struct {
	Stream   string
	AfterSeq uint64
}

// Snapshot is the server's live state after event Seq: who waits and what
// every agent does. It carries no interval counters.
type Snapshot struct {
	Seq    uint64
	TS     time.Time
	Calls  []kpi.WaitingCall
	Agents []kpi.LiveAgent
}

type wireHello struct {
	Type   string    `json:"type"`
	V      int       `json:"v"`
	Server string    `json:"server"`
	Stream string    `json:"stream"`
	TS     time.Time `json:"ts"`
}

type wireGap struct {
	Type    string `json:"type"`
	FromSeq uint64 `json:"from_seq"`
	ToSeq   uint64 `json:"to_seq"`
}

type wireResume struct {
	Type     string `json:"type"`
	Stream   string `json:"stream"`
	AfterSeq uint64 `json:"after_seq"`
}

type wireCall struct {
	CallID     string    `json:"call_id"`
	Queue      string    `json:"queue"`
	Caller     string    `json:"caller,omitempty"`
	CallerName string    `json:"caller_name,omitempty"`
	Since      time.Time `json:"since"`
	Position   int       `json:"position,omitempty"`
}

type wireAgent struct {
	Agent     string    `json:"agent"`
	Name      string    `json:"name,omitempty"`
	State     string    `json:"state"`
	Since     time.Time `json:"since,omitzero"`
	Reason    string    `json:"reason,omitempty"`
	Queues    []string  `json:"queues,omitempty"`
	CallID    string    `json:"call_id,omitempty"`
	CallQueue string    `json:"call_queue,omitempty"`
	CallSince time.Time `json:"call_since,omitzero"`
	WrapUntil time.Time `json:"wrap_until,omitzero"`
}

type wireSnapshot struct {
	Type   string      `json:"type"`
	Seq    uint64      `json:"seq"`
	TS     time.Time   `json:"ts"`
	Calls  []wireCall  `json:"calls"`
	Agents []wireAgent `json:"agents"`
}

// AppendHello appends h as a hello message.
func AppendHello(dst []byte, h Hello) []byte {
	return appendJSON(dst, wireHello{TypeHello, h.V, h.Server, h.Stream, h.TS.UTC()})
}

// AppendGap appends g as a gap message.
func AppendGap(dst []byte, g Gap) []byte {
	return appendJSON(dst, wireGap{TypeGap, g.FromSeq, g.ToSeq})
}

// AppendResume appends r as a resume message.
func AppendResume(dst []byte, r Resume) []byte {
	return appendJSON(dst, wireResume{TypeResume, r.Stream, r.AfterSeq})
}

// AppendSnapshot appends s as a snapshot message.
func AppendSnapshot(dst []byte, s *Snapshot) []byte {
	w := wireSnapshot{Type: TypeSnapshot, Seq: s.Seq, TS: s.TS.UTC(),
		Calls: make([]wireCall, len(s.Calls)), Agents: make([]wireAgent, len(s.Agents))}
	for i, c := range s.Calls {
		w.Calls[i] = wireCall{c.CallID, c.Queue, c.Caller, c.CallerName, c.Since.UTC(), c.Position}
	}
	for i, a := range s.Agents {
		w.Agents[i] = wireAgent{a.ID, a.Name, a.Status.String(), utc(a.Since), a.Reason, a.Queues,
			a.CallID, a.CallQueue, utc(a.CallSince), utc(a.WrapUntil)}
	}
	return appendJSON(dst, w)
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

func appendJSON(dst []byte, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only plain structs of strings, numbers and times reach here; a
		// failure is a programming error, and an empty object keeps the
		// stream parseable.
		return append(dst, "{}"...)
	}
	return append(dst, b...)
}

// knownMember reports whether key is a member of control message typ;
// the others are counted and ignored.
func knownMember(typ, key string) bool {
	switch key {
	case "type":
		return true
	case "v", "server":
		return typ == TypeHello
	case "stream":
		return typ == TypeHello || typ == TypeResume
	case "ts":
		return typ == TypeHello || typ == TypeSnapshot
	case "from_seq", "to_seq":
		return typ == TypeGap
	case "after_seq":
		return typ == TypeResume
	case "seq", "calls", "agents":
		return typ == TypeSnapshot
	}
	return false
}

func countUnknown(typ string, fields []field) int {
	n := 0
	for i := range fields {
		if !knownMember(typ, string(fields[i].key)) {
			n++
		}
	}
	return n
}

// decodeHello, decodeGap, decodeResume and decodeSnapshot decode the rare
// control messages with encoding/json; the hot event path does not come here.
func decodeHello(b []byte) (Hello, error) {
	var w wireHello
	if err := json.Unmarshal(b, &w); err != nil {
		return Hello{}, fmt.Errorf("hello: %w", err)
	}
	if w.Stream == "" {
		return Hello{}, fmt.Errorf("hello: stream: missing")
	}
	return Hello{V: w.V, Server: w.Server, Stream: w.Stream, TS: w.TS}, nil
}

func decodeGap(b []byte) (Gap, error) {
	var w wireGap
	if err := json.Unmarshal(b, &w); err != nil {
		return Gap{}, fmt.Errorf("gap: %w", err)
	}
	if w.ToSeq < w.FromSeq {
		return Gap{}, fmt.Errorf("gap: to_seq %d is before from_seq %d", w.ToSeq, w.FromSeq)
	}
	return Gap{w.FromSeq, w.ToSeq}, nil
}

// DecodeResume reads a client's resume message (the server side).
func DecodeResume(b []byte) (Resume, error) {
	var w wireResume
	if err := json.Unmarshal(b, &w); err != nil {
		return Resume{}, fmt.Errorf("resume: %w", err)
	}
	if w.Type != TypeResume {
		return Resume{}, fmt.Errorf("resume: type: want %q, got %q", TypeResume, w.Type)
	}
	return Resume{w.Stream, w.AfterSeq}, nil
}

func decodeSnapshot(b []byte) (*Snapshot, error) {
	var w wireSnapshot
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	s := &Snapshot{Seq: w.Seq, TS: w.TS, Calls: make([]kpi.WaitingCall, len(w.Calls)), Agents: make([]kpi.LiveAgent, len(w.Agents))}
	for i, c := range w.Calls {
		s.Calls[i] = kpi.WaitingCall{Queue: clean(c.Queue), CallID: clean(c.CallID), Caller: clean(c.Caller),
			CallerName: clean(c.CallerName), Since: c.Since, Position: c.Position}
	}
	for i, a := range w.Agents {
		st, ok := feed.StatusFromString(a.State)
		if !ok {
			return nil, fmt.Errorf("snapshot seq %d: agents[%d] (%s): state: unknown %q", w.Seq, i, a.Agent, a.State)
		}
		if a.Agent == "" {
			return nil, fmt.Errorf("snapshot seq %d: agents[%d]: agent: missing", w.Seq, i)
		}
		for j := range a.Queues {
			a.Queues[j] = clean(a.Queues[j])
		}
		s.Agents[i] = kpi.LiveAgent{ID: clean(a.Agent), Name: clean(a.Name), Status: st, Since: a.Since, Reason: clean(a.Reason),
			Queues: a.Queues, CallID: clean(a.CallID), CallQueue: clean(a.CallQueue), CallSince: a.CallSince, WrapUntil: a.WrapUntil}
	}
	return s, nil
}

// clean is feed.CleanText for a snapshot's names: a snapshot is replaced
// whole, so its strings are cleaned without being counted one by one.
func clean(s string) string {
	c, _ := feed.CleanText(s)
	return c
}
