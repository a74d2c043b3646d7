package tui

import "time"

// ParseTime reads a time as the `g` key and `replay --at` accept it:
// HH:MM or HH:MM:SS on the day of `day` in loc, or an RFC 3339 time.
func ParseTime(s string, day time.Time, loc *time.Location) (time.Time, error) {
	return parseGoTo(s, PlayerStatus{Clock: day, Location: loc})
}
