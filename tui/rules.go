package tui

import (
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/themes"
)

// PauseRule is how the agent board treats one pause reason (from the
// configuration's [pause_reasons.NAME]): its colour and the times at
// which an agent in that pause turns amber and red.
type PauseRule struct {
	// Colour paints the reason: "#RRGGBB", "#RGB" or an ANSI index
	// "0".."255"; "" keeps the theme's look. Ignored by mono themes.
	Colour string
	// Warn and Limit: amber after Warn, red after Limit in the pause.
	// Zero means the board's defaults (600 s and 900 s).
	Warn, Limit time.Duration
}

// pauseStyle is a PauseRule with its ink built for this session.
type pauseStyle struct {
	rule  PauseRule
	ink   ink
	inked bool
}

// newPauseStyles builds the reason inks from the session's renderer. A
// colour that does not parse is ignored (the configuration checked it).
func newPauseStyles(opts *Options) map[string]pauseStyle {
	if len(opts.Pauses) == 0 {
		return nil
	}
	out := make(map[string]pauseStyle, len(opts.Pauses))
	for reason, r := range opts.Pauses {
		ps := pauseStyle{rule: r}
		if r.Colour != "" && !opts.Theme.Mono {
			if c, err := themes.ParseColor(r.Colour); err == nil {
				ps.ink, ps.inked = newInk(opts.Renderer.NewStyle().Foreground(c)), true
			}
		}
		out[reason] = ps
	}
	return out
}

// pauseLevel is the paused rung of the ladder with the reason's own
// limits: amber after warn, red after limit (defaults 600 s and 900 s).
func pauseLevel(in time.Duration, r PauseRule) level {
	warn, limit := r.Warn, r.Limit
	if limit <= 0 {
		limit = 900 * time.Second
	}
	if warn <= 0 {
		warn = min(600*time.Second, limit)
	}
	switch {
	case in > limit:
		return lvAlarm
	case in > warn:
		return lvWarn
	}
	return lvNone
}

// level is an agent's rung on the time-in-state ladder, using the pause
// reason's own limits when the configuration gives them.
func (p *agentsPanel) level(a *kpi.AgentView, in time.Duration) level {
	if a.Status == feed.StatusPaused {
		if ps, ok := p.pauses[a.Reason]; ok {
			return pauseLevel(in, ps.rule)
		}
	}
	return agentLevel(a.Status, in)
}

// queueSLLevel applies the queue's SL colour rule: at or above the target
// OK, down to its red line (SLRedBelow, default 10 points under) warn,
// below that alarm. Undefined SL has no level.
func queueSLLevel(v float64, ok bool, r *kpi.QueueRules) level {
	switch {
	case !ok:
		return lvNone
	case v >= r.SLTarget-1e-9:
		return lvOK
	case v >= r.SLRed()-1e-9:
		return lvWarn
	}
	return lvAlarm
}

// queueWaitLevel applies the queue's longest-wait rule: under WaitAmber
// (default T) OK, under WaitRed (default 3·T) warn, beyond alarm.
func queueWaitLevel(w time.Duration, r *kpi.QueueRules) level {
	amber, red := r.WaitLevels()
	switch {
	case amber <= 0:
		return lvNone
	case w < amber:
		return lvOK
	case w < red:
		return lvWarn
	}
	return lvAlarm
}

// queueLabel is a queue's name for people (its display name when the
// configuration gives one), so that the lists and the agent board name a
// queue as its tile does; a queue the snapshot does not have keeps its name.
func queueLabel(s *kpi.Snapshot, queue string) string {
	if q := s.Queue(queue); q != nil {
		return q.Label()
	}
	return queue
}

// queueRulesOf is a queue's rules in the snapshot, the defaults for a
// queue it does not have.
func queueRulesOf(s *kpi.Snapshot, queue string) kpi.QueueRules {
	if q := s.Queue(queue); q != nil {
		return rules(q)
	}
	return kpi.DefaultRules()
}
