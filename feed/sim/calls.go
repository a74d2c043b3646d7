package sim

import (
	"math"
	"strconv"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// queueState is one queue's live state.
type queueState struct {
	spec   queueSpec
	wrap   time.Duration
	wrapMs int64
	svc    float64 // mean seconds of agent time per call: ring, talk, wrap-up

	waiting []int32 // calls in the queue (ringing ones included), in entry order

	// avail holds agents who became idle, oldest first; entries go stale
	// when the agent leaves idle (availGen changes) and are skipped.
	avail []availEntry
	head  int

	expLeft float64 // arrival process: unit exponential still to consume
}

type availEntry struct {
	agent int32
	gen   uint32
}

// call is one caller in a queue, from ENTERQUEUE to its terminal event.
type call struct {
	id                 string
	caller, callerName string
	queue              int32
	agent              int32 // agent ringing or talking, -1 if none
	pos                int32 // position at entry
	entry              int64
	ringStart          int64
	answerAt           int64
	gen                uint32 // bumped when answered or freed: stale tLeave timers
	ringing            bool
	rna                bool  // the current ring will not be answered
	leaveKind          uint8 // what the caller does when giving up
	key                string
}

// What a waiting caller does at the leave timer.
const (
	leaveAbandon uint8 = iota
	leaveTimeout
	leaveKey
)

// Call-handling probabilities. They are small on purpose: a real centre
// sees a few per cent of each.
const (
	pRingNoAnswer = 0.03 // an offered ring is not answered
	pAutoPause    = 0.5  // a ring-no-answer auto-pauses the agent
	pShortAbandon = 0.02 // caller hangs up within 5 s (wrong number, IVR slip)
	pKeyExit      = 0.015
	pCallerEnds   = 0.6 // an answered call is ended by the caller (else the agent)
	talkSigma     = 0.55
	patienceGrace = 10.0 // seconds
)

func (s *Sim) buildQueues() {
	all := specs()
	s.queues = make([]queueState, s.cfg.Queues)
	for q := range s.queues {
		sp := all[q]
		s.queues[q] = queueState{
			spec:   sp,
			wrapMs: ms(sp.wrap),
			wrap:   dur(ms(sp.wrap)),
			// ring: 6 s mean; ring-no-answers add a little more.
			svc: sp.aht + sp.wrap + 6 + pRingNoAnswer*15,
		}
	}
}

// arrive puts a new caller in queue q, rings an idle agent if there is one,
// and schedules the next caller.
func (s *Sim) arrive(q int32) {
	qs := &s.queues[q]
	ci := s.allocCall()
	c := &s.calls[ci]
	s.callN++
	var buf [40]byte
	b := strconv.AppendInt(buf[:0], s.now/1000, 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, s.callN, 10)
	c.id = string(b)
	who := s.callers.next(s.rng)
	c.caller, c.callerName = who.number, who.name
	c.queue = q
	c.agent = -1
	c.entry = s.now
	c.ringing, c.rna = false, false
	qs.waiting = append(qs.waiting, ci)
	c.pos = int32(len(qs.waiting))

	ev := s.newEvent(feed.CallEnqueued, "ENTERQUEUE")
	ev.Queue = qs.spec.name
	ev.CallID = c.id
	ev.Caller = c.caller
	ev.CallerName = c.callerName
	ev.Position = int(c.pos)
	s.flush()

	// When will this caller give up, and how?
	c.leaveKind, c.key = leaveAbandon, ""
	var wait float64
	switch u := s.rng.Float64(); {
	case u < pShortAbandon:
		wait = 0.5 + 4.4*s.rng.Float64()
	case u < pShortAbandon+pKeyExit:
		wait = 10 + 80*s.rng.Float64()
		c.leaveKind, c.key = leaveKey, "0"
	default:
		// Exponential patience after a short grace: nobody hangs up while
		// the greeting plays, except the short abandons above.
		wait = patienceGrace + s.rng.ExpFloat64()*(qs.spec.patience-patienceGrace)
	}
	if wait >= qs.spec.maxWait {
		wait = qs.spec.maxWait
		c.leaveKind, c.key = leaveTimeout, ""
	}
	s.at(s.now+ms(wait), tLeave, -1, ci, c.gen)

	if a := s.popAvail(q); a >= 0 {
		s.ring(a, ci)
	}
	qs.expLeft = s.rng.ExpFloat64()
	s.nextArrival(q)
}

func (s *Sim) allocCall() int32 {
	if n := len(s.free); n > 0 {
		ci := s.free[n-1]
		s.free = s.free[:n-1]
		return ci
	}
	s.calls = append(s.calls, call{})
	return int32(len(s.calls) - 1)
}

func (s *Sim) freeCall(ci int32) {
	c := &s.calls[ci]
	c.gen++
	c.id, c.caller, c.callerName, c.key = "", "", "", ""
	s.free = append(s.free, ci)
}

// unqueue removes call ci from its queue and returns its position (1-based).
func (s *Sim) unqueue(ci int32) int {
	qs := &s.queues[s.calls[ci].queue]
	for i, x := range qs.waiting {
		if x == ci {
			copy(qs.waiting[i:], qs.waiting[i+1:])
			qs.waiting = qs.waiting[:len(qs.waiting)-1]
			return i + 1
		}
	}
	return 0
}

// pickCall chooses the call an agent who just became idle takes: the
// longest-waiting unrung call among its queues, higher-priority queues
// first (VIP callers jump the line, as Asterisk queue weight does).
func (s *Sim) pickCall(i int32) int32 {
	best, bestPri, bestEntry := int32(-1), 0, int64(0)
	for _, q := range s.agents[i].skills {
		qs := &s.queues[q]
		for _, ci := range qs.waiting {
			c := &s.calls[ci]
			if c.ringing {
				continue
			}
			if best < 0 || qs.spec.priority > bestPri || (qs.spec.priority == bestPri && c.entry < bestEntry) {
				best, bestPri, bestEntry = ci, qs.spec.priority, c.entry
			}
			break
		}
	}
	return best
}

// popAvail returns queue q's longest-idle available agent, or -1.
func (s *Sim) popAvail(q int32) int32 {
	qs := &s.queues[q]
	for qs.head < len(qs.avail) {
		e := qs.avail[qs.head]
		qs.head++
		a := &s.agents[e.agent]
		if a.state == stIdle && a.availGen == e.gen {
			return e.agent
		}
	}
	qs.avail, qs.head = qs.avail[:0], 0
	return -1
}

// pushAvail appends an idle agent, compacting stale entries so the list
// stays bounded by the number of agents.
func (qs *queueState) pushAvail(agents []agent, e availEntry) {
	if len(qs.avail)-qs.head >= 2*len(agents)+64 || (qs.head > 1024 && 2*qs.head > len(qs.avail)) {
		live := qs.avail[:0]
		for _, x := range qs.avail[qs.head:] {
			if a := &agents[x.agent]; a.state == stIdle && a.availGen == x.gen {
				live = append(live, x)
			}
		}
		qs.avail, qs.head = live, 0
	}
	qs.avail = append(qs.avail, e)
}

// ring starts ringing agent i for call ci. Whether it will be answered is
// drawn now: a ring-no-answer rings for the full member timeout.
func (s *Sim) ring(i, ci int32) {
	a := &s.agents[i]
	c := &s.calls[ci]
	a.state = stRinging
	a.availGen++
	a.busyGen++
	a.call = ci
	c.ringing, c.agent, c.ringStart = true, i, s.now
	d := 2*second + s.rng.Int64N(8*second+1)
	c.rna = s.rng.Float64() < pRingNoAnswer
	if c.rna {
		d = rnaRingTime
	}
	s.at(s.now+d, tRingEnd, i, ci, a.busyGen)
}

func (s *Sim) ringEnd(i int32, gen uint32) {
	a := &s.agents[i]
	if a.busyGen != gen || a.state != stRinging {
		return
	}
	ci := a.call
	c := &s.calls[ci]
	qs := &s.queues[c.queue]
	if c.rna {
		ev := s.newEvent(feed.CallRingNoAnswer, "RINGNOANSWER")
		ev.Queue = qs.spec.name
		ev.CallID = c.id
		ev.Agent = a.id
		ev.Ring = dur(s.now - c.ringStart)
		s.flush()
		c.ringing, c.agent = false, -1
		a.call = -1
		if s.rng.Float64() < pAutoPause {
			s.pause(i, "Auto-Pause", 60*second+s.rng.Int64N(60*second+1))
		} else {
			a.state = stWrap
			s.at(s.now+retryDelay, tWrapEnd, i, -1, a.busyGen)
		}
		if b := s.popAvail(c.queue); b >= 0 {
			s.ring(b, ci)
		}
		return
	}
	s.unqueue(ci)
	c.gen++ // the caller no longer leaves
	c.ringing = false
	c.answerAt = s.now
	ev := s.newEvent(feed.CallAnswered, "CONNECT")
	ev.Queue = qs.spec.name
	ev.CallID = c.id
	ev.Agent = a.id
	ev.Wait = dur(s.now - c.entry)
	ev.Ring = dur(s.now - c.ringStart)
	s.flush()
	a.state = stTalking
	mu := math.Log(qs.spec.aht) - talkSigma*talkSigma/2
	talk := math.Exp(mu + talkSigma*s.rng.NormFloat64())
	talk = min(max(talk, 8), 7200)
	s.at(s.now+ms(talk), tTalkEnd, i, ci, a.busyGen)
}

func (s *Sim) talkEnd(i int32, gen uint32) {
	a := &s.agents[i]
	if a.busyGen != gen || a.state != stTalking {
		return
	}
	ci := a.call
	c := &s.calls[ci]
	qs := &s.queues[c.queue]
	var ev *feed.Event
	if s.rng.Float64() < qs.spec.transferP {
		ev = s.newEvent(feed.CallTransferred, "BLINDTRANSFER")
		ev.Target = qs.spec.target
	} else if s.rng.Float64() < pCallerEnds {
		ev = s.newEvent(feed.CallCompleted, "COMPLETECALLER")
		ev.EndedBy = "caller"
	} else {
		ev = s.newEvent(feed.CallCompleted, "COMPLETEAGENT")
		ev.EndedBy = "agent"
	}
	ev.Queue = qs.spec.name
	ev.CallID = c.id
	ev.Agent = a.id
	ev.Position = int(c.pos)
	ev.Wait = dur(c.answerAt - c.entry)
	ev.Talk = dur(s.now - c.answerAt)
	s.flush()
	s.freeCall(ci)
	a.call = -1
	a.state = stWrap
	if qs.wrapMs > 0 {
		s.at(s.now+qs.wrapMs, tWrapEnd, i, -1, a.busyGen)
		return
	}
	s.agentFree(i)
}

func (s *Sim) wrapEnd(i int32, gen uint32) {
	a := &s.agents[i]
	if a.busyGen != gen || a.state != stWrap {
		return
	}
	s.agentFree(i)
}

// leave: a caller gives up waiting. If an agent is being rung for the call,
// the ring is cancelled first (RINGCANCELED, as Asterisk 16+ logs it).
func (s *Sim) leave(ci int32, gen uint32) {
	c := &s.calls[ci]
	if c.gen != gen {
		return
	}
	qs := &s.queues[c.queue]
	ringer := int32(-1)
	if c.ringing {
		ringer = c.agent
		a := &s.agents[ringer]
		ev := s.newEvent(feed.CallRingCanceled, "RINGCANCELED")
		ev.Queue = qs.spec.name
		ev.CallID = c.id
		ev.Agent = a.id
		ev.Ring = dur(s.now - c.ringStart)
		s.flush()
		a.busyGen++
		a.call = -1
	}
	pos := s.unqueue(ci)
	var ev *feed.Event
	switch c.leaveKind {
	case leaveTimeout:
		ev = s.newEvent(feed.CallExited, "EXITWITHTIMEOUT")
		ev.Exit = feed.ExitTimeout
	case leaveKey:
		ev = s.newEvent(feed.CallExited, "EXITWITHKEY")
		ev.Exit = feed.ExitKey
		ev.Key = c.key
	default:
		ev = s.newEvent(feed.CallAbandoned, "ABANDON")
	}
	ev.Queue = qs.spec.name
	ev.CallID = c.id
	ev.Position = pos
	ev.Wait = dur(s.now - c.entry)
	s.flush()
	s.freeCall(ci)
	if ringer >= 0 {
		s.agentFree(ringer)
	}
}
