package kpi

import "time"

// DefaultRepeatWindow is W of the repeat-call rate: a caller who entered
// any queue in the previous 24 hours and calls again is a repeat.
const DefaultRepeatWindow = 24 * time.Hour

// Quality counts what tells a manager whether callers were helped, per
// queue and interval: repeat calls (the first-contact-resolution proxy)
// and post-call survey answers. Like every counter, each count lands in
// the interval of its own event (the entry, the survey line).
type Quality struct {
	// KnownCallers are offered calls with a usable caller number (empty
	// and anonymous numbers excluded): the repeat-rate denominator.
	KnownCallers int
	// Repeats are those whose number entered any queue in the previous
	// repeat window (the same call overflowing to a second queue is not a
	// repeat).
	Repeats int

	SurveyResponses   int // survey events with at least one answer
	CSATResponses     int // answers on the 1–5 scale
	CSATSatisfied     int // of those, 4 or 5
	NPSResponses      int // answers on the 0–10 scale
	NPSPromoters      int // 9 or 10
	NPSDetractors     int // 0 to 6
	ResolvedResponses int // answers to "was it resolved?"
	Resolved          int // of those, yes
}

func (q *Quality) add(o *Quality) {
	q.KnownCallers += o.KnownCallers
	q.Repeats += o.Repeats
	q.SurveyResponses += o.SurveyResponses
	q.CSATResponses += o.CSATResponses
	q.CSATSatisfied += o.CSATSatisfied
	q.NPSResponses += o.NPSResponses
	q.NPSPromoters += o.NPSPromoters
	q.NPSDetractors += o.NPSDetractors
	q.ResolvedResponses += o.ResolvedResponses
	q.Resolved += o.Resolved
}

// RepeatRate is repeats / offered calls with a known number.
func (q *Quality) RepeatRate() (float64, bool) { return ratio(q.Repeats, q.KnownCallers) }

// CSAT is the share of 1–5 answers scoring 4 or 5.
func (q *Quality) CSAT() (float64, bool) { return ratio(q.CSATSatisfied, q.CSATResponses) }

// NPS is % promoters (9–10) minus % detractors (0–6), −100…+100.
func (q *Quality) NPS() (float64, bool) {
	if q.NPSResponses == 0 {
		return 0, false
	}
	return 100 * float64(q.NPSPromoters-q.NPSDetractors) / float64(q.NPSResponses), true
}

// FCRSource says where a first-contact-resolution figure came from; the
// board and reports label the figure with it, because the two are not
// the same measurement.
type FCRSource uint8

// The FCR sources.
const (
	FCRNone    FCRSource = iota // no figure
	FCRSurvey                   // resolved / answers to the survey's resolved question
	FCRRepeats                  // 1 − repeat-call rate (a proxy)
)

// String is the label the board and reports use.
func (s FCRSource) String() string {
	switch s {
	case FCRSurvey:
		return "survey"
	case FCRRepeats:
		return "repeat-proxy"
	}
	return "none"
}

// FCR is first-contact resolution: resolved / answers when surveys asked
// the question, else 1 − repeat-call rate.
func (q *Quality) FCR() (float64, FCRSource) {
	if v, ok := ratio(q.Resolved, q.ResolvedResponses); ok {
		return v, FCRSurvey
	}
	if r, ok := q.RepeatRate(); ok {
		return 1 - r, FCRRepeats
	}
	return 0, FCRNone
}

// AgentTime is agent state time attributed to a queue (or, on an
// AgentView, one agent's day): time on calls, in wrap-up, and available
// (idle or ringing). Paused and logged-out time are in none of them.
type AgentTime struct {
	AgentBusy      time.Duration
	AgentWrapup    time.Duration
	AgentAvailable time.Duration
}

func (t *AgentTime) add(o *AgentTime) {
	t.AgentBusy += o.AgentBusy
	t.AgentWrapup += o.AgentWrapup
	t.AgentAvailable += o.AgentAvailable
}

// Occupancy is handle time (busy + wrap-up) / (handle + available time).
func (t *AgentTime) Occupancy() (float64, bool) {
	h := t.AgentBusy + t.AgentWrapup
	if h+t.AgentAvailable <= 0 {
		return 0, false
	}
	return float64(h) / float64(h+t.AgentAvailable), true
}

// knownNumber says whether a caller number identifies a caller: empty
// numbers and words without a digit (anonymous, restricted, unknown,
// withheld…) do not.
func knownNumber(n string) bool {
	for i := 0; i < len(n); i++ {
		if n[i] >= '0' && n[i] <= '9' {
			return true
		}
	}
	return false
}
