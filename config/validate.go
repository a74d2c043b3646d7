package config

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/themes"
	"golang.org/x/crypto/ssh"
)

// Validate checks every value and returns all problems as an *Error, each
// naming its key path (queues.sales.sl_threshold: must be > 0, got 0s).
// It also works out each viewer's key fingerprint.
func (c *Config) Validate() error {
	var v validator
	if _, err := kpi.ParseInterval(c.Interval); err != nil {
		v.add(nil, 0, "interval", "%s", strings.TrimPrefix(err.Error(), fmt.Sprintf("interval %q: ", c.Interval)))
	}
	if _, err := loadLocation(c.Timezone); err != nil {
		v.add(nil, 0, "timezone", "%v", err)
	}
	if msg := checkDayStart(c.DayStart); msg != "" {
		v.add(nil, 0, "day_start", "%s", msg)
	}
	switch w := c.RepeatWindow.D(); {
	case w <= 0:
		v.add(nil, 0, "repeat_window", "must be > 0, got %s (the usual window is \"24h\")", w)
	case w > maxRepeatWindow:
		v.add(nil, 0, "repeat_window", "must be at most 720h (30 days), got %s", w)
	}
	v.rules(nil, &c.Rules)
	v.consistent(nil, c.Rules, c.Rules)

	for _, name := range sortedKeys(c.Queues) {
		q := c.Queues[name]
		at := []string{"queues", name}
		if name == "" {
			v.add(at, 0, "", "a queue name must not be empty")
		}
		v.rules(at, &q.Rules)
		v.consistent(at, q.Rules, merge(c.Rules, q.Rules))
		v.text(at, 0, "display_name", q.DisplayName)
	}

	v.agents(c.Agents)
	v.pauses(c.PauseReasons)
	v.viewers(c)
	if len(v.probs) == 0 {
		return nil
	}
	return &Error{Problems: v.probs}
}

// validator collects problems with their key paths.
type validator struct{ probs []Problem }

// add records a problem at the key at/key (key may be ""); elem is the
// 1-based index of a [[viewers]] entry, 0 for anything else.
func (v *validator) add(at []string, elem int, key, format string, a ...any) {
	path := append(append([]string(nil), at...), key)
	if key == "" {
		path = path[:len(path)-1]
	}
	p := Problem{Msg: fmt.Sprintf(format, a...), path: path, elem: elem}
	if elem > 0 {
		p.Key = fmt.Sprintf("%s[%d]", at[0], elem)
		if key != "" {
			p.Key += "." + key
		}
	} else {
		p.Key = keyString(path)
	}
	v.probs = append(v.probs, p)
}

// keyString spells a key path as TOML does (quoting parts that need it).
func keyString(path []string) string {
	var b strings.Builder
	for i, p := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		bare := p != ""
		for _, r := range p {
			if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
				bare = false
				break
			}
		}
		if bare {
			b.WriteString(p)
		} else {
			b.WriteString(fmt.Sprintf("%q", p))
		}
	}
	return b.String()
}

// text checks a name the board shows: a control character in it would
// reach every terminal showing the board as a command (ESC [ 2 J clears
// the screen), so it is refused here rather than replaced in silence.
func (v *validator) text(at []string, elem int, key, s string) {
	if _, ctl := feed.CleanText(s); ctl {
		v.add(at, elem, key, "must not contain control characters, got %q", s)
	}
}

// rules checks the values a Rules table sets, each on its own.
func (v *validator) rules(at []string, r *Rules) {
	if r.SLProfile != nil {
		if _, err := kpi.ParseProfile(*r.SLProfile); err != nil {
			v.add(at, 0, "sl_profile", "unknown profile %q (want one of outcome, answered, offered, offered-short, asterisk-sl2)", *r.SLProfile)
		}
	}
	positive := func(key string, d *Duration) {
		if d != nil && *d <= 0 {
			v.add(at, 0, key, "must be > 0, got %s", d.D())
		}
	}
	notNegative := func(key string, d *Duration) {
		if d != nil && *d < 0 {
			v.add(at, 0, key, "must be >= 0, got %s", d.D())
		}
	}
	positive("sl_threshold", r.SLThreshold)
	notNegative("short_abandon", r.ShortAbandon)
	positive("wait_amber", r.WaitAmber)
	positive("wait_red", r.WaitRed)
	notNegative("wrapup", r.Wrapup)
	if f := r.SLTarget; f != nil && (*f < 0 || *f > 1) {
		v.add(at, 0, "sl_target", "must be between 0 and 1, got %g (write 0.8 or \"80%%\")", float64(*f))
	}
	if f := r.SLRedBelow; f != nil && (*f <= 0 || *f > 1) {
		v.add(at, 0, "sl_red_below", "must be > 0 and at most 1, got %g (write 0.7 or \"70%%\")", float64(*f))
	}
}

// consistent checks the rules that relate two values, on the values the
// queue ends up with (own, else top-level, else built-in). It reports
// only where the table at `at` sets one of the two, so that a top-level
// mistake is reported once, at the top level.
func (v *validator) consistent(at []string, own, eff Rules) {
	target := fracOr(eff.SLTarget, defaultSLTarget)
	if eff.SLRedBelow != nil && (own.SLRedBelow != nil || own.SLTarget != nil) && float64(*eff.SLRedBelow) > target {
		key := "sl_red_below"
		if own.SLRedBelow == nil {
			key = "sl_target"
		}
		v.add(at, 0, key, "sl_red_below (%s) must not be above sl_target (%s)", *eff.SLRedBelow, Fraction(target))
	}
	t := durOr(eff.SLThreshold, defaultSLThreshold)
	amber := durOr(eff.WaitAmber, t)
	red := durOr(eff.WaitRed, 3*t)
	if t > 0 && red < amber && (own.WaitAmber != nil || own.WaitRed != nil || own.SLThreshold != nil) {
		key := "wait_red"
		if own.WaitRed == nil {
			key = "wait_amber"
		}
		if own.WaitRed == nil && own.WaitAmber == nil {
			key = "sl_threshold"
		}
		v.add(at, 0, key, "wait_red (%s) must not be below wait_amber (%s)", red, amber)
	}
}

// agents checks the identity map: every name one agent goes by may
// belong to one agent only, or the board could not tell them apart.
func (v *validator) agents(agents map[string]Agent) {
	owner := map[string]string{} // interface or identity → agent ID
	for _, id := range sortedKeys(agents) {
		a := agents[id]
		at := []string{"agents", id}
		if id == "" {
			v.add(at, 0, "", "an agent ID must not be empty")
		}
		v.text(at, 0, "name", a.Name)
		v.text(at, 0, "team", a.Team)
		ident := a.Identity(id)
		if prev, ok := owner[ident]; ok {
			v.add(at, 0, "member", "%q is also agents.%s", ident, prev)
		} else {
			owner[ident] = id
		}
		for _, iface := range a.Interfaces {
			switch prev, ok := owner[iface]; {
			case strings.TrimSpace(iface) == "":
				v.add(at, 0, "interfaces", "an interface must not be empty")
			case ok && prev != id:
				v.add(at, 0, "interfaces", "%q is also agents.%s", iface, prev)
			default:
				owner[iface] = id
			}
		}
	}
}

// pauses checks the colours and limits of pause reasons.
func (v *validator) pauses(ps map[string]PauseReason) {
	for _, name := range sortedKeys(ps) {
		p := ps[name]
		at := []string{"pause_reasons", name}
		if p.Colour != "" {
			if _, err := themes.ParseColor(p.Colour); err != nil {
				v.add(at, 0, "colour", "%v", err)
			}
		}
		if p.Warn != nil && *p.Warn <= 0 {
			v.add(at, 0, "warn", "must be > 0, got %s", p.Warn.D())
		}
		if p.Limit != nil && *p.Limit <= 0 {
			v.add(at, 0, "limit", "must be > 0, got %s", p.Limit.D())
		}
		if p.Warn != nil && p.Limit != nil && *p.Warn > 0 && *p.Warn > *p.Limit {
			v.add(at, 0, "warn", "must not be after limit (%s), got %s", p.Limit.D(), p.Warn.D())
		}
	}
}

// viewers checks each key (and works out its fingerprint) and that every
// group a viewer names is some queue's group.
func (v *validator) viewers(c *Config) {
	groups := map[string]bool{}
	for _, q := range c.Queues {
		if q.Group != "" {
			groups[q.Group] = true
		}
	}
	seen := map[string]int{}
	for i := range c.Viewers {
		vw := &c.Viewers[i]
		n := i + 1
		at := []string{"viewers"}
		fp, err := Fingerprint(vw.Key)
		vw.fingerprint = fp
		if err != nil {
			v.add(at, n, "key", "%v", err)
		} else if prev, ok := seen[fp]; ok {
			v.add(at, n, "key", "the same key as viewers[%d]", prev)
		} else {
			seen[fp] = n
		}
		v.text(at, n, "name", vw.Name)
		for _, g := range vw.Groups {
			if !groups[g] {
				v.add(at, n, "groups", "no queue has group %q (set group = %q in a [queues.NAME] table)", g, g)
			}
		}
		for _, q := range vw.Queues {
			if q == "" {
				v.add(at, n, "queues", "a queue name must not be empty")
			}
		}
	}
}

// Fingerprint reads a viewer key, an authorized_keys line or a
// "SHA256:…" fingerprint, and returns the fingerprint as ssh-keygen -l
// and the SSH server print it.
func Fingerprint(key string) (string, error) {
	k := strings.TrimSpace(key)
	if k == "" {
		return "", fmt.Errorf("missing: give an authorized_keys line (ssh-ed25519 AAAA…) or a fingerprint (SHA256:…)")
	}
	if rest, ok := strings.CutPrefix(k, "SHA256:"); ok {
		b, err := base64.RawStdEncoding.DecodeString(rest)
		if err != nil || len(b) != sha256.Size {
			return "", fmt.Errorf("not a SHA256 fingerprint: want SHA256: and 43 base64 characters, as ssh-keygen -lf KEY.pub prints")
		}
		return k, nil
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(k))
	if err != nil {
		return "", fmt.Errorf("not an authorized_keys line (%v): paste the whole line of the .pub file, or its SHA256: fingerprint", err)
	}
	return ssh.FingerprintSHA256(pub), nil
}

// checkDayStart says what is wrong with a day_start value, or "".
func checkDayStart(s string) string {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return fmt.Sprintf("want HH:MM, got %q", s)
	}
	if t.Hour() != 0 || t.Minute() != 0 {
		return fmt.Sprintf("only 00:00 is supported (day totals run from local midnight), got %q", s)
	}
	return ""
}

// loadLocation reads a time zone name; "Local" is the machine's zone.
func loadLocation(name string) (*time.Location, error) {
	if name == "Local" {
		return time.Local, nil
	}
	if name == "" {
		return nil, fmt.Errorf("missing: give an IANA name such as Europe/London, or Local")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q (use an IANA name such as Europe/London, UTC, or Local)", name)
	}
	return loc, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func durOr(d *Duration, def time.Duration) time.Duration {
	if d == nil {
		return def
	}
	return d.D()
}

func fracOr(f *Fraction, def float64) float64 {
	if f == nil {
		return def
	}
	return float64(*f)
}
