package kpi

import (
	"time"

	"github.com/callfloor/wallboard/feed"
)

// agentDayTime is one agent's handle and available time over one local day.
type agentDayTime struct {
	day, end time.Time // the local day [day, end)
	AgentTime
}

// addAgentDay adds d of status st (at time at) to the agent's day total,
// starting a new day when at is in a later one.
func (s *State) addAgentDay(a *agent, st feed.Status, at time.Time, d time.Duration) {
	aq := s.agentQual(a.id, a)
	t := aq.day
	if t == nil || at.Before(t.day) || !at.Before(t.end) {
		// Only when the day changes: dayBounds does zone arithmetic.
		day, end := dayBounds(at, s.cfg.Location)
		if t != nil && day.Before(t.day) {
			return
		}
		t = &agentDayTime{day: day, end: end}
		aq.day = t
	}
	addTime(&t.AgentTime, st, d)
}

// extendSnapshot adds what the quality and staffing figures need to a
// snapshot State.Snapshot has built: agent time per queue including the
// time still running and quiet intervals, staffing, the abandoned list and
// each agent's day.
func (s *State) extendSnapshot(snap *Snapshot, now time.Time) {
	q := s.qual()
	curStart, _ := s.cfg.Bucket(now)
	dayStart, dayEnd := dayBounds(now, s.cfg.Location)
	byName := make(map[string]*QueueView, len(snap.Queues))
	for i := range snap.Queues {
		qv := &snap.Queues[i]
		qv.Current.AgentTime, qv.Day.AgentTime = AgentTime{}, AgentTime{}
		byName[qv.Name] = qv
	}
	// Closed agent time, from every row of today (rows with no call in
	// them too: an idle half-hour still counts in the day's occupancy).
	for k, r := range s.rows {
		qv := byName[k.queue]
		if qv == nil || r.start.Before(dayStart) || !r.start.Before(dayEnd) {
			continue
		}
		qv.Day.AgentTime.add(&r.c.AgentTime)
		if r.start.Equal(curStart) {
			qv.Current.AgentTime.add(&r.c.AgentTime)
		}
	}
	// Open agent time: from each agent's last accounting to now.
	open := func(qs *queueState, at time.Time, kind feed.Status, d time.Duration) {
		qv := byName[qs.name]
		if qv == nil || at.Before(dayStart) || !at.Before(dayEnd) {
			return
		}
		addTime(&qv.Day.AgentTime, kind, d)
		if !at.Before(curStart) {
			addTime(&qv.Current.AgentTime, kind, d)
		}
	}
	today := make(map[string]AgentTime, len(s.agents))
	for id, a := range s.agents {
		t := AgentTime{}
		if aq := q.perAgent[id]; aq != nil && aq.day != nil && aq.day.day.Equal(dayStart) {
			t = aq.day.AgentTime
		}
		if a.status != feed.StatusLoggedOut && a.status != feed.StatusPaused {
			for from := maxTime(a.accounted, dayStart); from.Before(now); {
				_, end := s.cfg.Bucket(from)
				upto := now
				if end.Before(upto) {
					upto = end
				}
				s.addAgentTime(a, a.status, from, upto.Sub(from), open)
				addTime(&t, a.status, upto.Sub(from))
				from = upto
			}
		}
		today[id] = t
	}
	for i := range snap.Agents {
		snap.Agents[i].Today = today[snap.Agents[i].ID]
	}

	snap.Total.Current.AgentTime, snap.Total.Day.AgentTime = AgentTime{}, AgentTime{}
	for i := range snap.Queues {
		qv := &snap.Queues[i]
		snap.Total.Current.AgentTime.add(&qv.Current.AgentTime)
		snap.Total.Day.AgentTime.add(&qv.Day.AgentTime)
		s.staffing(qv, now)
	}
	centreStaffing(&snap.Total, snap.Queues)

	// The call-back list: today's abandoned callers, newest first.
	all := q.abandonedInOrder()
	for i := len(all) - 1; i >= 0; i-- {
		c := all[i]
		if c.Time.Before(dayStart) || !c.Time.Before(dayEnd) {
			continue
		}
		q.markReturned(&c)
		snap.Abandoned = append(snap.Abandoned, c)
	}
}
