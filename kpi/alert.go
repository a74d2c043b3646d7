package kpi

import (
	"sort"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// AlertKind is what went red.
type AlertKind uint8

// The alert kinds, in the order the board lists them.
const (
	AlertSL       AlertKind = iota // current-interval service level below the queue's red line (target − 10 points by default)
	AlertWait                      // longest current wait at or beyond the queue's red wait (3·T by default)
	AlertStaffing                  // Erlang C agents needed > agents staffed
	AlertPause                     // an agent paused longer than the reason's limit
	numAlertKinds
)

var alertWords = [numAlertKinds]string{"SL", "WAIT", "STAFF", "PAUSE"}

// String is the word the board shows beside the alarm glyph.
func (k AlertKind) String() string {
	if k < numAlertKinds {
		return alertWords[k]
	}
	return "ALERT"
}

// Alert is one red condition the board flags.
type Alert struct {
	Kind  AlertKind
	Queue string // the queue ("*" the centre); "" for an agent's alert
	Agent string // the agent's ID for AlertPause
	Since time.Time
}

// AlertRules say when a value crosses into red and when it may leave. A
// value hovering at the line must not make the board flicker, so leaving
// needs more than entering: the value must be back past the line by a
// margin (service level) and stay clear for Hold.
type AlertRules struct {
	// SLMargin: SL leaves red only at or above the red line plus this
	// (fraction, default 0.02 = 2 points).
	SLMargin float64
	// Hold: a condition must have been clear this long before its alert
	// ends (default 10 s). Pause alerts end when the pause does.
	Hold time.Duration
	// PauseLimit is the pause length that alerts for a reason without its
	// own limit (default 15 min, KPI.md's red for pauses).
	PauseLimit time.Duration
	// PauseLimits are limits by pause reason ("lunch": 45 min).
	PauseLimits map[string]time.Duration
}

// DefaultAlertRules: 2 points of SL margin, 10 s hold, 15 min pauses.
func DefaultAlertRules() AlertRules {
	return AlertRules{SLMargin: 0.02, Hold: 10 * time.Second, PauseLimit: 15 * time.Minute}
}

// PauseLimitFor is the limit of a pause reason.
func (r *AlertRules) PauseLimitFor(reason string) time.Duration {
	if d, ok := r.PauseLimits[reason]; ok && d > 0 {
		return d
	}
	if r.PauseLimit > 0 {
		return r.PauseLimit
	}
	return DefaultAlertRules().PauseLimit
}

type alertKey struct {
	kind  AlertKind
	queue string
	agent string
}

type alertState struct {
	Alert
	clearSince time.Time // zero while the condition holds
}

// Alerter keeps alert state across snapshots, for one viewer: each board
// (each SSH session) owns one and calls Update from its own goroutine, so
// no lock and no shared mutable state is needed.
type Alerter struct {
	rules AlertRules
	on    map[alertKey]*alertState
}

// NewAlerter returns an alerter with rules r; zero fields take defaults.
func NewAlerter(r AlertRules) *Alerter {
	d := DefaultAlertRules()
	if r.SLMargin <= 0 {
		r.SLMargin = d.SLMargin
	}
	if r.Hold <= 0 {
		r.Hold = d.Hold
	}
	if r.PauseLimit <= 0 {
		r.PauseLimit = d.PauseLimit
	}
	return &Alerter{rules: r, on: make(map[alertKey]*alertState)}
}

// Rules returns the rules in force (defaults filled in).
func (a *Alerter) Rules() AlertRules { return a.rules }

// Update evaluates the snapshot at now (the viewer's clock, so waits and
// pauses tick between snapshots) and returns how many alerts were newly
// raised, for a bell.
func (a *Alerter) Update(s *Snapshot, now time.Time) (raised int) {
	if s == nil {
		return 0
	}
	seen := make(map[alertKey]bool, len(a.on))
	step := func(k alertKey, enter, clear bool, hold time.Duration) {
		seen[k] = true
		st := a.on[k]
		switch {
		case st == nil && enter:
			a.on[k] = &alertState{Alert: Alert{Kind: k.kind, Queue: k.queue, Agent: k.agent, Since: now}}
			raised++
		case st == nil:
		case !clear:
			st.clearSince = time.Time{}
		case st.clearSince.IsZero():
			st.clearSince = now
			if hold <= 0 {
				delete(a.on, k)
			}
		case now.Sub(st.clearSince) >= hold:
			delete(a.on, k)
		}
	}
	queue := func(q *QueueView) {
		r := rules(q)
		red := r.SLRed() // the tile's own red line (configurable; target − 10 points by default)
		sl, ok := q.Current.ServiceLevel(r.Profile)
		step(alertKey{kind: AlertSL, queue: q.Name}, ok && sl < red-1e-9, !ok || sl >= red+a.rules.SLMargin-1e-9, a.rules.Hold)
		_, waitRed := r.WaitLevels()
		w := q.LongestWait(now)
		step(alertKey{kind: AlertWait, queue: q.Name}, w >= waitRed, w < waitRed, a.rules.Hold)
		st := &q.Staffing
		short := st.OK && st.Needed > st.Staffed
		step(alertKey{kind: AlertStaffing, queue: q.Name}, short, !short, a.rules.Hold)
	}
	queue(&s.Total)
	for i := range s.Queues {
		queue(&s.Queues[i])
	}
	for i := range s.Agents {
		ag := &s.Agents[i]
		over := ag.Status == feed.StatusPaused && now.Sub(ag.Since) > a.rules.PauseLimitFor(ag.Reason)
		step(alertKey{kind: AlertPause, agent: ag.ID}, over, !over, 0)
	}
	// Queues and agents that left the snapshot take their alerts along.
	for k := range a.on {
		if !seen[k] {
			delete(a.on, k)
		}
	}
	return raised
}

// Active lists the alerts in force: by kind, then queue, then agent.
func (a *Alerter) Active() []Alert {
	out := make([]Alert, 0, len(a.on))
	for _, st := range a.on {
		out = append(out, st.Alert)
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := &out[i], &out[j]
		if x.Kind != y.Kind {
			return x.Kind < y.Kind
		}
		if x.Queue != y.Queue {
			return x.Queue < y.Queue
		}
		return x.Agent < y.Agent
	})
	return out
}

// On reports whether an alert of kind is in force for queue (or, for
// AlertPause, for the agent ID given as queue).
func (a *Alerter) On(kind AlertKind, queue string) bool {
	k := alertKey{kind: kind, queue: queue}
	if kind == AlertPause {
		k = alertKey{kind: kind, agent: queue}
	}
	_, ok := a.on[k]
	return ok
}
