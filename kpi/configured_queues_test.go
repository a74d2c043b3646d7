package kpi

import (
	"testing"

	"github.com/callfloor/wallboard/feed"
)

// A queue the configuration names is on the board from the start, before
// its first call (the VIP line at opening time); queues the configuration
// does not name appear with their first event, as before.
func TestConfiguredQueuesFromTheStart(t *testing.T) {
	cfg := utcConfig()
	cfg.Queues = map[string]QueueRules{"vip": cfg.Rules, "sales": cfg.Rules}
	s := NewState(cfg)
	names := func() []string {
		var out []string
		for _, q := range s.Snapshot(at(9, 0, 0)).Queues {
			out = append(out, q.Name)
		}
		return out
	}
	if got := names(); len(got) != 2 || got[0] != "sales" || got[1] != "vip" {
		t.Fatalf("before any event: queues %v, want [sales vip]", got)
	}
	apply(s, ev(at(9, 0, 0), feed.CallEnqueued, "support", "c1", "", caller("+441")))
	if got := names(); len(got) != 3 || got[2] != "vip" {
		t.Errorf("after a support call: queues %v, want [sales support vip]", got)
	}
	if v := s.Snapshot(at(9, 0, 0)).Queue("vip"); v == nil || v.Day.Offered != 0 || v.Waiting != 0 {
		t.Errorf("vip with no call: %+v", v)
	}
}
