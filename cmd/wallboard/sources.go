package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/follow"
	"github.com/callfloor/wallboard/feed/ws"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/tui"
)

// liveBoard is a running live source: one engine fed by it, publishing to
// hub. The local board commands show it; serve shares it with every session.
type liveBoard struct {
	hub   *kpi.Hub
	clock func() time.Time
	title string
}

// runLive shows the local board on a live source until the user quits:
// the configuration, the log file and the source's lifetime are the same
// for demo, tail and connect.
func runLive(common *commonFlags, board *boardFlags, start func(context.Context, kpi.Config, *slog.Logger) (liveBoard, error)) error {
	cfg, err := common.config()
	if err != nil {
		return err
	}
	log, closeLog, err := board.logger()
	if err != nil {
		return err
	}
	defer closeLog()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lb, err := start(ctx, cfg, log)
	if err != nil {
		return err
	}
	return showBoard(ctx, board, lb.hub, tui.Options{Clock: lb.clock, Title: lb.title, Pauses: common.pauses()})
}

// startEngine runs the engine a live source feeds until ctx ends. A live
// board keeps yesterday and today, so its memory is bounded however long
// it runs.
func startEngine(ctx context.Context, cfg kpi.Config, clock func() time.Time) (*kpi.Hub, *kpi.Engine, error) {
	cfg.KeepDays = 1
	hub := kpi.NewHub()
	eng, err := kpi.NewEngine(cfg, hub, clock)
	if err != nil {
		return nil, nil, err
	}
	go eng.Run(ctx)
	return hub, eng, nil
}

// connectOptions are what `connect` and `serve --connect` say about a feed.
type connectOptions struct {
	flag       string // how errors name the URL's origin: "connect" or "--connect"
	url, token string
	insecure   bool
	staleAfter time.Duration
}

// startConnect follows a websocket feed.
func startConnect(ctx context.Context, cfg kpi.Config, o connectOptions, log *slog.Logger) (liveBoard, error) {
	if o.staleAfter <= 0 {
		return liveBoard{}, usagef("--stale-after: must be > 0, got %v", o.staleAfter)
	}
	hub, eng, err := startEngine(ctx, cfg, time.Now)
	if err != nil {
		return liveBoard{}, err
	}
	client, err := ws.NewClient(ws.ClientOptions{URL: o.url, Token: o.token, Insecure: o.insecure, StaleAfter: o.staleAfter, Log: log}, eng)
	if err != nil {
		return liveBoard{}, usagef("%s: %v", o.flag, err)
	}
	go client.Run(ctx)
	return liveBoard{hub: hub, clock: time.Now, title: o.url}, nil
}

// startTail follows a growing queue_log like `tail -F`.
func startTail(ctx context.Context, cfg kpi.Config, name string, poll time.Duration, log *slog.Logger) (liveBoard, error) {
	if poll <= 0 {
		return liveBoard{}, usagef("--poll: must be > 0, got %v", poll)
	}
	hub, eng, err := startEngine(ctx, cfg, time.Now)
	if err != nil {
		return liveBoard{}, err
	}
	// src is the board's account of the file: the follower's state and
	// the problems of its lines. Both callbacks run on the follower's
	// goroutine, which alone touches src.
	src := kpi.SourceStatus{Name: name}
	fl := follow.New(follow.Options{Path: name, Location: cfg.Location, Poll: poll, Log: log,
		OnState: func(state, detail string) {
			// The follower waits for a file that is not there (yet): to the
			// board that is a feed with nothing new, i.e. stale.
			if state == "waiting" {
				state = "stale"
			}
			src.State, src.Detail = state, detail
			eng.SetSource(src)
		},
		OnProblems: func(st *feed.Stats) {
			src.Input, src.InputSkipped = st.Summary(), st.Skipped()
			log.Warn("tail: input problems", "file", name, "problems", src.Input)
			eng.SetSource(src)
		}})
	go func() {
		err := fl.Run(ctx, func(evs []feed.Event) error { return eng.Submit(ctx, evs) })
		if err != nil && ctx.Err() == nil {
			log.Error("tail stopped", "err", err)
			src.State, src.Detail = "error", err.Error()
			eng.SetSource(src) // the follower has stopped: src is this goroutine's now
		}
	}()
	return liveBoard{hub: hub, clock: time.Now, title: name}, nil
}

// startDemo runs the simulated centre from local midnight, caught up to
// now at once and then speed× the wall clock.
func startDemo(ctx context.Context, cfg kpi.Config, common *commonFlags, simf *simFlags, speed float64) (liveBoard, error) {
	if speed <= 0 {
		return liveBoard{}, usagef("--speed: must be > 0, got %v", speed)
	}
	now := time.Now()
	s, err := simf.newSim(&cfg, common, now)
	if err != nil {
		return liveBoard{}, err
	}
	clock := simClock(now, speed)
	hub, eng, err := startEngine(ctx, cfg, clock)
	if err != nil {
		return liveBoard{}, err
	}
	eng.SetSource(kpi.SourceStatus{Name: "demo", State: "live", Detail: "built-in simulated call centre"})
	go driveSim(ctx, s, eng, clock)
	return liveBoard{hub: hub, clock: clock, title: fmt.Sprintf("demo · seed %d", simf.seed)}, nil
}
