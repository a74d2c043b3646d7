package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/replay"
	"github.com/callfloor/wallboard/tui"
)

// runReplay plays queue_log files on the board by their own timestamps.
func runReplay(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	var common commonFlags
	var board boardFlags
	common.register(fs)
	board.register(fs)
	speedFlag := fs.String("speed", "1", "replay speed: from 0.25 (a quarter of real time) through 1 (real time), 10, 60… up to 14400, or max")
	atFlag := fs.String("at", "", "open paused at this time: HH:MM[:SS] in --tz on the file's first day (the next day when the file starts after that time), or RFC 3339")
	files, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, "wallboard replay FILE... [flags]")
		return nil
	}
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("replay: no input file (give one or more queue_log files)")
	}
	speed, err := parseSpeed(*speedFlag)
	if err != nil {
		return err
	}
	cfg, err := common.config()
	if err != nil {
		return err
	}
	cfg.KeepDays = 0
	hub := kpi.NewHub()
	p, err := replay.New(replay.Options{Files: files, Config: cfg, Hub: hub, Speed: speed})
	if err != nil {
		return err
	}
	if *atFlag != "" {
		at, err := resolveAt(*atFlag, p.Start(), p.End(), cfg.Location)
		if err != nil {
			return usagef("--at: %v", err)
		}
		if at.Before(p.Start()) || at.After(p.End()) {
			// Refused, not moved to the nearest end: a note on stderr
			// would be hidden by the board until the trainer quits.
			return usagef("--at %s is outside the replay: it runs from %s to %s", *atFlag,
				p.Start().In(cfg.Location).Format(time.DateTime), p.End().In(cfg.Location).Format(time.DateTime))
		}
		p.OpenAt(at)
	}
	if s := p.Problems(); s != "" {
		fmt.Fprintf(stderr, "wallboard: %s\n", s)
	}
	played := p.Files()
	if !slices.Equal(played, files) {
		fmt.Fprintf(stderr, "wallboard: playing the files oldest first: %s\n", strings.Join(played, ", "))
	}
	title := replayTitle(played)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Run(ctx)
	return showBoard(ctx, &board, hub, tui.Options{Clock: p.Clock, Player: p, Title: title, Pauses: common.pauses()})
}

// replayTitle names a replay on the board's header: its first file as
// played (the oldest), and how many follow.
func replayTitle(played []string) string {
	if len(played) > 1 {
		return fmt.Sprintf("%s +%d", played[0], len(played)-1)
	}
	return played[0]
}

// resolveAt reads --at: an RFC 3339 time, or a clock time on the file's
// first day in loc, or on a later day of the file when the first day's
// has not come yet: a log rotated at 06:25 starts the day before, and
// "--at 05:00" means the 05:00 inside it.
func resolveAt(s string, start, end time.Time, loc *time.Location) (time.Time, error) {
	at, err := tui.ParseTime(s, start, loc)
	if err != nil {
		return at, err
	}
	if _, err := time.Parse(time.RFC3339, strings.TrimSpace(s)); err == nil {
		return at, nil // a date was given
	}
	for next := at; next.Before(start); {
		l := next.In(loc)
		next = time.Date(l.Year(), l.Month(), l.Day()+1, l.Hour(), l.Minute(), l.Second(), 0, loc)
		if next.After(end) {
			break
		}
		at = next
	}
	return at, nil
}

// parseSpeed reads --speed: a factor the player can keep to, or max (0).
func parseSpeed(s string) (float64, error) {
	if s == "max" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v >= replay.MinSpeed && v <= replay.MaxSpeed) { // NaN fails both
		return 0, usagef("--speed: want a number from %g to %g (1 is real time) or max, got %q", replay.MinSpeed, replay.MaxSpeed, s)
	}
	return v, nil
}
