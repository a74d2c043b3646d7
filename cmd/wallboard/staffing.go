package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

// staffingRows is how many agent counts are printed on each side of the
// answer: enough to see what one agent more or less does.
const staffingRows = 3

// runStaffing is the Erlang calculator: "how many agents for this
// traffic?", with the service level, ASA and occupancy of the counts
// around the answer (and, given callers' patience, Erlang A's abandons).
func runStaffing(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("staffing", flag.ContinueOnError)
	calls := new(float64)
	*calls = -1 // not given
	fs.Var(callsValue{calls}, "calls", "calls offered per period, a number `N` (required)")
	per := secondsFlag(fs, "per", 30*time.Minute, "the `DURATION` the calls arrive in, e.g. 30m or 1h")
	aht := secondsFlag(fs, "aht", 0, "average handle time, a `DURATION` such as 240s or 4m, or seconds (240) (required)")
	sl := fs.String("sl", "80/20", "service-level target `PERCENT/SECONDS`: 80/20 is 80% answered within 20 s")
	patience := secondsFlag(fs, "patience", 0, "callers' mean patience, a `DURATION` (e.g. 180s): adds Erlang A's P(abandon)")
	pos, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, "wallboard staffing --calls N --per 30m --aht 240s [--sl 80/20] [--patience 180s]")
		return nil
	}
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("staffing: unexpected argument %q (everything is a flag, e.g. --calls 360)", pos[0])
	}
	switch {
	case *calls < 0 || math.IsNaN(*calls) || math.IsInf(*calls, 0):
		return usagef("--calls: give the calls offered per period, a number >= 0 (e.g. --calls 360)")
	case *per <= 0:
		return usagef("--per: must be a duration > 0, got %s (e.g. 30m)", *per)
	case *aht <= 0:
		return usagef("--aht: give the average handle time, a duration > 0 (e.g. --aht 240s)")
	case *patience < 0:
		return usagef("--patience: must be a duration > 0, got %s (e.g. 180s)", *patience)
	}
	target, thr, err := parseSLTarget(*sl)
	if err != nil {
		return usagef("--sl: %v", err)
	}
	a, err := kpi.Load(*calls, *per, *aht)
	if err != nil {
		return usagef("%v", err)
	}
	if a == 0 {
		// Erlang C's "smallest N > A" would say 1; with no calls the
		// answer is none, as on the board.
		fmt.Fprintf(stdout, "Offered load: no calls, 0 Erlangs: no agents needed.\n")
		return nil
	}
	need, ok := kpi.AgentsNeeded(a, *aht, thr, target)
	if !ok {
		// The target is below 100 % (parseSLTarget): what fails is the
		// size of the load, past what the search covers.
		return usagef("staffing: %.4g Erlangs (%s calls per %s at AHT %s) is beyond this calculator (it counts up to a million agents): check --calls, --per and --aht",
			a, strconv.FormatFloat(*calls, 'f', -1, 64), shortDuration(*per), shortDuration(*aht))
	}

	fmt.Fprintf(stdout, "Offered load: %s %s per %s at AHT %s = %.2f Erlangs\n",
		strconv.FormatFloat(*calls, 'f', -1, 64), plural(*calls == 1, "call", "calls"), shortDuration(*per), shortDuration(*aht), a)
	fmt.Fprintf(stdout, "Target: %s answered within %s (Erlang C)\n\n", pctText(target), shortDuration(thr))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := "agents\tSL\tASA\toccupancy\t"
	if *patience > 0 {
		head += "P(abandon)\t"
	}
	fmt.Fprintln(tw, head)
	for n := max(1, need.Agents-staffingRows); n <= need.Agents+staffingRows; n++ {
		r := kpi.ErlangCAt(n, a, *aht, thr)
		slText, asaText := "—", "—"
		if r.Stable {
			slText = pctText(r.SL)
			asaText = strconv.FormatFloat(r.ASA.Seconds(), 'f', 1, 64) + "s"
		}
		line := fmt.Sprintf("%d\t%s\t%s\t%s\t", n, slText, asaText, pctText(r.Occupancy))
		if *patience > 0 {
			ea, err := kpi.ErlangA(n, a, *aht, *patience)
			if err != nil {
				line += "—\t"
			} else {
				line += strconv.FormatFloat(ea.PAbandon*100, 'f', 2, 64) + "%\t"
			}
		}
		if n == need.Agents {
			line += " ← smallest meeting " + *sl
		}
		fmt.Fprintln(tw, line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d %s needed: SL %s, ASA %.1fs, occupancy %s.\n",
		need.Agents, plural(need.Agents == 1, "agent", "agents"), pctText(need.SL), need.ASA.Seconds(), pctText(need.Occupancy))
	return nil
}

// parseSLTarget reads "80/20" (percent / seconds; "80%/20s" too).
func parseSLTarget(s string) (target float64, thr time.Duration, err error) {
	p, t, found := strings.Cut(s, "/")
	if !found {
		return 0, 0, fmt.Errorf("want PERCENT/SECONDS such as 80/20, got %q", s)
	}
	pv, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(p), "%"), 64)
	if err != nil || !(pv > 0 && pv < 100) {
		return 0, 0, fmt.Errorf("target %q: want a percentage above 0 and below 100", p)
	}
	if pv < 1 {
		// 0.8/20 is a fraction where a percentage belongs, not a
		// promise of 0.8 % answered.
		return 0, 0, fmt.Errorf("target %q: want a percentage such as 80 (for 80%%), not a fraction", p)
	}
	t = strings.TrimSpace(t)
	if secs, err := strconv.ParseFloat(t, 64); err == nil {
		thr = time.Duration(secs * float64(time.Second))
	} else if thr, err = time.ParseDuration(t); err != nil {
		return 0, 0, fmt.Errorf("threshold %q: want seconds (20) or a duration (20s)", t)
	}
	if thr <= 0 {
		return 0, 0, fmt.Errorf("threshold %q: must be > 0", t)
	}
	return pv / 100, thr, nil
}

func pctText(v float64) string { return strconv.FormatFloat(v*100, 'f', 1, 64) + "%" }

func plural(one bool, singular, many string) string {
	if one {
		return singular
	}
	return many
}

// shortDuration prints 30m and 1h rather than Go's 30m0s and 1h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// callsValue is --calls: a number, shown without the "(default -1)" that
// stands for "not given".
type callsValue struct{ v *float64 }

func (c callsValue) String() string {
	if c.v == nil || *c.v < 0 {
		return ""
	}
	return strconv.FormatFloat(*c.v, 'f', -1, 64)
}

func (c callsValue) Set(s string) error {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("want a number of calls such as 360")
	}
	*c.v = f
	return nil
}

// secondsValue is a duration flag that also takes a bare number of
// seconds ("--aht 240", as AHT is usually quoted), and says what it wants
// when it gets neither (the flag package's own message is "parse error").
type secondsValue struct{ d *time.Duration }

func secondsFlag(fs *flag.FlagSet, name string, def time.Duration, usage string) *time.Duration {
	d := def
	fs.Var(secondsValue{&d}, name, usage)
	return &d
}

func (v secondsValue) String() string {
	if v.d == nil || *v.d == 0 {
		return ""
	}
	return shortDuration(*v.d)
}

func (v secondsValue) Set(s string) error {
	if secs, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(secs) && !math.IsInf(secs, 0) && math.Abs(secs) < 1e9 {
		*v.d = time.Duration(secs * float64(time.Second))
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a duration such as 240s, 4m or 1h30m, or a number of seconds")
	}
	*v.d = d
	return nil
}
