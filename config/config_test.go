package config

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

func mustParse(t *testing.T, text string) Config {
	t.Helper()
	c, err := Parse([]byte(text), "test.toml")
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return c
}

// TestEveryField sets every key once and reads it back.
func TestEveryField(t *testing.T) {
	c := mustParse(t, `
interval = "15m"
timezone = "UTC"
day_start = "00:00"
repeat_window = "48h"
unlisted_viewers_see_all = true
sl_profile = "answered"
sl_threshold = 30
short_abandon = "3s"
sl_target = "85%"
sl_red_below = 0.75
wait_amber = "40s"
wait_red = "2m"
wrapup = "10s"

[queues.sales]
display_name = "Sales UK"
group = "front"
hidden = true
sl_profile = "offered"
sl_threshold = "15s"
short_abandon = 0
sl_target = 0.9
sl_red_below = "80%"
wait_amber = "15s"
wait_red = "45s"
wrapup = 20

[agents.a1001]
interfaces = ["SIP/1001", "PJSIP/1001"]
member = "Sathish"
name = "Sathish K."
team = "Blue"

[pause_reasons.Lunch]
colour = "#5f87ff"
warn = "25m"
limit = "30m"

[[viewers]]
name = "Tom"
key = "`+tomKey+`"
queues = ["sales"]
groups = ["front"]
all = true
`)
	d := func(s string) *Duration { v, _ := time.ParseDuration(s); return ptr(Duration(v)) }
	f := func(v float64) *Fraction { return ptr(Fraction(v)) }
	want := Config{
		Interval: "15m", Timezone: "UTC", DayStart: "00:00", RepeatWindow: Duration(48 * time.Hour), UnlistedViewersSeeAll: true,
		Rules: Rules{SLProfile: ptr("answered"), SLThreshold: d("30s"), ShortAbandon: d("3s"), SLTarget: f(0.85),
			SLRedBelow: f(0.75), WaitAmber: d("40s"), WaitRed: d("2m"), Wrapup: d("10s")},
		Queues: map[string]Queue{"sales": {DisplayName: "Sales UK", Group: "front", Hidden: true,
			Rules: Rules{SLProfile: ptr("offered"), SLThreshold: d("15s"), ShortAbandon: d("0s"), SLTarget: f(0.9),
				SLRedBelow: f(0.8), WaitAmber: d("15s"), WaitRed: d("45s"), Wrapup: d("20s")}}},
		Agents: map[string]Agent{"a1001": {Interfaces: []string{"SIP/1001", "PJSIP/1001"}, Member: "Sathish",
			Name: "Sathish K.", Team: "Blue"}},
		PauseReasons: map[string]PauseReason{"Lunch": {Colour: "#5f87ff", Warn: d("25m"), Limit: d("30m")}},
		Viewers: []Viewer{{Name: "Tom", Key: tomKey, Queues: []string{"sales"}, Groups: []string{"front"}, All: true,
			fingerprint: tomFP}},
	}
	// "85%" parses as 85/100, which is not the float literal 0.85; compare
	// percentages within a rounding error, then the rest exactly.
	if got := float64(*c.SLTarget); got < 0.85-1e-12 || got > 0.85+1e-12 {
		t.Errorf("sl_target = %v, want 0.85", got)
	}
	c.SLTarget = want.SLTarget
	q := c.Queues["sales"]
	if got := float64(*q.SLRedBelow); got < 0.8-1e-12 || got > 0.8+1e-12 {
		t.Errorf("queues.sales.sl_red_below = %v, want 0.8", got)
	}
	q.SLRedBelow = want.Queues["sales"].SLRedBelow
	c.Queues["sales"] = q
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got\n%#v\nwant\n%#v", c, want)
	}
}

// TestDefaultsWhenEmpty: an empty file is Default, and Default maps to
// the engine's defaults (80/20, S 5 s, outcome, 30 min) with the colour
// thresholds written out: red below 0.80 − 0.10 = 0.70, waits T = 20 s
// and 3·T = 60 s.
func TestDefaultsWhenEmpty(t *testing.T) {
	c := mustParse(t, "# nothing\n")
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("empty file = %#v, want Default()", c)
	}
	e, err := c.Engine()
	if err != nil {
		t.Fatal(err)
	}
	if e.Interval != 30*time.Minute || e.Location != time.Local {
		t.Errorf("interval %v zone %v, want 30m Local", e.Interval, e.Location)
	}
	r := e.Rules
	want := kpi.QueueRules{SLThreshold: 20 * time.Second, ShortAbandon: 5 * time.Second, Profile: kpi.ProfileOutcome,
		SLTarget: 0.80, WaitAmber: 20 * time.Second, WaitRed: 60 * time.Second}
	if r.SLRedBelow < 0.70-1e-9 || r.SLRedBelow > 0.70+1e-9 {
		t.Errorf("SLRedBelow = %v, want 0.70", r.SLRedBelow)
	}
	r.SLRedBelow = 0
	if r != want {
		t.Errorf("rules %+v\nwant  %+v", r, want)
	}
	if len(e.Queues)+len(e.Aliases)+len(e.Names)+len(e.QueueNames)+len(e.Hidden) != 0 {
		t.Errorf("empty file gave maps: %+v", e)
	}
}

// TestExampleFile: docs/config.example.toml loads (so it never rots) and
// means what its comments say.
func TestExampleFile(t *testing.T) {
	c, err := Load("../docs/config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	e, err := c.Engine()
	if err != nil {
		t.Fatal(err)
	}
	if e.Interval != 30*time.Minute || e.Location.String() != "Europe/London" {
		t.Errorf("interval %v zone %v", e.Interval, e.Location)
	}
	// VIP: 90/10, red below 85 %, waits amber 10 s, red 30 s, the rest
	// from the top level (short 5 s, outcome, no wrap-up).
	vip := e.Queues["vip"]
	if vip.SLTarget != 0.9 || vip.SLThreshold != 10*time.Second || vip.WaitAmber != 10*time.Second ||
		vip.WaitRed != 30*time.Second || vip.ShortAbandon != 5*time.Second || vip.Profile != kpi.ProfileOutcome {
		t.Errorf("vip rules %+v", vip)
	}
	// Back office: 80/60 on the answered profile, short 10 s, wrap-up 45 s.
	bo := e.Queues["backoffice"]
	if bo.SLThreshold != time.Minute || bo.Profile != kpi.ProfileAnswered || bo.ShortAbandon != 10*time.Second ||
		bo.Wrapup != 45*time.Second || bo.WaitAmber != time.Minute || bo.WaitRed != 3*time.Minute {
		t.Errorf("backoffice rules %+v", bo)
	}
	if e.QueueNames["vip"] != "VIP line" || e.QueueNames["overflow"] != "" || !e.Hidden["overflow"] || e.Hidden["sales"] {
		t.Errorf("names %v hidden %v", e.QueueNames, e.Hidden)
	}
	wantAliases := map[string]string{"SIP/1001": "Sathish", "PJSIP/1001": "Sathish", "PJSIP/1002": "Ann"}
	if !reflect.DeepEqual(e.Aliases, wantAliases) {
		t.Errorf("aliases %v, want %v", e.Aliases, wantAliases)
	}
	if e.Names["Sathish"] != "Sathish K." || e.Names["Ann"] != "Ann O'Brien" {
		t.Errorf("names %v", e.Names)
	}
	// Teams are keyed by identity (member), like names: [agents.sathish]
	// has member = "Sathish" and team = "Blue".
	if want := map[string]string{"Sathish": "Blue", "Ann": "Green"}; !reflect.DeepEqual(e.Teams, want) {
		t.Errorf("teams %v, want %v", e.Teams, want)
	}
	// Lunch: limit 30 m, warn 2/3 of it = 20 m. Break: its own 10 and 15.
	lunch := c.PauseReasons["Lunch"]
	if w, l := lunch.PauseLimits(); w != 20*time.Minute || l != 30*time.Minute {
		t.Errorf("Lunch limits %v %v", w, l)
	}
	brk := c.PauseReasons["Break"]
	if w, l := brk.PauseLimits(); w != 10*time.Minute || l != 15*time.Minute {
		t.Errorf("Break limits %v %v", w, l)
	}
	if c.Viewers[0].Fingerprint() != mariaFP || c.Viewers[1].Fingerprint() != tomFP {
		t.Errorf("fingerprints %q %q", c.Viewers[0].Fingerprint(), c.Viewers[1].Fingerprint())
	}
}

// TestPauseLimitsDefaults: without a file the ladder of docs/kpi.md
// (amber after 600 s, red after 900 s).
func TestPauseLimitsDefaults(t *testing.T) {
	var p PauseReason
	if w, l := p.PauseLimits(); w != 600*time.Second || l != 900*time.Second {
		t.Errorf("defaults %v %v, want 10m 15m", w, l)
	}
	p.Limit = ptr(Duration(6 * time.Minute)) // warn 2/3 × 6 m = 4 m
	if w, _ := p.PauseLimits(); w != 4*time.Minute {
		t.Errorf("warn %v, want 4m", w)
	}
}

// TestQueueRulesInheritance: own value, else top level, else built-in.
func TestQueueRulesInheritance(t *testing.T) {
	c := mustParse(t, `
sl_threshold = "30s"
wrapup = 15
[queues.a]
sl_threshold = "10s"
[queues.b]
short_abandon = 0
`)
	a, b, other := c.QueueRules("a"), c.QueueRules("b"), c.QueueRules("zzz")
	// a: T 10 s own; waits derive from its own T: 10 s and 30 s; wrap-up 15 s from the top.
	if a.SLThreshold != 10*time.Second || a.WaitAmber != 10*time.Second || a.WaitRed != 30*time.Second || a.Wrapup != 15*time.Second {
		t.Errorf("a %+v", a)
	}
	// b: T 30 s from the top, waits 30 s and 90 s; S 0 own (not the built-in 5 s).
	if b.SLThreshold != 30*time.Second || b.ShortAbandon != 0 || b.WaitRed != 90*time.Second {
		t.Errorf("b %+v", b)
	}
	if other.SLThreshold != 30*time.Second || other.ShortAbandon != 5*time.Second {
		t.Errorf("unlisted %+v", other)
	}
}

func TestValueForms(t *testing.T) {
	for _, tc := range []struct {
		text string
		want time.Duration
	}{{`wrapup = 45`, 45 * time.Second}, {`wrapup = "1m30s"`, 90 * time.Second}, {`wrapup = " 2m "`, 2 * time.Minute}} {
		c := mustParse(t, tc.text)
		if c.Wrapup.D() != tc.want {
			t.Errorf("%s: %v, want %v", tc.text, c.Wrapup.D(), tc.want)
		}
	}
	for _, tc := range []struct {
		text string
		want float64
	}{{`sl_target = 0.8`, 0.8}, {`sl_target = "92.5%"`, 0.925}, {`sl_target = 1`, 1}, {`sl_target = "100 %"`, 1}} {
		c := mustParse(t, tc.text)
		if got := float64(*c.SLTarget); got < tc.want-1e-12 || got > tc.want+1e-12 {
			t.Errorf("%s: %v, want %v", tc.text, got, tc.want)
		}
	}
	for _, tc := range []struct {
		v    Duration
		want string
	}{{Duration(20 * time.Second), "20s"}, {Duration(15 * time.Minute), "15m"}, {Duration(80 * time.Minute), "1h20m"},
		{Duration(2 * time.Hour), "2h"}, {Duration(90 * time.Second), "1m30s"}, {0, "0s"}} {
		if b, _ := tc.v.MarshalText(); string(b) != tc.want {
			t.Errorf("%v marshals as %s, want %s", time.Duration(tc.v), b, tc.want)
		}
	}
	// 0.8 × 100 is 80.00000000000001 in floating point; the text is 80%.
	if s := Fraction(0.8).String(); s != "80%" {
		t.Errorf("0.8 = %s", s)
	}
	if s := Fraction(0.925).String(); s != "92.5%" {
		t.Errorf("0.925 = %s", s)
	}
}

func TestFingerprint(t *testing.T) {
	for _, tc := range []struct{ key, want string }{
		{mariaKey, mariaFP},
		{tomKey, tomFP},
		{"  " + tomFP + " ", tomFP},
		// authorized_keys options before the key are allowed.
		{`no-pty,from="10.0.0.0/8" ` + tomKey, tomFP},
	} {
		got, err := Fingerprint(tc.key)
		if err != nil || got != tc.want {
			t.Errorf("Fingerprint(%.30q…) = %q, %v; want %q", tc.key, got, err, tc.want)
		}
	}
}

// TestVisibleQueues: by queue name, by group, all, and unlisted keys.
func TestVisibleQueues(t *testing.T) {
	text := `
[queues.sales]
group = "front"
[queues.vip]
group = "front"
[queues.backoffice]
group = "back"
[[viewers]]
key = "` + tomFP + `"
groups = ["front"]
queues = ["complaints"]
[[viewers]]
key = "` + mariaKey + `"
all = true
`
	c := mustParse(t, text)
	live := []string{"backoffice", "complaints", "sales", "unknown", "vip"}
	// Tom: front = sales, vip; plus complaints by name; in live order.
	q, all := c.VisibleQueues(tomFP, live)
	if !reflect.DeepEqual(q, []string{"complaints", "sales", "vip"}) || all {
		t.Errorf("tom: %v %v", q, all)
	}
	q, all = c.VisibleQueues(mariaFP, live)
	if !reflect.DeepEqual(q, live) || !all {
		t.Errorf("maria: %v %v", q, all)
	}
	q, all = c.VisibleQueues("SHA256:someoneelse", live)
	if q != nil || all {
		t.Errorf("unlisted, default: %v %v; want nothing", q, all)
	}
	c.UnlistedViewersSeeAll = true
	q, all = c.VisibleQueues("SHA256:someoneelse", live)
	if !reflect.DeepEqual(q, live) || !all {
		t.Errorf("unlisted, see all: %v %v", q, all)
	}
	// A Config built in code, never validated: the key is read on the fly.
	code := Config{Viewers: []Viewer{{Key: tomKey, Queues: []string{"vip"}}}}
	if q, _ := code.VisibleQueues(tomFP, live); !reflect.DeepEqual(q, []string{"vip"}) {
		t.Errorf("unvalidated: %v", q)
	}
}

// TestEffectiveRoundTrip: what check prints parses back to the same
// effective configuration.
func TestEffectiveRoundTrip(t *testing.T) {
	c, err := Load("../docs/config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	e := c.Effective()
	var buf bytes.Buffer
	if err := e.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Parse(buf.Bytes(), "effective.toml")
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	e2 := back.Effective()
	var buf2 bytes.Buffer
	if err := e2.Encode(&buf2); err != nil {
		t.Fatal(err)
	}
	if buf.String() != buf2.String() {
		t.Errorf("round trip differs:\n%s\n---\n%s", buf.String(), buf2.String())
	}
	for _, name := range []string{"sales", "vip", "backoffice", "overflow"} {
		if c.QueueRules(name) != back.QueueRules(name) {
			t.Errorf("%s: %+v != %+v", name, c.QueueRules(name), back.QueueRules(name))
		}
	}
}
