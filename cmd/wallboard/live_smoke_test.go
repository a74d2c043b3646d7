package main

import (
	"net"
	"os/exec"
	"strings"
	"testing"
)

// freeLoopbackAddr finds a port nobody listens on (the kernel picks it).
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// The live path end to end with the real binary: `simulate` serves, a
// board `connect`s and shows the centre; stopping the server turns the
// board stale (it says so) within 20 s; a new server brings it back.
func TestSmokeConnectInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test; skipped with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the end-to-end screen test needs it (apt-get install tmux)")
	}
	bin := buildBinary(t)
	addr := freeLoopbackAddr(t)
	sim := startTmux(t, "wb-smoke-sim", bin+" simulate --listen "+addr)
	sim.waitFor("the simulator to listen", contains("serving the simulated centre on ws://"+addr))

	board := startTmux(t, "wb-smoke-connect", bin+" connect ws://"+addr+"/ --stale-after 3s")
	board.waitFor("the live board", func(scr string) bool {
		// Not vip: the simulated day opens it at 06:00, and a board fed
		// by a feed (no configuration) shows a queue from its first event,
		// so before 06:00 it is rightly absent.
		return contains("billing", "sales", "support", "CENTRE")(scr) && !strings.Contains(scr, "STALE")
	})

	sim.keys("C-c")
	board.waitFor("the stale banner", contains("STALE", "RECONNECTING", "sales"))

	startTmux(t, "wb-smoke-sim", bin+" simulate --listen "+addr)
	board.waitFor("the board to recover", func(scr string) bool {
		return contains("billing", "sales", "CENTRE")(scr) && !strings.Contains(scr, "STALE")
	})
	board.keys("q")
	board.waitFor("a clean exit", contains("EXIT=0"))
}
