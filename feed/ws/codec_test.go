package ws

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

func decodeOne(t *testing.T, line string) (*Message, *Decoder) {
	t.Helper()
	d := NewDecoder("test", nil)
	var m Message
	if !d.Line([]byte(line), &m) {
		return nil, d
	}
	return &m, d
}

// Every kind of the protocol table (and the feed's extra kinds) survives
// encoding and decoding unchanged, with all its fields.
func TestEventRoundTrip(t *testing.T) {
	ts := time.Date(2026, 11, 23, 9, 0, 1, 250_000_000, time.UTC)
	base := func(k feed.Kind, verb string) feed.Event {
		var ev feed.Event
		ev.Reset()
		ev.Time, ev.Seq, ev.Kind, ev.Verb, ev.Queue, ev.CallID = ts, 1201, k, verb, "sales", "1700000000.42"
		return ev
	}
	var evs []feed.Event
	e := base(feed.CallEnqueued, "ENTERQUEUE")
	e.Caller, e.CallerName, e.Position = "+442071234567", `Ann "Quote" \ Lée/`, 3
	evs = append(evs, e)
	e = base(feed.CallAnswered, "CONNECT")
	e.Agent, e.Wait, e.Ring = "SIP/1001", 12500*time.Millisecond, 3*time.Second
	evs = append(evs, e)
	e = base(feed.CallCompleted, "COMPLETEAGENT")
	e.Agent, e.Wait, e.Talk, e.Hold, e.Wrap, e.EndedBy, e.Position = "1001", time.Second, 95*time.Second+time.Nanosecond, 0, 30*time.Second, "agent", 1
	evs = append(evs, e)
	e = base(feed.CallTransferred, "BLINDTRANSFER")
	e.Agent, e.Talk, e.Hold, e.Target = "1001", 60*time.Second, 5*time.Second, "2400@from-internal"
	evs = append(evs, e)
	e = base(feed.CallAbandoned, "ABANDON")
	e.Wait, e.Position = 4*time.Second, 2
	evs = append(evs, e)
	e = base(feed.CallExited, "EXITWITHKEY")
	e.Wait, e.Exit, e.Key, e.Position = 40*time.Second, feed.ExitKey, "5", 1
	evs = append(evs, e)
	e = base(feed.CallExited, "WITHDRAW")
	e.Wait, e.Exit, e.Reason = 8*time.Second, feed.ExitWithdraw, "callback requested"
	evs = append(evs, e)
	e = base(feed.CallRingNoAnswer, "RINGNOANSWER")
	e.Agent, e.Ring = "1002", 15*time.Second
	evs = append(evs, e)
	e = base(feed.CallRingCanceled, "RINGCANCELED")
	e.Agent, e.Ring = "1002", 1234*time.Millisecond
	evs = append(evs, e)
	e = base(feed.AgentLogin, "ADDMEMBER")
	e.CallID, e.Agent, e.AgentName, e.Paused = "", "SIP/1001", "Ann", true
	evs = append(evs, e)
	e = base(feed.AgentLogout, "REMOVEMEMBER")
	e.CallID, e.Queue, e.Agent = "", "", "1001"
	evs = append(evs, e)
	e = base(feed.AgentPaused, "PAUSE")
	e.CallID, e.Agent, e.Reason = "", "1001", "lunch"
	evs = append(evs, e)
	e = base(feed.AgentUnpaused, "UNPAUSE")
	e.CallID, e.Agent = "", "1001"
	evs = append(evs, e)
	e = base(feed.AgentStateChange, "agent.state")
	e.CallID, e.Agent, e.Status, e.Reason = "", "1001", feed.StatusRinging, "outbound"
	evs = append(evs, e)
	e = base(feed.Survey, "survey")
	e.Agent, e.CSAT, e.NPS, e.Resolved = "1001", 4, 0, 0
	evs = append(evs, e)
	e = base(feed.SystemStart, "QUEUESTART")
	e.CallID, e.Queue = "", ""
	evs = append(evs, e)

	for _, want := range evs {
		line := AppendEvent(nil, &want)
		if !json.Valid(line) {
			t.Fatalf("%s: not valid JSON: %s", want.Kind, line)
		}
		m, d := decodeOne(t, string(line))
		if m == nil || m.Type != TypeEvent {
			t.Fatalf("%s: did not decode: %s (counts %+v)", want.Kind, line, d.Counts())
		}
		if m.Event != want {
			t.Errorf("%s:\n got %+v\nwant %+v\nwire %s", want.Kind, m.Event, want, line)
		}
	}
}

// The messages exactly as FEED.md shows them.
func TestProtocolExamples(t *testing.T) {
	m, _ := decodeOne(t, `{"type":"event","seq":1201,"ts":"2026-11-22T09:00:01.250Z","kind":"call.enqueued","queue":"sales","call_id":"c1","caller":"+4420","position":3}`)
	if m == nil || m.Event.Seq != 1201 || m.Event.Kind != feed.CallEnqueued || m.Event.Position != 3 || m.Event.Caller != "+4420" ||
		!m.Event.Time.Equal(time.Date(2026, 11, 22, 9, 0, 1, 250e6, time.UTC)) || m.Event.Wait != feed.NoDuration {
		t.Errorf("event: %+v", m)
	}
	m, _ = decodeOne(t, `{"type":"gap","from_seq":900,"to_seq":1199}`)
	if m == nil || m.Gap != (Gap{900, 1199}) {
		t.Errorf("gap: %+v", m)
	}
	m, _ = decodeOne(t, `{"type":"hello","v":1,"server":"wallboard-sim/0.1","stream":"b7e1","ts":"2026-11-22T09:00:00.000Z"}`)
	if m == nil || m.Hello.Stream != "b7e1" || m.Hello.V != 1 {
		t.Errorf("hello: %+v", m)
	}
	m, _ = decodeOne(t, `{"type":"snapshot","seq":1200,"ts":"2026-11-22T09:00:00.000Z","calls":[{"call_id":"c1","queue":"sales","caller":"+4420","since":"2026-11-22T08:59:00Z"}],`+
		`"agents":[{"agent":"1001","name":"Ann","state":"busy","since":"2026-11-22T08:58:00Z","reason":"","queues":["sales"],"call_id":"c0"}]}`)
	if m == nil || m.Snapshot.Seq != 1200 || len(m.Snapshot.Calls) != 1 || m.Snapshot.Agents[0].Status != feed.StatusBusy || m.Snapshot.Agents[0].Queues[0] != "sales" {
		t.Errorf("snapshot: %+v", m)
	}
	r, err := DecodeResume(AppendResume(nil, Resume{"b7e1", 1200}))
	if err != nil || r != (Resume{"b7e1", 1200}) {
		t.Errorf("resume round trip: %+v, %v", r, err)
	}
}

// Bad messages are refused with an error naming the seq and the member.
func TestDecodeErrorsNameSeqAndField(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{`{"type":"event","seq":7,"ts":"yesterday","kind":"call.enqueued"}`, `seq 7: ts: want an RFC 3339 time, got "yesterday"`},
		{`{"type":"event","seq":7,"ts":"2026-11-22T09:00:00Z","kind":"call.answered","wait_s":-1}`, `seq 7: wait_s: want seconds ≥ 0, got -1`},
		{`{"type":"event","seq":7,"ts":"2026-11-22T09:00:00Z","kind":"survey","csat":9}`, `seq 7: csat: want a whole number 1–5, got 9`},
		{`{"type":"event","seq":7,"ts":"2026-11-22T09:00:00Z","kind":"call.exited","reason":"bored"}`, `seq 7: reason: want timeout, empty, key or withdraw, got "bored"`},
		{`{"type":"event","seq":7,"ts":"2026-11-22T09:00:00Z","kind":"agent.state","agent":"1","state":"asleep"}`, `seq 7: state: want available`},
		{`{"type":"event","seq":7,"ts":"2026-11-22T09:00:00Z"}`, `seq 7: kind: missing`},
		{`{"type":"event","ts":"2026-11-22T09:00:00Z","kind":"call.enqueued"}`, `message without seq: seq: missing`},
		{`{"type":"event","seq":-3}`, `seq: want a whole number ≥ 1, got -3`},
		{`{"type":"event","seq":7,"queue":5}`, `seq 7: queue: want a string, got 5`},
	} {
		var sc scanner
		if err := sc.object([]byte(tc.line)); err != nil {
			t.Fatalf("%s: scan: %v", tc.line, err)
		}
		var d eventDecoder
		var ev feed.Event
		_, err := d.decode(&ev, sc.fields)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n got %v\nwant …%s…", tc.line, err, tc.want)
		}
	}
}

// The scanner accepts what JSON accepts for flat objects and refuses the rest.
func TestScanner(t *testing.T) {
	good := []string{`{}`, ` { "a" : 1 , "b":"x\u00e9\"y" } `, `{"a":-0.5e+3,"b":true,"c":null,"d":[{"e":"]"}]}`}
	bad := []string{``, `{`, `{"a"}`, `{"a":01}`, `{"a":1,}`, `{"a":"x` + "\n" + `"}`, `{"a":tru}`, `{} x`, `{"a":[[[`, `{"a":1.}`}
	var sc scanner
	for _, s := range good {
		if err := sc.object([]byte(s)); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for _, s := range bad {
		if err := sc.object([]byte(s)); err == nil {
			t.Errorf("%q: accepted", s)
		}
	}
	if err := sc.object([]byte(`{"a":"x\u00e9\"y"}`)); err != nil || string(sc.fields[0].raw) != `xé"y` {
		t.Errorf("escapes: %q, %v", sc.fields[0].raw, err)
	}
}

// Durations are read exactly to the nanosecond, exponents through a float.
func TestParseSeconds(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"0": 0, "20": 20 * time.Second, "20.5": 20500 * time.Millisecond, "0.001": time.Millisecond,
		"1.000000001": time.Second + 1, "1.0000000019": time.Second + 1, "2e1": 20 * time.Second,
	} {
		got, ok := parseSeconds(&field{kind: vNumber, raw: []byte(in)})
		if !ok || got != want {
			t.Errorf("%s: got %v %v, want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"-1", "1e9", "9999999999"} {
		if _, ok := parseSeconds(&field{kind: vNumber, raw: []byte(in)}); ok {
			t.Errorf("%s: accepted", in)
		}
	}
}

// FuzzDecoder: no input panics the decoder, and what it accepts as an
// event encodes back to a message that decodes to the same event.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte(`{"type":"event","seq":1,"ts":"2026-11-22T09:00:01.250Z","kind":"call.enqueued","queue":"sales","call_id":"c1","position":3}`))
	f.Add([]byte(`{"type":"snapshot","seq":1,"ts":"2026-11-22T09:00:00Z","calls":[],"agents":[{"agent":"1","state":"busy"}]}`))
	f.Add([]byte("1795424405|e|sales|NONE|ENTERQUEUE||+4420|1\n"))
	f.Add([]byte(`{"type":"gap","from_seq":2,"to_seq":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d := NewDecoder("fuzz", nil)
		d.Frame(b, func(m *Message) {
			if m.Type != TypeEvent || m.Event.Seq == 0 {
				return
			}
			want := m.Event
			line := AppendEvent(nil, &want)
			m2, _ := decodeOne(t, string(line))
			if m2 == nil || m2.Event != want {
				t.Fatalf("re-encoded event differs:\n in %q\nout %s", b, line)
			}
		})
	})
}

// Control characters in a JSON string (escaped or raw UTF-8: ESC, TAB, the
// C1 CSI) are replaced with '?' in events and snapshots alike, and counted
// on events: a feed must not hand the board a terminal command.
func TestControlCharactersReplaced(t *testing.T) {
	line := `{"type":"event","seq":7,"ts":"2026-11-23T09:00:00Z","kind":"call.enqueued","queue":"sal\u001b[2Jes",` +
		`"call_id":"1.1","caller":"+44\t1","caller_name":"Ann` + "\u009b" + `31m"}`
	m, d := decodeOne(t, line)
	if m == nil || m.Type != TypeEvent {
		t.Fatalf("not decoded: %+v (%s)", m, d.Stats().Summary())
	}
	if ev := m.Event; ev.Queue != "sal?[2Jes" || ev.Caller != "+44?1" || ev.CallerName != "Ann?31m" {
		t.Errorf("queue %q caller %q name %q; want sal?[2Jes, +44?1, Ann?31m", ev.Queue, ev.Caller, ev.CallerName)
	}
	if p := d.Stats().Problems[feed.ProblemControl]; p.Count != 1 || p.FirstLine != 1 {
		t.Errorf("control problem %+v, want 1 on message 1", p)
	}

	snap := `{"type":"snapshot","seq":9,"ts":"2026-11-23T09:00:00Z",` +
		`"calls":[{"queue":"q\u0007","call_id":"1.2","caller":"+1\u001b]0;x","since":"2026-11-23T08:59:00Z"}],` +
		`"agents":[{"agent":"1001\u007f","name":"Bo\u001b[5m","state":"available","since":"2026-11-23T08:00:00Z","queues":["q\u0007"]}]}`
	m, d = decodeOne(t, snap)
	if m == nil || m.Snapshot == nil {
		t.Fatalf("snapshot not decoded (%s)", d.Stats().Summary())
	}
	c, a := m.Snapshot.Calls[0], m.Snapshot.Agents[0]
	if c.Queue != "q?" || c.Caller != "+1?]0;x" || a.ID != "1001?" || a.Name != "Bo?[5m" || a.Queues[0] != "q?" {
		t.Errorf("snapshot call %+v agent %+v; control characters not replaced", c, a)
	}
}
