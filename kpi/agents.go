package kpi

import (
	"time"

	"github.com/callfloor/wallboard/feed"
)

// membership is an agent's membership of one queue.
type membership struct {
	queue  string
	qs     *queueState // the queue's record, filled on first use (addAgentTime)
	paused bool
	reason string
}

// agent is the live state of one agent identity.
type agent struct {
	id, name string
	// members are the queues the agent is in, in joining order. A slice,
	// not a map: an agent is in a handful of queues, and agent time walks
	// them on every status change, which a slice does several times faster.
	members []membership
	system  bool // logged in without a queue (AGENTLOGIN)

	// pausedAll covers PAUSEALL for an agent with no queue membership yet.
	pausedAll bool
	reason    string // latest pause reason

	call      callKey // zero when not on a call
	callQueue string
	callSince time.Time
	wrapUntil time.Time

	stated      bool // status was stated by the source (agent.state)
	statedValue feed.Status

	status    feed.Status
	since     time.Time
	accounted time.Time // agent time has been split into intervals up to here

	answeredDay   time.Time // local day answeredToday counts
	answeredEnd   time.Time // its end: an answer before it needs no zone arithmetic
	answeredToday int

	row *AgentRow // the interval row last written, cached for the hot path

	// aq is the quality record of identity aqID (see agentQuality),
	// cached: valid while aqID is still the agent's id.
	aq   *agentQuality
	aqID string
}

// member returns the agent's membership of queue q, nil when none. The
// pointer is valid until the next addQueue or removeQueue.
func (a *agent) member(q string) *membership {
	for i := range a.members {
		if a.members[i].queue == q {
			return &a.members[i]
		}
	}
	return nil
}

// addQueue returns the agent's membership of q, joining it (paused when
// the agent is paused in all queues) when new; nil for q "". The pointer
// is valid until the next addQueue or removeQueue.
func (a *agent) addQueue(q string) *membership {
	if q == "" {
		return nil
	}
	if m := a.member(q); m != nil {
		return m
	}
	m := membership{queue: q, paused: a.pausedAll}
	if a.pausedAll {
		m.reason = a.reason
	}
	a.members = append(a.members, m)
	return &a.members[len(a.members)-1]
}

// removeQueue leaves queue q, keeping the others in order.
func (a *agent) removeQueue(q string) {
	for i := range a.members {
		if a.members[i].queue == q {
			a.members = append(a.members[:i], a.members[i+1:]...)
			return
		}
	}
}

func (a *agent) loggedIn() bool { return a.system || len(a.members) > 0 || a.call != (callKey{}) }

// paused is true when the agent takes no calls from any queue: paused in
// every queue it is a member of, or paused globally with no queues.
func (a *agent) paused() bool {
	if len(a.members) == 0 {
		return a.pausedAll
	}
	for i := range a.members {
		if !a.members[i].paused {
			return false
		}
	}
	return true
}

func (a *agent) derive(now time.Time) feed.Status {
	switch {
	case a.stated:
		return a.statedValue
	case !a.loggedIn():
		return feed.StatusLoggedOut
	case a.call != (callKey{}):
		return feed.StatusBusy
	case now.Before(a.wrapUntil):
		return feed.StatusWrapup
	case a.paused():
		return feed.StatusPaused
	}
	return feed.StatusAvailable
}

func (a *agent) countAnswer(t time.Time, loc *time.Location) {
	if t.Before(a.answeredDay) || !t.Before(a.answeredEnd) {
		day, end := dayBounds(t, loc)
		if !day.Equal(a.answeredDay) {
			a.answeredDay, a.answeredToday = day, 0
		}
		a.answeredEnd = end
	}
	a.answeredToday++
}

// agent returns the agent with this identity, creating it (logged out,
// since t) on first sight.
func (s *State) agent(id string, t time.Time) *agent {
	a := s.findAgent(id)
	if a == nil {
		a = &agent{id: id, name: s.cfg.Names[id], status: feed.StatusLoggedOut, since: t, accounted: t}
		s.agents[id] = a
		s.lastAgent = a
	}
	return a
}

// findAgent returns the agent with this identity, nil when none. The last
// one found is checked first: one event looks its agent up several times.
func (s *State) findAgent(id string) *agent {
	if a := s.lastAgent; a != nil && a.id == id {
		return a
	}
	a := s.agents[id]
	if a != nil {
		s.lastAgent = a
	}
	return a
}

// refresh recomputes the agent's status at t, closing the time spent in
// the previous status into the interval counters when it changes.
func (s *State) refresh(a *agent, t time.Time) {
	st := a.derive(t)
	reason := ""
	if st == feed.StatusPaused {
		reason = a.reason
	}
	if st == a.status && reason == a.curReason() {
		return
	}
	s.account(a, t)
	a.status, a.since = st, maxTime(a.since, t)
	a.setReason(reason)
}

func (a *agent) curReason() string {
	if a.status == feed.StatusPaused {
		return a.reason
	}
	return ""
}

func (a *agent) setReason(r string) {
	if r != "" {
		a.reason = r
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (s *State) agentEvent(ev *feed.Event, id string) {
	if id == "" {
		return
	}
	t := ev.Time
	a := s.agent(id, t)
	if ev.AgentName != "" {
		a.name = ev.AgentName
	}
	switch ev.Kind {
	case feed.AgentLogin:
		if ev.Queue == "" {
			a.system = true
		} else if m := a.addQueue(ev.Queue); ev.Paused {
			m.paused = true
		}
	case feed.AgentLogout:
		if ev.Queue == "" {
			a.system, a.members, a.pausedAll = false, nil, false
		} else {
			a.removeQueue(ev.Queue)
		}
	case feed.AgentPaused, feed.AgentUnpaused:
		p := ev.Kind == feed.AgentPaused
		if p {
			// A pause with no reason keeps the reason already shown: FreePBX
			// writes PAUSEALL with the reason, then per-queue lines without.
			if ev.Reason != "" || a.reason == "" {
				a.reason = ev.Reason
			}
		}
		if ev.Queue == "" {
			a.pausedAll = p
			for i := range a.members {
				a.members[i].paused = p
			}
		} else {
			a.addQueue(ev.Queue).paused = p
		}
	case feed.AgentStateChange:
		a.stated, a.statedValue = true, ev.Status
		if ev.Reason != "" {
			a.reason = ev.Reason
		}
		s.refresh(a, t)
		return
	}
	a.stated = false
	s.refresh(a, t)
}

// mergeAgent folds the record kept under an interface into the member
// name's, once the two are known to be one agent.
func (s *State) mergeAgent(iface, name string) {
	old := s.agents[iface]
	if old == nil {
		return
	}
	s.lastAgent = nil
	delete(s.agents, iface)
	a := s.agents[name]
	if a == nil {
		old.id, old.row = name, nil
		if old.name == "" {
			old.name = s.cfg.Names[name]
		}
		s.agents[name] = old
		s.renameRows(iface, name)
		return
	}
	a.system = a.system || old.system
	for _, m := range old.members {
		if a.member(m.queue) == nil {
			*a.addQueue(m.queue) = m
		}
	}
	s.renameRows(iface, name)
	s.refresh(a, old.since)
}

func (s *State) renameRows(from, to string) {
	for k, r := range s.aRows {
		if k.agent != from {
			continue
		}
		delete(s.aRows, k)
		k.agent = to
		if dst := s.aRows[k]; dst != nil {
			dst.add(r)
		} else {
			r.Agent = to
			s.aRows[k] = r
		}
	}
}
