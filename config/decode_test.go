package config

import (
	"errors"
	"testing"
)

// TestWrongTypesAllListed: every value of the wrong type is reported, not
// only the first the decoder meets, together with unknown keys and the
// checks on the values that did decode. Lines counted by hand in text.
func TestWrongTypesAllListed(t *testing.T) {
	text := `sl_threshold = "20 seconds"
sl_target = 80
bogus = 1

[agents.a1]
team = 5
interfaces = "SIP/1"

[queues.vip]
hidden = "yes"
sl_threshold = 0

[[viewers]]
name = "tom"
key = 5

[[viewers]]
key = "` + tomFP + `"
all = "yes"
`
	_, err := Parse([]byte(text), "c.toml")
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want *Error", err)
	}
	want := []string{
		`c.toml:1: sl_threshold: want a duration such as "20s" or "15m", or a number of seconds; got "20 seconds"`,
		// 80 decodes (a number), and Validate finds it out of range.
		`c.toml:2: sl_target: must be between 0 and 1, got 80 (write 0.8 or "80%")`,
		`c.toml:3: bogus: unknown key`,
		`c.toml:6: agents.a1.team: want a string, got an integer`,
		`c.toml:7: agents.a1.interfaces: want an array, got a string`,
		`c.toml:10: queues.vip.hidden: want true or false, got a string`,
		`c.toml:11: queues.vip.sl_threshold: must be > 0, got 0s`,
		// Inside [[viewers]]: named by entry, at the entry's header; the
		// key that did not decode is not reported "missing" as well.
		`c.toml:13: viewers[1].key: want a string, got an integer`,
		`c.toml:17: viewers[2].all: want true or false, got a string`,
	}
	if len(ce.Problems) != len(want) {
		t.Fatalf("got %d problems:\n%v\nwant %d", len(ce.Problems), err, len(want))
	}
	for i, w := range want {
		if got := ce.Problems[i].Error(); got != w {
			t.Errorf("problem %d\n got %s\nwant %s", i, got, w)
		}
	}
}

// TestNotATable: a table written as a plain value is an error at its key.
// The decoder itself takes anything for a map of tables as empty, which
// would drop "agents = 3" without a word.
func TestNotATable(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"agents as a number", "interval = \"30m\"\nagents = 3\n",
			`bad.toml:2: agents: want a table, got an integer`},
		{"pause reasons as a string", "pause_reasons = \"Lunch\"\n",
			`bad.toml:1: pause_reasons: want a table, got a string`},
		{"one queue as a number", "[queues]\nsales = 5\n",
			`bad.toml:2: queues.sales: want a table, got an integer`},
		{"a queue as a date", "[queues]\n\nsales = 1979-05-27T07:32:00Z\n",
			`bad.toml:3: queues.sales: want a table, got a date-time`},
		{"viewers as a string", "viewers = \"tom\"\n",
			`bad.toml:1: viewers: want an array, got a string`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.text), "bad.toml")
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestWrongTypeKeepsDefault: a value that does not decode leaves the
// field as it was for the checks on the rest. Were the queue's sl_target
// left at the 0 % of a half-decoded value, its red line of 50 % would be
// "above sl_target (0%)"; against the inherited 80 % it is fine, so the
// bad value is the only problem.
func TestWrongTypeKeepsDefault(t *testing.T) {
	_, err := Parse([]byte("[queues.q]\nsl_target = \"most\"\nsl_red_below = 0.5\n"), "d.toml")
	want := `d.toml:2: queues.q.sl_target: want a fraction such as 0.8 or a percentage such as "80%"; got "most"`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
