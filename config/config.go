// Package config is the wallboard's configuration file: the floor's
// queues with their promises and colour thresholds, the agents by name,
// pause reasons with their limits, and who may see which queues over SSH.
//
// A file is TOML, decoded strictly: a key the wallboard does not know is
// an error naming the key and its line, because a misspelt threshold that
// is silently ignored shows a wall of wrong colours. The package only
// parses and checks; the command reads the file and the environment
// (Load is a convenience for it), and Engine maps the result to the
// engine's kpi.Config. docs/config.md describes every key;
// docs/config.example.toml is a complete, commented example.
package config

import "time"

// Config is one configuration file. Top-level rules are the defaults of
// every queue; a [queues.NAME] table overrides them for that queue.
type Config struct {
	// Interval is the reporting interval: "15m", "30m", "60m" (any whole
	// number of minutes dividing a day) or "1d". Default "30m".
	Interval string `toml:"interval"`
	// Timezone is the IANA zone the intervals and the day align to, e.g.
	// "Europe/London"; "Local" is the machine's zone. Default "Local".
	Timezone string `toml:"timezone"`
	// DayStart is when the centre's day begins, "HH:MM". Only "00:00" is
	// supported now: day totals run from local midnight.
	DayStart string `toml:"day_start"`
	// RepeatWindow is W of the repeat-call (first-contact resolution)
	// rate: a caller whose number entered any queue within W before is a
	// repeat. Default 24h; at most 30 days, because the engine keeps every
	// caller number it saw within W in memory.
	RepeatWindow Duration `toml:"repeat_window"`
	// UnlistedViewersSeeAll lets an SSH key that no [[viewers]] entry
	// names see every queue. Default false: such a viewer sees nothing
	// (the SSH server turns it away).
	UnlistedViewersSeeAll bool `toml:"unlisted_viewers_see_all"`

	// Rules are the defaults for every queue (sl_threshold, sl_target…).
	Rules

	// Queues holds per-queue settings by the queue's name as the PBX logs
	// it; queues not listed use the top-level rules.
	Queues map[string]Queue `toml:"queues"`
	// Agents holds the identity map by the agent's ID (the key of
	// [agents.ID]); see Agent.
	Agents map[string]Agent `toml:"agents"`
	// PauseReasons holds colours and time limits by pause reason, as the
	// PBX logs it (PAUSE data1, e.g. "Lunch").
	PauseReasons map[string]PauseReason `toml:"pause_reasons"`
	// Viewers lists the SSH keys allowed to watch the board and the
	// queues each may see.
	Viewers []Viewer `toml:"viewers"`
}

// Rules are a queue's promise and colour thresholds. Each is optional: a
// queue's unset rule falls back to the top-level one, and an unset
// top-level rule to the built-in default (in brackets).
type Rules struct {
	// SLProfile is the service-level formula: outcome, answered, offered,
	// offered-short or asterisk-sl2 [outcome]. See docs/kpi.md.
	SLProfile *string `toml:"sl_profile"`
	// SLThreshold is T: a call answered within it counts in service
	// level [20s].
	SLThreshold *Duration `toml:"sl_threshold"`
	// ShortAbandon is S: a caller hanging up quicker than this is a short
	// abandon, left out of SL and abandon rate [5s]; 0 counts every abandon.
	ShortAbandon *Duration `toml:"short_abandon"`
	// SLTarget is the promised service level, 0.8 or "80%" [80%]: the SL
	// figure is green at or above it.
	SLTarget *Fraction `toml:"sl_target"`
	// SLRedBelow is where the SL figure turns from amber to red
	// [10 points below the target]; between it and the target it is amber.
	SLRedBelow *Fraction `toml:"sl_red_below"`
	// WaitAmber is the longest wait at which that figure turns amber
	// [the queue's sl_threshold].
	WaitAmber *Duration `toml:"wait_amber"`
	// WaitRed is the longest wait at which that figure turns red
	// [3 × sl_threshold].
	WaitRed *Duration `toml:"wait_red"`
	// Wrapup is the wrap-up time agents get after each call when the feed
	// does not report it ("30s" or 30) [0]; it is added to handle time.
	Wrapup *Duration `toml:"wrapup"`
}

// Queue is one [queues.NAME] table.
type Queue struct {
	// DisplayName is what the board shows for the queue ("Sales UK");
	// default the queue's own name.
	DisplayName string `toml:"display_name,omitempty"`
	// Group is the skill set the queue belongs to ("sales"), so that a
	// viewer can be given a whole group at once.
	Group string `toml:"group,omitempty"`
	// Hidden keeps the queue off the board (no tile, no interval rows);
	// its calls still count in the centre total and the waiting list.
	Hidden bool `toml:"hidden,omitempty"`

	// Rules override the top-level rules for this queue.
	Rules
}

// Agent is one [agents.ID] table: the names one person goes by in the
// log, joined into one agent on the board.
type Agent struct {
	// Interfaces are the devices the agent logs in with, as ADDMEMBER
	// writes them ("SIP/1001", "PJSIP/1001").
	Interfaces []string `toml:"interfaces,omitempty"`
	// Member is the member name CONNECT and PAUSE lines carry
	// ("Sathish"); default the table's ID. It is the agent's identity.
	Member string `toml:"member,omitempty"`
	// Name is the display name on the agent board; default the identity.
	Name string `toml:"name,omitempty"`
	// Team is the agent's team, kept for team views and reports.
	Team string `toml:"team,omitempty"`
}

// PauseReason is one [pause_reasons.NAME] table.
type PauseReason struct {
	// Colour paints the reason on the agent board: "#RRGGBB", "#RGB" or an
	// ANSI index "0".."255"; default the theme's paused colour.
	Colour string `toml:"colour,omitempty"`
	// Warn is the time in this pause at which the agent turns amber
	// [2/3 of limit, or 10m without a limit].
	Warn *Duration `toml:"warn"`
	// Limit is the time allowed in this pause; beyond it the agent turns
	// red [15m].
	Limit *Duration `toml:"limit"`
}

// Viewer is one [[viewers]] entry: an SSH key and what it may see. A
// viewer with neither queues nor groups sees nothing; all = true sees
// every queue.
type Viewer struct {
	// Name says who the key belongs to, for logs and error messages.
	Name string `toml:"name,omitempty"`
	// Key is the viewer's public key as one authorized_keys line
	// ("ssh-ed25519 AAAA… comment") or its fingerprint ("SHA256:…", as
	// ssh-keygen -lf prints it).
	Key string `toml:"key"`
	// Queues are queue names the viewer may see.
	Queues []string `toml:"queues,omitempty"`
	// Groups are queue groups (Queue.Group) the viewer may see.
	Groups []string `toml:"groups,omitempty"`
	// All lets the viewer see every queue.
	All bool `toml:"all,omitempty"`

	// fingerprint is Key's SHA256 fingerprint, set by Validate.
	fingerprint string
}

// Fingerprint is the SHA256 fingerprint of the viewer's key ("SHA256:…"),
// known once the configuration has been validated.
func (v *Viewer) Fingerprint() string { return v.fingerprint }

// The built-in defaults, as docs/kpi.md states them.
const (
	defaultInterval     = "30m"
	defaultTimezone     = "Local"
	defaultDayStart     = "00:00"
	defaultRepeatWindow = 24 * time.Hour
	maxRepeatWindow     = 30 * 24 * time.Hour
	defaultProfile      = "outcome"
	defaultSLThreshold  = 20 * time.Second
	defaultShortAbandon = 5 * time.Second
	defaultSLTarget     = 0.80
	defaultRedBand      = 0.10             // red this far below the target
	defaultPauseLimit   = 15 * time.Minute // paused red after 900 s
	defaultPauseWarn    = 10 * time.Minute // paused amber after 600 s
)

// Default is the configuration without a file: 30-minute intervals in the
// local zone, 80/20 with the outcome profile, no queues, agents or viewers.
func Default() Config {
	return Config{
		Interval: defaultInterval,
		Timezone: defaultTimezone,
		DayStart: defaultDayStart,
		// kpi.DefaultRepeatWindow, written out so that check prints it.
		RepeatWindow: Duration(defaultRepeatWindow),
		Rules: Rules{
			SLProfile:    ptr(defaultProfile),
			SLThreshold:  ptr(Duration(defaultSLThreshold)),
			ShortAbandon: ptr(Duration(defaultShortAbandon)),
			SLTarget:     ptr(Fraction(defaultSLTarget)),
			Wrapup:       ptr(Duration(0)),
		},
	}
}

func ptr[T any](v T) *T { return &v }
