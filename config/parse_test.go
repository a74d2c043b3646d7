package config

import (
	"errors"
	"strings"
	"testing"
)

// Keys used in tests: generated with ssh-keygen -t ed25519 for this test,
// fingerprints as `ssh-keygen -lf` printed them (an independent check of
// Fingerprint).
const (
	mariaKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINXYYEa1Ir/Mb2sCSvZ5QVz5uKPp+KqljG1kJCHDKJgz maria@floor"
	mariaFP  = "SHA256:v/GE0OStvCm72kxVlzLuDvtLTW4mN8aV90GRvVtVBj8"
	tomKey   = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJrIu/lEGrSstpOu0fq4gDReilZrPotzqIcdoSTaS6AA tom@laptop"
	tomFP    = "SHA256:JJP6CekXmdQ1QiQ69mahgURgvDUgu8HKfLkygqFe9Jg"
)

// TestBadFiles: each bad file gives exactly the expected message, naming
// file, line and key path. Lines are counted in the text by hand.
func TestBadFiles(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		// Unknown keys, with the nearest known key when it is close.
		{"misspelt top-level key", "interval = \"30m\"\nsl_treshold = \"20s\"\n",
			`bad.toml:2: sl_treshold: unknown key (did you mean sl_threshold?)`},
		{"unknown key in a queue", "[queues.sales]\ndisplay_name = \"Sales\"\ncolour = \"red\"\n",
			`bad.toml:3: queues.sales.colour: unknown key`},
		{"misspelt queue key", "[queues.sales]\nsl_targt = 0.8\n",
			`bad.toml:2: queues.sales.sl_targt: unknown key (did you mean sl_target?)`},
		// [queue.sales] is one problem, at the first unknown part.
		{"misspelt table", "\n[queue.sales]\nsl_threshold = \"20s\"\n",
			`bad.toml:2: queue: unknown table (did you mean queues?)`},
		{"table inside a queue", "[queues.sales]\n[queues.sales.rules]\nsl_target = 0.8\n",
			`bad.toml:2: queues.sales.rules: unknown table`},
		{"unknown key in viewers", "[[viewers]]\nkey = \"" + tomFP + "\"\nqueue = [\"sales\"]\n",
			`bad.toml:3: viewers.queue: unknown key (did you mean queues?)`},
		{"spelling colour the American way", "[pause_reasons.Lunch]\ncolor = \"#fff\"\n",
			`bad.toml:2: pause_reasons.Lunch.color: unknown key (did you mean colour?)`},

		// Values of the wrong type or form (each one is reported: decode_test.go).
		{"bool as string", "[queues.sales]\nhidden = \"yes\"\n",
			`bad.toml:2: queues.sales.hidden: want true or false, got a string`},
		{"interval as number", "\n\ninterval = 30\n",
			`bad.toml:3: interval: want a string, got an integer`},
		{"bad duration", "sl_threshold = \"20 seconds\"\n",
			`bad.toml:1: sl_threshold: want a duration such as "20s" or "15m", or a number of seconds; got "20 seconds"`},
		{"duration as bool", "[queues.q]\nwrapup = true\n",
			`bad.toml:2: queues.q.wrapup: want a duration such as "20s" or a number of seconds; got true/false`},
		{"percent without sign", "[queues.vip]\nsl_target = \"90\"\n",
			`bad.toml:2: queues.vip.sl_target: want a fraction such as 0.8 or a percentage such as "80%"; got "90"`},

		// Validate's problems, located by key path.
		{"escape sequence in a display name", "[queues.sales]\ndisplay_name = \"Sales\\u001b[2J\"\n",
			`bad.toml:2: queues.sales.display_name: must not contain control characters, got "Sales\x1b[2J"`},
		{"tab in an agent's team", "[agents.1001]\nname = \"Ann\"\nteam = \"A\\tB\"\n",
			`bad.toml:3: agents.1001.team: must not contain control characters, got "A\tB"`},
		{"threshold zero", "[queues.sales]\nsl_threshold = 0\n",
			`bad.toml:2: queues.sales.sl_threshold: must be > 0, got 0s`},
		{"negative short abandon", "short_abandon = -1\n",
			`bad.toml:1: short_abandon: must be >= 0, got -1s`},
		{"negative wrapup", "[queues.b]\nwrapup = \"-5s\"\n",
			`bad.toml:2: queues.b.wrapup: must be >= 0, got -5s`},
		{"target as a percentage number", "sl_target = 80\n",
			`bad.toml:1: sl_target: must be between 0 and 1, got 80 (write 0.8 or "80%")`},
		{"red threshold zero", "sl_red_below = 0\n",
			`bad.toml:1: sl_red_below: must be > 0 and at most 1, got 0 (write 0.7 or "70%")`},
		{"wait amber zero", "[queues.a]\nwait_amber = 0\n",
			`bad.toml:2: queues.a.wait_amber: must be > 0, got 0s`},
		{"interval not dividing a day", "interval = \"7m\"\n",
			`bad.toml:1: interval: 7m0s is not a whole number of minutes dividing a day (try 15m, 30m, 60m or 1d)`},
		{"interval not a duration", "interval = \"half an hour\"\n",
			`bad.toml:1: interval: not a duration (try 15m, 30m, 60m or 1d)`},
		{"unknown zone", "timezone = \"Europe/Londn\"\n",
			`bad.toml:1: timezone: unknown time zone "Europe/Londn" (use an IANA name such as Europe/London, UTC, or Local)`},
		{"empty zone", "timezone = \"\"\n",
			`bad.toml:1: timezone: missing: give an IANA name such as Europe/London, or Local`},
		{"day start not midnight", "day_start = \"06:00\"\n",
			`bad.toml:1: day_start: only 00:00 is supported (day totals run from local midnight), got "06:00"`},
		{"day start not a time", "day_start = \"6am\"\n",
			`bad.toml:1: day_start: want HH:MM, got "6am"`},
		{"unknown profile", "[queues.s]\nsl_profile = \"fast\"\n",
			`bad.toml:2: queues.s.sl_profile: unknown profile "fast" (want one of outcome, answered, offered, offered-short, asterisk-sl2)`},
		// 95 % red line above a 90 % target: reported where it is set.
		{"red above target", "[queues.vip]\nsl_target = 0.9\nsl_red_below = 0.95\n",
			`bad.toml:3: queues.vip.sl_red_below: sl_red_below (95%) must not be above sl_target (90%)`},
		// The queue lowers its target under the top-level red line of 70 %.
		{"target under inherited red", "sl_red_below = \"70%\"\n[queues.q]\nsl_target = \"60%\"\n",
			`bad.toml:3: queues.q.sl_target: sl_red_below (70%) must not be above sl_target (60%)`},
		{"red wait before amber", "wait_amber = \"30s\"\nwait_red = \"20s\"\n",
			`bad.toml:2: wait_red: wait_red (20s) must not be below wait_amber (30s)`},
		// Top-level wait_red 50 s; the queue's T of 60 s makes its amber
		// (T by default) 60 s, later than red.
		{"threshold past inherited red", "wait_red = \"50s\"\n[queues.slow]\nsl_threshold = \"60s\"\n",
			`bad.toml:3: queues.slow.sl_threshold: wait_red (50s) must not be below wait_amber (1m0s)`},
		// An empty key cannot be given to the decoder's position lookup (an
		// empty struct tag means the field name), so this one has no line.
		{"empty queue name", "[queues.\"\"]\nhidden = true\n",
			`bad.toml: queues."": a queue name must not be empty`},

		// Agents: one name, one agent.
		{"interface of two agents", "[agents.a]\ninterfaces = [\"SIP/1\"]\n[agents.b]\ninterfaces = [\"SIP/1\"]\n",
			`bad.toml:4: agents.b.interfaces: "SIP/1" is also agents.a`},
		{"member of two agents", "[agents.a]\nmember = \"X\"\n[agents.b]\nmember = \"X\"\n",
			`bad.toml:4: agents.b.member: "X" is also agents.a`},
		{"empty interface", "[agents.a]\ninterfaces = [\"\"]\n",
			`bad.toml:2: agents.a.interfaces: an interface must not be empty`},

		// Pause reasons.
		{"pause limit zero", "[pause_reasons.Lunch]\nlimit = 0\n",
			`bad.toml:2: pause_reasons.Lunch.limit: must be > 0, got 0s`},
		{"pause warn after limit", "[pause_reasons.Break]\nwarn = \"20m\"\nlimit = \"15m\"\n",
			`bad.toml:2: pause_reasons.Break.warn: must not be after limit (15m0s), got 20m0s`},

		// Viewers are located at their [[viewers]] header.
		{"viewer without key", "[[viewers]]\nname = \"a\"\nall = true\n",
			`bad.toml:1: viewers[1].key: missing: give an authorized_keys line (ssh-ed25519 AAAA…) or a fingerprint (SHA256:…)`},
		{"short fingerprint", "[[viewers]]\nkey = \"" + tomFP + "\"\n\n[[viewers]]\nkey = \"SHA256:abc\"\n",
			`bad.toml:4: viewers[2].key: not a SHA256 fingerprint: want SHA256: and 43 base64 characters, as ssh-keygen -lf KEY.pub prints`},
		// The same key twice, once as a line and once as its fingerprint.
		{"same key twice", "[[viewers]]\nkey = \"" + tomKey + "\"\n[[viewers]]\nkey = \"" + tomFP + "\"\n",
			`bad.toml:3: viewers[2].key: the same key as viewers[1]`},
		{"unknown group", "[queues.s]\ngroup = \"sales\"\n[[viewers]]\nkey = \"" + tomFP + "\"\ngroups = [\"sale\"]\n",
			`bad.toml:3: viewers[1].groups: no queue has group "sale" (set group = "sale" in a [queues.NAME] table)`},
		{"empty queue in a viewer", "[[viewers]]\nkey = \"" + tomFP + "\"\nqueues = [\"\"]\n",
			`bad.toml:1: viewers[1].queues: a queue name must not be empty`},
		// An inline array of tables has no [[viewers]] header: the line is
		// the decoder's.
		{"wrong type in an inline viewer", "\nviewers = [{key = 5}]\n",
			`bad.toml:2: viewers[1].key: want a string, got an integer`},
		{"fraction as bool", "sl_target = true\n",
			`bad.toml:1: sl_target: want a fraction such as 0.8 or a percentage such as "80%"; got true/false`},
		// 10^13 s × 10^9 ns/s overflows int64 nanoseconds (about 9.2 × 10^18).
		{"seconds out of range", "wrapup = 10000000000000\n",
			`bad.toml:1: wrapup: 10000000000000 seconds is out of range`},
		{"empty agent ID", "[agents.\"\"]\nname = \"x\"\n",
			`bad.toml: agents."": an agent ID must not be empty`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.text), "bad.toml")
			if err == nil {
				t.Fatalf("no error; want %s", tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("error is %T, want *Error", err)
			}
		})
	}
}

// Messages that come from the TOML library or the theme package: the
// location is ours, the wording theirs.
func TestBadFilesForeignWording(t *testing.T) {
	for _, tc := range []struct{ name, text, prefix, contains string }{
		{"unterminated string", "interval = \"30m\nsl_target = 0.8\n", "bad.toml:1: ", "newline"},
		{"duplicate key", "[queues.a]\nhidden = true\nhidden = false\n", "bad.toml:3: ", "already been defined"},
		{"bad colour", "[pause_reasons.Lunch]\ncolour = \"blue\"\n", "bad.toml:2: pause_reasons.Lunch.colour: ", "blue"},
		{"bad authorized_keys line", "[[viewers]]\nkey = \"ssh-ed25519 not-base64\"\n", "bad.toml:1: viewers[1].key: not an authorized_keys line (", "paste the whole line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.text), "bad.toml")
			if err == nil || !strings.HasPrefix(err.Error(), tc.prefix) || !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("got %v\nwant prefix %q containing %q", err, tc.prefix, tc.contains)
			}
		})
	}
}

// TestAllProblemsAtOnce: one run lists every problem, in line order.
func TestAllProblemsAtOnce(t *testing.T) {
	text := `interval = "7m"
[queues.b]
sl_threshold = 0
bogus = 1
[queues.a]
sl_target = 2
`
	_, err := Parse([]byte(text), "c.toml")
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want *Error", err)
	}
	want := []string{
		"c.toml:1: interval: 7m0s is not a whole number of minutes dividing a day (try 15m, 30m, 60m or 1d)",
		"c.toml:3: queues.b.sl_threshold: must be > 0, got 0s",
		"c.toml:4: queues.b.bogus: unknown key",
		`c.toml:6: queues.a.sl_target: must be between 0 and 1, got 2 (write 0.8 or "80%")`,
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

// TestValidateInCode: a Config built in code has no file or line; the
// message still names the key path.
func TestValidateInCode(t *testing.T) {
	c := Default()
	c.Queues = map[string]Queue{"sales": {Rules: Rules{SLThreshold: ptr(Duration(-1e9))}}}
	err := c.Validate()
	if err == nil || err.Error() != "queues.sales.sl_threshold: must be > 0, got -1s" {
		t.Errorf("got %v", err)
	}
	var zero Config
	if err := zero.Validate(); err == nil {
		t.Error("a zero Config validated; want interval, timezone, day_start and repeat_window problems")
	} else if got := len(err.(*Error).Problems); got != 4 {
		t.Errorf("zero Config: %d problems, want 4 (interval, timezone, day_start, repeat_window):\n%v", got, err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("testdata/no-such.toml")
	if err == nil || err.Error() != "testdata/no-such.toml: no such file" {
		t.Errorf("got %v", err)
	}
}

// TestManyProblems: 25 unknown keys give the first 20, in line order, and
// a count of the 5 left.
func TestManyProblems(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 25; i++ {
		b.WriteString("bogus" + strings.Repeat("x", i) + " = 1\n")
	}
	_, err := Parse([]byte(b.String()), "m.toml")
	ce, ok := err.(*Error)
	if !ok || len(ce.Problems) != 21 {
		t.Fatalf("got %v", err)
	}
	if got := ce.Problems[19].Error(); got != "m.toml:20: bogus"+strings.Repeat("x", 19)+": unknown key" {
		t.Errorf("20th: %s", got)
	}
	if got := ce.Problems[20].Error(); got != "m.toml: and 5 more problems" {
		t.Errorf("last: %s", got)
	}
}
