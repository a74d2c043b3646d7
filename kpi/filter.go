package kpi

import "sort"

// Filter returns a new snapshot with only the given queues, for a viewer
// allowed to see those alone (an SSH supervisor of one team). The
// original is not touched; slices are fresh, so both stay immutable.
//
// What the viewer gets:
//   - Queues: the named queues the snapshot has, in the snapshot's order
//     (names it does not have are ignored).
//   - Waiting: calls in those queues.
//   - Agents: those who are members of at least one of the queues, with
//     their other queues removed. An agent on a call from a queue the
//     viewer cannot see keeps the status and its time, but not the call
//     id or queue.
//   - Intervals: the queues' rows and a centre row ("*") per interval
//     recomputed from them.
//   - Total: the centre recomputed from the visible queues: counters
//     summed, calls waiting and the oldest among them, each visible agent
//     counted once by the same status the agent board shows, and staffing
//     as the engine sums it (the queues' needs, the visible agents staffed).
//   - Abandoned: the call-back list of those queues.
//
// Everything else (clock, source, version) is copied as it is. Hidden
// queues are filtered like any other: when visible they stay in, marked
// Hidden, and count in Total.
func (s *Snapshot) Filter(queues []string) *Snapshot {
	keep := make(map[string]bool, len(queues))
	for _, q := range queues {
		keep[q] = true
	}
	out := *s
	out.Queues, out.Waiting, out.Agents, out.Intervals, out.Abandoned = nil, nil, nil, nil, nil
	out.Total = QueueView{Name: s.Total.Name, Rules: s.Total.Rules, CurrentFrom: s.Total.CurrentFrom,
		Display: s.Total.Display}

	for i := range s.Queues {
		q := &s.Queues[i]
		if !keep[q.Name] {
			continue
		}
		out.Queues = append(out.Queues, *q)
		out.Total.Current.Add(&q.Current)
		out.Total.Day.Add(&q.Day)
	}

	for i := range s.Waiting {
		w := &s.Waiting[i]
		if keep[w.Queue] {
			out.Waiting = append(out.Waiting, *w)
			countWaiting(&out.Total, w)
		}
	}

	for i := range s.Agents {
		a := s.Agents[i]
		var qs []string
		for _, q := range a.Queues {
			if keep[q] {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			continue
		}
		a.Queues = qs
		if a.CallQueue != "" && !keep[a.CallQueue] {
			a.CallID, a.CallQueue = "", ""
		}
		out.Agents = append(out.Agents, a)
		countStatus(&out.Total.Agents, a.Status)
	}

	centreStaffing(&out.Total, out.Queues)

	for i := range s.Abandoned {
		if keep[s.Abandoned[i].Queue] {
			out.Abandoned = append(out.Abandoned, s.Abandoned[i])
		}
	}

	totals := make(map[int64]int) // interval start → index of its "*" row in out.Intervals
	for i := range s.Intervals {
		r := &s.Intervals[i]
		if r.Queue == TotalQueue || !keep[r.Queue] {
			continue
		}
		k := r.Start.UnixNano()
		j, ok := totals[k]
		if !ok {
			j = len(out.Intervals)
			totals[k] = j
			out.Intervals = append(out.Intervals, IntervalRow{Queue: TotalQueue, Start: r.Start, End: r.End})
		}
		out.Intervals[j].Add(&r.Counters)
		out.Intervals = append(out.Intervals, *r)
	}
	// Same order as the engine's: by start, then queue ("*" first).
	sort.SliceStable(out.Intervals, func(i, j int) bool {
		a, b := &out.Intervals[i], &out.Intervals[j]
		if !a.Start.Equal(b.Start) {
			return a.Start.Before(b.Start)
		}
		return a.Queue < b.Queue
	})
	return &out
}
