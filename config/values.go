package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Duration is a length of time as a config file writes it: a Go duration
// string ("20s", "1m30s", "15m") or a whole number of seconds (20).
type Duration time.Duration

// D is the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalTOML reads a duration string or a number of seconds. Its error
// reaches the user with the key and line the decoder adds.
func (d *Duration) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		p, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("want a duration such as \"20s\" or \"15m\", or a number of seconds; got %q", v)
		}
		*d = Duration(p)
	case int64:
		if v > math.MaxInt64/int64(time.Second) || v < math.MinInt64/int64(time.Second) {
			return fmt.Errorf("%d seconds is out of range", v)
		}
		*d = Duration(time.Duration(v) * time.Second)
	default:
		return fmt.Errorf("want a duration such as \"20s\" or a number of seconds; got %s", tomlKind(v))
	}
	return nil
}

// MarshalText writes the duration as Go spells it, without trailing zero
// units ("20s", "15m", "1h20m"), which UnmarshalTOML reads back.
func (d Duration) MarshalText() ([]byte, error) {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2] // 15m0s → 15m
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2] // 2h0m → 2h
	}
	return []byte(s), nil
}

// Fraction is a ratio as a config file writes it: 0.8 or "80%".
type Fraction float64

// UnmarshalTOML reads a number (0.8, 1) or a percentage string ("80%",
// "92.5%"). The range is checked by Validate, which names the key.
func (f *Fraction) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case float64:
		*f = Fraction(v)
	case int64:
		*f = Fraction(v)
	case string:
		s := strings.TrimSpace(v)
		num, ok := strings.CutSuffix(s, "%")
		p, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if !ok || err != nil || math.IsNaN(p) || math.IsInf(p, 0) {
			return fmt.Errorf("want a fraction such as 0.8 or a percentage such as \"80%%\"; got %q", v)
		}
		*f = Fraction(p / 100)
	default:
		return fmt.Errorf("want a fraction such as 0.8 or a percentage such as \"80%%\"; got %s", tomlKind(v))
	}
	return nil
}

// MarshalText writes the fraction as a percentage ("80%"), rounded to a
// hundredth of a point so that 0.8 does not print as 80.00000000000001%.
func (f Fraction) MarshalText() ([]byte, error) {
	p := math.Round(float64(f)*10000) / 100
	return []byte(strconv.FormatFloat(p, 'f', -1, 64) + "%"), nil
}

// String is the percentage, as in messages.
func (f Fraction) String() string {
	b, _ := f.MarshalText()
	return string(b)
}

// tomlKind names a decoded TOML value's type for people.
func tomlKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "true/false"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date-time"
	}
	return fmt.Sprintf("%T", v)
}
