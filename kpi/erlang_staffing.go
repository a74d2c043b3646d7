package kpi

import (
	"time"
)

// maxRateWindow caps the window the arrival rate is measured over: with
// day intervals a day's average says nothing about "right now".
const maxRateWindow = time.Hour

// rateMinutes is the ring size of a rate window: one slot per minute of
// the longest window, counting both ends (an hour's window at 11:00:xx
// counts the minutes 10:00 through 11:00, 61 of them).
const rateMinutes = int(maxRateWindow/time.Minute) + 1

// minuteCount is one minute of a queue's arrivals and completions.
type minuteCount struct {
	minute    int64 // Unix minute the slot holds; others are stale
	offered   int
	completed int
	handle    time.Duration
}

// rateWindow is a queue's last hour by minute: memory is fixed whatever
// the traffic.
type rateWindow struct{ slot [rateMinutes]minuteCount }

func unixMinute(t time.Time) int64 {
	u := t.Unix()
	m := u / 60
	if u < 0 && u%60 != 0 {
		m--
	}
	return m
}

// at returns the slot of t's minute, recycling a stale one. An event more
// than an hour older than the slot's minute gets a scratch slot: it is
// outside every window anyway.
func (w *rateWindow) at(t time.Time) *minuteCount {
	m := unixMinute(t)
	i := int(mod(m, int64(rateMinutes)))
	s := &w.slot[i]
	if s.minute != m {
		if m < s.minute {
			return &minuteCount{}
		}
		*s = minuteCount{minute: m}
	}
	return s
}

// sum adds the slots of minutes [from, to].
func (w *rateWindow) sum(from, to int64) (offered, completed int, handle time.Duration) {
	for i := range w.slot {
		s := &w.slot[i]
		if s.minute >= from && s.minute <= to {
			offered += s.offered
			completed += s.completed
			handle += s.handle
		}
	}
	return
}

func (s *State) rate(q string) *rateWindow {
	qs := s.qual()
	w := qs.rates[q]
	if w == nil {
		w = &rateWindow{}
		qs.rates[q] = w
	}
	return w
}

// Staffing is the Erlang C answer to "how many agents does this queue
// need right now?", against the agents it has. See docs/kpi.md.
type Staffing struct {
	// OK is false when there is nothing to estimate from: less than a
	// minute of data, or no handle time known yet.
	OK bool
	// Window is the span the arrival rate was measured over: the last
	// interval length (at most an hour), shorter at the start of the data.
	Window  time.Duration
	Offered int           // calls offered in the window
	AHT     time.Duration // handle time of the calls completed in the window (else the day's)
	// AHTDay is true when no call completed in the window and the day's
	// AHT stood in.
	AHTDay bool
	Load   float64 // offered Erlangs: λ·AHT
	// Needed is the smallest agent count whose Erlang C service level
	// within the queue's threshold reaches its target; 0 with no calls.
	// For the centre, Erlang C on the queues' pooled load.
	Needed int
	// Staffed is agents logged in and not paused (busy and wrap-up count:
	// they are working the queue).
	Staffed int
	// SL is the Erlang C service level the staffed agents would give at
	// this load (0 when staffed <= load); SLOK is false when not computed.
	SL   float64
	SLOK bool
}

// Short is how many agents are missing (0 when enough are staffed).
func (st *Staffing) Short() int {
	if !st.OK || st.Needed <= st.Staffed {
		return 0
	}
	return st.Needed - st.Staffed
}

// rateWindowLen is the window the arrival rate is measured over.
func (s *State) rateWindowLen() time.Duration {
	return min(s.cfg.Interval, maxRateWindow)
}

// staffing computes qv.Staffing at now from the queue's rate window.
// Rule (docs/kpi.md): the window is the last rateWindowLen() ending now,
// by whole minutes (from the start of the minute rateWindowLen() before
// now's, so at 13:30:00 it is 13:00:00–13:30:00), cut at the first event
// the state saw; λ = offered / window.
func (s *State) staffing(qv *QueueView, now time.Time) {
	st := Staffing{Staffed: qv.Agents.Staffed()}
	defer func() { qv.Staffing = st }()
	w := s.q.rates[qv.Name]
	if w == nil {
		return
	}
	to := unixMinute(now)
	from := to - int64(s.rateWindowLen()/time.Minute)
	start := time.Unix(from*60, 0)
	if s.q.first.After(start) {
		start = s.q.first
	}
	st.Window = now.Sub(start)
	if st.Window < time.Minute {
		return
	}
	offered, completed, handle := w.sum(from, to)
	st.Offered = offered
	switch {
	case completed > 0:
		st.AHT = handle / time.Duration(completed)
	default:
		aht, ok := qv.Day.AHT()
		if !ok {
			return
		}
		st.AHT, st.AHTDay = aht, true
	}
	if st.AHT <= 0 {
		return
	}
	st.OK = true
	st.Load = float64(offered) / st.Window.Seconds() * st.AHT.Seconds()
	r := rules(qv)
	if offered > 0 {
		need, ok := AgentsNeeded(st.Load, st.AHT, r.SLThreshold, r.SLTarget)
		if !ok { // a 100 % target: no agent count reaches it
			st.OK = false
			return
		}
		st.Needed = need.Agents
	}
	if st.Staffed > 0 {
		res := ErlangCAt(st.Staffed, st.Load, st.AHT, r.SLThreshold)
		st.SL, st.SLOK = res.SL, true
	}
}

// rules is the queue's rules, or the defaults when unset (the centre).
func rules(qv *QueueView) QueueRules {
	if qv.Rules.SLThreshold <= 0 {
		return DefaultRules()
	}
	return qv.Rules
}

// centreStaffing pools the queues: Erlang C on the summed load (each
// queue's λ·AHT), with the load-weighted AHT and the centre's rules, as if
// every agent took every queue. Summing the queues' needs instead would
// count an agent in three queues three times against agents counted once;
// pooling is the lower bound, and each queue's tile gives its own need.
func centreStaffing(total *QueueView, queues []QueueView) {
	st := Staffing{Staffed: total.Agents.Staffed()}
	rate := 0.0 // calls per second, summed
	for i := range queues {
		q := &queues[i].Staffing
		if !q.OK {
			continue
		}
		st.OK = true
		st.Window = max(st.Window, q.Window)
		st.Offered += q.Offered
		st.Load += q.Load
		rate += q.Load / q.AHT.Seconds()
	}
	defer func() { total.Staffing = st }()
	if !st.OK || rate <= 0 {
		return // no calls anywhere: nobody needed
	}
	st.AHT = time.Duration(st.Load / rate * float64(time.Second))
	r := rules(total)
	need, ok := AgentsNeeded(st.Load, st.AHT, r.SLThreshold, r.SLTarget)
	if !ok {
		st.OK = false
		return
	}
	st.Needed = need.Agents
	if st.Staffed > 0 {
		res := ErlangCAt(st.Staffed, st.Load, st.AHT, r.SLThreshold)
		st.SL, st.SLOK = res.SL, true
	}
}
