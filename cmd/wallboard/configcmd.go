package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/callfloor/wallboard/config"
)

// runConfig is `wallboard config check [FILE]`: it validates a
// configuration file and prints the effective configuration (every
// default written out, viewer keys as fingerprints) as TOML. Without FILE
// it checks the file the other commands would read.
func runConfig(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("config", flag.ContinueOnError)
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) || (err == nil && len(rest) == 0) {
		printHelp(stdout, fs, "wallboard config check [FILE]   validate FILE (default: the file the board reads) and print the effective configuration")
		if err == nil && len(rest) == 0 {
			return usagef("config: say what to do: wallboard config check [FILE]")
		}
		return nil
	}
	if err != nil {
		return err
	}
	if rest[0] != "check" {
		return usagef("config: unknown subcommand %q (try 'wallboard config check FILE')", rest[0])
	}
	if len(rest) > 2 {
		return usagef("config check: one file at a time, got %d", len(rest)-1)
	}
	var path string
	if len(rest) == 2 {
		path = rest[1]
	} else {
		var c commonFlags
		if path, err = c.configFile(); err != nil {
			return err
		}
		if path == "" {
			return usagef("config check: no file given and none at $XDG_CONFIG_HOME/wallboard/config.toml or ~/.config/wallboard/config.toml")
		}
	}
	c, err := config.Load(path)
	if err != nil {
		return configError(path, err)
	}
	e := c.Effective()
	fmt.Fprintf(stdout, "# %s is valid. The effective configuration, every default written out:\n\n", path)
	if err := e.Encode(stdout); err != nil {
		return err
	}
	return nil
}
