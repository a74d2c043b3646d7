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
	calls := fs.Float64("calls", -1, "calls offered per period (required)")
	per := fs.Duration("per", 30*time.Minute, "the period the calls arrive in")
	aht := fs.Duration("aht", 0, "average handle time, e.g. 240s or 4m (required)")
	sl := fs.String("sl", "80/20", "service-level target `PERCENT/SECONDS`: 80/20 is 80% answered within 20 s")
	patience := fs.Duration("patience", 0, "callers' mean patience (e.g. 180s): adds Erlang A's P(abandon)")
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
	need, ok := kpi.AgentsNeeded(a, *aht, thr, target)
	if !ok {
		return usagef("--sl: no number of agents reaches %s (Erlang C approaches 100%% but never reaches it)", *sl)
	}

	fmt.Fprintf(stdout, "Offered load: %s calls per %s at AHT %s = %.2f Erlangs\n",
		strconv.FormatFloat(*calls, 'f', -1, 64), *per, *aht, a)
	fmt.Fprintf(stdout, "Target: %s answered within %s (Erlang C)\n\n", pctText(target), thr)
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
	fmt.Fprintf(stdout, "\n%d agents needed: SL %s, ASA %.1fs, occupancy %s.\n",
		need.Agents, pctText(need.SL), need.ASA.Seconds(), pctText(need.Occupancy))
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
