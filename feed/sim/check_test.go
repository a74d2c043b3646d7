package sim

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// checker replays an event stream and checks, from the events alone, the
// properties any real call centre's log has: time order, calls entering
// before they end, waits that add up, agents on one call at a time and only
// in queues they are logged into and not paused in. It also accumulates
// the figures the plausibility tests look at. It does not look inside the
// simulator: only the configured wrap-up times (which events cannot carry)
// come from it.
type checker struct {
	t      testing.TB
	wrap   map[string]time.Duration
	last   time.Time
	ids    map[string]bool       // every CallID ever enqueued
	open   map[string]*openCall  // CallID -> call not yet ended
	queued map[string][]string   // queue -> unanswered CallIDs in entry order
	agents map[string]*agentLine // agent id -> state rebuilt from events
	fails  int

	counts map[feed.Kind]int
	tot    tally
	slot   map[int64]*tally // per 30-minute slot (unix seconds / 1800)

	handle, idle         time.Duration // agent time, for occupancy
	coreFrom, coreTo     time.Time     // core hours, for occupancy while the floor is staffed
	coreHandle, coreIdle time.Duration
	firstAt              time.Time // time of the first event
	lastLogin            time.Time // time of the last agent login
}

// tally is a KPI-style count over an interval.
type tally struct {
	offered, answered, inSL, abandoned, short, exited int
}

type openCall struct {
	queue    string
	entry    time.Time
	answered bool
	agent    string
	answerAt time.Time
}

type agentLine struct {
	queues map[string]bool
	paused map[string]bool
	call   string    // CallID of the call in progress, "" if none
	freeAt time.Time // end of the last call plus the queue's wrap-up
	mark   time.Time // time accounted up to
}

func newChecker(t testing.TB, s *Sim) *checker {
	c := &checker{
		t: t, wrap: map[string]time.Duration{},
		ids: map[string]bool{}, open: map[string]*openCall{}, queued: map[string][]string{},
		agents: map[string]*agentLine{}, counts: map[feed.Kind]int{}, slot: map[int64]*tally{},
	}
	for _, q := range s.Queues() {
		w, ok := s.WrapUp(q)
		if !ok {
			t.Fatalf("WrapUp(%q) unknown for a listed queue", q)
		}
		c.wrap[q] = w
	}
	return c
}

func (c *checker) failf(ev *feed.Event, format string, args ...any) {
	c.t.Helper()
	c.fails++
	if c.fails <= 10 {
		c.t.Errorf("%s %s %s call %s agent %s: %s", ev.Time.Format("15:04:05.000"), ev.Kind, ev.Queue,
			ev.CallID, ev.Agent, fmt.Sprintf(format, args...))
	}
}

var callerRE = regexp.MustCompile(`^\+[1-9][0-9]{7,14}$`)
var callIDRE = regexp.MustCompile(`^[0-9]{9,11}\.[0-9]+$`)

// verbs maps each kind to the queue_log verbs it may carry.
var verbs = map[feed.Kind]string{
	feed.CallEnqueued: "ENTERQUEUE", feed.CallAnswered: "CONNECT",
	feed.CallCompleted: "COMPLETECALLER COMPLETEAGENT", feed.CallTransferred: "BLINDTRANSFER",
	feed.CallAbandoned: "ABANDON", feed.CallExited: "EXITWITHTIMEOUT EXITWITHKEY",
	feed.CallRingNoAnswer: "RINGNOANSWER", feed.CallRingCanceled: "RINGCANCELED",
	feed.AgentLogin: "ADDMEMBER", feed.AgentLogout: "REMOVEMEMBER",
	feed.AgentPaused: "PAUSE", feed.AgentUnpaused: "UNPAUSE",
}

func (c *checker) add(ev *feed.Event) {
	c.t.Helper()
	if c.firstAt.IsZero() {
		c.firstAt = ev.Time
	}
	if ev.Time.Before(c.last) {
		c.failf(ev, "out of order: after %s", c.last.Format("15:04:05.000"))
	}
	c.last = ev.Time
	c.counts[ev.Kind]++
	if want, ok := verbs[ev.Kind]; !ok || !strings.Contains(" "+want+" ", " "+ev.Verb+" ") {
		c.failf(ev, "verb %q for kind %s", ev.Verb, ev.Kind)
	}
	if ev.Queue == "" {
		c.failf(ev, "no queue")
	}
	if _, ok := c.wrap[ev.Queue]; !ok {
		c.failf(ev, "queue %q not in Queues()", ev.Queue)
	}
	if ev.Hold != feed.NoDuration || ev.Wrap != feed.NoDuration || ev.CSAT != feed.NoScore {
		c.failf(ev, "hold/wrap/score set: %v %v %v", ev.Hold, ev.Wrap, ev.CSAT)
	}
	switch ev.Kind {
	case feed.AgentLogin, feed.AgentLogout, feed.AgentPaused, feed.AgentUnpaused:
		c.agentEvent(ev)
	default:
		c.callEvent(ev)
	}
}

func (c *checker) agent(ev *feed.Event) *agentLine {
	a := c.agents[ev.Agent]
	if a == nil {
		a = &agentLine{queues: map[string]bool{}, paused: map[string]bool{}, mark: ev.Time}
		c.agents[ev.Agent] = a
	}
	c.account(a, ev.Time)
	return a
}

// account adds the agent's time since its mark to handle (on a call or in
// wrap-up) or idle (logged in, not paused); paused and logged-out time
// count in neither, as docs/kpi.md defines occupancy.
func (c *checker) account(a *agentLine, now time.Time) {
	from := a.mark
	a.mark = now
	if !now.After(from) || len(a.queues) == 0 {
		return
	}
	if a.call != "" {
		c.span(from, now, true)
		return
	}
	allPaused := true
	for q := range a.queues {
		if !a.paused[q] {
			allPaused = false
		}
	}
	if allPaused {
		return
	}
	if from.Before(a.freeAt) {
		until := a.freeAt
		if now.Before(until) {
			until = now
		}
		c.span(from, until, true)
		from = until
	}
	c.span(from, now, false)
}

// span adds [from, to) of agent time to the day's totals and, clipped, to
// the core-hours totals.
func (c *checker) span(from, to time.Time, handle bool) {
	d := to.Sub(from)
	if from.Before(c.coreFrom) {
		from = c.coreFrom
	}
	if to.After(c.coreTo) {
		to = c.coreTo
	}
	core := max(to.Sub(from), 0)
	if handle {
		c.handle += d
		c.coreHandle += core
	} else {
		c.idle += d
		c.coreIdle += core
	}
}

// finish accounts every agent up to end.
func (c *checker) finish(end time.Time) {
	for _, a := range c.agents {
		c.account(a, end)
	}
}

func (c *checker) agentEvent(ev *feed.Event) {
	if ev.Agent == "" || ev.CallID != "" {
		c.failf(ev, "agent event needs an agent and no call id")
		return
	}
	if ev.Wait != feed.NoDuration || ev.Ring != feed.NoDuration || ev.Talk != feed.NoDuration {
		c.failf(ev, "durations on an agent event")
	}
	a := c.agent(ev)
	q := ev.Queue
	switch ev.Kind {
	case feed.AgentLogin:
		if ev.AgentName == "" {
			c.failf(ev, "login without a name")
		}
		if a.queues[q] {
			c.failf(ev, "logged in twice")
		}
		a.queues[q] = true
		c.lastLogin = ev.Time
	case feed.AgentLogout:
		if !a.queues[q] {
			c.failf(ev, "logout while not logged in")
		}
		if a.call != "" {
			c.failf(ev, "logout during call %s", a.call)
		}
		delete(a.queues, q)
		delete(a.paused, q)
	case feed.AgentPaused:
		if !a.queues[q] || a.paused[q] {
			c.failf(ev, "pause while logged in=%v paused=%v", a.queues[q], a.paused[q])
		}
		if a.call != "" {
			c.failf(ev, "paused during call %s", a.call)
		}
		if ev.Reason == "" {
			c.failf(ev, "pause without a reason")
		}
		a.paused[q] = true
	case feed.AgentUnpaused:
		if !a.paused[q] {
			c.failf(ev, "unpause while not paused")
		}
		delete(a.paused, q)
	}
}

func (c *checker) slotOf(t time.Time) *tally {
	k := t.Unix() / 1800
	s := c.slot[k]
	if s == nil {
		s = &tally{}
		c.slot[k] = s
	}
	return s
}

func (c *checker) callEvent(ev *feed.Event) {
	if !callIDRE.MatchString(ev.CallID) {
		c.failf(ev, "call id %q is not epoch.seq", ev.CallID)
		return
	}
	st := c.slotOf(ev.Time)
	if ev.Kind == feed.CallEnqueued {
		if c.ids[ev.CallID] {
			c.failf(ev, "call id reused")
		}
		c.ids[ev.CallID] = true
		if ev.Caller != "" && !callerRE.MatchString(ev.Caller) {
			c.failf(ev, "caller %q is not E.164", ev.Caller)
		}
		if ev.Wait != feed.NoDuration || ev.Ring != feed.NoDuration || ev.Talk != feed.NoDuration {
			c.failf(ev, "durations on enqueue")
		}
		// Position counts the calls still waiting (or ringing) in the queue.
		if want := len(c.queued[ev.Queue]) + 1; ev.Position != want {
			c.failf(ev, "entry position %d, %d calls already waiting", ev.Position, want-1)
		}
		c.open[ev.CallID] = &openCall{queue: ev.Queue, entry: ev.Time}
		c.queued[ev.Queue] = append(c.queued[ev.Queue], ev.CallID)
		c.tot.offered++
		st.offered++
		return
	}
	oc := c.open[ev.CallID]
	if oc == nil {
		c.failf(ev, "no earlier call.enqueued for this call (or it already ended)")
		return
	}
	if oc.queue != ev.Queue {
		c.failf(ev, "call entered queue %s", oc.queue)
	}
	switch ev.Kind {
	case feed.CallAnswered, feed.CallRingNoAnswer, feed.CallRingCanceled:
		if oc.answered {
			c.failf(ev, "already answered")
			return
		}
		a := c.agent(ev)
		if !a.queues[ev.Queue] {
			c.failf(ev, "agent not logged into the queue")
		}
		if a.paused[ev.Queue] {
			c.failf(ev, "agent paused in the queue")
		}
		if a.call != "" {
			c.failf(ev, "agent already on call %s", a.call)
		}
		if ev.Ring < 0 || ev.Ring > 15*time.Second {
			c.failf(ev, "ring %v outside [0, 15 s]", ev.Ring)
		}
		if rs := ev.Time.Add(-ev.Ring); rs.Before(a.freeAt) || rs.Before(oc.entry) {
			c.failf(ev, "ringing from %s: before the agent was free (%s) or the call entered",
				rs.Format("15:04:05.000"), a.freeAt.Format("15:04:05.000"))
		}
		if ev.Kind != feed.CallAnswered {
			return
		}
		if want := ev.Time.Sub(oc.entry); ev.Wait != want {
			c.failf(ev, "wait %v, answer − entry = %v", ev.Wait, want)
		}
		if ev.Ring < 2*time.Second || ev.Ring > 10*time.Second {
			c.failf(ev, "answered after ringing %v, want 2–10 s", ev.Ring)
		}
		oc.answered, oc.agent, oc.answerAt = true, ev.Agent, ev.Time
		a.call = ev.CallID
		c.unqueue(ev)
		c.tot.answered++
		st.answered++
		if ev.Wait <= 20*time.Second {
			c.tot.inSL++
			st.inSL++
		}
	case feed.CallCompleted, feed.CallTransferred:
		if !oc.answered || oc.agent != ev.Agent {
			c.failf(ev, "ended by %s but answered=%v by %s", ev.Agent, oc.answered, oc.agent)
			return
		}
		a := c.agent(ev)
		if ev.Wait != oc.answerAt.Sub(oc.entry) || ev.Talk != ev.Time.Sub(oc.answerAt) {
			c.failf(ev, "wait %v talk %v do not match the answer", ev.Wait, ev.Talk)
		}
		if ev.Kind == feed.CallCompleted && ev.EndedBy != "caller" && ev.EndedBy != "agent" {
			c.failf(ev, "ended by %q", ev.EndedBy)
		}
		if ev.Kind == feed.CallTransferred && !strings.Contains(ev.Target, "@") {
			c.failf(ev, "target %q is not exten@context", ev.Target)
		}
		a.call = ""
		a.freeAt = ev.Time.Add(c.wrap[ev.Queue])
		delete(c.open, ev.CallID)
	case feed.CallAbandoned, feed.CallExited:
		if oc.answered {
			c.failf(ev, "abandoned after being answered")
			return
		}
		if want := ev.Time.Sub(oc.entry); ev.Wait != want {
			c.failf(ev, "wait %v, exit − entry = %v", ev.Wait, want)
		}
		if want := c.unqueue(ev); ev.Position != want {
			c.failf(ev, "position %d, want %d", ev.Position, want)
		}
		delete(c.open, ev.CallID)
		if ev.Kind == feed.CallAbandoned {
			c.tot.abandoned++
			st.abandoned++
			if ev.Wait < 5*time.Second {
				c.tot.short++
				st.short++
			}
		} else {
			c.tot.exited++
			st.exited++
			if ev.Exit != feed.ExitTimeout && !(ev.Exit == feed.ExitKey && ev.Key != "") {
				c.failf(ev, "exit reason %v key %q", ev.Exit, ev.Key)
			}
		}
	default:
		c.failf(ev, "unexpected kind")
	}
}

// unqueue removes the call from its queue's waiting list and returns the
// 1-based position it had.
func (c *checker) unqueue(ev *feed.Event) int {
	l := c.queued[ev.Queue]
	for i, id := range l {
		if id == ev.CallID {
			c.queued[ev.Queue] = append(l[:i], l[i+1:]...)
			return i + 1
		}
	}
	return 0
}

// occupancy is handle / (handle + idle) over everything seen.
func (c *checker) occupancy() float64 {
	return float64(c.handle) / float64(c.handle+c.idle)
}

// coreOccupancy is the occupancy within core hours.
func (c *checker) coreOccupancy() float64 {
	return float64(c.coreHandle) / float64(c.coreHandle+c.coreIdle)
}

// sl is the outcome service level of docs/kpi.md: answered within 20 s /
// (answered + abandoned − short + exited).
func (t tally) sl() float64 {
	d := t.answered + t.abandoned - t.short + t.exited
	if d == 0 {
		return 1
	}
	return float64(t.inSL) / float64(d)
}

// abandonRate: (abandoned − short) / (answered + abandoned − short + exited).
func (t tally) abandonRate() float64 {
	d := t.answered + t.abandoned - t.short + t.exited
	if d == 0 {
		return 0
	}
	return float64(t.abandoned-t.short) / float64(d)
}
