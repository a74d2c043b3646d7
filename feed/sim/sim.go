package sim

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// Agent is one roster entry as the board and the websocket snapshot show it.
type Agent struct {
	ID     string   // agent id as events carry it ("1001")
	Name   string   // display name (agent.login name)
	Queues []string // skills: the queues the agent logs into
}

// Sim is one simulated centre. It is not safe for concurrent use: one
// goroutine owns it and calls Advance with the clock it follows (wall clock
// for a live demo, a fast clock for replay, a loop for benchmarks).
type Sim struct {
	cfg  Config
	loc  *time.Location
	load float64
	rng  *rand.Rand

	now   int64     // ms since the Unix epoch: timers up to here are done
	until time.Time // last Advance target (Now)

	timers []timer // binary min-heap on (at, plan-first, seq)
	seq    uint64

	queues []queueState
	agents []agent
	calls  []call  // pool, indexed by int32
	free   []int32 // free call slots
	callN  uint64  // Asterisk uniqueid counter

	callers *callerGen
	caps    capacity

	ev   feed.Event
	emit func(*feed.Event)
}

// timerKind says what a scheduled instant does.
type timerKind uint8

const (
	tPlanDay      timerKind = iota // a local midnight: plan the day's shifts
	tArrive                        // a caller arrives in queue who
	tArriveResume                  // the arrival walk reached the planned horizon
	tShiftStart                    // agent who logs in
	tShiftEnd                      // agent whose shift is over
	tPauseDue                      // agent whose next planned pause is due
	tPauseEnd                      // agent whose pause is over
	tRingEnd                       // agent who answers (or not) call
	tTalkEnd                       // agent whose call ends
	tWrapEnd                       // agent whose wrap-up (or retry cool-down) ends
	tLeave                         // call gives up waiting
)

// timer is one scheduled instant. gen guards against stale timers: state
// changes bump the owner's generation instead of searching the heap.
type timer struct {
	at   int64 // ms
	seq  uint64
	kind timerKind
	who  int32 // agent or queue index
	call int32
	gen  uint32
}

const (
	second = int64(1000)
	minute = 60 * second
	hour   = 60 * minute
)

// New builds the centre described by cfg. Nothing happens until Advance.
func New(cfg Config) (*Sim, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("simulator config: %w", err)
	}
	s := &Sim{cfg: cfg, loc: cfg.Location, load: cfg.Load, until: cfg.Start}
	if s.loc == nil {
		s.loc = time.Local
	}
	if s.load == 0 {
		s.load = 1
	}
	seed := uint64(cfg.Seed)
	s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.now = cfg.Start.UnixMilli()
	s.callers = newCallerGen()
	s.buildQueues()
	s.buildRoster()
	s.startCapacity()
	for q := range s.queues {
		s.queues[q].expLeft = s.rng.ExpFloat64()
		s.nextArrival(int32(q))
	}
	return s, nil
}

// Advance runs the simulation from its current time up to to, inclusive of
// events at to, calling emit for each event in non-decreasing time order.
// emit must not keep the pointer (the event is reused); a nil emit skips
// ahead, discarding events. A to before Now does nothing: simulated time
// never goes back. Calling Advance once for a day or in one-second steps
// gives the same events. Event times have millisecond resolution.
func (s *Sim) Advance(to time.Time, emit func(*feed.Event)) {
	if to.Before(s.until) {
		return
	}
	s.emit = emit
	end := to.UnixMilli()
	if to.Before(time.UnixMilli(end)) { // UnixMilli rounds toward zero before 1970
		end--
	}
	for len(s.timers) > 0 && s.timers[0].at <= end {
		t := s.pop()
		if t.at > s.now {
			s.now = t.at
		}
		s.fire(t)
	}
	if end > s.now {
		s.now = end
	}
	s.until = to
	s.emit = nil
}

// Now is the instant the simulation has reached (Start before any Advance).
func (s *Sim) Now() time.Time { return s.until }

// Queues returns the queue names in configuration order.
func (s *Sim) Queues() []string {
	names := make([]string, len(s.queues))
	for i := range s.queues {
		names[i] = s.queues[i].spec.name
	}
	return names
}

// Roster returns a copy of every agent on the roster, logged in or not.
func (s *Sim) Roster() []Agent {
	out := make([]Agent, len(s.agents))
	for i := range s.agents {
		a := &s.agents[i]
		qs := make([]string, len(a.skills))
		for j, q := range a.skills {
			qs[j] = s.queues[q].spec.name
		}
		out[i] = Agent{ID: a.id, Name: a.name, Queues: qs}
	}
	return out
}

// WrapUp returns the wrap-up time agents of queue take after each call, or
// false for an unknown queue. Events never carry it (queue_log cannot), so
// whoever runs the KPI engine on simulated data configures it from here to
// get occupancy and AHT right.
func (s *Sim) WrapUp(queue string) (time.Duration, bool) {
	for i := range s.queues {
		if s.queues[i].spec.name == queue {
			return s.queues[i].wrap, true
		}
	}
	return 0, false
}

func (s *Sim) fire(t timer) {
	switch t.kind {
	case tPlanDay:
		s.planNextDay(t.at)
	case tArrive:
		s.arrive(t.who)
	case tArriveResume:
		s.nextArrival(t.who)
	case tShiftStart:
		s.shiftStart(t.who)
	case tShiftEnd:
		s.shiftEnd(t.who, t.gen)
	case tPauseDue:
		s.pauseDue(t.who, t.gen)
	case tPauseEnd:
		s.pauseEnd(t.who, t.gen)
	case tRingEnd:
		s.ringEnd(t.who, t.gen)
	case tTalkEnd:
		s.talkEnd(t.who, t.gen)
	case tWrapEnd:
		s.wrapEnd(t.who, t.gen)
	case tLeave:
		s.leave(t.call, t.gen)
	}
}

// at schedules a timer; it is never earlier than now.
func (s *Sim) at(when int64, kind timerKind, who, call int32, gen uint32) {
	if when < s.now {
		when = s.now
	}
	s.seq++
	s.timers = append(s.timers, timer{at: when, seq: s.seq, kind: kind, who: who, call: call, gen: gen})
	h := s.timers
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].less(&h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

// less orders timers by time; at one instant day planning comes first (so
// arrivals see the new day's staffing), then scheduling order.
func (a *timer) less(b *timer) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	if (a.kind == tPlanDay) != (b.kind == tPlanDay) {
		return a.kind == tPlanDay
	}
	return a.seq < b.seq
}

func (s *Sim) pop() timer {
	h := s.timers
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		c := l
		if r := l + 1; r < n && h[r].less(&h[l]) {
			c = r
		}
		if !h[c].less(&h[i]) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	s.timers = h
	return top
}

// newEvent resets the shared event for kind at now and returns it; the
// caller fills the rest and calls flush. It avoids a closure per event on
// the hot path.
func (s *Sim) newEvent(kind feed.Kind, verb string) *feed.Event {
	ev := &s.ev
	ev.Reset()
	ev.Time = time.UnixMilli(s.now).In(s.loc)
	ev.Kind = kind
	ev.Verb = verb
	return ev
}

func (s *Sim) flush() {
	if s.emit != nil {
		s.emit(&s.ev)
	}
}

// ms converts seconds to whole milliseconds (at least 1 ms for positive input).
func ms(sec float64) int64 {
	v := int64(sec*1000 + 0.5)
	if v < 1 && sec > 0 {
		v = 1
	}
	return v
}

func dur(msv int64) time.Duration { return time.Duration(msv) * time.Millisecond }
