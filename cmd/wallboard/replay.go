package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
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
	speedFlag := fs.String("speed", "1", "replay speed: 1, 10, 60… or max")
	atFlag := fs.String("at", "", "open paused at this time: HH:MM[:SS] on the file's first day (in --tz), or RFC 3339")
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
		at, err := tui.ParseTime(*atFlag, p.Start(), cfg.Location)
		if err != nil {
			return usagef("--at: %v", err)
		}
		if at.Before(p.Start()) || at.After(p.End()) {
			fmt.Fprintf(stderr, "wallboard: --at %s is outside the file (%s – %s); starting at the nearest end\n",
				*atFlag, p.Start().In(cfg.Location).Format(time.DateTime), p.End().In(cfg.Location).Format(time.DateTime))
		}
		p.OpenAt(at)
	}
	if s := p.Problems(); s != "" {
		fmt.Fprintf(stderr, "wallboard: %s\n", s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go p.Run(ctx)
	return showBoard(ctx, &board, hub, tui.Options{Clock: p.Clock, Player: p, Title: files[0], Pauses: common.pauses()})
}

func parseSpeed(s string) (float64, error) {
	if s == "max" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 {
		return 0, usagef("--speed: want a positive number or max, got %q", s)
	}
	return v, nil
}
