package kpi

import (
	"sort"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// TotalQueue is the queue name of centre-wide rows.
const TotalQueue = "*"

// Version changes whenever the state does; a publisher compares it with
// the last one it published to skip identical snapshots.
func (s *State) Version() uint64 { return s.version }

// Latest is the time of the newest event applied.
func (s *State) Latest() time.Time { return s.latest }

// SetSource records the feed's health for the next snapshot.
func (s *State) SetSource(st SourceStatus) {
	if st != s.source {
		s.source = st
		s.version++
	}
}

// Rows returns every (queue, interval) with call activity or marked
// incomplete (see MarkIncomplete) plus a centre
// row ("*") for each such interval, sorted by start then queue ("*" first).
func (s *State) Rows() []IntervalRow {
	return s.rowsBetween(time.Time{}, time.Time{})
}

// rowsBetween is Rows limited to intervals starting in [from, to); zero
// bounds are open.
func (s *State) rowsBetween(from, to time.Time) []IntervalRow {
	var out []IntervalRow
	totals := make(map[int64]*IntervalRow)
	for k, r := range s.rows {
		if !r.c.Activity() && !r.c.Incomplete || (!from.IsZero() && r.start.Before(from)) || (!to.IsZero() && !r.start.Before(to)) {
			continue
		}
		out = append(out, IntervalRow{Queue: k.queue, Start: r.start, End: r.end, Counters: r.c})
		t := totals[k.start]
		if t == nil {
			t = &IntervalRow{Queue: TotalQueue, Start: r.start, End: r.end}
			totals[k.start] = t
		}
		t.Add(&r.c)
	}
	for _, t := range totals {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].Queue < out[j].Queue // "*" sorts before letters and digits
	})
	return out
}

// Snapshot builds an immutable picture of the state as of now (the
// engine's clock): live state, the current interval, the day so far.
func (s *State) Snapshot(now time.Time) *Snapshot {
	loc := s.cfg.Location
	curStart, _ := s.cfg.Bucket(now)
	dayStart, dayEnd := dayBounds(now, loc)
	snap := &Snapshot{
		Version: s.version, Now: now, LastEvent: s.latest, Events: s.events,
		Location: loc, Interval: s.cfg.Interval, Source: s.source,
	}

	names := make([]string, 0, len(s.queues))
	for q := range s.queues {
		names = append(names, q)
	}
	sort.Strings(names)
	index := make(map[string]int, len(names))
	snap.Queues = make([]QueueView, len(names))
	for i, q := range names {
		index[q] = i
		snap.Queues[i] = QueueView{Name: q, Rules: s.cfg.rules(q), CurrentFrom: curStart,
			Display: s.cfg.QueueNames[q], Hidden: s.cfg.Hidden[q]}
	}
	snap.Total = QueueView{Name: TotalQueue, Rules: s.cfg.Rules, CurrentFrom: curStart}

	for _, r := range s.rowsBetween(dayStart, dayEnd) {
		var qv *QueueView
		if r.Queue == TotalQueue {
			qv = &snap.Total
		} else {
			qv = &snap.Queues[index[r.Queue]]
		}
		qv.Day.Add(&r.Counters)
		if r.Start.Equal(curStart) {
			qv.Current = r.Counters
		}
		snap.Intervals = append(snap.Intervals, r)
	}

	s.calls.eachWaiting(func(w *WaitingCall) {
		snap.Waiting = append(snap.Waiting, *w)
		if i, ok := index[w.Queue]; ok {
			countWaiting(&snap.Queues[i], w)
		}
		countWaiting(&snap.Total, w)
	})
	sort.Slice(snap.Waiting, func(i, j int) bool {
		a, b := &snap.Waiting[i], &snap.Waiting[j]
		if !a.Since.Equal(b.Since) {
			return a.Since.Before(b.Since)
		}
		return a.CallID < b.CallID
	})

	for _, a := range s.agents {
		st := a.derive(now)
		if st == feed.StatusLoggedOut {
			continue
		}
		snap.Agents = append(snap.Agents, s.agentView(a, now, st))
		countStatus(&snap.Total.Agents, st)
		for _, m := range a.members {
			qs := st
			if m.paused && st == feed.StatusAvailable {
				qs = feed.StatusPaused
			}
			countStatus(&snap.Queues[index[m.queue]].Agents, qs)
		}
	}
	sort.Slice(snap.Agents, func(i, j int) bool { return snap.Agents[i].ID < snap.Agents[j].ID })
	s.extendSnapshot(snap, now)
	return snap
}

func (s *State) agentView(a *agent, now time.Time, st feed.Status) AgentView {
	v := AgentView{ID: a.id, Name: a.name, Team: s.cfg.Teams[a.id], Status: st, Since: a.since}
	if v.Name == "" {
		v.Name = a.id
	}
	if st != a.status {
		// The wrap-up ended between events and advance has not run yet.
		v.Since = a.wrapUntil
	}
	if st == feed.StatusPaused {
		v.Reason = a.reason
	}
	for _, m := range a.members {
		v.Queues = append(v.Queues, m.queue)
	}
	sort.Strings(v.Queues)
	if a.call != (callKey{}) {
		v.CallID, v.CallQueue, v.CallSince = a.call.id, a.callQueue, a.callSince
	}
	if day, _ := dayBounds(now, s.cfg.Location); day.Equal(a.answeredDay) {
		v.AnsweredToday = a.answeredToday
	}
	return v
}

func countWaiting(qv *QueueView, w *WaitingCall) {
	qv.Waiting++
	if qv.OldestSince.IsZero() || w.Since.Before(qv.OldestSince) {
		qv.OldestSince = w.Since
	}
}

func countStatus(c *StatusCounts, st feed.Status) {
	c.LoggedIn++
	switch st {
	case feed.StatusAvailable:
		c.Available++
	case feed.StatusRinging:
		c.Ringing++
	case feed.StatusBusy:
		c.Busy++
	case feed.StatusWrapup:
		c.Wrapup++
	case feed.StatusPaused:
		c.Paused++
	}
}
