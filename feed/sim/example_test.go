package sim_test

import (
	"fmt"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
)

// A demo board: build the default centre starting at 10:00 and advance it.
// A live demo calls Advance with the wall clock on every tick; a replay at
// 60× advances one simulated minute per second; a benchmark advances a whole
// day at once. All three see the same events.
//
// The 15 logins follow from the default roster: 17 day agents start between
// 06:00 and 11:00, and 15 of them have started by 10:00 (see
// TestStartAnyHour for the arithmetic).
func Example() {
	cfg := sim.Default()
	cfg.Location = time.UTC
	cfg.Start = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	s, err := sim.New(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("queues:", s.Queues())

	agents := map[string]bool{}
	var first feed.Event
	s.Advance(cfg.Start.Add(time.Minute), func(ev *feed.Event) {
		if first.Kind == feed.Unknown {
			first = *ev // copy: the simulator reuses ev
		}
		if ev.Kind == feed.AgentLogin {
			agents[ev.Agent] = true
		}
	})
	fmt.Println("first event:", first.Kind, first.Verb, first.Time.Format("15:04:05"))
	fmt.Println("agents logged in:", len(agents))
	fmt.Println("now:", s.Now().Format("15:04"))
	// Output:
	// queues: [sales support billing vip]
	// first event: agent.login ADDMEMBER 10:00:00
	// agents logged in: 15
	// now: 10:01
}

// Validate says everything that is wrong, in words a person can act on.
func ExampleConfig_Validate() {
	fmt.Println(sim.Config{Agents: 24, Queues: 13, Load: -1}.Validate())
	// Output:
	// queues must be 1..12, got 13
	// load must be a number from 0 to 50 (0 means 1), got -1
	// start time is not set: give the instant the simulation begins (e.g. time.Now())
}
