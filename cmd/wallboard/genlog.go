package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
)

// runGenLog writes one simulated day as an Asterisk queue_log: a file to
// try replay and report on without a PBX, and the large day the
// benchmarks read.
func runGenLog(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen-log", flag.ContinueOnError)
	date := fs.String("date", "", "the day to simulate, YYYY-MM-DD (default: yesterday)")
	tz := fs.String("tz", "Local", "time zone of the simulated day")
	seed := fs.Int64("seed", 1, "which simulated day (the same seed gives the same day)")
	agents := fs.Int("agents", 24, "agents on the roster")
	queues := fs.Int("queues", 4, "number of queues (1..12)")
	load := fs.Float64("load", 1, "arrival-rate multiplier (demo and simulate default to 0.9; 1.3 overloads the centre)")
	out := fs.String("o", "-", "output file ('-' for standard output)")
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, "wallboard gen-log [flags]")
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("gen-log: unexpected argument %q", rest[0])
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return usagef("--tz: unknown time zone %q", *tz)
	}
	day := time.Now().In(loc).AddDate(0, 0, -1)
	if *date != "" {
		if day, err = time.ParseInLocation(time.DateOnly, *date, loc); err != nil {
			return usagef("--date: want YYYY-MM-DD, got %q", *date)
		}
	}
	if err := (&simFlags{agents: *agents, queues: *queues, load: *load}).check(); err != nil {
		return err
	}
	y, m, d := day.Date()
	cfg := sim.Default()
	cfg.Seed, cfg.Agents, cfg.Queues, cfg.Load, cfg.Location = *seed, *agents, *queues, *load, loc
	cfg.Start = time.Date(y, m, d, 0, 0, 0, 0, loc)
	s, err := sim.New(cfg)
	if err != nil {
		return usagef("gen-log: %v", err)
	}
	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	var line []byte
	var werr error
	s.Advance(time.Date(y, m, d+1, 0, 0, 0, 0, loc).Add(-time.Nanosecond), func(ev *feed.Event) {
		if werr == nil {
			line = feed.AppendQueueLog(line[:0], ev)
			_, werr = bw.Write(line)
		}
	})
	if werr == nil {
		werr = bw.Flush()
	}
	if werr != nil {
		return fmt.Errorf("gen-log: writing %s: %w", *out, werr)
	}
	return nil
}
