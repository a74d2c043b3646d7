package sim

import (
	"math"
	"slices"
	"strconv"

	"github.com/callfloor/wallboard/feed"
)

// agentState is what an agent is doing, as the simulator knows it (it
// knows ringing and wrap-up, which a queue_log never states).
type agentState uint8

const (
	stOff     agentState = iota // logged out
	stIdle                      // logged in, not paused, not on a call
	stRinging                   // being rung for a call
	stTalking                   // on a call
	stWrap                      // after-call work, or the retry pause after a ring-no-answer
	stPaused                    // paused (planned or Auto-Pause)
)

type agent struct {
	id, name string
	skills   []int32 // queue indices, ascending
	rotaMin  int     // local minute of day the agent's shift starts

	state    agentState
	gen      uint32 // shift generation: login and logout bump it (stale shift timers)
	availGen uint32 // bumped on every change into or out of idle (stale queue entries)
	busyGen  uint32 // bumped per ring and ring cancel (stale ring/talk/wrap timers)
	call     int32  // the call being rung or talked to, -1 if none

	leaving      bool // shift is over: log out when the current call is done
	pendingPause bool // a planned pause is due: take it when the current call is done

	plans     []shiftPlan // planned shifts not yet started, oldest first (at most 2)
	cur       shiftPlan
	nextPause int // index in cur.pauses of the next planned pause
}

// pausePlan is one planned pause of a shift.
type pausePlan struct {
	at, dur int64 // ms
	reason  string
}

// shiftPlan is one day's shift of one agent, pauses in time order.
type shiftPlan struct {
	start, end int64
	pauses     [4]pausePlan
	n          int
}

// Shift shape. A shift is 8 h 30 min door to door, with two short breaks,
// a lunch, and sometimes training or coaching.
const (
	shiftSpan   = 8*hour + 30*minute
	windowLen   = 60 * 60 // minutes of staffing kept: today and what spills into tomorrow
	rnaRingTime = 15 * second
	retryDelay  = 5 * second // Asterisk's retry: a member who did not answer is not rung again at once
)

// buildRoster creates the agents: ids 1001…, names, skills and rota start
// times in three bands (day, evening, night) so every hour is covered.
func (s *Sim) buildRoster() {
	n := s.cfg.Agents
	nNight, nEve := 0, 0
	if n >= 3 {
		nNight = max(1, int(math.Round(0.08*float64(n))))
	}
	if n >= 2 {
		nEve = max(1, int(math.Round(0.2*float64(n))))
	}
	names := firstNames()
	namePerm := s.rng.Perm(len(names))
	shuffled := make([]string, len(names))
	for i, p := range namePerm {
		shuffled[i] = names[p]
	}
	order := s.rng.Perm(n)
	s.agents = make([]agent, n)
	nq := len(s.queues)
	assigned := make([]float64, nq)
	// Extra skills are drawn by the square root of the queue weights: small
	// queues (vip) need a pool of backup agents more than big ones do.
	totalW, extraW := 0.0, 0.0
	for q := range s.queues {
		totalW += s.queues[q].spec.weight
		extraW += math.Sqrt(s.queues[q].spec.weight)
	}
	for rank, i := range order {
		a := &s.agents[i]
		a.call = -1
		var j, m int
		switch {
		case rank < nNight:
			j, m = rank, nNight
			a.rotaMin = 21*60 + 30 + spread(j, m, 60, 1)
			for q := 0; q < min(3, nq); q++ {
				a.skills = append(a.skills, int32(q))
			}
			continue
		case rank < nNight+nEve:
			j, m = rank-nNight, nEve
			a.rotaMin = 13*60 + 30 + spread(j, m, 60, 1)
		default:
			j, m = rank-nNight-nEve, n-nNight-nEve
			a.rotaMin = 6*60 + spread(j, m, 300, 1.5)
		}
		// Primary skill by apportionment, so queue staffing follows the
		// queue weights; then 0–2 extra skills.
		best, bestGap := 0, math.Inf(-1)
		for q := range s.queues {
			gap := s.queues[q].spec.weight/totalW*float64(rank-nNight+1) - assigned[q]
			if gap > bestGap {
				best, bestGap = q, gap
			}
		}
		assigned[best]++
		a.skills = append(a.skills, int32(best))
		k := 1
		switch u := s.rng.Float64(); {
		case u < 0.10:
		case u < 0.45:
			k = 2
		default:
			k = 3
		}
		for len(a.skills) < min(k, nq) {
			w := s.rng.Float64() * extraW
			for q := range s.queues {
				if w -= math.Sqrt(s.queues[q].spec.weight); w < 0 || q == nq-1 {
					if !slices.Contains(a.skills, int32(q)) {
						a.skills = append(a.skills, int32(q))
					}
					break
				}
			}
		}
	}
	for i := range s.agents {
		a := &s.agents[i]
		a.id = strconv.Itoa(1001 + i)
		a.name = agentName(shuffled, i)
		slices.Sort(a.skills)
	}
}

// spread places the j-th of m agents of a band over width minutes, rounded
// to the quarter hour; power > 1 bunches starts towards the band's start.
// The first agent always starts at the band's start, so bands hand over
// without a gap.
func spread(j, m, width int, power float64) int {
	if m <= 1 {
		return 0
	}
	f := math.Pow(float64(j)/float64(m-1), power)
	return int(math.Round(f*float64(width)/15)) * 15
}

// planShifts plans, for the local day starting at dayStart, every agent's
// shift (pauses drawn at random) and adds the planned working time to the
// staffing table that drives arrivals. Shifts already over are skipped;
// a shift covering now starts now.
func (s *Sim) planShifts(dayStart int64) {
	d := timeIn(dayStart, s.loc)
	y, mo, dd := d.Date()
	for i := range s.agents {
		a := &s.agents[i]
		start := dateMs(y, mo, dd, a.rotaMin, s.loc)
		p := shiftPlan{start: start, end: start + shiftSpan}
		add := func(off, span int64, durMin, durMax int64, reason string) {
			at := start + off + s.rng.Int64N(span)
			p.pauses[p.n] = pausePlan{at: at, dur: durMin + s.rng.Int64N(durMax-durMin+1), reason: reason}
			p.n++
		}
		add(90*minute, 30*minute, 10*minute, 15*minute, "Break")
		if s.rng.Float64() < 0.12 {
			if s.rng.IntN(2) == 0 {
				add(150*minute, 30*minute, 30*minute, 45*minute, "Training")
			} else {
				add(150*minute, 30*minute, 15*minute, 30*minute, "Coaching")
			}
		}
		add(240*minute, 30*minute, 30*minute, 60*minute, "Lunch")
		add(375*minute, 30*minute, 10*minute, 15*minute, "Break")
		if p.end <= s.now {
			continue
		}
		// Staffing: the shift minus its planned pauses.
		from := p.start
		for _, pp := range p.pauses[:p.n] {
			s.caps.add(a.skills, from, pp.at)
			from = pp.at + pp.dur
		}
		s.caps.add(a.skills, from, p.end)
		a.plans = append(a.plans, p)
		s.at(p.start, tShiftStart, int32(i), -1, 0)
	}
}

// shiftStart logs the agent in to every skilled queue. When the run starts
// in the middle of the shift, pauses already over are skipped and a pause in
// progress is taken for what is left of it.
func (s *Sim) shiftStart(i int32) {
	a := &s.agents[i]
	a.cur = a.plans[0]
	a.plans = a.plans[:copy(a.plans, a.plans[1:])]
	a.gen++
	a.leaving, a.pendingPause = false, false
	a.state = stIdle
	for _, q := range a.skills {
		ev := s.newEvent(feed.AgentLogin, "ADDMEMBER")
		ev.Queue = s.queues[q].spec.name
		ev.Agent = a.id
		ev.AgentName = a.name
		s.flush()
	}
	s.at(a.cur.end, tShiftEnd, i, -1, a.gen)
	a.nextPause = 0
	for a.nextPause < a.cur.n {
		p := &a.cur.pauses[a.nextPause]
		if p.at+p.dur > s.now {
			break
		}
		a.nextPause++
	}
	if a.nextPause < a.cur.n {
		if p := &a.cur.pauses[a.nextPause]; p.at <= s.now {
			p.dur = p.at + p.dur - s.now
			p.at = s.now
			s.startPlannedPause(i)
			return
		}
		s.schedulePauseDue(i)
	}
	s.becomeAvailable(i)
}

func (s *Sim) schedulePauseDue(i int32) {
	a := &s.agents[i]
	if a.nextPause < a.cur.n {
		s.at(a.cur.pauses[a.nextPause].at, tPauseDue, i, -1, a.gen)
	}
}

// pauseDue: the agent takes the pause now if idle, else after the call
// (agents finish their call before going to lunch).
func (s *Sim) pauseDue(i int32, gen uint32) {
	a := &s.agents[i]
	if gen != a.gen || a.state == stOff {
		return
	}
	a.pendingPause = true
	if a.state == stIdle {
		s.startPlannedPause(i)
	}
}

func (s *Sim) startPlannedPause(i int32) {
	a := &s.agents[i]
	p := a.cur.pauses[a.nextPause]
	a.nextPause++
	a.pendingPause = false
	s.pause(i, p.reason, p.dur)
	s.schedulePauseDue(i)
}

// pause pauses the agent in all its queues for d.
func (s *Sim) pause(i int32, reason string, d int64) {
	a := &s.agents[i]
	a.state = stPaused
	a.availGen++
	for _, q := range a.skills {
		ev := s.newEvent(feed.AgentPaused, "PAUSE")
		ev.Queue = s.queues[q].spec.name
		ev.Agent = a.id
		ev.Reason = reason
		s.flush()
	}
	s.at(s.now+d, tPauseEnd, i, -1, a.gen)
}

func (s *Sim) pauseEnd(i int32, gen uint32) {
	a := &s.agents[i]
	if gen != a.gen || a.state != stPaused {
		return
	}
	for _, q := range a.skills {
		ev := s.newEvent(feed.AgentUnpaused, "UNPAUSE")
		ev.Queue = s.queues[q].spec.name
		ev.Agent = a.id
		s.flush()
	}
	a.state = stIdle
	s.agentFree(i)
}

// shiftEnd logs the agent out now if idle or paused, else after the call.
func (s *Sim) shiftEnd(i int32, gen uint32) {
	a := &s.agents[i]
	if gen != a.gen || a.state == stOff {
		return
	}
	a.leaving = true
	if a.state == stIdle || a.state == stPaused {
		s.logout(i)
	}
}

func (s *Sim) logout(i int32) {
	a := &s.agents[i]
	for _, q := range a.skills {
		ev := s.newEvent(feed.AgentLogout, "REMOVEMEMBER")
		ev.Queue = s.queues[q].spec.name
		ev.Agent = a.id
		s.flush()
	}
	a.state = stOff
	a.gen++
	a.availGen++
	a.leaving, a.pendingPause = false, false
}

// agentFree decides what an agent who just finished something does next:
// go home, take a due pause, or take the next call.
func (s *Sim) agentFree(i int32) {
	a := &s.agents[i]
	a.state = stIdle
	switch {
	case a.leaving:
		s.logout(i)
	case a.pendingPause:
		s.startPlannedPause(i)
	default:
		s.becomeAvailable(i)
	}
}

// becomeAvailable offers the agent the best waiting call, or records the
// agent as idle in each skilled queue (longest idle is offered first).
func (s *Sim) becomeAvailable(i int32) {
	a := &s.agents[i]
	a.state = stIdle
	a.availGen++
	if c := s.pickCall(i); c >= 0 {
		s.ring(i, c)
		return
	}
	for _, q := range a.skills {
		s.queues[q].pushAvail(s.agents, availEntry{agent: i, gen: a.availGen})
	}
}
