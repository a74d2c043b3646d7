package kpi

import (
	"time"

	"github.com/callfloor/wallboard/feed"
)

// DefaultAbandonedKeep is how many abandoned callers the state remembers
// for the call-back list: a day's worth on a busy floor, bounded.
const DefaultAbandonedKeep = 500

// AbandonedCall is one caller who hung up while waiting: the call-back list.
type AbandonedCall struct {
	Queue      string
	CallID     string
	Caller     string // "" when the entry line was not seen or had no number
	CallerName string
	Time       time.Time     // when the caller hung up
	Wait       time.Duration // how long they waited; see WaitKnown
	WaitKnown  bool
	Short      bool // a short abandon (wait < the queue's S): often a misdial
	// Returned is true when the same number has entered a queue again
	// since: that caller needs no call-back.
	Returned bool
}

// callerSeen is the last entry of a caller number, for repeat calls.
type callerSeen struct {
	at     time.Time
	callID string
}

// quality is the state behind repeat calls, per-queue agent time,
// staffing rates and the abandoned list. It hangs off State so that the
// lead's State keeps one pointer for all of it.
type quality struct {
	callers  callerTable              // caller number → last entry, pruned by the repeat window (callers.go)
	pruned   time.Time                // when callers was last pruned
	perAgent map[string]*agentQuality // agent identity → its latest call's queue and day time
	rates    map[string]*rateWindow
	first    time.Time // first event seen: the rate window never reaches before it

	abandoned []AbandonedCall // ring: oldest at head when full
	head      int
	keep      int // ring size; <= 0 keeps every one
	// returns follows, for each number with an abandoned call in the
	// ring, its latest entry: whether a caller "called again" must not
	// depend on the repeat-call memory, which forgets a number after the
	// repeat window (a report over a month reads the flags at its end).
	// Bounded by the ring.
	returns map[string]*returnWatch
}

// returnWatch is one number's latest entry since it was first listed as
// abandoned, and how many of its abandoned calls the ring holds.
type returnWatch struct {
	last  callerSeen // zero until the number enters a queue again
	calls int
}

func (s *State) qual() *quality {
	if s.q == nil {
		s.q = &quality{
			callers:  newCallerTable(),
			perAgent: make(map[string]*agentQuality),
			rates:    make(map[string]*rateWindow),
			keep:     DefaultAbandonedKeep,
			returns:  make(map[string]*returnWatch),
		}
	}
	return s.q
}

// repeatWindow is W of the repeat-call rate.
func (s *State) repeatWindow() time.Duration {
	if s.cfg.RepeatWindow > 0 {
		return s.cfg.RepeatWindow
	}
	return DefaultRepeatWindow
}

// SetAbandonedLimit sets how many abandoned callers are kept (the newest
// win); n <= 0 keeps all of them, which only a report over fixed files
// should do. Calls already kept beyond a smaller limit are dropped.
func (s *State) SetAbandonedLimit(n int) {
	q := s.qual()
	all := q.abandonedInOrder()
	if n > 0 && len(all) > n {
		all = all[len(all)-n:]
	}
	q.abandoned, q.head, q.keep = all, 0, n
	kept := make(map[string]*returnWatch, len(q.returns))
	for _, c := range all {
		if w := q.returns[c.Caller]; w != nil {
			if kept[c.Caller] == nil {
				kept[c.Caller] = &returnWatch{last: w.last}
			}
			kept[c.Caller].calls++
		}
	}
	q.returns = kept
}

// AbandonedCalls returns the abandoned callers kept, oldest first, with
// Returned filled in from the callers seen since.
func (s *State) AbandonedCalls() []AbandonedCall {
	q := s.qual()
	out := q.abandonedInOrder()
	for i := range out {
		q.markReturned(&out[i])
	}
	return out
}

func (q *quality) abandonedInOrder() []AbandonedCall {
	out := make([]AbandonedCall, 0, len(q.abandoned))
	out = append(out, q.abandoned[q.head:]...)
	return append(out, q.abandoned[:q.head]...)
}

func (q *quality) markReturned(c *AbandonedCall) {
	if w := q.returns[c.Caller]; w != nil && w.last.at.After(c.Time) && w.last.callID != c.CallID {
		c.Returned = true
	}
}

// remember lists an abandoned call, dropping the oldest when the ring is
// full, and watches its number for a return.
func (q *quality) remember(c AbandonedCall) {
	if knownNumber(c.Caller) {
		w := q.returns[c.Caller]
		if w == nil {
			w = &returnWatch{}
			q.returns[c.Caller] = w
		}
		w.calls++
	}
	if q.keep <= 0 || len(q.abandoned) < q.keep {
		q.abandoned = append(q.abandoned, c)
		return
	}
	if w := q.returns[q.abandoned[q.head].Caller]; w != nil {
		if w.calls--; w.calls <= 0 {
			delete(q.returns, q.abandoned[q.head].Caller)
		}
	}
	q.abandoned[q.head] = c
	q.head = (q.head + 1) % len(q.abandoned)
}

// entered notes a known number's entry into a queue for the abandoned
// calls it may answer (see returns).
func (q *quality) entered(ev *feed.Event) {
	if w := q.returns[ev.Caller]; w != nil && !ev.Time.Before(w.last.at) {
		w.last = callerSeen{at: ev.Time, callID: ev.CallID}
	}
}

// observe is Apply's hook for the quality figures. It runs before Apply's
// own switch, so the waiting and active call records it reads are still
// there.
func (s *State) observe(ev *feed.Event, agentID string) {
	q := s.qual()
	t := ev.Time
	if q.first.IsZero() || t.Before(q.first) {
		q.first = t
	}
	switch ev.Kind {
	case feed.CallEnqueued:
		if !s.cfg.ReportOnly {
			s.rate(ev.Queue).at(t).offered++
		}
		s.repeat(ev)
	case feed.CallAnswered:
		if agentID != "" && ev.Queue != "" {
			// Close the agent's time so far under the previous call's
			// queue before the new call re-labels it.
			if a := s.findAgent(agentID); a != nil {
				s.account(a, t)
			}
			aq := s.agentQual(agentID, s.findAgent(agentID))
			aq.lastQueue, aq.lastQS = ev.Queue, s.queueOf(ev.Queue)
		}
	case feed.AgentLogin, feed.AgentLogout, feed.AgentPaused, feed.AgentUnpaused, feed.AgentStateChange:
		// The event changes the agent's queues or pauses: close the time
		// so far under the memberships it was spent in.
		if a := s.findAgent(agentID); a != nil && agentID != "" {
			s.account(a, t)
		}
	case feed.CallCompleted, feed.CallTransferred:
		if !s.cfg.ReportOnly {
			b := s.rate(ev.Queue).at(t)
			b.completed++
			b.handle += s.handleOf(ev)
		}
	case feed.CallAbandoned:
		if s.cfg.NoAbandonedList {
			break
		}
		c := AbandonedCall{Queue: ev.Queue, CallID: ev.CallID, Caller: ev.Caller, CallerName: ev.CallerName, Time: t}
		if w, ok := s.calls.waitingCall(callKey{ev.CallID, ev.Queue}); ok && ev.CallID != "" {
			if c.Caller == "" {
				c.Caller, c.CallerName = w.Caller, w.CallerName
			}
		}
		c.Wait, c.WaitKnown = s.waitOf(ev)
		c.Short = c.WaitKnown && c.Wait < s.queueOf(ev.Queue).rules.ShortAbandon
		q.remember(c)
	case feed.Survey:
		s.survey(ev)
	}
}

// agentQuality is what the quality figures keep per agent identity. It
// is keyed by identity, not kept in agent, because agent records merge and
// change identity (mergeAgent) while these figures stay with the identity
// they were counted under; an agent caches a pointer to its own.
type agentQuality struct {
	lastQueue string        // queue of the agent's latest call, for busy and wrap-up time
	lastQS    *queueState   // lastQueue's record
	day       *agentDayTime // today's handle and available time; nil before any
}

// agentQual returns the record of identity id, creating it; a is the
// agent with that identity (nil when none yet), whose cache it fills.
func (s *State) agentQual(id string, a *agent) *agentQuality {
	if a != nil && a.aq != nil && a.aqID == id {
		return a.aq
	}
	q := s.qual()
	aq := q.perAgent[id]
	if aq == nil {
		aq = &agentQuality{}
		q.perAgent[id] = aq
	}
	if a != nil && a.id == id {
		a.aq, a.aqID = aq, id
	}
	return aq
}

// handleOf is the handle time a completion adds to the queue's counters
// (talk, hold where reported apart, wrap-up reported or configured): the
// same sum as State.completed, read before that forgets the call.
func (s *State) handleOf(ev *feed.Event) time.Duration {
	talk := ev.Talk
	if ac := s.calls.activeCall(callKey{ev.CallID, ev.Queue}); talk < 0 && ac != nil {
		talk = max(0, ev.Time.Sub(ac.answered))
	}
	wrap := ev.Wrap
	if wrap < 0 {
		wrap = s.queueOf(ev.Queue).rules.Wrapup
	}
	return max(0, talk) + max(0, ev.Hold) + wrap
}

// repeat counts the entry in the repeat-call rate: the verdict of
// judgeRepeat, or the one MarkRepeats stored when the state is fed by
// ApplyMarked.
func (s *State) repeat(ev *feed.Event) {
	m := s.mark
	if !s.marked {
		m = s.judgeRepeat(ev)
	}
	if m&markKnown == 0 {
		return
	}
	if !s.cfg.NoAbandonedList {
		s.q.entered(ev)
	}
	c := s.counters(ev.Queue, ev.Time)
	c.KnownCallers++
	if m&markRepeat != 0 {
		c.Repeats++
	}
}

// judgeRepeat says whether the entry has a known number and is a repeat,
// and remembers the caller. The memory holds one entry per number seen in
// the window and is pruned once per 1/24 of the window, so it follows the
// window. It touches nothing but q.callers and q.pruned (see MarkRepeats).
func (s *State) judgeRepeat(ev *feed.Event) repeatMark {
	if !knownNumber(ev.Caller) {
		return 0
	}
	q, t, w := s.q, ev.Time, s.repeatWindow()
	m := markKnown
	prev, seen := q.callers.lookup(ev.Caller)
	overflow := seen && ev.CallID != "" && q.callers.isCall(&prev, ev.CallID)
	if seen && !overflow && t.Sub(prev.at) <= w && !t.Before(prev.at) {
		m |= markRepeat
	}
	if !seen || !t.Before(prev.at) {
		q.callers.put(ev.Caller, t, ev.CallID)
	}
	if t.Sub(q.pruned) >= w/24 {
		q.pruned = t
		q.callers.prune(t, w)
	}
	return m
}

// survey counts one post-call survey in its queue's interval. A survey
// line that names no queue cannot be attributed and is not counted.
func (s *State) survey(ev *feed.Event) {
	if ev.Queue == "" || (ev.CSAT < 0 && ev.NPS < 0 && ev.Resolved < 0) {
		return
	}
	c := s.counters(ev.Queue, ev.Time)
	c.SurveyResponses++
	if ev.CSAT >= 1 && ev.CSAT <= 5 {
		c.CSATResponses++
		if ev.CSAT >= 4 {
			c.CSATSatisfied++
		}
	}
	if ev.NPS >= 0 && ev.NPS <= 10 {
		c.NPSResponses++
		switch {
		case ev.NPS >= 9:
			c.NPSPromoters++
		case ev.NPS <= 6:
			c.NPSDetractors++
		}
	}
	if ev.Resolved == 0 || ev.Resolved == 1 {
		c.ResolvedResponses++
		c.Resolved += int(ev.Resolved)
	}
}

// accountQueues attributes the agent's time in its current status over
// [from, to) to queues, split at interval boundaries: busy and wrap-up time
// to the queue of the agent's latest call; available time shared equally
// by the queues the agent is a member of and not paused in (so that the
// queues' times add up to the agent's, never counting a second twice).
// The ring of an unanswered call counts as available, as for agents.
func (s *State) accountQueues(a *agent, from, to time.Time) {
	st := a.status
	if st == feed.StatusLoggedOut || st == feed.StatusPaused || !to.After(from) {
		return
	}
	for from.Before(to) {
		_, end := s.bucket(from)
		upto := to
		if end.Before(upto) {
			upto = end
		}
		s.addAgentTime(a, st, from, upto.Sub(from), func(qs *queueState, at time.Time, kind feed.Status, d time.Duration) {
			addTime(&s.rowOf(qs, at).AgentTime, kind, d)
		})
		if !s.cfg.ReportOnly {
			s.addAgentDay(a, st, from, upto.Sub(from))
		}
		from = upto
	}
}

// addAgentTime hands d of status st at time at (all within one interval)
// to fn per queue, by the attribution rule of accountQueues.
func (s *State) addAgentTime(a *agent, st feed.Status, at time.Time, d time.Duration, fn func(qs *queueState, at time.Time, kind feed.Status, d time.Duration)) {
	switch st {
	case feed.StatusBusy, feed.StatusWrapup:
		aq := s.agentQual(a.id, a)
		switch {
		case aq.lastQueue != "":
			fn(aq.lastQS, at, st, d)
		case a.callQueue != "":
			fn(s.queueOf(a.callQueue), at, st, d)
		}
	case feed.StatusAvailable, feed.StatusRinging:
		n, first := 0, ""
		for _, m := range a.members {
			if !m.paused {
				n++
				if first == "" || m.queue < first {
					first = m.queue
				}
			}
		}
		if n == 0 {
			return
		}
		share := d / time.Duration(n)
		rem := d - share*time.Duration(n)
		for i := range a.members {
			m := &a.members[i]
			if m.paused {
				continue
			}
			if m.qs == nil {
				m.qs = s.queueOf(m.queue)
			}
			if m.queue == first {
				fn(m.qs, at, feed.StatusAvailable, share+rem)
			} else {
				fn(m.qs, at, feed.StatusAvailable, share)
			}
		}
	}
}

func addTime(t *AgentTime, kind feed.Status, d time.Duration) {
	switch kind {
	case feed.StatusBusy:
		t.AgentBusy += d
	case feed.StatusWrapup:
		t.AgentWrapup += d
	case feed.StatusAvailable, feed.StatusRinging:
		t.AgentAvailable += d
	}
}
