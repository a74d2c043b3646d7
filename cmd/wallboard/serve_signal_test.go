//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer a child process writes while the test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitForText polls until s() contains want or the limit passes.
func waitForText(t *testing.T, what string, s func() string, want string) {
	t.Helper()
	for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(s(), want) {
			return
		}
	}
	t.Fatalf("%s: no %q in:\n%s", what, want, s())
}

// SIGHUP, which operators send by habit to make a daemon reload, neither
// ends the server nor passes silently: it is logged and ignored; SIGTERM
// still stops it cleanly.
func TestServeIgnoresHangup(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(keys, serveTestKey(t), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--demo", "--authorized-keys", keys,
		"--host-key", filepath.Join(dir, "host_key"), "--ssh", "127.0.0.1:0")
	var logs lockedBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitForText(t, "start", logs.String, "msg=serving")
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitForText(t, "after SIGHUP", logs.String, "SIGHUP ignored")
	if err := cmd.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("the server is gone after SIGHUP: %v", err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after SIGTERM: %v, want exit status 0\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("SIGTERM did not stop the server:\n%s", logs.String())
	}
}
