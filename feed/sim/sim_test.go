package sim

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// london is the zone of most tests: it has DST, which catches code that
// assumes 24-hour days.
func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	return loc
}

func newSim(t testing.TB, cfg Config) *Sim {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// collect runs s to end in one call and returns copies of all events.
func collect(s *Sim, end time.Time) []feed.Event {
	var out []feed.Event
	s.Advance(end, func(ev *feed.Event) { out = append(out, *ev) })
	return out
}

func TestValidate(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	ok := Default()
	ok.Start = start
	if err := ok.Validate(); err != nil {
		t.Fatalf("Default with a start: %v", err)
	}
	cases := []struct {
		name string
		edit func(*Config)
		want []string // every fragment must appear in the error
	}{
		{"zero value", func(c *Config) { *c = Config{} },
			[]string{"agents must be 1..5000, got 0", "queues must be 1..12, got 0", "start time is not set"}},
		{"too many agents", func(c *Config) { c.Agents = 5001 }, []string{"agents must be 1..5000, got 5001"}},
		{"negative agents", func(c *Config) { c.Agents = -3 }, []string{"agents must be 1..5000, got -3"}},
		{"too many queues", func(c *Config) { c.Queues = 13 }, []string{"queues must be 1..12, got 13"}},
		{"negative load", func(c *Config) { c.Load = -1 }, []string{"load must be a number from 0 to 50 (0 means 1), got -1"}},
		{"huge load", func(c *Config) { c.Load = 51 }, []string{"got 51"}},
		{"NaN load", func(c *Config) { c.Load = math.NaN() }, []string{"got NaN"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.edit(&c)
			err := c.Validate()
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if _, nerr := New(c); nerr == nil || !strings.Contains(nerr.Error(), tc.want[0]) {
				t.Errorf("New error %v, want it to say %q", nerr, tc.want[0])
			}
		})
	}
	// Zero load means 1 and a nil location means Local: both valid.
	z := ok
	z.Load, z.Location = 0, nil
	if _, err := New(z); err != nil {
		t.Errorf("load 0, nil location: %v", err)
	}
}

func TestQueuesAndRoster(t *testing.T) {
	cfg := Default()
	cfg.Start = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	cfg.Queues = 6
	s := newSim(t, cfg)
	want := []string{"sales", "support", "billing", "vip", "retention", "technical"}
	if got := s.Queues(); !slices.Equal(got, want) {
		t.Errorf("Queues() = %v, want %v", got, want)
	}
	r := s.Roster()
	if len(r) != 24 {
		t.Fatalf("%d agents, want 24", len(r))
	}
	skilled := map[string]int{}
	for i, a := range r {
		if want := strconv.Itoa(1001 + i); a.ID != want {
			t.Errorf("agent %d id %q, want %s", i, a.ID, want)
		}
		if a.Name == "" {
			t.Errorf("agent %s has no name", a.ID)
		}
		if len(a.Queues) < 1 || len(a.Queues) > 3 {
			t.Errorf("agent %s has %d skills, want 1..3", a.ID, len(a.Queues))
		}
		for _, q := range a.Queues {
			if !slices.Contains(want, q) {
				t.Errorf("agent %s skilled in unknown queue %q", a.ID, q)
			}
			skilled[q]++
		}
	}
	for _, q := range want {
		if skilled[q] == 0 {
			t.Errorf("nobody is skilled in %s", q)
		}
	}
	// Roster returns a copy: editing it changes nothing inside.
	r[0].Queues[0] = "nowhere"
	if s.Roster()[0].Queues[0] == "nowhere" {
		t.Error("Roster shares its slices with the simulator")
	}
	if _, ok := s.WrapUp("nowhere"); ok {
		t.Error("WrapUp knows a queue that does not exist")
	}
	if w, ok := s.WrapUp("sales"); !ok || w != 15*time.Second {
		t.Errorf("WrapUp(sales) = %v %v, want 15s (the sales queue's table entry)", w, ok)
	}
}

// Same Config → the same events, whether the day runs in one call, in
// one-second steps or in irregular steps; a different seed → a different day.
func TestDeterministic(t *testing.T) {
	loc := london(t)
	cfg := Default()
	cfg.Location = loc
	cfg.Start = time.Date(2026, 11, 23, 17, 30, 0, 0, loc) // crosses a midnight: day planning is in the loop
	end := cfg.Start.Add(26 * time.Hour)

	once := collect(newSim(t, cfg), end)
	if len(once) < 1000 {
		t.Fatalf("only %d events in 26 h", len(once))
	}

	s := newSim(t, cfg)
	var stepped []feed.Event
	for at := cfg.Start; !at.After(end); at = at.Add(time.Second) {
		s.Advance(at, func(ev *feed.Event) { stepped = append(stepped, *ev) })
	}
	if !reflect.DeepEqual(once, stepped) {
		t.Errorf("1-second steps differ from one call: %d vs %d events, first difference at %d",
			len(stepped), len(once), firstDiff(once, stepped))
	}

	s = newSim(t, cfg)
	var ragged []feed.Event
	step := 137 * time.Millisecond
	for at := cfg.Start; at.Before(end); at = at.Add(step) {
		s.Advance(at, func(ev *feed.Event) { ragged = append(ragged, *ev) })
		step = step*7%(9*time.Minute) + time.Millisecond // 1 ms .. 9 min, irregular
	}
	s.Advance(end, func(ev *feed.Event) { ragged = append(ragged, *ev) })
	if !reflect.DeepEqual(once, ragged) {
		t.Errorf("irregular steps differ from one call at event %d", firstDiff(once, ragged))
	}
	if !s.Now().Equal(end) {
		t.Errorf("Now() = %v, want %v", s.Now(), end)
	}

	other := cfg
	other.Seed = 2
	if reflect.DeepEqual(once, collect(newSim(t, other), end)) {
		t.Error("seed 2 gives the same day as seed 1")
	}
}

func firstDiff(a, b []feed.Event) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// Advance never goes back and an empty step emits nothing.
func TestAdvanceBackwards(t *testing.T) {
	cfg := Default()
	cfg.Start = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	cfg.Location = time.UTC
	s := newSim(t, cfg)
	n := len(collect(s, cfg.Start.Add(time.Hour)))
	if n == 0 {
		t.Fatal("no events in an hour at 10:00")
	}
	if got := len(collect(s, cfg.Start)); got != 0 {
		t.Errorf("going back emitted %d events", got)
	}
	if !s.Now().Equal(cfg.Start.Add(time.Hour)) {
		t.Errorf("Now() = %v after a backwards Advance", s.Now())
	}
	if got := len(collect(s, cfg.Start.Add(time.Hour))); got != 0 {
		t.Errorf("repeating the same instant emitted %d events", got)
	}
}

// Load multiplies the arrival rate, and 0 means 1. Over one day (the day's
// random factors are drawn before the first call, so they are the same for
// both loads) Load 2 must offer twice the calls of Load 1: with ~1900 calls
// the Poisson noise on the ratio is about 2·sqrt(1/1900 + 1/3800) ≈ 0.056,
// so 1.8..2.2 is over 3 standard deviations wide.
func TestLoad(t *testing.T) {
	cfg := Default()
	cfg.Location = time.UTC
	cfg.Start = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	end := cfg.Start.Add(24*time.Hour - time.Second)
	offered := func(load float64) (int, []feed.Event) {
		c := cfg
		c.Load = load
		evs := collect(newSim(t, c), end)
		n := 0
		for _, ev := range evs {
			if ev.Kind == feed.CallEnqueued {
				n++
			}
		}
		return n, evs
	}
	n1, evs1 := offered(1)
	n0, evs0 := offered(0)
	if n0 != n1 || !reflect.DeepEqual(evs0, evs1) {
		t.Errorf("load 0 gave %d calls, load 1 %d: 0 must mean 1", n0, n1)
	}
	n2, _ := offered(2)
	if r := float64(n2) / float64(n1); r < 1.8 || r > 2.2 {
		t.Errorf("load 2 offered %d, load 1 %d: ratio %.2f, want 1.8..2.2", n2, n1, r)
	}
}
