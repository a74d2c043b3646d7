package main

import "io"

// runDemo shows the board on the built-in simulator.
// TODO(issue 3): the screen; until it lands, the demo prints a report of
// the fixture the repository ships.
func runDemo(args []string, stdout, stderr io.Writer) error {
	return runReport(append([]string{"testdata/demo.queue_log"}, args...), nil, stdout, stderr)
}
