package kpi

import (
	"time"

	"github.com/callfloor/wallboard/feed"
)

// QueueRules are the per-queue promises and thresholds the numbers are
// measured against.
type QueueRules struct {
	SLThreshold  time.Duration // T: answered within this counts in service level (default 20 s)
	ShortAbandon time.Duration // S: abandoned before this is a short abandon (default 5 s)
	Profile      Profile       // service-level formula
	SLTarget     float64       // target service level, 0..1 (default 0.80)
	Wrapup       time.Duration // wrap-up applied after each call when the source does not report it

	// Colour thresholds of the board (see WaitLevels, SLRed); zero means
	// the docs/kpi.md default.
	SLRedBelow float64       // SL below this is red, between it and SLTarget amber (default SLTarget − 0.10)
	WaitAmber  time.Duration // longest wait from this is amber (default SLThreshold)
	WaitRed    time.Duration // longest wait from this is red (default 3 × SLThreshold)
}

// DefaultRules are the industry defaults: 80/20, short abandons under 5 s,
// the outcome profile, no wrap-up.
func DefaultRules() QueueRules {
	return QueueRules{SLThreshold: 20 * time.Second, ShortAbandon: 5 * time.Second, Profile: ProfileOutcome, SLTarget: 0.80}
}

// StatusCounts counts agents by status.
type StatusCounts struct {
	LoggedIn  int // everyone not logged out
	Available int
	Ringing   int
	Busy      int
	Wrapup    int
	Paused    int
}

// Staffed is agents logged in and not paused.
func (s StatusCounts) Staffed() int { return s.LoggedIn - s.Paused }

// QueueView is one queue on the board (or the centre, Name "*").
type QueueView struct {
	Name  string
	Rules QueueRules

	Display string // name people read (Config.QueueNames); "" means Name
	Hidden  bool   // kept off the board (Config.Hidden); still counted in Total

	Waiting     int       // calls waiting now
	OldestSince time.Time // entry time of the oldest waiting call; zero when none waits

	Current     Counters  // the interval that contains Snapshot.Now
	CurrentFrom time.Time // its start
	Day         Counters  // the day so far (since local midnight in the engine's zone)

	Agents StatusCounts // agents that are members of this queue (each agent once in the centre)

	// Staffing is Erlang C agents needed now against agents staffed
	// (erlang_staffing.go); for the centre, Erlang C on the pooled load.
	Staffing Staffing
}

// LongestWait is now − OldestSince, or 0 when nobody waits. Views call it
// with their own clock so the figure ticks between snapshots.
func (q *QueueView) LongestWait(now time.Time) time.Duration {
	if q.Waiting == 0 || q.OldestSince.IsZero() || now.Before(q.OldestSince) {
		return 0
	}
	return now.Sub(q.OldestSince)
}

// AgentView is one agent on the agent board.
type AgentView struct {
	ID     string      // canonical identity (member name, or the normalised interface)
	Name   string      // display name; ID when none is known
	Team   string      // the agent's team (Config.Teams); "" when none is configured
	Status feed.Status // derived or stated
	Since  time.Time   // when Status began (time in state ticks from here)
	Reason string      // pause reason
	Queues []string    // queues the agent is a member of, sorted

	CallID    string    // current call when busy/wrapup
	CallQueue string    // its queue
	CallSince time.Time // when it was answered

	AnsweredToday int // calls answered since local midnight
	// Today is the agent's busy, wrap-up and available time since local
	// midnight, the running state included: occupancy today.
	Today AgentTime
}

// WaitingCall is one caller in a queue.
type WaitingCall struct {
	Queue      string
	CallID     string
	Caller     string
	CallerName string
	Since      time.Time // entered the queue
	Position   int       // position at entry
}

// IntervalRow is one queue's counters over one closed or current interval.
type IntervalRow struct {
	Queue string // "*" for the centre total
	Start time.Time
	End   time.Time
	Counters
}

// Snapshot is an immutable picture of everything the board shows. The
// engine builds a new one after a change and never touches it again, so
// any number of viewers may read it without locks.
type Snapshot struct {
	Version   uint64    // increases with every snapshot the engine publishes
	Now       time.Time // the engine's clock when taken (the replay clock in replay)
	LastEvent time.Time // time of the newest event applied; zero before the first
	Events    uint64    // events applied so far

	Location *time.Location // the zone intervals are aligned in
	Interval time.Duration  // interval length (24 h means calendar days)

	Queues  []QueueView   // sorted by name
	Total   QueueView     // the centre: all queues, each agent once
	Agents  []AgentView   // logged-in agents, sorted by ID
	Waiting []WaitingCall // oldest first

	// Intervals are the day's intervals so far (since local midnight of
	// Now), per queue and "*" for the centre, sorted by start then queue.
	Intervals []IntervalRow

	// Source describes the feed's health; the board shows a banner when
	// it is not live.
	Source SourceStatus

	// Abandoned is today's callers who hung up while waiting, newest
	// first, for call-backs (at most the last DefaultAbandonedKeep).
	Abandoned []AbandonedCall
}

// SourceStatus is what the board says about its feed.
type SourceStatus struct {
	Name    string    // file, URL or "demo"
	State   string    // "live", "replay", "stale", "reconnecting", "ended", "error"
	Detail  string    // a sentence for people: why it is not live, what is being done
	LastMsg time.Time // wall time of the last frame or line received
	// Input says, for people, what of the input so far could not be used
	// as it was (feed.Stats.Summary: lines skipped or repaired, unknown
	// verbs, with the first line of each); "" when it was all clean.
	Input string
	// InputSkipped is how many lines or messages were skipped: figures
	// may miss their events, which the board must not keep quiet about.
	InputSkipped int
}

// Queue finds a queue by name; nil when absent.
func (s *Snapshot) Queue(name string) *QueueView {
	for i := range s.Queues {
		if s.Queues[i].Name == name {
			return &s.Queues[i]
		}
	}
	return nil
}
