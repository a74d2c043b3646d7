package main

import (
	"flag"
	"time"

	"github.com/callfloor/wallboard/feed/sim"
	"github.com/callfloor/wallboard/kpi"
)

// simFlags are the simulated centre's flags, shared by demo, simulate and
// serve --demo.
type simFlags struct {
	seed           int64
	agents, queues int
	load           float64
}

// register adds the flags; prefix labels them in help ("demo: ") where a
// command has other sources too.
func (f *simFlags) register(fs *flag.FlagSet, prefix string) {
	fs.Int64Var(&f.seed, "seed", 1, prefix+"which simulated day (the same seed gives the same day)")
	fs.IntVar(&f.agents, "agents", 24, prefix+"agents on the roster")
	fs.IntVar(&f.queues, "queues", 4, prefix+"number of queues (1..12)")
	fs.Float64Var(&f.load, "load", 0.9, prefix+"arrival-rate multiplier (0.9 keeps service level around target; 1.3 overloads the centre)")
}

// check names the flag that is out of the simulator's range.
func (f *simFlags) check() error {
	switch {
	case f.agents < 1 || f.agents > sim.MaxAgents:
		return usagef("--agents: want 1 to %d, got %d", sim.MaxAgents, f.agents)
	case f.queues < 1 || f.queues > sim.MaxQueues:
		return usagef("--queues: want 1 to %d, got %d", sim.MaxQueues, f.queues)
	case !(f.load >= 0 && f.load <= sim.MaxLoad): // NaN fails both
		return usagef("--load: want a number from 0 to %d (0 means 1), got %v", sim.MaxLoad, f.load)
	}
	return nil
}

// newSim builds the simulator for today from local midnight in cfg's
// zone, so that a board opens with the day so far, and gives each
// simulated queue the simulator's wrap-up time unless the configuration
// file sets one: the simulated agents wrap up for that long, and the
// queue_log the simulator writes cannot say so.
func (f *simFlags) newSim(cfg *kpi.Config, common *commonFlags, now time.Time) (*sim.Sim, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	y, m, d := now.In(cfg.Location).Date()
	sc := sim.Default()
	sc.Seed, sc.Agents, sc.Queues, sc.Load, sc.Location = f.seed, f.agents, f.queues, f.load, cfg.Location
	sc.Start = time.Date(y, m, d, 0, 0, 0, 0, cfg.Location)
	s, err := sim.New(sc)
	if err != nil {
		return nil, usagef("simulator: %v", err)
	}
	queues := make(map[string]kpi.QueueRules, len(cfg.Queues))
	for q, r := range cfg.Queues {
		queues[q] = r
	}
	for _, q := range s.Queues() {
		r, configured := queues[q]
		if !configured {
			r = cfg.Rules
		}
		if w, ok := s.WrapUp(q); ok && (!configured || common.file.Queues[q].Wrapup == nil) {
			r.Wrapup = w
		}
		queues[q] = r
	}
	cfg.Queues = queues
	return s, nil
}
