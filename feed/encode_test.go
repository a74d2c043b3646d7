package feed

import (
	"strings"
	"testing"
	"time"
)

func TestAppendQueueLog(t *testing.T) {
	const s = time.Second
	at := time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC) // = epoch 1700000000
	ev := func(kind Kind, f func(*Event)) Event {
		var e Event
		e.Reset()
		e.Time, e.Kind, e.Queue, e.CallID = at, kind, "sales", "c1"
		f(&e)
		return e
	}
	tests := []struct {
		name string
		ev   Event
		want string
	}{
		{"enqueued", ev(CallEnqueued, func(e *Event) { e.Caller, e.Position = "1001", 2 }),
			"1700000000|c1|sales|NONE|ENTERQUEUE||1001|2\n"},
		{"enqueued with name", ev(CallEnqueued, func(e *Event) { e.Caller, e.Position, e.CallerName = "1001", 1, "Ann" }),
			"1700000000|c1|sales|NONE|ENTERQUEUE||1001|1|Ann\n"},
		{"answered", ev(CallAnswered, func(e *Event) { e.Agent, e.Wait, e.Ring = "Ann", 12*s, 4*s }),
			"1700000000|c1|sales|Ann|CONNECT|12||4\n"},
		{"answered, ring unknown", ev(CallAnswered, func(e *Event) { e.Agent, e.Wait = "Ann", 1500*time.Millisecond }),
			"1700000000|c1|sales|Ann|CONNECT|1||\n"}, // 1.5 s written in whole seconds: 1
		{"completed by agent", ev(CallCompleted, func(e *Event) { e.Agent, e.Wait, e.Talk, e.Position, e.EndedBy = "Ann", 5*s, 104*s, 1, "agent" }),
			"1700000000|c1|sales|Ann|COMPLETEAGENT|5|104|1\n"},
		{"completed by caller", ev(CallCompleted, func(e *Event) { e.Agent, e.Wait, e.Talk, e.Position, e.EndedBy = "Ann", 5*s, 60*s, 1, "caller" }),
			"1700000000|c1|sales|Ann|COMPLETECALLER|5|60|1\n"},
		{"abandoned", ev(CallAbandoned, func(e *Event) { e.Position, e.Wait = 3, 45*s }),
			"1700000000|c1|sales|NONE|ABANDON|3|3|45\n"},
		{"exit timeout", ev(CallExited, func(e *Event) { e.Exit, e.Position, e.Wait = ExitTimeout, 1, 60*s }),
			"1700000000|c1|sales|NONE|EXITWITHTIMEOUT|1|1|60\n"},
		{"exit without reason is a timeout", ev(CallExited, func(e *Event) { e.Position, e.Wait = 1, 60*s }),
			"1700000000|c1|sales|NONE|EXITWITHTIMEOUT|1|1|60\n"},
		{"exit empty", ev(CallExited, func(e *Event) { e.Exit, e.Position, e.Wait = ExitEmpty, 2, 30*s }),
			"1700000000|c1|sales|NONE|EXITEMPTY|2|2|30\n"},
		{"exit key", ev(CallExited, func(e *Event) { e.Exit, e.Key, e.Position, e.Wait = ExitKey, "5", 2, 17*s }),
			"1700000000|c1|sales|NONE|EXITWITHKEY|5|2|2|17\n"},
		{"withdraw", ev(CallExited, func(e *Event) { e.Exit, e.Position, e.Wait, e.Reason = ExitWithdraw, 1, 9*s, "cb" }),
			"1700000000|c1|sales|NONE|WITHDRAW|1|1|9|cb\n"},
		{"ring no answer in ms", ev(CallRingNoAnswer, func(e *Event) { e.Agent, e.Ring = "PJSIP/400", 15*s }),
			"1700000000|c1|sales|PJSIP/400|RINGNOANSWER|15000\n"},
		{"ring canceled in ms", ev(CallRingCanceled, func(e *Event) { e.Agent, e.Ring = "PJSIP/400", 11193*time.Millisecond }),
			"1700000000|c1|sales|PJSIP/400|RINGCANCELED|11193\n"},
		{"blind transfer", ev(CallTransferred, func(e *Event) {
			e.Agent, e.Target, e.Wait, e.Talk, e.Position = "Ann", "8001@from-internal", 7*s, 65*s, 2
		}), "1700000000|c1|sales|Ann|BLINDTRANSFER|8001|from-internal|7|65|2\n"},
		{"old TRANSFER verb kept", ev(CallTransferred, func(e *Event) {
			e.Verb, e.Agent, e.Target, e.Wait, e.Talk, e.Position = "TRANSFER", "Ann", "8001@from-internal", 7*s, 65*s, 2
		}), "1700000000|c1|sales|Ann|TRANSFER|8001|from-internal|7|65|2\n"},
		{"attended LINK", ev(CallTransferred, func(e *Event) {
			e.Agent, e.Target, e.Wait, e.Talk, e.Position = "Ann", "LINK:SIP/1-01|SIP/2-02", 10*s, 120*s, 1
		}), "1700000000|c1|sales|Ann|ATTENDEDTRANSFER|LINK|SIP/1-01|SIP/2-02|10|120|1\n"},
		{"attended BRIDGE", ev(CallTransferred, func(e *Event) {
			e.Agent, e.Target, e.Wait, e.Talk, e.Position = "Ann", "BRIDGE:9f2c", 10*s, 120*s, 1
		}), "1700000000|c1|sales|Ann|ATTENDEDTRANSFER|BRIDGE|9f2c|10|120|1\n"},
		{"add member paused", ev(AgentLogin, func(e *Event) { e.CallID, e.Agent, e.Paused = "", "SIP/1001", true }),
			"1700000000|NONE|sales|SIP/1001|ADDMEMBER|PAUSED\n"},
		{"agent login, no queue", ev(AgentLogin, func(e *Event) { e.CallID, e.Queue, e.Agent = "", "", "Agent/1001" }),
			"1700000000|NONE|NONE|Agent/1001|AGENTLOGIN|\n"},
		{"remove member", ev(AgentLogout, func(e *Event) { e.CallID, e.Agent = "", "SIP/1001" }),
			"1700000000|NONE|sales|SIP/1001|REMOVEMEMBER|\n"},
		{"pause", ev(AgentPaused, func(e *Event) { e.CallID, e.Agent, e.Reason = "", "Ann", "Lunch" }),
			"1700000000|NONE|sales|Ann|PAUSE|Lunch\n"},
		{"pause all", ev(AgentPaused, func(e *Event) { e.CallID, e.Queue, e.Agent, e.Reason = "", "", "Ann", "Lunch" }),
			"1700000000|NONE|NONE|Ann|PAUSEALL|Lunch\n"},
		{"unpause", ev(AgentUnpaused, func(e *Event) { e.CallID, e.Agent = "", "Ann" }),
			"1700000000|NONE|sales|Ann|UNPAUSE|\n"},
		{"queue start", ev(SystemStart, func(e *Event) { e.CallID, e.Queue = "", "" }),
			"1700000000|NONE|NONE|NONE|QUEUESTART|\n"},
		{"survey", ev(Survey, func(e *Event) { e.Agent, e.CSAT, e.NPS, e.Resolved = "Ann", 4, 9, 1 }),
			"1700000000|c1|sales|Ann|SURVEY|4|9|1\n"},
		{"survey partly answered", ev(Survey, func(e *Event) { e.Agent, e.NPS = "Ann", 0 }),
			"1700000000|c1|sales|Ann|SURVEY||0|\n"},
		{"info keeps its verb", ev(Info, func(e *Event) { e.CallID, e.Queue, e.Verb = "", "", "CONFIGRELOAD" }),
			"1700000000|NONE|NONE|NONE|CONFIGRELOAD|\n"},
		{"unknown keeps its verb", ev(Unknown, func(e *Event) { e.Verb = "WRAPUPSTART" }),
			"1700000000|c1|sales|NONE|WRAPUPSTART|\n"},
		{"text cannot break the line", ev(CallEnqueued, func(e *Event) { e.Caller, e.CallerName, e.Position = "10|01", "A\nB\r\x00", 1 }),
			"1700000000|c1|sales|NONE|ENTERQUEUE||10 01|1|A B  \n"},
		{"agent state has no form", ev(AgentStateChange, func(e *Event) { e.Agent, e.Status = "Ann", StatusBusy }), ""},
		{"unknown without verb has no form", ev(Unknown, func(*Event) {}), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(AppendQueueLog([]byte("prev\n"), &tt.ev))
			if got != "prev\n"+tt.want {
				t.Errorf("\n got %q\nwant %q", got, "prev\n"+tt.want)
			}
		})
	}
}

// TestEncodeRoundTrip: every line the encoder writes for these events
// decodes to the event again (Verb aside, which the decoder fills in).
func TestEncodeRoundTrip(t *testing.T) {
	const s = time.Second
	var evs []Event
	add := func(kind Kind, f func(*Event)) {
		var e Event
		e.Reset()
		e.Time, e.Kind = time.Unix(1700000000, 0), kind
		f(&e)
		evs = append(evs, e)
	}
	add(CallEnqueued, func(e *Event) { e.Queue, e.CallID, e.Caller, e.Position, e.CallerName = "q", "c1", "1001", 2, "Ann" })
	add(CallAnswered, func(e *Event) { e.Queue, e.CallID, e.Agent, e.Wait, e.Ring = "q", "c1", "Ann", 12*s, 4*s })
	add(CallCompleted, func(e *Event) {
		e.Queue, e.CallID, e.Agent, e.Wait, e.Talk, e.Position, e.EndedBy = "q", "c1", "Ann", 1*s, 2*s, 3, "agent"
	})
	add(CallTransferred, func(e *Event) {
		e.Queue, e.CallID, e.Target, e.Wait, e.Talk, e.Position = "q", "c1", "x@y", 1*s, 2*s, 1
	})
	add(CallTransferred, func(e *Event) {
		e.Queue, e.CallID, e.Target, e.Wait, e.Talk, e.Position = "q", "c1", "APP:Dial", 1*s, 2*s, 1
	})
	add(CallAbandoned, func(e *Event) { e.Queue, e.CallID, e.Position, e.Wait = "q", "c1", 1, 8*s })
	add(CallExited, func(e *Event) { e.Queue, e.CallID, e.Position, e.Wait, e.Exit, e.Key = "q", "c1", 1, 8*s, ExitKey, "#" })
	add(CallRingNoAnswer, func(e *Event) { e.Queue, e.CallID, e.Agent, e.Ring = "q", "c1", "Ann", 2500*time.Millisecond })
	add(AgentLogin, func(e *Event) { e.Queue, e.Agent, e.Paused = "q", "SIP/1", true })
	add(AgentPaused, func(e *Event) { e.Agent, e.Reason = "Ann", "Break" })
	add(Survey, func(e *Event) { e.CSAT, e.Resolved = 5, 0 })
	var buf []byte
	for _, e := range evs {
		buf = AppendQueueLog(buf, &e)
	}
	d := NewQueueLog(strings.NewReader(string(buf)), "rt")
	for i, want := range evs {
		var got Event
		if !d.Next(&got) {
			t.Fatalf("event %d missing; log:\n%s", i, buf)
		}
		got.Verb = ""
		if got != want {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
	if !d.Stats().Clean() {
		t.Errorf("the encoder's output was not clean: %s", d.Stats().Summary())
	}
}
