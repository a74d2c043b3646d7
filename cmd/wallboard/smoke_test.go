package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real binary in a detached tmux session, as a
// person at a 160×48 terminal would.
type tmuxSession struct {
	t    *testing.T
	name string
}

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "wallboard")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startTmux(t *testing.T, name, command string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the end-to-end screen test needs it (apt-get install tmux)")
	}
	exec.Command("tmux", "kill-session", "-t", name).Run()
	// The shell prints the exit status and lingers so the test can read it.
	cmd := exec.Command("tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "48",
		command+"; echo EXIT=$?; sleep 60")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	s := &tmuxSession{t: t, name: name}
	t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", name).Run() })
	return s
}

func (s *tmuxSession) screen() string {
	out, _ := exec.Command("tmux", "capture-pane", "-p", "-t", s.name).Output()
	return string(out)
}

func (s *tmuxSession) keys(k ...string) {
	exec.Command("tmux", append([]string{"send-keys", "-t", s.name}, k...)...).Run()
}

// waitFor polls the screen until ok holds; the deadline only guards
// against a hang, it is not a timing assertion.
func (s *tmuxSession) waitFor(what string, ok func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(45 * time.Second) // generous: a loaded machine and reconnect back-off
	for {
		scr := s.screen()
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %s; the screen shows:\n%s", what, scr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func contains(subs ...string) func(string) bool {
	return func(scr string) bool {
		for _, s := range subs {
			if !strings.Contains(scr, s) {
				return false
			}
		}
		return true
	}
}

// The replay of testdata/small.queue_log opened at 09:02:10: sales has
// had two calls (1.1 answered by Ann at 09:00:15 and still talking, 1.3
// abandoned), support's first caller (+443333) entered at 09:02:00 and
// is the one call waiting, for 10 s.
func TestSmokeReplayInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test; skipped with -short")
	}
	bin := buildBinary(t)
	fixture, _ := filepath.Abs("testdata/small.queue_log")
	s := startTmux(t, "wb-smoke-replay", bin+" replay "+fixture+" --tz UTC --at 09:02:10")

	scr := s.waitFor("the board paused at 09:02:10", contains("PAUSED", "09:02:10", "sales", "support", "Calls waiting 1", "+443333"))
	if !regexp.MustCompile(`support\s+\+443333\s+0:10`).MatchString(scr) {
		t.Errorf("the waiting call should show 0:10 of wait:\n%s", scr)
	}
	if !strings.Contains(scr, "Answered     1/3") {
		t.Errorf("centre answered/offered should be 1/3 at 09:02:10:\n%s", scr)
	}

	s.keys("Tab")
	s.waitFor("Ann busy on the agent board", func(scr string) bool {
		return regexp.MustCompile(`Ann\s+BUSY`).MatchString(scr)
	})

	s.keys("Space")
	s.waitFor("the replay clock to move past 09:02:10", func(scr string) bool {
		return !strings.Contains(scr, "PAUSED") && regexp.MustCompile(`09:02:1[1-9]|09:02:[2-5]\d`).MatchString(scr)
	})

	s.keys("q")
	s.waitFor("a clean exit", contains("EXIT=0"))
}

func TestSmokeDemoInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test; skipped with -short")
	}
	bin := buildBinary(t)
	s := startTmux(t, "wb-smoke-demo", bin)
	// The simulated centre's four default queues (the demo configures
	// them, so vip shows before it opens at 06:00) and a live header.
	s.waitFor("the demo board", contains("billing", "sales", "support", "vip", "CENTRE"))
	s.keys("q")
	s.waitFor("a clean exit", contains("EXIT=0"))
}
