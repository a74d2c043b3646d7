// Package sim is the built-in call-centre simulator: a deterministic,
// clock-free discrete-event model of a multi-queue contact centre that emits
// feed.Events exactly as a real source would. It makes a fresh install show a
// living board, drives `wallboard simulate`, writes comparable queue_logs and
// generates the large synthetic days the benchmarks read.
//
// The caller supplies time (Advance), so demo speed, fast replay and tests
// share one code path, and the same Config always gives the same events.
package sim

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Limits of a Config. MaxAgents bounds memory and the per-day planning work;
// MaxLoad keeps an overloaded centre's waiting lists finite.
const (
	MaxAgents = 5000
	MaxQueues = 12
	MaxLoad   = 50
)

// Config says which centre to simulate. The zero value is not runnable:
// start from Default and set Start.
type Config struct {
	// Seed selects the centre (roster, skills, callers) and its day: the same
	// Seed gives the same events, a different one a different day.
	Seed int64
	// Agents is the number of agents on the roster (1..5000; Default: 24).
	// They are split into a day shift, an evening shift and a small night
	// crew, so that someone is logged in at every hour when there are 3+.
	Agents int
	// Queues is the number of queues (1..12; Default: 4): sales, support,
	// billing, vip, then retention, technical, orders, claims, returns,
	// renewals, spanish, callback.
	Queues int
	// Load multiplies the arrival rate. 1 (or 0, which means 1) staffs the
	// centre for roughly 80 % occupancy; 1.3 overloads it.
	Load float64
	// Start is the simulated instant the run begins (to the millisecond).
	// Agents whose shift covers Start are logged in at Start, so a demo
	// looks alive at any hour.
	Start time.Time
	// Location is the local zone of shifts and of the daily arrival profile
	// (nil means time.Local).
	Location *time.Location
}

// Default returns the demo centre: 24 agents, 4 queues, load 1, seed 1, in
// the local zone. Start is left for the caller (usually time.Now()).
func Default() Config {
	return Config{Seed: 1, Agents: 24, Queues: 4, Load: 1, Location: time.Local}
}

// Validate reports every problem of c, in words a person can act on.
func (c Config) Validate() error {
	var errs []error
	if c.Agents < 1 || c.Agents > MaxAgents {
		errs = append(errs, fmt.Errorf("agents must be 1..%d, got %d", MaxAgents, c.Agents))
	}
	if c.Queues < 1 || c.Queues > MaxQueues {
		errs = append(errs, fmt.Errorf("queues must be 1..%d, got %d", MaxQueues, c.Queues))
	}
	if math.IsNaN(c.Load) || c.Load < 0 || c.Load > MaxLoad {
		errs = append(errs, fmt.Errorf("load must be a number from 0 to %d (0 means 1), got %v", MaxLoad, c.Load))
	}
	if c.Start.IsZero() {
		errs = append(errs, errors.New("start time is not set: give the instant the simulation begins (e.g. time.Now())"))
	}
	return errors.Join(errs...)
}

// queueSpec is one queue's character: how much of the traffic it gets, how
// long its calls last and how patient its callers are.
type queueSpec struct {
	name      string
	weight    float64 // relative share of agents with it as primary skill
	aht       float64 // mean talk time, seconds
	wrap      float64 // wrap-up after each call, seconds
	patience  float64 // mean caller patience, seconds (exponential)
	maxWait   float64 // queue timeout: EXITWITHTIMEOUT after this, seconds
	transferP float64 // share of answered calls that end in a transfer
	priority  int     // higher is served first when an agent picks a call
	target    string  // transfer destination, exten@context
}

// specs returns the table of queue characters, in Config.Queues order. It
// is a function, not a package variable, so nothing can mutate it.
func specs() [MaxQueues]queueSpec {
	return [MaxQueues]queueSpec{
		{"sales", 0.35, 240, 15, 160, 300, 0.03, 0, "2400@from-internal"},
		{"support", 0.35, 360, 30, 180, 480, 0.06, 0, "2600@from-internal"},
		{"billing", 0.20, 180, 10, 150, 300, 0.04, 0, "2700@from-internal"},
		{"vip", 0.10, 300, 20, 180, 240, 0.02, 1, "2100@from-internal"},
		{"retention", 0.12, 420, 30, 150, 360, 0.05, 0, "2450@from-internal"},
		{"technical", 0.15, 480, 45, 180, 600, 0.07, 0, "2650@from-internal"},
		{"orders", 0.15, 200, 10, 110, 300, 0.02, 0, "2410@from-internal"},
		{"claims", 0.10, 540, 60, 200, 600, 0.05, 0, "2800@from-internal"},
		{"returns", 0.10, 210, 15, 120, 300, 0.03, 0, "2420@from-internal"},
		{"renewals", 0.08, 270, 20, 130, 360, 0.03, 0, "2460@from-internal"},
		{"spanish", 0.08, 300, 20, 140, 420, 0.04, 0, "2900@from-internal"},
		{"callback", 0.06, 150, 10, 90, 240, 0.01, 0, "2000@from-internal"},
	}
}
