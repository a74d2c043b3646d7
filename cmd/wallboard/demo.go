package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
	"github.com/callfloor/wallboard/kpi"
)

// runDemo shows the board on the built-in simulated call centre. The
// simulation starts at local midnight and catches up to now at once, so
// the board opens with the day so far; then it runs live, --speed times
// faster than the wall clock.
func runDemo(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	var common commonFlags
	var board boardFlags
	common.register(fs)
	board.register(fs)
	var simf simFlags
	simf.register(fs, "")
	speed := fs.Float64("speed", 1, "simulated seconds per real second")
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, "wallboard demo [flags]")
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("demo: unexpected argument %q", rest[0])
	}
	return runLive(&common, &board, func(ctx context.Context, cfg kpi.Config, _ *slog.Logger) (liveBoard, error) {
		return startDemo(ctx, cfg, &common, &simf, *speed)
	})
}

// simClock runs from the real now at speed× the wall clock.
func simClock(origin time.Time, speed float64) func() time.Time {
	return func() time.Time {
		return origin.Add(time.Duration(float64(time.Since(origin)) * speed))
	}
}

// driveSim advances the simulator to the clock every 100 ms and hands the
// events to the engine in batches.
func driveSim(ctx context.Context, s *sim.Sim, eng *kpi.Engine, clock func() time.Time) {
	const chunk = 4096
	batch := make([]feed.Event, 0, chunk)
	flush := func() {
		if len(batch) > 0 {
			_ = eng.Submit(ctx, batch)
			batch = make([]feed.Event, 0, chunk)
		}
	}
	// emit runs inside Advance, on this goroutine: no lock needed.
	emit := func(ev *feed.Event) {
		batch = append(batch, *ev)
		if len(batch) == chunk {
			flush()
		}
	}
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		s.Advance(clock(), emit)
		flush()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
