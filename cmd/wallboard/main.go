// Command wallboard is a full-screen terminal wallboard for contact-centre
// floors, and the tools around it (report, replay, demo).
//
// This package only parses flags, reads files and the environment, and
// wires sources to the engine and the screen; everything else lives in
// the feed, kpi, report, tui and themes packages.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	_ "time/tzdata" // --tz must work on machines without a zoneinfo database
)

const usageText = `wallboard — a terminal wallboard for contact-centre floors

Boards:
  wallboard                      the board on the built-in simulated call centre (same as 'demo')
  wallboard demo [flags]         the same, with the simulator's flags (--seed, --agents, --queues, --speed, --load)
  wallboard tail FILE            the board on a live queue_log, followed like tail -F
  wallboard connect URL          the board fed live by a websocket feed (--token-file, --insecure)
  wallboard replay FILE...       play queue_log files on the board by their own clock (trainers)
  wallboard serve [flags]        the board over SSH for supervisors (--authorized-keys FILE and --demo, --replay, --connect or --tail)

Tools:
  wallboard report FILE...       per-interval KPIs from Asterisk queue_log files ('-' reads stdin)
  wallboard staffing [flags]     Erlang C/A: agents needed for --calls per --per at --aht and an --sl target
  wallboard config check [FILE]  validate a configuration file and print the effective configuration
  wallboard simulate [flags]     serve the simulated centre as a websocket feed (--listen, --write-log)
  wallboard gen-log [flags]      write a simulated day as an Asterisk queue_log (to try replay and report)
  wallboard help COMMAND         flags of a command

Run 'wallboard COMMAND -h' for a command's flags.
`

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status, so tests can
// call it directly.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd, rest := "demo", args
	switch {
	case len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help"):
		// `wallboard --help` asks about the program, not the demo its
		// bare name runs.
		cmd, rest = "help", args[1:]
	case len(args) > 0 && !strings.HasPrefix(args[0], "-"):
		cmd, rest = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "report":
		err = runReport(rest, stdin, stdout, stderr)
	case "demo":
		err = runDemo(rest, stdout, stderr)
	case "replay":
		err = runReplay(rest, stdout, stderr)
	case "serve":
		err = runServe(rest, stdout, stderr)
	case "gen-log":
		err = runGenLog(rest, stdout, stderr)
	case "staffing":
		err = runStaffing(rest, stdout)
	case "config":
		err = runConfig(rest, stdout, stderr)
	case "connect":
		err = runConnect(rest, stdout, stderr)
	case "tail":
		err = runTail(rest, stdout, stderr)
	case "simulate":
		err = runSimulate(rest, stdout, stderr)
	case "help", "-h", "--help":
		if len(rest) > 0 {
			return run([]string{rest[0], "-h"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usageText)
		return 0
	default:
		err = usagef("unknown command %q (try 'wallboard help')", cmd)
	}
	return exitStatus(err, stderr)
}

func exitStatus(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(stderr, "wallboard:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// parseFlags parses flags that may come before, between or after the
// positional arguments (`report day.log --interval 15m`), which the flag
// package alone does not allow.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// printHelp writes a command's usage and flags to w.
func printHelp(w io.Writer, fs *flag.FlagSet, synopsis string) {
	fmt.Fprintf(w, "Usage: %s\n", synopsis)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return // no "Flags:" heading over nothing
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}
