package kpi

import (
	"testing"
	"time"
)

func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatalf("tzdata: %v", err)
	}
	return loc
}

// countBuckets walks a local day bucket by bucket.
func countBuckets(c *Config, day time.Time) (n int, starts []string) {
	_, end := dayBounds(day, c.Location)
	t := day
	for t.Before(end) {
		s, e := c.Bucket(t)
		if !s.Equal(t) {
			return -1, nil // not aligned: the walk would skip or repeat time
		}
		starts = append(starts, s.Format("15:04"))
		n++
		t = e
	}
	return n, starts
}

func TestBucketsOnDSTDays(t *testing.T) {
	loc := london(t)
	c := Config{Location: loc, Interval: 30 * time.Minute}
	// 2026-03-29: clocks go 01:00 GMT → 02:00 BST, a 23-hour day = 46 half-hours.
	// 2026-10-25: clocks go 02:00 BST → 01:00 GMT, a 25-hour day = 50 half-hours.
	for _, tc := range []struct {
		day  time.Time
		want int
	}{
		{time.Date(2026, 3, 29, 0, 0, 0, 0, loc), 46},
		{time.Date(2026, 10, 25, 0, 0, 0, 0, loc), 50},
		{time.Date(2026, 6, 1, 0, 0, 0, 0, loc), 48},
	} {
		n, starts := countBuckets(&c, tc.day)
		if n != tc.want {
			t.Errorf("%s: %d intervals, want %d (%v)", tc.day.Format("2006-01-02"), n, tc.want, starts)
		}
	}
	// On the autumn day 01:00–02:00 local happens twice: two distinct
	// intervals both labelled 01:00, an hour apart in absolute time.
	_, starts := countBuckets(&c, time.Date(2026, 10, 25, 0, 0, 0, 0, loc))
	if starts[2] != "01:00" || starts[3] != "01:30" || starts[4] != "01:00" {
		t.Errorf("autumn starts %v", starts[:6])
	}
	// Day buckets: 23 and 25 hours long.
	d := Config{Location: loc, Interval: Day}
	s, e := d.Bucket(time.Date(2026, 3, 29, 15, 0, 0, 0, loc))
	if e.Sub(s) != 23*time.Hour {
		t.Errorf("spring day is %v long", e.Sub(s))
	}
	s, e = d.Bucket(time.Date(2026, 10, 25, 15, 0, 0, 0, loc))
	if e.Sub(s) != 25*time.Hour {
		t.Errorf("autumn day is %v long", e.Sub(s))
	}
}

// India is UTC+5:30: hourly intervals align to the local :00, not UTC's.
func TestBucketAlignsToLocalClock(t *testing.T) {
	loc := time.FixedZone("IST", 5*3600+1800)
	c := Config{Location: loc, Interval: time.Hour}
	s, e := c.Bucket(time.Date(2026, 1, 5, 10, 59, 59, 0, loc))
	if s.Hour() != 10 || s.Minute() != 0 || e.Sub(s) != time.Hour {
		t.Errorf("bucket %v – %v", s, e)
	}
}

func TestParseInterval(t *testing.T) {
	for in, want := range map[string]time.Duration{"15m": 15 * time.Minute, "30m": 30 * time.Minute, "60m": time.Hour, "1h": time.Hour, "1d": Day} {
		if got, err := ParseInterval(in); err != nil || got != want {
			t.Errorf("ParseInterval(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"7x", "7m", "0m", "2d", "90s", "-15m", ""} {
		if _, err := ParseInterval(bad); err == nil {
			t.Errorf("ParseInterval(%q) accepted", bad)
		}
	}
}

func TestValidateNamesTheField(t *testing.T) {
	c := DefaultConfig()
	c.Queues = map[string]QueueRules{"sales": {SLThreshold: 0, SLTarget: 0.8}}
	err := c.Validate()
	if err == nil || err.Error() != "config: queues.sales: sl_threshold: must be > 0, got 0s" {
		t.Errorf("err = %v", err)
	}
}
