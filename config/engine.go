package config

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/callfloor/wallboard/kpi"
)

// merge returns base with every rule over sets replaced: a queue's rules
// over the top-level ones.
func merge(base, over Rules) Rules {
	pick := func(dst **Duration, src *Duration) {
		if src != nil {
			*dst = src
		}
	}
	if over.SLProfile != nil {
		base.SLProfile = over.SLProfile
	}
	if over.SLTarget != nil {
		base.SLTarget = over.SLTarget
	}
	if over.SLRedBelow != nil {
		base.SLRedBelow = over.SLRedBelow
	}
	pick(&base.SLThreshold, over.SLThreshold)
	pick(&base.ShortAbandon, over.ShortAbandon)
	pick(&base.WaitAmber, over.WaitAmber)
	pick(&base.WaitRed, over.WaitRed)
	pick(&base.Wrapup, over.Wrapup)
	return base
}

// resolve turns rules into the engine's form, built-in defaults filling
// what neither the queue nor the top level sets; the colour thresholds
// are filled too, so that what the board uses is what check prints.
func resolve(r Rules) kpi.QueueRules {
	q := kpi.DefaultRules()
	if r.SLProfile != nil {
		if p, err := kpi.ParseProfile(*r.SLProfile); err == nil {
			q.Profile = p
		}
	}
	q.SLThreshold = durOr(r.SLThreshold, q.SLThreshold)
	q.ShortAbandon = durOr(r.ShortAbandon, q.ShortAbandon)
	q.SLTarget = fracOr(r.SLTarget, q.SLTarget)
	q.Wrapup = durOr(r.Wrapup, q.Wrapup)
	q.SLRedBelow = fracOr(r.SLRedBelow, 0)
	q.WaitAmber = durOr(r.WaitAmber, 0)
	q.WaitRed = durOr(r.WaitRed, 0)
	if q.SLRedBelow == 0 {
		q.SLRedBelow = q.SLRed()
	}
	q.WaitAmber, q.WaitRed = q.WaitLevels()
	return q
}

// QueueRules are the rules a queue is measured by: its own, else the
// top-level ones, else the built-in defaults.
func (c *Config) QueueRules(queue string) kpi.QueueRules {
	if q, ok := c.Queues[queue]; ok {
		return resolve(merge(c.Rules, q.Rules))
	}
	return resolve(c.Rules)
}

// Identity is the agent's identity on the board: Member, else the ID.
func (a *Agent) Identity(id string) string {
	if a.Member != "" {
		return a.Member
	}
	return id
}

// Location is the configured time zone.
func (c *Config) Location() (*time.Location, error) { return loadLocation(c.Timezone) }

// Engine maps the configuration to the engine's: interval and zone, the
// top-level rules for unlisted queues and each listed queue's own, the
// identity map (every interface → the agent's identity), display names of
// agents and queues, agents' teams, hidden queues, and the repeat-call window. KeepDays is kpi's default; the
// command sets it for its use.
func (c *Config) Engine() (kpi.Config, error) {
	cfg := kpi.DefaultConfig()
	var err error
	if cfg.Interval, err = kpi.ParseInterval(c.Interval); err != nil {
		return cfg, fmt.Errorf("interval: %w", err)
	}
	if cfg.Location, err = c.Location(); err != nil {
		return cfg, fmt.Errorf("timezone: %w", err)
	}
	cfg.RepeatWindow = c.RepeatWindow.D()
	cfg.Rules = resolve(c.Rules)
	for name, q := range c.Queues {
		if cfg.Queues == nil {
			cfg.Queues = make(map[string]kpi.QueueRules)
		}
		cfg.Queues[name] = resolve(merge(c.Rules, q.Rules))
		if q.DisplayName != "" {
			if cfg.QueueNames == nil {
				cfg.QueueNames = make(map[string]string)
			}
			cfg.QueueNames[name] = q.DisplayName
		}
		if q.Hidden {
			if cfg.Hidden == nil {
				cfg.Hidden = make(map[string]bool)
			}
			cfg.Hidden[name] = true
		}
	}
	for id, a := range c.Agents {
		ident := a.Identity(id)
		for _, iface := range a.Interfaces {
			if iface == ident {
				continue
			}
			if cfg.Aliases == nil {
				cfg.Aliases = make(map[string]string)
			}
			cfg.Aliases[iface] = ident
		}
		if a.Name != "" {
			if cfg.Names == nil {
				cfg.Names = make(map[string]string)
			}
			cfg.Names[ident] = a.Name
		}
		if a.Team != "" {
			if cfg.Teams == nil {
				cfg.Teams = make(map[string]string)
			}
			cfg.Teams[ident] = a.Team
		}
	}
	return cfg, cfg.Validate()
}

// PauseLimits are the times in a pause at which the agent turns amber
// and red: warn and limit, else 2/3 of the limit and the limit, else the
// board's defaults (10 and 15 minutes).
func (p *PauseReason) PauseLimits() (warn, limit time.Duration) {
	limit = durOr(p.Limit, defaultPauseLimit)
	switch {
	case p.Warn != nil:
		warn = p.Warn.D()
	case p.Limit != nil:
		warn = limit * 2 / 3
	default:
		warn = defaultPauseWarn
	}
	return warn, limit
}

// VisibleQueues says which of allQueues the SSH viewer with this key
// fingerprint ("SHA256:…") may see, in allQueues' order. all is true when
// the viewer may see every queue, including ones that appear later (a
// viewer with all = true, or an unlisted one when
// unlisted_viewers_see_all is set); an unlisted viewer otherwise gets
// nothing, and the server should turn it away.
func (c *Config) VisibleQueues(fingerprint string, allQueues []string) (queues []string, all bool) {
	v := c.Viewer(fingerprint)
	switch {
	case v == nil && c.UnlistedViewersSeeAll, v != nil && v.All:
		return slices.Clone(allQueues), true
	case v == nil:
		return nil, false
	}
	for _, q := range allQueues {
		if slices.Contains(v.Queues, q) {
			queues = append(queues, q)
		} else if g := c.Queues[q].Group; g != "" && slices.Contains(v.Groups, g) {
			queues = append(queues, q)
		}
	}
	return queues, false
}

// Viewer is the [[viewers]] entry for the SSH key with this fingerprint
// ("SHA256:…"), whether the entry gives the whole key or its
// fingerprint; nil when no entry names the key. The SSH server uses it to
// log who logged in and to tell an unlisted key from a listed one.
func (c *Config) Viewer(fingerprint string) *Viewer {
	for i := range c.Viewers {
		fp := c.Viewers[i].fingerprint
		if fp == "" { // not validated: work it out now
			fp, _ = Fingerprint(c.Viewers[i].Key)
		}
		if fp != "" && fp == fingerprint {
			return &c.Viewers[i]
		}
	}
	return nil
}

// Effective is the configuration with every default written out: the
// top-level rules and each queue's rules complete, pause limits filled,
// viewer keys as fingerprints. It is what `wallboard config check` prints,
// and it parses back to the same settings.
func (c *Config) Effective() Config {
	e := *c
	e.Rules = spell(resolve(c.Rules))
	e.Queues = make(map[string]Queue, len(c.Queues))
	for name, q := range c.Queues {
		q.Rules = spell(resolve(merge(c.Rules, q.Rules)))
		e.Queues[name] = q
	}
	e.PauseReasons = make(map[string]PauseReason, len(c.PauseReasons))
	for name, p := range c.PauseReasons {
		w, l := p.PauseLimits()
		p.Warn, p.Limit = ptr(Duration(w)), ptr(Duration(l))
		e.PauseReasons[name] = p
	}
	e.Viewers = make([]Viewer, len(c.Viewers))
	for i, v := range c.Viewers {
		if v.fingerprint != "" {
			v.Key = v.fingerprint
		}
		e.Viewers[i] = v
	}
	return e
}

// spell writes engine rules back in the file's form.
func spell(q kpi.QueueRules) Rules {
	return Rules{
		SLProfile:    ptr(q.Profile.String()),
		SLThreshold:  ptr(Duration(q.SLThreshold)),
		ShortAbandon: ptr(Duration(q.ShortAbandon)),
		SLTarget:     ptr(Fraction(q.SLTarget)),
		SLRedBelow:   ptr(Fraction(q.SLRedBelow)),
		WaitAmber:    ptr(Duration(q.WaitAmber)),
		WaitRed:      ptr(Duration(q.WaitRed)),
		Wrapup:       ptr(Duration(q.Wrapup)),
	}
}

// Encode writes the configuration as TOML.
func (c *Config) Encode(w io.Writer) error {
	enc := toml.NewEncoder(w)
	enc.Indent = ""
	return enc.Encode(c)
}
