// Package ws is the wallboard's live feed over WebSocket (protocol v1,
// docs/feed-protocol.md): the JSON codec of its messages, a Client that
// feeds a kpi.Engine and survives the network, and a Server that serves the
// simulator (or any event source) to any number of clients.
package ws

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/callfloor/wallboard/feed"
)

// Message types of protocol v1.
const (
	TypeHello    = "hello"
	TypeSnapshot = "snapshot"
	TypeEvent    = "event"
	TypeGap      = "gap"
	TypeResume   = "resume"
)

// ProtocolVersion is the "v" of the hello message this package speaks.
const ProtocolVersion = 1

// tsLayout is RFC 3339 with milliseconds, always in UTC, as the protocol
// writes times.
const tsLayout = "2006-01-02T15:04:05.000Z07:00"

// AppendEvent appends ev as one protocol event message (no newline) and
// returns the extended buffer. Only the fields that are set are written,
// so one encoder serves every kind; durations are seconds with up to nine
// decimals, so a round trip through DecodeEvent is exact. Besides the
// fields of the protocol table it writes three optional ones so that
// nothing of a feed.Event is lost: "verb" (the source's own verb, which the
// engine uses to join agent identities), "key" (the key of an exit with
// key) and "paused" (an agent.login that joins paused). A call.exited's
// free text (WITHDRAW info) goes in "detail", since "reason" is the exit reason.
func AppendEvent(dst []byte, ev *feed.Event) []byte {
	dst = append(dst, `{"type":"event","seq":`...)
	dst = strconv.AppendUint(dst, ev.Seq, 10)
	dst = append(dst, `,"ts":"`...)
	dst = appendTime(dst, ev.Time)
	dst = append(dst, `","kind":`...)
	dst = appendString(dst, ev.Kind.String())
	str := func(name, v string) {
		if v != "" {
			dst = append(dst, ',', '"')
			dst = append(dst, name...)
			dst = append(dst, '"', ':')
			dst = appendString(dst, v)
		}
	}
	dur := func(name string, d time.Duration) {
		if d >= 0 {
			dst = append(dst, ',', '"')
			dst = append(dst, name...)
			dst = append(dst, '"', ':')
			dst = appendSeconds(dst, d)
		}
	}
	num := func(name string, v int64) {
		dst = append(dst, ',', '"')
		dst = append(dst, name...)
		dst = append(dst, '"', ':')
		dst = strconv.AppendInt(dst, v, 10)
	}
	if ev.Verb != "" && ev.Verb != ev.Kind.String() {
		str("verb", ev.Verb)
	}
	str("queue", ev.Queue)
	str("call_id", ev.CallID)
	str("agent", ev.Agent)
	str("name", ev.AgentName)
	str("caller", ev.Caller)
	str("caller_name", ev.CallerName)
	if ev.Position != 0 {
		num("position", int64(ev.Position))
	}
	dur("wait_s", ev.Wait)
	dur("ring_s", ev.Ring)
	dur("talk_s", ev.Talk)
	dur("hold_s", ev.Hold)
	dur("wrap_s", ev.Wrap)
	str("ended_by", ev.EndedBy)
	str("target", ev.Target)
	str("key", ev.Key)
	switch ev.Kind {
	case feed.CallExited:
		str("reason", ev.Exit.String())
		str("detail", ev.Reason)
	case feed.AgentStateChange:
		str("state", ev.Status.String())
		str("reason", ev.Reason)
	default:
		str("reason", ev.Reason)
	}
	if ev.Paused {
		dst = append(dst, `,"paused":true`...)
	}
	if ev.CSAT >= 0 {
		num("csat", int64(ev.CSAT))
	}
	if ev.NPS >= 0 {
		num("nps", int64(ev.NPS))
	}
	if ev.Resolved >= 0 {
		dst = append(dst, `,"resolved":`...)
		dst = strconv.AppendBool(dst, ev.Resolved == 1)
	}
	return append(dst, '}')
}

func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	if t.Nanosecond()%int(time.Millisecond) != 0 {
		return t.AppendFormat(dst, time.RFC3339Nano)
	}
	return t.AppendFormat(dst, tsLayout)
}

// appendSeconds writes d as decimal seconds with the trailing zeros of the
// fraction dropped: 20.5, 3, 0.001.
func appendSeconds(dst []byte, d time.Duration) []byte {
	dst = strconv.AppendInt(dst, int64(d/time.Second), 10)
	frac := int64(d % time.Second)
	if frac == 0 {
		return dst
	}
	var buf [10]byte
	buf[0] = '.'
	for i := 9; i >= 1; i-- {
		buf[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := 10
	for buf[n-1] == '0' {
		n--
	}
	return append(dst, buf[:n]...)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// encoding/json does, so the output is always valid JSON.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20 || c == 0x7f:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, `\ufffd`...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// fieldError says which member of which message was wrong, so a log line
// points at the offending data.
type fieldError struct {
	seq   uint64
	field string
	msg   string
}

func (e *fieldError) Error() string {
	if e.seq == 0 {
		return fmt.Sprintf("message without seq: %s: %s", e.field, e.msg)
	}
	return fmt.Sprintf("seq %d: %s: %s", e.seq, e.field, e.msg)
}

// eventDecoder turns scanned event members into a feed.Event. Strings are
// interned: a feed repeats a few queue and agent names endlessly.
type eventDecoder struct {
	names interner
	// control is set when decode replaced a control character in a
	// string member (feed.CleanText), for the caller to count.
	control bool
}

// decode fills ev from the members of one event message. unknown counts
// members this version does not know. A member of the wrong type or an
// impossible value is an error naming the seq and the member; ev is then
// not to be used.
func (d *eventDecoder) decode(ev *feed.Event, fields []field) (unknown int, err error) {
	ev.Reset()
	// seq first, so that every later error can name it.
	for i := range fields {
		if string(fields[i].key) == "seq" {
			f := &fields[i]
			v, ok := parseUint(f)
			if !ok || v == 0 {
				return 0, &fieldError{0, "seq", fmt.Sprintf("want a whole number ≥ 1, got %s", show(f))}
			}
			ev.Seq = v
		}
	}
	if ev.Seq == 0 {
		return 0, &fieldError{0, "seq", "missing"}
	}
	bad := func(f *field, want string) error {
		return &fieldError{ev.Seq, string(f.key), fmt.Sprintf("want %s, got %s", want, show(f))}
	}
	var kind, exit, state string
	haveTS := false
	for i := range fields {
		f := &fields[i]
		if f.kind == vNull {
			continue // null means absent, whatever the member
		}
		name := string(f.key)
		switch name {
		case "type", "seq":
		case "ts":
			if f.kind != vString {
				return 0, bad(f, "an RFC 3339 time")
			}
			t, err := time.Parse(time.RFC3339Nano, string(f.raw))
			if err != nil {
				return 0, bad(f, "an RFC 3339 time")
			}
			ev.Time, haveTS = t, true
		case "kind", "verb", "queue", "call_id", "agent", "name", "caller", "caller_name",
			"ended_by", "target", "key", "reason", "detail", "state":
			if f.kind != vString {
				return 0, bad(f, "a string")
			}
			var s string
			switch name {
			case "call_id", "caller", "caller_name":
				s = string(f.raw) // many and short-lived: not interned
			default:
				s = d.names.get(f.raw)
			}
			if clean, ctl := feed.CleanText(s); ctl {
				s, d.control = clean, true
			}
			switch name {
			case "kind":
				kind = s
			case "verb":
				ev.Verb = s
			case "queue":
				ev.Queue = s
			case "call_id":
				ev.CallID = s
			case "agent":
				ev.Agent = s
			case "name":
				ev.AgentName = s
			case "caller":
				ev.Caller = s
			case "caller_name":
				ev.CallerName = s
			case "ended_by":
				ev.EndedBy = s
			case "target":
				ev.Target = s
			case "key":
				ev.Key = s
			case "reason":
				exit, ev.Reason = s, s
			case "detail":
				// call.exited only: read below, once the kind is known
			case "state":
				state = s
			}
		case "position":
			v, ok := parseInt(f, 1<<31-1)
			if !ok || v < 0 {
				return 0, bad(f, "a whole number ≥ 0")
			}
			ev.Position = int(v)
		case "wait_s", "ring_s", "talk_s", "hold_s", "wrap_s":
			dur, ok := parseSeconds(f)
			if !ok {
				return 0, bad(f, "seconds ≥ 0")
			}
			switch name {
			case "wait_s":
				ev.Wait = dur
			case "ring_s":
				ev.Ring = dur
			case "talk_s":
				ev.Talk = dur
			case "hold_s":
				ev.Hold = dur
			case "wrap_s":
				ev.Wrap = dur
			}
		case "csat", "nps":
			hi := int64(5)
			lo := int64(1)
			if name == "nps" {
				lo, hi = 0, 10
			}
			v, ok := parseInt(f, hi)
			if !ok || v < lo {
				return 0, bad(f, fmt.Sprintf("a whole number %d–%d", lo, hi))
			}
			if name == "csat" {
				ev.CSAT = int8(v)
			} else {
				ev.NPS = int8(v)
			}
		case "resolved":
			if f.kind != vBool {
				return 0, bad(f, "true or false")
			}
			ev.Resolved = 0
			if f.b {
				ev.Resolved = 1
			}
		case "paused":
			if f.kind != vBool {
				return 0, bad(f, "true or false")
			}
			ev.Paused = f.b
		default:
			unknown++
		}
	}
	if !haveTS {
		return unknown, &fieldError{ev.Seq, "ts", "missing"}
	}
	if kind == "" {
		return unknown, &fieldError{ev.Seq, "kind", "missing"}
	}
	k, ok := feed.KindFromString(kind)
	if !ok {
		ev.Kind = feed.Unknown
		if ev.Verb == "" {
			ev.Verb = kind
		}
		return unknown, nil
	}
	ev.Kind = k
	if ev.Verb == "" {
		ev.Verb = kind
	}
	switch k {
	case feed.CallExited:
		ev.Reason = ""
		if exit != "" {
			r, ok := feed.ExitReasonFromString(exit)
			if !ok {
				return unknown, &fieldError{ev.Seq, "reason", fmt.Sprintf("want timeout, empty, key or withdraw, got %q", exit)}
			}
			ev.Exit = r
		}
		for i := range fields {
			if string(fields[i].key) == "detail" && fields[i].kind == vString {
				ev.Reason = d.names.get(fields[i].raw)
			}
		}
	case feed.AgentStateChange:
		st, ok := feed.StatusFromString(state)
		if !ok {
			return unknown, &fieldError{ev.Seq, "state", fmt.Sprintf("want available, ringing, busy, wrapup, paused or loggedout, got %q", state)}
		}
		ev.Status = st
	}
	return unknown, nil
}

// show renders a member's value for an error message, cut short.
func show(f *field) string {
	switch f.kind {
	case vString:
		s := string(f.raw)
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return strconv.Quote(s)
	case vNumber:
		return string(f.raw)
	}
	return f.kind.String()
}

func parseUint(f *field) (uint64, bool) {
	if f.kind != vNumber {
		return 0, false
	}
	v, err := strconv.ParseUint(string(f.raw), 10, 64)
	return v, err == nil
}

func parseInt(f *field, hi int64) (int64, bool) {
	if f.kind != vNumber {
		return 0, false
	}
	v, err := strconv.ParseInt(string(f.raw), 10, 64)
	return v, err == nil && v <= hi
}

// maxSeconds bounds a duration: ten days is longer than any queue call,
// and keeps the conversion to nanoseconds far from overflow.
const maxSeconds = 10 * 24 * 3600

// parseSeconds reads a non-negative decimal number of seconds exactly (to
// the nanosecond) when it has no exponent, else through a float.
func parseSeconds(f *field) (time.Duration, bool) {
	if f.kind != vNumber || len(f.raw) == 0 || f.raw[0] == '-' {
		return 0, false
	}
	b := f.raw
	var whole, frac int64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		whole = whole*10 + int64(b[i]-'0')
		if whole > maxSeconds {
			return 0, false
		}
	}
	if i < len(b) && b[i] == '.' {
		i++
		scale := int64(100_000_000)
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			frac += int64(b[i]-'0') * scale
			scale /= 10 // digits past nanoseconds add nothing
		}
	}
	if i < len(b) { // an exponent
		v, err := strconv.ParseFloat(string(b), 64)
		if err != nil || v < 0 || v > maxSeconds {
			return 0, false
		}
		return time.Duration(v*1e9 + 0.5), true
	}
	return time.Duration(whole)*time.Second + time.Duration(frac), true
}
