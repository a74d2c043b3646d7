package kpi

import (
	"container/heap"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// Calls whose end we never saw (a lost line, a PBX crash without
// QUEUESTART) would otherwise wait on the board forever, their "longest
// wait" growing by the hour. No queue holds a caller this long.
const (
	staleWaiting = 6 * time.Hour
	staleActive  = 12 * time.Hour
)

type callKey struct{ id, queue string }

type bucketKey struct {
	queue string
	start int64
}

type row struct {
	start, end time.Time
	// startU and endU are start and end in Unix seconds. Interval bounds
	// are whole seconds, so t lies in [start, end) exactly when its Unix
	// second does, which the hot path tests without time.Time's calls.
	startU, endU int64
	c            Counters
}

func newRow(start, end time.Time) *row {
	return &row{start: start, end: end, startU: start.Unix(), endU: end.Unix()}
}

// State is the engine's whole memory: live state and interval counters.
// It is not safe for concurrent use: exactly one goroutine (the Engine's,
// a replay player's, or report's) owns a State and applies events to it;
// viewers only ever see Snapshots.
type State struct {
	cfg Config
	ids *identity

	queues map[string]struct{}
	rows   map[bucketKey]*row
	calls  callTable // waiting and answered calls (calls.go)
	agents map[string]*agent
	aRows  map[agentKey]*AgentRow
	wraps  wrapHeap

	// perQueue holds each queue's rules and current row (queueState);
	// lastQueue is the one found last, checked first: an event asks for
	// its queue several times, and names from the decoder are interned,
	// so the check is a pointer comparison.
	perQueue  map[string]*queueState
	lastQueue *queueState
	// recentQueues are queue names known to be in queues (noteQueue).
	recentQueues [4]string
	nextQueue    int
	lastAgent    *agent // the agent findAgent found last

	// While ApplyMarked applies an event, marked is set and mark holds
	// the event's repeat verdict from MarkRepeats.
	mark    repeatMark
	marked  bool
	scratch AgentRow // written and never read, under NoAgentRows

	q *quality // repeat calls, surveys, queue agent time, staffing rates, abandoned list (quality_state.go)

	// The bucket of the last event, cached: most events land in the same
	// interval as the one before, and Bucket does zone arithmetic.
	curStart, curEnd   time.Time
	curStartU, curEndU int64 // the same in Unix seconds (see row)
	pruneDay           time.Time
	pruneDayEnd        time.Time // end of pruneDay: a later event prunes again

	latest  time.Time
	events  uint64
	version uint64
	source  SourceStatus
}

// NewState returns an empty state; cfg must be valid (see Config.Validate).
func NewState(cfg Config) *State {
	s := &State{
		cfg:      cfg,
		ids:      newIdentity(cfg.Aliases, !cfg.NoLearnAliases),
		queues:   make(map[string]struct{}),
		rows:     make(map[bucketKey]*row),
		calls:    newCallTable(),
		agents:   make(map[string]*agent),
		aRows:    make(map[agentKey]*AgentRow),
		perQueue: make(map[string]*queueState),
	}
	s.qual() // now, not on first use: MarkRepeats may run beside Apply
	// A queue the configuration names is on the board from the start, with
	// no calls yet: a supervisor looks for the VIP line before its first
	// call of the day, and a tile that appears only then looks like a fault.
	for q := range cfg.Queues {
		s.queues[q] = struct{}{}
	}
	return s
}

// Config returns the configuration the state was built with.
func (s *State) Config() Config { return s.cfg }

// queueState is what the state keeps per queue name besides its rows:
// the queue's rules, resolved once, and its row for the interval of its
// latest counters, so that the hot path finds the row without a bucket
// computation or a lookup keyed by (queue, interval).
type queueState struct {
	name  string
	rules QueueRules
	cur   *row
}

// queueOf returns queue q's record, creating it.
func (s *State) queueOf(q string) *queueState {
	if qs := s.lastQueue; qs != nil && qs.name == q {
		return qs
	}
	qs := s.perQueue[q]
	if qs == nil {
		qs = &queueState{name: q, rules: s.cfg.rules(q)}
		s.perQueue[q] = qs
	}
	s.lastQueue = qs
	return qs
}

// counters returns the counters of queue q for the interval containing t.
func (s *State) counters(q string, t time.Time) *Counters {
	return s.rowOf(s.queueOf(q), t)
}

// rowOf returns the counters of qs's queue for the interval containing t.
func (s *State) rowOf(qs *queueState, t time.Time) *Counters {
	if r, u := qs.cur, t.Unix(); r != nil && u >= r.startU && u < r.endU {
		return &r.c
	}
	start, end := s.bucket(t)
	k := bucketKey{qs.name, start.Unix()}
	r := s.rows[k]
	if r == nil {
		r = newRow(start, end)
		s.rows[k] = r
	}
	qs.cur = r
	return &r.c
}

// noteQueue adds q to the queues seen. The few queues seen last are
// checked first: comparing a handful of short strings costs less than the
// set's hash, and every event names a queue.
func (s *State) noteQueue(q string) {
	for _, r := range s.recentQueues {
		if r == q {
			return
		}
	}
	s.queues[q] = struct{}{}
	s.recentQueues[s.nextQueue] = q
	s.nextQueue = (s.nextQueue + 1) % len(s.recentQueues)
}

// bucket is Config.Bucket with the last answer cached: most events land
// in the same interval as the one before.
func (s *State) bucket(t time.Time) (start, end time.Time) {
	if u := t.Unix(); u < s.curStartU || u >= s.curEndU {
		s.curStart, s.curEnd = s.cfg.Bucket(t)
		s.curStartU, s.curEndU = s.curStart.Unix(), s.curEnd.Unix()
	}
	return s.curStart, s.curEnd
}

// Apply feeds one event into the state. Events should come in time order;
// small disorder (same-second lines, clock steps) is tolerated: counts land
// by their own timestamps, and live state never runs time backwards.
func (s *State) Apply(ev *feed.Event) {
	s.events++
	s.version++
	t := ev.Time
	if t.After(s.latest) {
		s.latest = t
		s.advance(t)
		s.prune(t)
	}
	if ev.Queue != "" {
		s.noteQueue(ev.Queue)
	}
	agentID := s.agentIdentity(ev)
	s.observe(ev, agentID)

	switch ev.Kind {
	case feed.CallEnqueued:
		s.counters(ev.Queue, t).Offered++
		if ev.CallID != "" {
			s.calls.setWaiting(callKey{ev.CallID, ev.Queue}, WaitingCall{
				Queue: ev.Queue, CallID: ev.CallID, Caller: ev.Caller, CallerName: ev.CallerName,
				Since: t, Position: ev.Position,
			})
		}
	case feed.CallAnswered:
		s.answered(ev, agentID)
	case feed.CallCompleted, feed.CallTransferred:
		s.completed(ev, agentID)
	case feed.CallAbandoned:
		w, known := s.leave(ev)
		qs := s.queueOf(ev.Queue)
		r, c := &qs.rules, s.rowOf(qs, t)
		c.Abandoned++
		if known {
			if w < r.ShortAbandon {
				c.ShortAbandoned++
			}
			if w <= r.SLThreshold {
				c.AbandonedInSL++
			}
			c.MaxWait = max(c.MaxWait, w)
		}
	case feed.CallExited:
		w, known := s.leave(ev)
		c := s.counters(ev.Queue, t)
		c.Exited++
		if known {
			c.MaxWait = max(c.MaxWait, w)
		}
	case feed.CallRingNoAnswer:
		s.counters(ev.Queue, t).RingNoAnswer++
		if agentID != "" {
			s.agentRow(s.agent(agentID, t), t).RingNoAnswer++
		}
	case feed.SystemStart:
		s.systemStart(t)
	case feed.AgentLogin, feed.AgentLogout, feed.AgentPaused, feed.AgentUnpaused, feed.AgentStateChange:
		s.agentEvent(ev, agentID)
	}
}

// agentIdentity resolves the event's agent and feeds the alias learner.
func (s *State) agentIdentity(ev *feed.Event) string {
	if ev.Kind == feed.AgentLogin && ev.Verb == "ADDMEMBER" {
		s.ids.observeAddMember(ev.Agent, ev.Time)
		return s.ids.canonical(ev.Agent)
	}
	pauseLike := ev.Kind == feed.AgentPaused || ev.Kind == feed.AgentUnpaused
	if iface, name, ok := s.ids.observeNext(ev.Agent, pauseLike, ev.Time); ok {
		s.mergeAgent(normalise(iface), name)
	}
	return s.ids.canonical(ev.Agent)
}

// waitOf is the event's queue wait, or, where the format left it out, the
// time since the call entered this queue (when we saw that).
func (s *State) waitOf(ev *feed.Event) (time.Duration, bool) {
	if ev.Wait >= 0 {
		return ev.Wait, true
	}
	if ev.CallID == "" {
		return 0, false
	}
	if w, ok := s.calls.waitingCall(callKey{ev.CallID, ev.Queue}); ok {
		return max(0, ev.Time.Sub(w.Since)), true
	}
	return 0, false
}

// leave removes a caller who left the queue unanswered and returns the wait.
func (s *State) leave(ev *feed.Event) (time.Duration, bool) {
	w, known := s.waitOf(ev)
	s.calls.endWaiting(callKey{ev.CallID, ev.Queue})
	return w, known
}

func (s *State) answered(ev *feed.Event, agentID string) {
	t := ev.Time
	w, known := s.waitOf(ev)
	key := callKey{ev.CallID, ev.Queue}
	if ev.CallID != "" {
		s.calls.answer(key, agentID, t)
	} else {
		s.calls.endWaiting(key)
	}
	qs := s.queueOf(ev.Queue)
	r, c := &qs.rules, s.rowOf(qs, t)
	c.Answered++
	// An answer whose wait no line states is counted answered but not
	// within the threshold: the board must not claim service it cannot show.
	if known {
		c.SumWaitAnswered += w
		c.MaxWait = max(c.MaxWait, w)
		if w <= r.SLThreshold {
			c.AnsweredInSL++
		}
	}
	if agentID != "" {
		a := s.agent(agentID, t)
		a.addQueue(ev.Queue)
		a.call, a.callQueue, a.callSince = key, ev.Queue, t
		a.stated = false
		if !s.cfg.ReportOnly {
			a.countAnswer(t, s.cfg.Location)
		}
		s.agentRow(a, t).Answered++
		s.refresh(a, t)
	}
}

func (s *State) completed(ev *feed.Event, agentID string) {
	t := ev.Time
	key := callKey{ev.CallID, ev.Queue}
	talk := ev.Talk
	if ac := s.calls.activeCall(key); ac != nil {
		if talk < 0 {
			talk = max(0, t.Sub(ac.answered))
		}
		if agentID == "" {
			agentID = ac.agent
		}
		s.calls.endActive(key)
	}
	qs := s.queueOf(ev.Queue)
	wrap := ev.Wrap
	if wrap < 0 {
		wrap = qs.rules.Wrapup
	}
	c := s.rowOf(qs, t)
	c.Completed++
	if ev.Kind == feed.CallTransferred {
		c.Transferred++
	}
	c.SumTalk += max(0, talk)
	c.SumHold += max(0, ev.Hold)
	c.SumWrap += wrap
	if agentID == "" {
		return
	}
	a := s.agent(agentID, t)
	ar := s.agentRow(a, t)
	ar.Completed++
	ar.Talk += max(0, talk)
	if ev.Kind == feed.CallTransferred {
		ar.Transferred++
	}
	if a.call == key || a.call == (callKey{}) {
		a.call = callKey{}
		a.callQueue = ""
		a.stated = false
		if wrap > 0 {
			a.wrapUntil = t.Add(wrap)
			heap.Push(&s.wraps, wrapEntry{at: a.wrapUntil, a: a})
		}
		s.refresh(a, t)
	}
}

// systemStart forgets calls: after a PBX restart no call survives, and
// without this the board would show ghosts waiting for ever.
func (s *State) systemStart(t time.Time) {
	s.calls.clearWaiting()
	s.calls.clearActive()
	for _, a := range s.agents {
		a.call, a.callQueue = callKey{}, ""
		a.wrapUntil = time.Time{}
		a.stated = false
		s.refresh(a, t)
	}
}

// advance moves time-driven state (wrap-up ending) forward to now.
func (s *State) advance(now time.Time) bool {
	changed := false
	for len(s.wraps) > 0 && !s.wraps[0].at.After(now) {
		e := heap.Pop(&s.wraps).(wrapEntry)
		if e.a.wrapUntil.Equal(e.at) {
			s.refresh(e.a, e.at)
			changed = true
		}
	}
	return changed
}

// Advance moves time-driven state to now (wrap-ups that ended) and reports
// whether anything changed. The engine calls it on its clock's ticks.
func (s *State) Advance(now time.Time) bool {
	if s.advance(now) {
		s.version++
		return true
	}
	return false
}

// prune bounds memory: old days of intervals and calls whose end was lost.
// It runs once per local day of event time.
func (s *State) prune(now time.Time) {
	if !now.Before(s.pruneDay) && now.Before(s.pruneDayEnd) {
		return // pruned already today
	}
	day, end := dayBounds(now, s.cfg.Location)
	if day.Equal(s.pruneDay) {
		s.pruneDayEnd = end
		return
	}
	s.pruneDay, s.pruneDayEnd = day, end
	s.calls.pruneStale(now)
	if s.cfg.KeepDays <= 0 {
		return
	}
	y, m, d := day.Date()
	cut := time.Date(y, m, d-s.cfg.KeepDays, 0, 0, 0, 0, s.cfg.Location)
	for k, r := range s.rows {
		if r.start.Before(cut) {
			delete(s.rows, k)
		}
	}
	for _, qs := range s.perQueue {
		qs.cur = nil
	}
	for k, r := range s.aRows {
		if r.Start.Before(cut) {
			delete(s.aRows, k)
		}
	}
}

type wrapEntry struct {
	at time.Time
	a  *agent
}

// wrapHeap orders pending wrap-up ends so that each event only looks at
// the earliest one instead of scanning every agent.
type wrapHeap []wrapEntry

func (h wrapHeap) Len() int           { return len(h) }
func (h wrapHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h wrapHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *wrapHeap) Push(x any)        { *h = append(*h, x.(wrapEntry)) }
func (h *wrapHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
