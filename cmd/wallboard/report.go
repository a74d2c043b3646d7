package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/callfloor/wallboard/config"
	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/report"
)

// commonFlags are the flags every command that computes KPIs shares.
type commonFlags struct {
	interval, tz, profile string
	slThreshold, short    time.Duration
	aliases               aliasFlag
	configPath            string // --config; see configfile.go

	fs   *flag.FlagSet // to tell flags given from defaults
	file config.Config // the configuration file as loaded by config()
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.interval, "interval", "30m", "interval length: 15m, 30m, 60m (any whole number of minutes dividing a day) or 1d")
	fs.StringVar(&c.tz, "tz", "Local", "time zone the intervals align to, e.g. Europe/London")
	fs.StringVar(&c.profile, "sl-profile", "outcome", "service-level formula: outcome, answered, offered, offered-short, asterisk-sl2")
	// Thresholds are quoted in seconds ("80/20"): a bare number is seconds.
	c.slThreshold, c.short = 20*time.Second, 5*time.Second
	fs.Var(secondsValue{&c.slThreshold}, "sl-threshold", "service-level threshold T, a `DURATION` (20s, or 20): answered within it counts as in SL")
	fs.Var(secondsValue{&c.short}, "short-abandon", "short-abandon threshold S, a `DURATION` (5s, or 5): abandons quicker than this are short")
	fs.Var(&c.aliases, "alias", "agent identity `IFACE=NAME` (e.g. SIP/1001=Sathish); repeatable")
	fs.StringVar(&c.configPath, "config", "", "configuration `FILE` (default $XDG_CONFIG_HOME/wallboard/config.toml when it exists); flags override it")
	c.fs = fs
}

// aliasFlag collects repeated --alias IFACE=NAME flags.
type aliasFlag struct{ m map[string]string }

func (a *aliasFlag) String() string { return "" }

func (a *aliasFlag) Set(s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i > 0 && i < len(s)-1 {
			if a.m == nil {
				a.m = make(map[string]string)
			}
			a.m[s[:i]] = s[i+1:]
			return nil
		}
	}
	return fmt.Errorf("want IFACE=NAME, got %q", s)
}

func runReport(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	var common commonFlags
	common.register(fs)
	format := fs.String("format", "table", "output: table, csv or jsonl")
	by := fs.String("by", "queue", "rows per queue, per agent, or abandoned (the call-back list)")
	abandoned := fs.Bool("abandoned", false, "list the callers who hung up while waiting (same as --by abandoned)")
	files, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, "wallboard report FILE... [flags]   ('-' reads standard input)")
		return nil
	}
	if err != nil {
		return err
	}
	cfg, err := common.config()
	if err != nil {
		return err
	}
	f, err := report.ParseFormat(*format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	if *abandoned {
		*by = "abandoned"
	}
	if *by != "queue" && *by != "agent" && *by != "abandoned" {
		return usagef("--by: want queue or agent (or abandoned, the call-back list), got %q", *by)
	}
	if len(files) == 0 {
		return usagef("report: no input file (give one or more queue_log files, or - for standard input)")
	}

	if *by == "queue" {
		defer setReportMemoryLimit()()
	}
	cfg.NoAgentRows = *by != "agent"
	cfg.NoAbandonedList = *by != "abandoned"
	cfg.ReportOnly = true // no snapshot is ever built from this state
	state := kpi.NewState(cfg)
	if *by == "abandoned" {
		state.SetAbandonedLimit(0) // a report over fixed files lists every one
	}
	readErr := readInto(state, files, cfg.Location, stdin, stderr)
	var open *openError
	if errors.As(readErr, &open) {
		return readErr // a file that could not be opened: no report at all
	}
	opts := report.Options{Format: f, Profile: cfg.Rules.Profile, Location: cfg.Location, Profiles: map[string]kpi.Profile{}, Teams: cfg.Teams}
	for q, r := range cfg.Queues {
		if r.Profile != cfg.Rules.Profile {
			opts.Profiles[q] = r.Profile
		}
	}
	// Close the agent time still running at the last event: agent rows
	// and the queues' occupancy include it.
	state.CloseAt(state.Latest())
	switch *by {
	case "agent":
		err = report.Agents(stdout, state.AgentRows(), opts)
	case "abandoned":
		err = report.Abandoned(stdout, state.AbandonedCalls(), opts)
	default:
		err = report.Queues(stdout, state.Rows(), opts)
	}
	if readErr != nil {
		return fmt.Errorf("%w (the report above covers the lines read before it)", readErr)
	}
	return err
}

// reportMemoryLimit is the Go heap a queue report aims to stay under (a
// soft limit: see runtime/debug.SetMemoryLimit). A day of a large centre
// keeps about 33 MiB live (most of it the repeat-call memory, one entry
// per caller number), and the collector's default pacing lets the heap
// double before collecting, which put the process at the 64 MiB budget.
// With the limit the collector runs a little more often near the end of a
// large day and the process stays near 53 MiB, at no measurable cost in
// time. An input whose live data comes near the limit collects often (the
// runtime caps the collector at half the CPU; it never fails), which is why
// the agent and call-back reports, holding a row per agent and interval or
// every abandoned caller, keep the default pacing.
const reportMemoryLimit = 48 << 20

// setReportMemoryLimit applies reportMemoryLimit unless the user set a
// limit (GOMEMLIMIT), and returns the function that restores the previous
// one: run is also called from tests, in one process.
func setReportMemoryLimit() (restore func()) {
	prev := debug.SetMemoryLimit(-1)
	if prev != math.MaxInt64 {
		return func() {}
	}
	debug.SetMemoryLimit(reportMemoryLimit)
	return func() { debug.SetMemoryLimit(prev) }
}

// readInto decodes the files in order (rotated logs: oldest first) into
// state, printing a one-line summary per file of what it had to skip.
// Decoding runs on its own goroutine, one batch ahead of the engine, so a
// report uses both of a small machine's cores. That goroutine also runs
// the repeat-call memory over each batch (kpi.State.MarkRepeats): on a
// large day it is a third of the engine's work, and the decoder, the
// lighter half, has room for it.
func readInto(state *kpi.State, files []string, loc *time.Location, stdin io.Reader, stderr io.Writer) error {
	const batchLen = 1024
	full := make(chan *eventBatch, 4)
	free := make(chan *eventBatch, 6)
	for i := 0; i < cap(free); i++ {
		free <- &eventBatch{evs: make([]feed.Event, batchLen)}
	}
	errc := make(chan error, 1)
	go func() {
		defer close(full)
		errc <- decodeFiles(state, files, loc, stdin, stderr, full, free)
	}()
	for b := range full {
		state.ApplyMarked(b.evs[:b.n], b.marks)
		b.n = 0
		free <- b
	}
	return <-errc
}

// eventBatch is a batch of decoded events (the first n of evs) with their
// repeat-call verdicts, passed from the decoder to the engine and back.
type eventBatch struct {
	evs   []feed.Event
	n     int
	marks kpi.RepeatMarks
}

// decodeFiles fills batches from free with events, marks them and sends
// them on full. Marking touches only the state's repeat-call memory, which
// the engine goroutine leaves alone (see kpi.State.MarkRepeats).
func decodeFiles(state *kpi.State, files []string, loc *time.Location, stdin io.Reader, stderr io.Writer, full, free chan *eventBatch) error {
	var readErrs []error
	b := <-free
	send := func() {
		b.marks = state.MarkRepeats(b.evs[:b.n], b.marks)
		full <- b
	}
	defer func() {
		if b.n > 0 {
			send()
		}
	}()
	for _, name := range files {
		r, closeFn, err := openInput(name, stdin)
		if err != nil {
			return &openError{err}
		}
		src, err := feed.Open(r, name, loc)
		if err != nil {
			closeFn()
			return &openError{fmt.Errorf("%s: %w", name, err)}
		}
		for src.Next(&b.evs[b.n]) {
			if b.n++; b.n == len(b.evs) {
				send()
				b = <-free
			}
		}
		closeFn()
		st := src.Stats()
		if sum := st.Summary(); sum != "" {
			fmt.Fprintf(stderr, "wallboard: %s: %s\n", displayName(name), sum)
		}
		if st.Lines == 0 && src.Err() == nil {
			// Nothing to report is not an error, but an empty table
			// alone does not say whether the file was empty or
			// held no calls (a log rotated a moment ago).
			fmt.Fprintf(stderr, "wallboard: %s: empty: no lines in it\n", displayName(name))
		}
		if st.Events == 0 && st.Skipped() > 0 {
			// Every line was unreadable: most likely not a queue_log at
			// all (a SQL dump, another log), which the counts alone do
			// not say.
			fmt.Fprintf(stderr, "wallboard: %s: no queue_log line in it: want Asterisk's queue_log (epoch|callid|queue|agent|event|data…) or a CSV export of its table with a header row\n", displayName(name))
		}
		if err := src.Err(); err != nil {
			// The lines before the failure are counted, and later files
			// are still read: the report says what it could, and the
			// run ends with this error (exit status 1).
			readErrs = append(readErrs, err)
		}
	}
	return errors.Join(readErrs...)
}

// openError is a file the report could not open, or not read at all (a
// damaged gzip header): the run stops without a report, as for a
// mistyped name. A failure part-way through a file is not one: the
// report covers the lines before it.
type openError struct{ err error }

func (e *openError) Error() string { return e.err.Error() }
func (e *openError) Unwrap() error { return e.err }

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

func openInput(name string, stdin io.Reader) (io.Reader, func(), error) {
	if name == "-" {
		return stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("%s: no such file", name)
		}
		return nil, nil, err // *PathError already names the file and the reason
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		// Opening a directory succeeds; reading it fails with a message
		// about "line 1", after an empty report.
		f.Close()
		return nil, nil, fmt.Errorf("%s: is a directory: name the queue_log files in it (e.g. %s)", name, filepath.Join(name, "queue_log*"))
	}
	return f, func() { f.Close() }, nil
}
