//go:build unix

package main

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBoardWithoutTerminal: the real binary started without any terminal
// (its own session, so no /dev/tty; input from /dev/null, output to a
// pipe), as under cron or ssh -T, says the board needs one and exits 1
// instead of failing with the library's "could not open a new TTY".
func TestBoardWithoutTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	for _, args := range [][]string{{"demo"}, {"demo", "--wall"}} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, bin, args...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		err := cmd.Run()
		cancel()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 1 {
			t.Errorf("%v: %v, want exit status 1", args, err)
		}
		if got := stderr.String(); !strings.HasPrefix(got, "wallboard: the board needs a terminal, and standard output is not one") {
			t.Errorf("%v: stderr %q", args, got)
		}
		if stdout.Len() > 0 {
			t.Errorf("%v: wrote %d bytes to standard output, want none", args, stdout.Len())
		}
	}
}
