package kpi

import (
	"container/heap"
	"sort"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// maxGapSpan bounds how far back MarkIncomplete reaches. A gap that started
// before this (a client offline for days) marks only the last two days,
// which is more than any board keeps (KeepDays), so the loop stays short.
const maxGapSpan = 48 * time.Hour

// MarkIncomplete marks every interval that overlaps [from, to] as
// incomplete, for every queue the state knows, because events that belong
// there are known to be lost (a websocket feed's gap). Both ends are
// inclusive: the interval holding from and the one holding to are marked
// too, since the lost events may sit anywhere between them. A zero from
// marks only the interval of to. Marked intervals show in Rows and
// Snapshot.Intervals even when no call landed in them, so a report never
// presents a silent hole as a quiet half-hour.
func (s *State) MarkIncomplete(from, to time.Time) {
	if to.Before(from) {
		from, to = to, from
	}
	if from.IsZero() || to.Sub(from) > maxGapSpan {
		if from.IsZero() {
			from = to
		} else {
			from = to.Add(-maxGapSpan)
		}
	}
	if len(s.queues) == 0 {
		return
	}
	for t := from; !t.After(to); {
		start, end := s.cfg.Bucket(t)
		for q := range s.queues {
			k := bucketKey{q, start.Unix()}
			r := s.rows[k]
			if r == nil {
				r = newRow(start, end)
				s.rows[k] = r
			}
			r.c.Incomplete = true
		}
		t = end
	}
	s.version++
}

// LiveAgent is one agent's live state as a feed's snapshot states it: what
// a client needs to rebuild the agent board after missing events.
type LiveAgent struct {
	ID     string      // canonical identity
	Name   string      // display name, "" when unknown
	Status feed.Status // the status shown now
	Since  time.Time   // when that status began
	Reason string      // pause reason
	Queues []string    // queues the agent is a member of

	CallID    string    // current call, "" when none
	CallQueue string    // its queue
	CallSince time.Time // when it was answered
	WrapUntil time.Time // end of the running wrap-up; zero when none
}

// LiveCalls returns the callers waiting now, oldest first: the "calls" of a
// feed snapshot.
func (s *State) LiveCalls() []WaitingCall {
	out := make([]WaitingCall, 0, s.calls.waitingLen())
	s.calls.eachWaiting(func(w *WaitingCall) { out = append(out, *w) })
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Since.Equal(out[j].Since) {
			return out[i].Since.Before(out[j].Since)
		}
		return out[i].CallID < out[j].CallID
	})
	return out
}

// LiveAgents returns every logged-in agent's live state at now, sorted by
// ID: the "agents" of a feed snapshot. Unlike AgentView it carries the
// wrap-up end, so a client derives the end of wrap-up itself.
func (s *State) LiveAgents(now time.Time) []LiveAgent {
	var out []LiveAgent
	for _, a := range s.agents {
		st := a.derive(now)
		if st == feed.StatusLoggedOut {
			continue
		}
		v := s.agentView(a, now, st)
		la := LiveAgent{
			ID: a.id, Name: a.name, Status: st, Since: v.Since, Reason: v.Reason, Queues: v.Queues,
			CallID: v.CallID, CallQueue: v.CallQueue, CallSince: v.CallSince,
		}
		if a.wrapUntil.After(now) {
			la.WrapUntil = a.wrapUntil
		}
		out = append(out, la)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ReplaceLive replaces the live state (waiting calls, calls in progress,
// agents) with a feed's snapshot taken at at, leaving every interval
// counter alone: counts already made stay, and counts for events the
// snapshot summarises are not invented. Agents absent from the snapshot
// are logged out. Agent time is accounted up to at in the old status, then
// runs in the new one.
func (s *State) ReplaceLive(at time.Time, calls []WaitingCall, agents []LiveAgent) {
	s.calls.clearWaiting()
	for _, c := range calls {
		s.calls.setWaiting(callKey{c.CallID, c.Queue}, c)
		if c.Queue != "" {
			s.queues[c.Queue] = struct{}{}
		}
	}
	s.calls.clearActive()
	seen := make(map[string]bool, len(agents))
	for i := range agents {
		la := &agents[i]
		id := s.ids.canonical(la.ID)
		if id == "" {
			continue
		}
		seen[id] = true
		s.replaceAgent(s.agent(id, at), la, at)
	}
	for id, a := range s.agents {
		if seen[id] {
			continue
		}
		a.system, a.members, a.pausedAll, a.stated = false, nil, false, false
		a.call, a.callQueue, a.wrapUntil = callKey{}, "", time.Time{}
		s.refresh(a, at)
	}
	s.version++
}

func (s *State) replaceAgent(a *agent, la *LiveAgent, at time.Time) {
	if la.Name != "" {
		a.name = la.Name
	}
	loggedIn := la.Status != feed.StatusLoggedOut
	paused := la.Status == feed.StatusPaused
	a.members = nil
	for _, q := range la.Queues {
		if q == "" || !loggedIn {
			continue
		}
		s.queues[q] = struct{}{}
		a.addQueue(q).paused = paused
	}
	a.system = loggedIn && len(a.members) == 0
	a.pausedAll = paused && len(a.members) == 0
	if la.Reason != "" {
		a.reason = la.Reason
	}
	a.call, a.callQueue, a.callSince = callKey{}, "", time.Time{}
	if la.CallID != "" && loggedIn {
		key := callKey{la.CallID, la.CallQueue}
		a.call, a.callQueue, a.callSince = key, la.CallQueue, la.CallSince
		s.calls.setActive(key, a.id, la.CallSince)
	}
	a.wrapUntil = time.Time{}
	if la.WrapUntil.After(at) {
		a.wrapUntil = la.WrapUntil
		heap.Push(&s.wraps, wrapEntry{at: a.wrapUntil, a: a})
	}
	// Derive first; state the status outright only when the fields above
	// cannot give it (ringing, or a platform's own word), as agent.state does.
	a.stated = false
	if a.derive(at) != la.Status {
		a.stated, a.statedValue = true, la.Status
	}
	before := a.status
	s.refresh(a, at)
	if a.status != before && !la.Since.IsZero() && !la.Since.After(at) {
		a.since = la.Since // time in state counts from the source's start, not from our reconnect
	}
}

// Reset forgets everything the state learned from events (counters, live
// state, learned identities) and keeps its configuration and source
// status. A feed client calls it when its server starts a new stream: the
// new stream replays its own history, and keeping the old counts would
// count those events twice.
func (s *State) Reset() {
	src, v := s.source, s.version
	*s = *NewState(s.cfg)
	s.source, s.version = src, v+1
}
