package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/callfloor/wallboard/config"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/tui"
)

// configFile is the configuration file to read: --config when given, else
// $XDG_CONFIG_HOME/wallboard/config.toml (else ~/.config/wallboard/
// config.toml) when it exists, else "" (built-in defaults).
func (c *commonFlags) configFile() (string, error) {
	if c.configPath != "" {
		return c.configPath, nil
	}
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home := os.Getenv("HOME")
		if home == "" {
			return "", nil
		}
		dir = filepath.Join(home, ".config")
	}
	path := filepath.Join(dir, "wallboard", "config.toml")
	switch _, err := os.Stat(path); {
	case err == nil:
		return path, nil
	case errors.Is(err, os.ErrNotExist):
		return "", nil
	default:
		return "", fmt.Errorf("configuration file: %w", err)
	}
}

// config reads the configuration file, lets the flags given on the
// command line override its top-level settings (a queue's own setting in
// the file still applies to that queue), and returns the engine's
// configuration. A bad file is a usage error (exit 2) naming file:line
// and key; a bad flag, one naming the flag.
func (c *commonFlags) config() (kpi.Config, error) {
	path, err := c.configFile()
	if err != nil {
		return kpi.Config{}, err
	}
	file := config.Default()
	if path != "" {
		if file, err = config.Load(path); err != nil {
			return kpi.Config{}, configError(path, err)
		}
	}
	given := map[string]bool{}
	if c.fs != nil {
		c.fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	}
	if given["interval"] {
		if _, err := kpi.ParseInterval(c.interval); err != nil {
			return kpi.Config{}, usagef("--interval: %v", err)
		}
		file.Interval = c.interval
	}
	if given["tz"] {
		if _, err := time.LoadLocation(c.tz); err != nil {
			return kpi.Config{}, usagef("--tz: unknown time zone %q (use an IANA name such as Europe/London, or UTC)", c.tz)
		}
		file.Timezone = c.tz
	}
	if given["sl-profile"] {
		if _, err := kpi.ParseProfile(c.profile); err != nil {
			return kpi.Config{}, usagef("--sl-profile: %v", err)
		}
		file.SLProfile = &c.profile
	}
	if given["sl-threshold"] {
		if c.slThreshold <= 0 {
			return kpi.Config{}, usagef("--sl-threshold: must be > 0, got %s", c.slThreshold)
		}
		d := config.Duration(c.slThreshold)
		file.SLThreshold = &d
	}
	if given["short-abandon"] {
		if c.short < 0 {
			return kpi.Config{}, usagef("--short-abandon: must be >= 0, got %s", c.short)
		}
		d := config.Duration(c.short)
		file.ShortAbandon = &d
	}
	if err := file.Validate(); err != nil {
		// Each value was fine; together with the file they are not (a
		// --sl-threshold past the file's wait_red, say).
		return kpi.Config{}, usagef("%s with the flags given: %v", orDefaults(path), err)
	}
	cfg, err := file.Engine()
	if err != nil {
		return kpi.Config{}, usageError{err.Error()}
	}
	cfg.KeepDays = 0
	for k, v := range c.aliases.m {
		if cfg.Aliases == nil {
			cfg.Aliases = make(map[string]string)
		}
		cfg.Aliases[k] = v
	}
	c.file = file
	return cfg, nil
}

func orDefaults(path string) string {
	if path == "" {
		return "the built-in configuration"
	}
	return path
}

// pauses are the configured pause reasons for the agent board, limits
// resolved (config() must have run).
func (c *commonFlags) pauses() map[string]tui.PauseRule {
	if len(c.file.PauseReasons) == 0 {
		return nil
	}
	out := make(map[string]tui.PauseRule, len(c.file.PauseReasons))
	for name, p := range c.file.PauseReasons {
		warn, limit := p.PauseLimits()
		out[name] = tui.PauseRule{Colour: p.Colour, Warn: warn, Limit: limit}
	}
	return out
}

// configError is a bad configuration file as a usage error (exit 2):
// one problem on one line, several listed under a count.
func configError(path string, err error) error {
	var ce *config.Error
	if errors.As(err, &ce) && len(ce.Problems) > 1 {
		return usagef("%s has %d problems:\n  %s", path, len(ce.Problems), strings.ReplaceAll(err.Error(), "\n", "\n  "))
	}
	return usageError{err.Error()}
}
