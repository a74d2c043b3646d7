package kpi

import (
	"maps"
	"sort"
	"time"

	"github.com/callfloor/wallboard/feed"
)

type agentKey struct {
	agent string
	start int64
}

// AgentRow is one agent's figures over one interval. Counts land by event
// time like queue counters; state time is split exactly at interval
// boundaries, so an agent busy from 09:25 to 09:40 gives 5 minutes to the
// 09:00 half-hour and 10 to the 09:30 one.
type AgentRow struct {
	Agent      string
	Start, End time.Time

	Answered     int
	Completed    int
	Transferred  int
	RingNoAnswer int
	Talk         time.Duration // Σ talk of completed calls

	LoggedIn  time.Duration // any status but logged out
	Available time.Duration // idle, waiting for a call (ringing included)
	Busy      time.Duration // on a call
	Wrapup    time.Duration
	Paused    time.Duration
	// PausedBy splits Paused by reason ("" for a pause without one).
	PausedBy map[string]time.Duration
}

// AHT is talk per completed call.
func (r *AgentRow) AHT() (time.Duration, bool) {
	if r.Completed == 0 {
		return 0, false
	}
	return r.Talk / time.Duration(r.Completed), true
}

// Occupancy is handle time / (handle time + available idle time), handle
// time being time busy and in wrap-up. Paused and logged-out time count in
// neither.
func (r *AgentRow) Occupancy() (float64, bool) {
	h := r.Busy + r.Wrapup
	if h+r.Available <= 0 {
		return 0, false
	}
	return float64(h) / float64(h+r.Available), true
}

func (r *AgentRow) add(o *AgentRow) {
	r.Answered += o.Answered
	r.Completed += o.Completed
	r.Transferred += o.Transferred
	r.RingNoAnswer += o.RingNoAnswer
	r.Talk += o.Talk
	r.LoggedIn += o.LoggedIn
	r.Available += o.Available
	r.Busy += o.Busy
	r.Wrapup += o.Wrapup
	r.Paused += o.Paused
	for k, v := range o.PausedBy {
		if r.PausedBy == nil {
			r.PausedBy = make(map[string]time.Duration)
		}
		r.PausedBy[k] += v
	}
}

// agentRow returns a's row for the interval containing t. With
// NoAgentRows it returns a scratch row that nothing reads.
func (s *State) agentRow(a *agent, t time.Time) *AgentRow {
	if r := a.row; r != nil && !t.Before(r.Start) && t.Before(r.End) && r.Agent == a.id {
		return r
	}
	if s.cfg.NoAgentRows {
		s.scratch = AgentRow{}
		return &s.scratch
	}
	start, end := s.bucket(t)
	k := agentKey{a.id, start.Unix()}
	r := s.aRows[k]
	if r == nil {
		r = &AgentRow{Agent: a.id, Start: start, End: end}
		s.aRows[k] = r
	}
	a.row = r
	return r
}

// account splits the time since a.accounted in a's current status into
// interval rows, up to t.
func (s *State) account(a *agent, t time.Time) {
	from := a.accounted
	if !t.After(from) {
		return
	}
	a.accounted = t
	s.accountQueues(a, from, t)
	if a.status == feed.StatusLoggedOut || s.cfg.NoAgentRows {
		return
	}
	for from.Before(t) {
		r := s.agentRow(a, from)
		upto := t
		if r.End.Before(upto) {
			upto = r.End
		}
		d := upto.Sub(from)
		r.LoggedIn += d
		switch a.status {
		case feed.StatusAvailable, feed.StatusRinging:
			r.Available += d
		case feed.StatusBusy:
			r.Busy += d
		case feed.StatusWrapup:
			r.Wrapup += d
		case feed.StatusPaused:
			r.Paused += d
			if r.PausedBy == nil {
				r.PausedBy = make(map[string]time.Duration)
			}
			r.PausedBy[a.reason] += d
		}
		from = upto
	}
}

// CloseAt accounts every agent's open status time up to t without changing
// any status. A report calls it once at the end of its input (the time of
// the last event) so the last intervals include the time still running.
func (s *State) CloseAt(t time.Time) {
	s.advance(t)
	for _, a := range s.agents {
		s.account(a, t)
	}
}

// AgentRows returns every agent interval with any activity or logged-in
// time, sorted by start, then agent.
func (s *State) AgentRows() []AgentRow {
	out := make([]AgentRow, 0, len(s.aRows))
	for _, r := range s.aRows {
		if r.LoggedIn > 0 || r.Answered+r.Completed+r.RingNoAnswer > 0 {
			c := *r
			c.PausedBy = maps.Clone(r.PausedBy) // the caller's to keep: later events must not change it
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].Agent < out[j].Agent
	})
	return out
}
