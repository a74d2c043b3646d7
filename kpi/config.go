package kpi

import (
	"fmt"
	"strings"
	"time"
)

// Day as an interval length means calendar days in the configured zone
// (23 or 25 hours on DST days), not a fixed 24 hours.
const Day = 24 * time.Hour

// Config is what the engine needs to know about the centre.
type Config struct {
	// Location is the zone intervals align to (:00, :15…) and days start in.
	Location *time.Location
	// Interval is the bucket length: a whole number of minutes that divides
	// a day (15m, 30m, 60m…), or Day.
	Interval time.Duration
	// Rules apply to every queue without its own entry in Queues.
	Rules QueueRules
	// Queues holds per-queue rules by queue name.
	Queues map[string]QueueRules
	// Aliases maps an agent as some lines write it (an interface such as
	// SIP/1001) to the identity others use (the member name, Sathish).
	Aliases map[string]string
	// Names maps an agent identity to a display name.
	Names map[string]string
	// Teams maps an agent identity to its team (AgentView.Team), so that
	// the agent board can show a team lead's people together.
	Teams map[string]string
	// KeepDays bounds memory in long-running use: intervals more than this
	// many days before the newest event are dropped. 0 keeps everything
	// (a report over a fixed set of files).
	KeepDays int
	// NoAgentRows skips per-agent interval rows (AgentRows stays empty).
	// A queue report over a 5 000-agent day would otherwise keep 240 000
	// rows it never prints; live agent state is kept either way.
	NoAgentRows bool
	// NoAbandonedList skips the list of abandoned callers (the board's
	// call-back list, AbandonedCalls stays empty): a queue report over a
	// busy day would otherwise keep and watch callers it never prints.
	NoAbandonedList bool
	// ReportOnly is for a state that serves a report over fixed files and
	// never a live board: it skips what only Snapshot shows (the staffing
	// arrival-rate windows, each agent's day totals and answered-today
	// count), a tenth of the engine's work on a large day. Snapshot still
	// works, with those figures zero; every Counters figure is unchanged.
	ReportOnly bool
	// RepeatWindow is W of the repeat-call rate: a caller whose number
	// entered any queue within W before is a repeat. 0 means 24 h.
	RepeatWindow time.Duration
	// NoLearnAliases turns off pairing an ADDMEMBER interface with the
	// member name in the (un)pause line Asterisk writes right after it.
	NoLearnAliases bool
	// QueueNames maps a queue name to the name the board shows
	// (QueueView.Display).
	QueueNames map[string]string
	// Hidden lists queues the board does not show (QueueView.Hidden);
	// their calls still count in the centre total.
	Hidden map[string]bool
}

// DefaultConfig is 30-minute intervals in the local zone with the default
// rules, keeping two days.
func DefaultConfig() Config {
	return Config{Location: time.Local, Interval: 30 * time.Minute, Rules: DefaultRules(), KeepDays: 2}
}

// Validate says what is wrong with c, naming the field.
func (c *Config) Validate() error {
	if c.Location == nil {
		return fmt.Errorf("config: location: not set")
	}
	if err := validInterval(c.Interval); err != nil {
		return fmt.Errorf("config: interval: %w", err)
	}
	if err := c.Rules.validate(); err != nil {
		return fmt.Errorf("config: rules: %w", err)
	}
	for name, r := range c.Queues {
		if err := r.validate(); err != nil {
			return fmt.Errorf("config: queues.%s: %w", name, err)
		}
	}
	if c.KeepDays < 0 {
		return fmt.Errorf("config: keep_days: must be >= 0, got %d", c.KeepDays)
	}
	return nil
}

func (r *QueueRules) validate() error {
	switch {
	case r.SLThreshold <= 0:
		return fmt.Errorf("sl_threshold: must be > 0, got %s", r.SLThreshold)
	case r.ShortAbandon < 0:
		return fmt.Errorf("short_abandon: must be >= 0, got %s", r.ShortAbandon)
	case r.Profile >= numProfiles:
		return fmt.Errorf("profile: unknown (%d)", r.Profile)
	case r.SLTarget < 0 || r.SLTarget > 1:
		return fmt.Errorf("sl_target: must be between 0 and 1, got %g", r.SLTarget)
	case r.Wrapup < 0:
		return fmt.Errorf("wrapup: must be >= 0, got %s", r.Wrapup)
	}
	return nil
}

func validInterval(d time.Duration) error {
	if d == Day {
		return nil
	}
	if d < time.Minute || d%time.Minute != 0 || Day%d != 0 {
		return fmt.Errorf("%s is not a whole number of minutes dividing a day (try 15m, 30m, 60m or 1d)", d)
	}
	return nil
}

// ParseInterval reads an interval flag: 15m, 30m, 60m, 1h, 1d…
func ParseInterval(s string) (time.Duration, error) {
	var d time.Duration
	if strings.HasSuffix(s, "d") {
		if s != "1d" {
			return 0, fmt.Errorf("interval %q: only 1d is supported as a day interval", s)
		}
		d = Day
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("interval %q: not a duration (try 15m, 30m, 60m or 1d)", s)
		}
	}
	if err := validInterval(d); err != nil {
		return 0, fmt.Errorf("interval %q: %w", s, err)
	}
	return d, nil
}

// rules returns the rules for a queue.
func (c *Config) rules(queue string) QueueRules {
	if r, ok := c.Queues[queue]; ok {
		return r
	}
	return c.Rules
}

// Bucket returns the interval that contains t: [start, end). Sub-day
// intervals align to the local clock in c.Location, so across a DST change
// the hour that repeats gives two distinct intervals and the skipped hour
// none; Day intervals run from local midnight to the next.
func (c *Config) Bucket(t time.Time) (start, end time.Time) {
	if c.Interval == Day {
		return dayBounds(t, c.Location)
	}
	_, off := t.In(c.Location).Zone()
	d := int64(c.Interval / time.Second)
	local := t.Unix() + int64(off)
	s := local - mod(local, d) - int64(off)
	return time.Unix(s, 0).In(c.Location), time.Unix(s+d, 0).In(c.Location)
}

func dayBounds(t time.Time, loc *time.Location) (start, end time.Time) {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}

func mod(a, b int64) int64 {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}
