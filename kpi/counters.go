package kpi

import (
	"fmt"
	"time"
)

// Profile is a service-level formula. Contact centres disagree on what
// counts in the denominator, so the board names the profile it shows.
type Profile uint8

// The profiles of docs/kpi.md.
const (
	ProfileOutcome      Profile = iota // answered_in_sl / (answered + abandoned − short + exited)
	ProfileAnswered                    // answered_in_sl / answered
	ProfileOffered                     // answered_in_sl / offered
	ProfileOfferedShort                // answered_in_sl / (offered − short)
	ProfileAsteriskSL2                 // (answered_in_sl + abandoned_in_sl) / (answered + abandoned)
	numProfiles
)

var profileNames = [numProfiles]string{"outcome", "answered", "offered", "offered-short", "asterisk-sl2"}

// String returns the profile's name as flags and config files spell it.
func (p Profile) String() string {
	if p < numProfiles {
		return profileNames[p]
	}
	return fmt.Sprintf("profile(%d)", uint8(p))
}

// ParseProfile reads a profile name; the error lists the valid ones.
func ParseProfile(s string) (Profile, error) {
	for i, n := range profileNames {
		if n == s {
			return Profile(i), nil
		}
	}
	return 0, fmt.Errorf("unknown service-level profile %q (want one of outcome, answered, offered, offered-short, asterisk-sl2)", s)
}

// Profiles lists every profile, for help texts and tests.
func Profiles() []Profile {
	ps := make([]Profile, numProfiles)
	for i := range ps {
		ps[i] = Profile(i)
	}
	return ps
}

// Counters are one queue's (or the centre's) counts over one interval, as
// defined in docs/kpi.md. Every count lands in the interval of the event
// that caused it, so a closed interval never changes and two intervals
// merge exactly with Add.
type Counters struct {
	Offered        int // ENTERQUEUE
	Answered       int // CONNECT
	AnsweredInSL   int // CONNECT with wait <= T
	Abandoned      int // ABANDON, short ones included
	ShortAbandoned int // ABANDON with wait < S
	AbandonedInSL  int // ABANDON with wait <= T (for the asterisk-sl2 profile)
	Exited         int // EXIT*, WITHDRAW
	Completed      int // COMPLETE*, transfers
	Transferred    int // TRANSFER, BLINDTRANSFER, ATTENDEDTRANSFER
	RingNoAnswer   int // RINGNOANSWER

	SumWaitAnswered time.Duration // Σ wait over answered
	SumTalk         time.Duration // Σ talk over completed
	SumHold         time.Duration // Σ hold over completed, where reported
	SumWrap         time.Duration // Σ wrap-up over completed, where reported or configured
	MaxWait         time.Duration // max wait over answered, abandoned, exited

	// Incomplete is set when events that belong to this interval are known
	// to be missing (a feed gap). Such an interval is shown marked, never as final.
	Incomplete bool

	Quality   // repeat calls and surveys (quality.go)
	AgentTime // agent time attributed to the queue, for occupancy (quality.go)
}

// Add merges o into c (two 15-minute buckets make one 30-minute bucket;
// all queues make the centre).
func (c *Counters) Add(o *Counters) {
	c.Offered += o.Offered
	c.Answered += o.Answered
	c.AnsweredInSL += o.AnsweredInSL
	c.Abandoned += o.Abandoned
	c.ShortAbandoned += o.ShortAbandoned
	c.AbandonedInSL += o.AbandonedInSL
	c.Exited += o.Exited
	c.Completed += o.Completed
	c.Transferred += o.Transferred
	c.RingNoAnswer += o.RingNoAnswer
	c.SumWaitAnswered += o.SumWaitAnswered
	c.SumTalk += o.SumTalk
	c.SumHold += o.SumHold
	c.SumWrap += o.SumWrap
	c.MaxWait = max(c.MaxWait, o.MaxWait)
	c.Incomplete = c.Incomplete || o.Incomplete
	c.Quality.add(&o.Quality)
	c.AgentTime.add(&o.AgentTime)
}

// Activity reports whether any call event landed in the interval.
func (c *Counters) Activity() bool {
	return c.Offered+c.Answered+c.Abandoned+c.Exited+c.Completed+c.RingNoAnswer+c.SurveyResponses > 0
}

// SumHandle is the handle time: talk (which in queue_log includes hold),
// plus hold where reported apart, plus wrap-up where known.
func (c *Counters) SumHandle() time.Duration { return c.SumTalk + c.SumHold + c.SumWrap }

func ratio(num, den int) (float64, bool) {
	if den <= 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

// ServiceLevel is the fraction (0..1) by the given profile; ok is false
// when the denominator is zero (shown as "—", never as 0 % or 100 %).
func (c *Counters) ServiceLevel(p Profile) (float64, bool) {
	switch p {
	case ProfileAnswered:
		return ratio(c.AnsweredInSL, c.Answered)
	case ProfileOffered:
		return ratio(c.AnsweredInSL, c.Offered)
	case ProfileOfferedShort:
		return ratio(c.AnsweredInSL, c.Offered-c.ShortAbandoned)
	case ProfileAsteriskSL2:
		return ratio(c.AnsweredInSL+c.AbandonedInSL, c.Answered+c.Abandoned)
	default:
		return ratio(c.AnsweredInSL, c.outcomes())
	}
}

// outcomes is the denominator shared by the outcome profile and the
// abandon rate: calls that reached an outcome, short abandons excluded.
func (c *Counters) outcomes() int {
	return c.Answered + c.Abandoned - c.ShortAbandoned + c.Exited
}

// AbandonRate is (abandoned − short) / (answered + abandoned − short + exited).
func (c *Counters) AbandonRate() (float64, bool) {
	return ratio(c.Abandoned-c.ShortAbandoned, c.outcomes())
}

// TransferRate is transferred / completed.
func (c *Counters) TransferRate() (float64, bool) {
	return ratio(c.Transferred, c.Completed)
}

// ASA is the average speed of answer: Σ wait of answered calls / answered.
func (c *Counters) ASA() (time.Duration, bool) {
	if c.Answered == 0 {
		return 0, false
	}
	return c.SumWaitAnswered / time.Duration(c.Answered), true
}

// AHT is the average handle time: handle time / completed.
func (c *Counters) AHT() (time.Duration, bool) {
	if c.Completed == 0 {
		return 0, false
	}
	return c.SumHandle() / time.Duration(c.Completed), true
}
