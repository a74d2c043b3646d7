package feed

import (
	"strings"
	"testing"
	"time"
	"unsafe"
)

// base is the Event every table case starts from: a reset event at the
// table's epoch with the given kind and verb.
func base(kind Kind, verb string) Event {
	var ev Event
	ev.Reset()
	ev.Time = time.Unix(1700000000, 0)
	ev.Kind = kind
	ev.Verb = verb
	return ev
}

// decodeOne decodes a single line and fails unless it yields one event.
func decodeOne(t *testing.T, line string) (Event, *Stats) {
	t.Helper()
	d := NewQueueLog(strings.NewReader(line+"\n"), "table")
	var ev Event
	if !d.Next(&ev) {
		t.Fatalf("%q: no event (err %v, stats %+v)", line, d.Err(), d.Stats())
	}
	var extra Event
	if d.Next(&extra) {
		t.Fatalf("%q: a second event %+v", line, extra)
	}
	return ev, d.Stats()
}

func TestQueueLogVerbs(t *testing.T) {
	const s, ms = time.Second, time.Millisecond
	tests := []struct {
		name    string
		line    string
		want    func(ev *Event) // changes from base(kind, verb)
		kind    Kind
		verb    string
		badNum  int // lines counted ProblemBadNumber
		unknown int
	}{
		{"ENTERQUEUE with caller name", "1700000000|1700000000.1|sales|NONE|ENTERQUEUE||+4420123|3|Ann Smith",
			func(e *Event) {
				e.Queue, e.CallID, e.Caller, e.Position, e.CallerName = "sales", "1700000000.1", "+4420123", 3, "Ann Smith"
			}, CallEnqueued, "ENTERQUEUE", 0, 0},
		{"ENTERQUEUE Asterisk 16 (3 fields)", "1700000000|1700000000.1|sales|NONE|ENTERQUEUE|http://x|1001|1",
			func(e *Event) { e.Queue, e.CallID, e.Caller, e.Position = "sales", "1700000000.1", "1001", 1 },
			CallEnqueued, "ENTERQUEUE", 0, 0},
		{"ENTERQUEUE 1.4 (url, callerid)", "1700000000|1700000000.1|sales|NONE|ENTERQUEUE||1001",
			func(e *Event) { e.Queue, e.CallID, e.Caller = "sales", "1700000000.1", "1001" },
			CallEnqueued, "ENTERQUEUE", 0, 0},
		{"ENTERQUEUE callid NONE", "1700000000|NONE|sales|NONE|ENTERQUEUE||1001|2",
			func(e *Event) { e.Queue, e.Caller, e.Position = "sales", "1001", 2 },
			CallEnqueued, "ENTERQUEUE", 0, 0},
		{"CONNECT with ringtime", "1700000000|c1|sales|Ann|CONNECT|12|c2|4",
			func(e *Event) { e.Queue, e.CallID, e.Agent, e.Wait, e.Ring = "sales", "c1", "Ann", 12*s, 4*s },
			CallAnswered, "CONNECT", 0, 0},
		{"CONNECT 1.4 without ringtime", "1700000000|c1|sales|Ann|CONNECT|12|c2",
			func(e *Event) { e.Queue, e.CallID, e.Agent, e.Wait = "sales", "c1", "Ann", 12*s },
			CallAnswered, "CONNECT", 0, 0},
		{"CONNECT junk numbers", "1700000000|c1|sales|Ann|CONNECT|abc|c2|-3",
			func(e *Event) { e.Queue, e.CallID, e.Agent = "sales", "c1", "Ann" },
			CallAnswered, "CONNECT", 1, 0}, // two bad fields, one line counted
		{"COMPLETECALLER", "1700000000|c1|sales|Ann|COMPLETECALLER|12|300|2",
			func(e *Event) {
				e.Queue, e.CallID, e.Agent, e.Wait, e.Talk, e.Position, e.EndedBy = "sales", "c1", "Ann", 12*s, 300*s, 2, "caller"
			}, CallCompleted, "COMPLETECALLER", 0, 0},
		{"COMPLETEAGENT", "1700000000|c1|sales|Ann|COMPLETEAGENT|5|104|1",
			func(e *Event) {
				e.Queue, e.CallID, e.Agent, e.Wait, e.Talk, e.Position, e.EndedBy = "sales", "c1", "Ann", 5*s, 104*s, 1, "agent"
			}, CallCompleted, "COMPLETEAGENT", 0, 0},
		{"ABANDON", "1700000000|c1|sales|NONE|ABANDON|3|1|45",
			func(e *Event) { e.Queue, e.CallID, e.Position, e.Wait = "sales", "c1", 3, 45*s },
			CallAbandoned, "ABANDON", 0, 0},
		{"ABANDON as the agent answered (member name)", "1700000000|c1|sales|Ann|ABANDON|1|1|8",
			func(e *Event) { e.Queue, e.CallID, e.Agent, e.Position, e.Wait = "sales", "c1", "Ann", 1, 8*s },
			CallAbandoned, "ABANDON", 0, 0},
		{"ABANDON empty waittime", "1700000000|c1|sales|NONE|ABANDON|1|1|",
			func(e *Event) { e.Queue, e.CallID, e.Position = "sales", "c1", 1 },
			CallAbandoned, "ABANDON", 0, 0},
		{"EXITWITHTIMEOUT position only", "1700000000|c1|sales|NONE|EXITWITHTIMEOUT|2",
			func(e *Event) { e.Queue, e.CallID, e.Position, e.Exit = "sales", "c1", 2, ExitTimeout },
			CallExited, "EXITWITHTIMEOUT", 0, 0},
		{"EXITWITHTIMEOUT 3 fields", "1700000000|c1|sales|NONE|EXITWITHTIMEOUT|1|1|60",
			func(e *Event) { e.Queue, e.CallID, e.Position, e.Wait, e.Exit = "sales", "c1", 1, 60*s, ExitTimeout },
			CallExited, "EXITWITHTIMEOUT", 0, 0},
		{"EXITEMPTY", "1700000000|c1|sales|NONE|EXITEMPTY|1|2|30",
			func(e *Event) { e.Queue, e.CallID, e.Position, e.Wait, e.Exit = "sales", "c1", 1, 30*s, ExitEmpty },
			CallExited, "EXITEMPTY", 0, 0},
		{"EXITWITHKEY 4 fields", "1700000000|c1|sales|NONE|EXITWITHKEY|5|2|2|17",
			func(e *Event) {
				e.Queue, e.CallID, e.Key, e.Position, e.Wait, e.Exit = "sales", "c1", "5", 2, 17*s, ExitKey
			}, CallExited, "EXITWITHKEY", 0, 0},
		{"EXITWITHKEY 1.4 (key, position)", "1700000000|c1|sales|NONE|EXITWITHKEY|0|4",
			func(e *Event) { e.Queue, e.CallID, e.Key, e.Position, e.Exit = "sales", "c1", "0", 4, ExitKey },
			CallExited, "EXITWITHKEY", 0, 0},
		{"WITHDRAW", "1700000000|c1|sales|NONE|WITHDRAW|1|1|9|callback",
			func(e *Event) {
				e.Queue, e.CallID, e.Position, e.Wait, e.Exit, e.Reason = "sales", "c1", 1, 9*s, ExitWithdraw, "callback"
			}, CallExited, "WITHDRAW", 0, 0},
		{"RINGNOANSWER ms", "1700000000|c1|sales|PJSIP/400|RINGNOANSWER|15000",
			func(e *Event) { e.Queue, e.CallID, e.Agent, e.Ring = "sales", "c1", "PJSIP/400", 15*s },
			CallRingNoAnswer, "RINGNOANSWER", 0, 0},
		{"RINGCANCELED ms", "1700000000|c1|sales|PJSIP/400|RINGCANCELED|11193",
			func(e *Event) { e.Queue, e.CallID, e.Agent, e.Ring = "sales", "c1", "PJSIP/400", 11193*ms },
			CallRingCanceled, "RINGCANCELED", 0, 0},
		{"TRANSFER up to 11 (4 fields)", "1700000000|c1|sales|Ann|TRANSFER|8001|from-internal|10|120",
			func(e *Event) {
				e.Queue, e.CallID, e.Agent, e.Target, e.Wait, e.Talk = "sales", "c1", "Ann", "8001@from-internal", 10*s, 120*s
			}, CallTransferred, "TRANSFER", 0, 0},
		{"TRANSFER with origposition", "1700000000|c1|sales|Ann|TRANSFER|8001|from-internal|10|120|3",
			func(e *Event) {
				e.Queue, e.CallID, e.Agent, e.Target, e.Wait, e.Talk, e.Position = "sales", "c1", "Ann", "8001@from-internal", 10*s, 120*s, 3
			}, CallTransferred, "TRANSFER", 0, 0},
		{"BLINDTRANSFER", "1700000000|c1|sales|Ann|BLINDTRANSFER|8001|default|7|65|2",
			func(e *Event) {
				e.Queue, e.CallID, e.Agent, e.Target, e.Wait, e.Talk, e.Position = "sales", "c1", "Ann", "8001@default", 7*s, 65*s, 2
			}, CallTransferred, "BLINDTRANSFER", 0, 0},
		{"ATTENDEDTRANSFER BRIDGE (5 fields)", "1700000000|c1|sales|Ann|ATTENDEDTRANSFER|BRIDGE|9f2c|10|120|1",
			func(e *Event) {
				e.Queue, e.CallID, e.Agent, e.Target, e.Wait, e.Talk, e.Position = "sales", "c1", "Ann", "BRIDGE:9f2c", 10*s, 120*s, 1
			}, CallTransferred, "ATTENDEDTRANSFER", 0, 0},
		{"ATTENDEDTRANSFER APP", "1700000000|c1|sales|Ann|ATTENDEDTRANSFER|APP|VoiceMail|3|40|2",
			func(e *Event) {
				e.Queue, e.CallID, e.Agent, e.Target, e.Wait, e.Talk, e.Position = "sales", "c1", "Ann", "APP:VoiceMail", 3*s, 40*s, 2
			}, CallTransferred, "ATTENDEDTRANSFER", 0, 0},
		{"ATTENDEDTRANSFER LINK (6 fields)", "1700000000|c1|sales|Ann|ATTENDEDTRANSFER|LINK|SIP/1-01|SIP/2-02|10|120|1",
			func(e *Event) {
				e.Queue, e.CallID, e.Agent, e.Target, e.Wait, e.Talk, e.Position = "sales", "c1", "Ann", "LINK:SIP/1-01|SIP/2-02", 10*s, 120*s, 1
			}, CallTransferred, "ATTENDEDTRANSFER", 0, 0},
		{"ADDMEMBER from MANAGER", "1700000000|MANAGER|sales|SIP/1001|ADDMEMBER|",
			func(e *Event) { e.Queue, e.Agent = "sales", "SIP/1001" },
			AgentLogin, "ADDMEMBER", 0, 0},
		{"ADDMEMBER PAUSED from REALTIME", "1700000000|REALTIME|sales|SIP/1001|ADDMEMBER|PAUSED",
			func(e *Event) { e.Queue, e.Agent, e.Paused = "sales", "SIP/1001", true },
			AgentLogin, "ADDMEMBER", 0, 0},
		{"REMOVEMEMBER from CLI", "1700000000|CLI|sales|SIP/1001|REMOVEMEMBER|",
			func(e *Event) { e.Queue, e.Agent = "sales", "SIP/1001" },
			AgentLogout, "REMOVEMEMBER", 0, 0},
		{"AGENTLOGIN", "1700000000|NONE|NONE|Agent/1001|AGENTLOGIN|SIP/1001-00000001",
			func(e *Event) { e.Agent = "Agent/1001" }, AgentLogin, "AGENTLOGIN", 0, 0},
		{"AGENTCALLBACKLOGIN", "1700000000|NONE|NONE|Agent/1001|AGENTCALLBACKLOGIN|1001@from-internal",
			func(e *Event) { e.Agent = "Agent/1001" }, AgentLogin, "AGENTCALLBACKLOGIN", 0, 0},
		{"AGENTLOGOFF", "1700000000|NONE|NONE|Agent/1001|AGENTLOGOFF|SIP/1001-00000001|3600",
			func(e *Event) { e.Agent = "Agent/1001" }, AgentLogout, "AGENTLOGOFF", 0, 0},
		{"AGENTCALLBACKLOGOFF", "1700000000|NONE|NONE|Agent/1001|AGENTCALLBACKLOGOFF|1001@from-internal|3600|CommandLogoff",
			func(e *Event) { e.Agent = "Agent/1001" }, AgentLogout, "AGENTCALLBACKLOGOFF", 0, 0},
		{"PAUSE with reason", "1700000000|NONE|sales|Ann|PAUSE|Lunch",
			func(e *Event) { e.Queue, e.Agent, e.Reason = "sales", "Ann", "Lunch" },
			AgentPaused, "PAUSE", 0, 0},
		{"PAUSE without reason", "1700000000|NONE|sales|Ann|PAUSE|",
			func(e *Event) { e.Queue, e.Agent = "sales", "Ann" }, AgentPaused, "PAUSE", 0, 0},
		{"PAUSEALL queue NONE", "1700000000|NONE|NONE|Ann|PAUSEALL|Auto-Pause",
			func(e *Event) { e.Agent, e.Reason = "Ann", "Auto-Pause" }, AgentPaused, "PAUSEALL", 0, 0},
		{"UNPAUSE", "1700000000|NONE|sales|Ann|UNPAUSE|",
			func(e *Event) { e.Queue, e.Agent = "sales", "Ann" }, AgentUnpaused, "UNPAUSE", 0, 0},
		{"UNPAUSEALL", "1700000000|NONE|NONE|Ann|UNPAUSEALL|",
			func(e *Event) { e.Agent = "Ann" }, AgentUnpaused, "UNPAUSEALL", 0, 0},
		{"QUEUESTART", "1700000000|NONE|NONE|NONE|QUEUESTART|", func(*Event) {}, SystemStart, "QUEUESTART", 0, 0},
		{"SURVEY all answers", "1700000000|c1|sales|Ann|SURVEY|4|9|yes",
			func(e *Event) {
				e.Queue, e.CallID, e.Agent, e.CSAT, e.NPS, e.Resolved = "sales", "c1", "Ann", 4, 9, 1
			}, Survey, "SURVEY", 0, 0},
		{"SURVEY none given", "1700000000|c1|sales|Ann|SURVEY|||",
			func(e *Event) { e.Queue, e.CallID, e.Agent = "sales", "c1", "Ann" }, Survey, "SURVEY", 0, 0},
		{"SURVEY csat and FALSE", "1700000000|c1|sales|Ann|SURVEY|5||FALSE",
			func(e *Event) { e.Queue, e.CallID, e.Agent, e.CSAT, e.Resolved = "sales", "c1", "Ann", 5, 0 },
			Survey, "SURVEY", 0, 0},
		{"SURVEY nps 0 and true", "1700000000|c1|sales|Ann|SURVEY||0|True",
			func(e *Event) { e.Queue, e.CallID, e.Agent, e.NPS, e.Resolved = "sales", "c1", "Ann", 0, 1 },
			Survey, "SURVEY", 0, 0},
		{"SURVEY out of range", "1700000000|c1|sales|Ann|SURVEY|7|11|maybe",
			func(e *Event) { e.Queue, e.CallID, e.Agent = "sales", "c1", "Ann" }, Survey, "SURVEY", 1, 0},
		{"SURVEY csat 0 is out of range", "1700000000|c1|sales|Ann|SURVEY|0|10|no",
			func(e *Event) { e.Queue, e.CallID, e.Agent, e.NPS, e.Resolved = "sales", "c1", "Ann", 10, 0 },
			Survey, "SURVEY", 1, 0},
		{"CONFIGRELOAD", "1700000000|NONE|NONE|NONE|CONFIGRELOAD|", func(*Event) {}, Info, "CONFIGRELOAD", 0, 0},
		{"DID", "1700000000|c1|sales|NONE|DID|5551234",
			func(e *Event) { e.Queue, e.CallID = "sales", "c1" }, Info, "DID", 0, 0},
		{"PENALTY", "1700000000|REALTIME|sales|SIP/1001|PENALTY|2",
			func(e *Event) { e.Queue, e.Agent = "sales", "SIP/1001" }, Info, "PENALTY", 0, 0},
		{"RINGINUSE", "1700000000|NONE|sales|SIP/1001|RINGINUSE|1",
			func(e *Event) { e.Queue, e.Agent = "sales", "SIP/1001" }, Info, "RINGINUSE", 0, 0},
		{"AGENTDUMP", "1700000000|c1|sales|Ann|AGENTDUMP|",
			func(e *Event) { e.Queue, e.CallID, e.Agent = "sales", "c1", "Ann" }, Info, "AGENTDUMP", 0, 0},
		{"SYSCOMPAT", "1700000000|c1|sales|Ann|SYSCOMPAT|",
			func(e *Event) { e.Queue, e.CallID, e.Agent = "sales", "c1", "Ann" }, Info, "SYSCOMPAT", 0, 0},
		{"OUTCALL", "1700000000|c1|sales|Ann|OUTCALL|ANSWER|30|x",
			func(e *Event) { e.Queue, e.CallID, e.Agent = "sales", "c1", "Ann" }, Info, "OUTCALL", 0, 0},
		{"unknown verb kept", "1700000000|c1|sales|NONE|WRAPUPSTART|30",
			func(e *Event) { e.Queue, e.CallID = "sales", "c1" }, Unknown, "WRAPUPSTART", 0, 1},
		{"lower-case verb is unknown", "1700000000|c1|sales|NONE|connect|1|c2|1",
			func(e *Event) { e.Queue, e.CallID = "sales", "c1" }, Unknown, "connect", 0, 1},
		{"no data, no trailing pipe", "1700000000|NONE|NONE|NONE|QUEUESTART", func(*Event) {}, SystemStart, "QUEUESTART", 0, 0},
		{"epoch zero", "0|NONE|NONE|NONE|QUEUESTART|",
			func(e *Event) { e.Time = time.Unix(0, 0) }, SystemStart, "QUEUESTART", 0, 0},
		{"huge duration is not a number", "1700000000|c1|sales|Ann|CONNECT|99999999999999999999|c2|1",
			func(e *Event) { e.Queue, e.CallID, e.Agent, e.Ring = "sales", "c1", "Ann", 1*s },
			CallAnswered, "CONNECT", 1, 0},
		{"position with sign is not a number", "1700000000|c1|sales|NONE|ABANDON|+1|1|5",
			func(e *Event) { e.Queue, e.CallID, e.Wait = "sales", "c1", 5*s },
			CallAbandoned, "ABANDON", 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, st := decodeOne(t, tt.line)
			want := base(tt.kind, tt.verb)
			tt.want(&want)
			if !got.Time.Equal(want.Time) {
				t.Errorf("Time = %v, want %v", got.Time, want.Time)
			}
			got.Time, want.Time = time.Time{}, time.Time{}
			if got != want {
				t.Errorf("\n got %+v\nwant %+v", got, want)
			}
			if n := st.Problems[ProblemBadNumber].Count; n != tt.badNum {
				t.Errorf("bad numbers = %d, want %d", n, tt.badNum)
			}
			if st.UnknownTotal != tt.unknown {
				t.Errorf("unknown = %d, want %d", st.UnknownTotal, tt.unknown)
			}
			if st.Lines != 1 || st.Events != 1 {
				t.Errorf("Lines, Events = %d, %d; want 1, 1", st.Lines, st.Events)
			}
		})
	}
}

// TestVerbTable checks that lookupVerb and the spec table agree, so a verb
// added to one is not forgotten in the other.
func TestVerbTable(t *testing.T) {
	for id := vUnknown + 1; id < numVerbs; id++ {
		name := verbSpecs[id].name
		if got := lookupVerb([]byte(name)); got != id {
			t.Errorf("lookupVerb(%q) = %d, want %d", name, got, id)
		}
	}
	if got := lookupVerb([]byte("NOSUCHVERB")); got != vUnknown {
		t.Errorf("lookupVerb(NOSUCHVERB) = %d, want vUnknown", got)
	}
}

// TestCallIDForgotten: a call id is interned at ENTERQUEUE, reused by
// CONNECT, and dropped from the table at the terminal COMPLETECALLER.
func TestCallIDForgotten(t *testing.T) {
	in := "1700000000|c1|sales|NONE|ENTERQUEUE||1001|1\n" +
		"1700000005|c1|sales|Ann|CONNECT|5|c2|2\n" +
		"1700000065|c1|sales|Ann|COMPLETECALLER|5|60|1\n"
	d := NewQueueLog(strings.NewReader(in), "t")
	var ev Event
	var ids []string
	sizes := []int{}
	for d.Next(&ev) {
		ids = append(ids, ev.CallID)
		sizes = append(sizes, d.vd.calls.len())
	}
	// After ENTERQUEUE and CONNECT the table holds c1; after COMPLETECALLER nothing.
	if want := []int{1, 1, 0}; len(sizes) != 3 || sizes[0] != want[0] || sizes[1] != want[1] || sizes[2] != want[2] {
		t.Fatalf("call table sizes = %v, want %v", sizes, want)
	}
	if unsafe.StringData(ids[0]) != unsafe.StringData(ids[1]) {
		t.Errorf("CONNECT did not reuse the interned call id")
	}
}

func TestInternerBound(t *testing.T) {
	in := newInterner(3)
	a := in.get([]byte("a"))
	if in.get([]byte("a")) != a || in.len() != 1 {
		t.Fatalf("repeat lookup grew the table to %d", in.len())
	}
	in.get([]byte("b"))
	in.get([]byte("c"))
	if in.len() != 3 {
		t.Fatalf("len = %d, want 3", in.len())
	}
	// The fourth distinct name finds the table full: it is emptied, then
	// holds just "d".
	if got := in.get([]byte("d")); got != "d" || in.len() != 1 {
		t.Fatalf("after overflow: got %q, len %d; want \"d\", 1", got, in.len())
	}
	if in.get(nil) != "" || in.len() != 1 {
		t.Fatalf("empty input must not be stored")
	}
}
