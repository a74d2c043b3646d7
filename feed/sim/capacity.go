package sim

import (
	"math"
	"time"
)

// capacity is the planned staffing per queue and minute, from which the
// arrival rate follows: a real centre staffs to its forecast, so the
// simulator sends each queue the traffic its planned agents can carry at a
// target occupancy that moves through the day. Peaks above 100 % make the
// service level go red; quiet hours let it recover.
//
// The table starts at the current local midnight and covers 60 hours,
// enough for shifts that start today and end tomorrow. Arrivals are known
// only up to the next local midnight, when that day's shifts are planned.
type capacity struct {
	start int64       // ms: the current local midnight (minute 0)
	end   int64       // ms: the next local midnight
	perQ  [][]float64 // agents (fractional: skills share an agent) per queue per minute
	util  []float64   // target occupancy per minute, today only
}

// startCapacity plans yesterday (night shifts still running) and today, and
// schedules the planning of tomorrow.
func (s *Sim) startCapacity() {
	c := &s.caps
	c.perQ = make([][]float64, len(s.queues))
	for q := range c.perQ {
		c.perQ[q] = make([]float64, windowLen)
	}
	c.util = make([]float64, windowLen)
	t := timeIn(s.now, s.loc)
	y, mo, d := t.Date()
	c.start = dateMs(y, mo, d, 0, s.loc)
	if c.start > s.now { // a zone whose midnight does not exist that day
		c.start = s.now
	}
	c.end = dateMs(y, mo, d+1, 0, s.loc)
	s.planShifts(dateMs(y, mo, d-1, 0, s.loc))
	s.planShifts(c.start)
	s.planUtil()
	s.at(c.end, tPlanDay, -1, -1, 0)
}

// planNextDay moves the table to the local midnight at and plans that day.
func (s *Sim) planNextDay(at int64) {
	c := &s.caps
	off := int((at - c.start) / minute)
	for q := range c.perQ {
		row := c.perQ[q]
		if off >= len(row) {
			clear(row)
			continue
		}
		n := copy(row, row[off:])
		clear(row[n:])
	}
	c.start = at
	t := timeIn(at, s.loc)
	y, mo, d := t.Date()
	c.end = dateMs(y, mo, d+1, 0, s.loc)
	s.planShifts(at)
	s.planUtil()
	s.at(c.end, tPlanDay, -1, -1, 0)
}

// planUtil fills today's target occupancy: the daily profile times a
// random factor for the day and one per hour, so no two days are alike.
func (s *Sim) planUtil() {
	c := &s.caps
	dayF := 0.94 + 0.12*s.rng.Float64()
	var hourF [24]float64
	for h := range hourF {
		hourF[h] = 0.95 + 0.10*s.rng.Float64()
	}
	clear(c.util)
	n := int((c.end - c.start + minute - 1) / minute)
	for m := 0; m < n && m < len(c.util); m++ {
		lt := timeIn(c.start+int64(m)*minute, s.loc)
		lm := lt.Hour()*60 + lt.Minute()
		c.util[m] = profile(lm) * dayF * hourF[lt.Hour()]
	}
}

// profile is the target occupancy by local minute of day: quiet overnight,
// peaks mid-morning and mid-afternoon that exceed the planned staff (the
// service level goes red), a lunchtime lull, a tapering evening.
func profile(lm int) float64 {
	knots := [...]struct {
		m int
		u float64
	}{
		{0, 0.45}, {360, 0.45}, {450, 0.82}, {600, 0.92}, {645, 1.00}, {720, 0.90},
		{780, 0.85}, {870, 0.97}, {930, 1.00}, {990, 0.90}, {1080, 0.85},
		{1200, 0.76}, {1320, 0.60}, {1440, 0.45},
	}
	for k := 1; k < len(knots); k++ {
		if lm <= knots[k].m {
			a, b := knots[k-1], knots[k]
			return a.u + (b.u-a.u)*float64(lm-a.m)/float64(b.m-a.m)
		}
	}
	return knots[len(knots)-1].u
}

// add counts an agent with the given skills as working in [from, to): each
// skill gets an equal share of the agent.
func (c *capacity) add(skills []int32, from, to int64) {
	if from < c.start {
		from = c.start
	}
	limit := c.start + windowLen*minute
	if to > limit {
		to = limit
	}
	if to <= from {
		return
	}
	w := 1 / float64(len(skills))
	for t := from; t < to; {
		m := (t - c.start) / minute
		next := min(c.start+(m+1)*minute, to)
		f := w * float64(next-t) / float64(minute)
		for _, q := range skills {
			c.perQ[q][m] += f
		}
		t = next
	}
}

// nextArrival schedules queue q's next caller: a non-homogeneous Poisson
// process, the rate constant within each minute. expLeft is the unit
// exponential still to be consumed, so the walk can stop at the planning
// horizon and resume after the next day is planned.
func (s *Sim) nextArrival(q int32) {
	c := &s.caps
	qs := &s.queues[q]
	t := s.now
	for t < c.end {
		m := (t - c.start) / minute
		next := min(c.start+(m+1)*minute, c.end)
		rate := s.load * c.util[m] * c.perQ[q][m] / qs.svc // calls per second
		span := float64(next-t) / 1000
		mass := rate * span
		if mass >= qs.expLeft {
			at := t + int64(math.Ceil(qs.expLeft/rate*1000))
			s.at(min(at, next), tArrive, q, -1, 0)
			return
		}
		qs.expLeft -= mass
		t = next
	}
	s.at(c.end, tArriveResume, q, -1, 0)
}

// timeIn converts ms since the epoch to a time in loc.
func timeIn(msv int64, loc *time.Location) time.Time { return time.UnixMilli(msv).In(loc) }

// dateMs is the instant of local clock minute m of the given day (days and
// minutes out of range normalise, as time.Date does).
func dateMs(y int, mo time.Month, d, m int, loc *time.Location) int64 {
	return time.Date(y, mo, d, 0, m, 0, 0, loc).UnixMilli()
}
