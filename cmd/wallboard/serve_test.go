package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed/ws"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/tui/serve"
	gossh "golang.org/x/crypto/ssh"
)

func TestServeFlagErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "authorized_keys")
	// Line 2 is a key broken by a paste; line 3 would be silently dropped
	// by a reader that stops at the first bad line.
	file := "# team\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI-broken\n" + string(serveTestKey(t))
	if err := os.WriteFile(bad, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no keys file", []string{"serve", "--demo"}, 2, "--authorized-keys FILE is required"},
		{"no source", []string{"serve", "--authorized-keys", bad}, 2, "exactly one source"},
		{"two sources", []string{"serve", "--authorized-keys", bad, "--demo", "--replay", "x.log"}, 2, "exactly one source"},
		{"cap 0", []string{"serve", "--authorized-keys", bad, "--demo", "--max-sessions", "0"}, 2, "--max-sessions: must be at least 1"},
		{"stray argument", []string{"serve", "--demo", "day.log"}, 2, `unexpected argument "day.log"`},
		{"bad key line", []string{"serve", "--authorized-keys", bad, "--demo", "--host-key", filepath.Join(dir, "hk")}, 1, bad + ":2: not a public key line"},
		{"missing keys file", []string{"serve", "--authorized-keys", filepath.Join(dir, "nope"), "--demo"}, 1, "--authorized-keys: open"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, "", c.args...)
			if code != c.code || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit %d with %q", code, stderr, c.code, c.want)
			}
		})
	}
}

// waitSource waits for the hub's snapshot to report the source as state.
func waitSource(t *testing.T, hub *kpi.Hub, name, state string) {
	t.Helper()
	waitUntil(t, name+" "+state, func() bool {
		s := hub.Latest()
		return s != nil && s.Source.Name == name && s.Source.State == state
	})
}

func TestServeTailSourceIsShared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "queue_log")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	f := serveFlags{tail: listFlag{path}, poll: 10 * time.Millisecond}
	cfg := kpi.DefaultConfig()
	cfg.Location = time.UTC
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open, err := f.startTail(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := open(ctx)
	b, _ := open(ctx)
	if a.Hub != b.Hub || a.Player != nil || a.Title != path {
		t.Fatalf("tail sessions: shared hub %v, player %v, title %q", a.Hub == b.Hub, a.Player, a.Title)
	}
	waitSource(t, a.Hub, path, "live") // the follower read the file into the engine
}

func TestServeConnectSourceIsShared(t *testing.T) {
	cfg := kpi.DefaultConfig()
	cfg.Location = time.UTC
	feedSrv, err := ws.NewServer(ws.ServerOptions{Name: "test/1", Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	defer feedSrv.Close()
	hs := httptest.NewServer(feedSrv)
	defer hs.Close()
	url := "ws" + strings.TrimPrefix(hs.URL, "http") + "/"
	f := serveFlags{connect: listFlag{url}, staleAfter: time.Minute}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open, err := f.startConnect(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := open(ctx)
	b, _ := open(ctx)
	if a.Hub != b.Hub || a.Title != url {
		t.Fatalf("connect sessions: shared hub %v, title %q", a.Hub == b.Hub, a.Title)
	}
	waitSource(t, a.Hub, url, "live") // the client's handshake reached the engine

	f = serveFlags{connect: listFlag{"http://example.invalid/"}, staleAfter: time.Minute}
	if _, err := f.startConnect(ctx, cfg, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "--connect:") {
		t.Errorf("http:// URL: err %v, want a --connect error", err)
	}
}

func TestHostKeyGeneratedOnceWith0600(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wallboard_host_ed25519")
	log := slog.New(slog.DiscardHandler)
	first, err := loadHostKey(path, log)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %04o, want 0600", st.Mode().Perm())
	}
	// The second start reads the same key back: clients keep trusting it.
	again, err := loadHostKey(path, log)
	if err != nil {
		t.Fatal(err)
	}
	if string(again.PublicKey().Marshal()) != string(first.PublicKey().Marshal()) {
		t.Error("second start has a different host key")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadHostKey(path, log); err == nil || !strings.Contains(err.Error(), "readable by others (mode 0644)") {
		t.Errorf("world-readable host key: err %v", err)
	}
}

// replaySessions opens n sessions of serve --replay over files, in UTC.
func replaySessions(t *testing.T, n int, files ...string) []serve.Board {
	t.Helper()
	f := serveFlags{replay: listFlag(files), speed: "1"}
	cfg := kpi.DefaultConfig()
	cfg.Location = time.UTC
	open, err := f.replayOpener(cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var out []serve.Board
	for i := 0; i < n; i++ {
		b, err := open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestReplaySessionsHaveTheirOwnClock(t *testing.T) {
	s := replaySessions(t, 2, "testdata/small.queue_log")
	a, b := s[0], s[1]
	if a.Hub == b.Hub || a.Player == nil || b.Player == nil {
		t.Fatal("replay sessions share a hub or lack a player")
	}
	// One trainee pauses; the other's replay keeps playing.
	a.Player.TogglePause()
	waitUntil(t, "a paused", func() bool { return a.Player.Status().Paused })
	if b.Player.Status().Paused {
		t.Error("pausing one session paused another")
	}
	if a.Title != "testdata/small.queue_log" {
		t.Errorf("title %q", a.Title)
	}
}

// serveTestKey is one authorized_keys line for a fresh ed25519 key.
func serveTestKey(t *testing.T) []byte {
	t.Helper()
	s, _, err := serve.GenerateHostKey() // any ed25519 key will do
	if err != nil {
		t.Fatal(err)
	}
	return gossh.MarshalAuthorizedKey(s.PublicKey())
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Rotated files named newest first play oldest first, and the served
// board's title names the oldest, as the local replay's does.
func TestServedReplayTitleNamesTheOldestFile(t *testing.T) {
	dir := t.TempDir()
	older, newer := filepath.Join(dir, "queue_log.1"), filepath.Join(dir, "queue_log")
	for name, epoch := range map[string]int{older: 1772409600, newer: 1772409600 + 86400} {
		line := fmt.Sprintf("%d|c%d|sales|NONE|ENTERQUEUE||+4420|1\n", epoch, epoch)
		if err := os.WriteFile(name, []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := replaySessions(t, 1, newer, older)[0]
	if want := older + " +1"; b.Title != want {
		t.Errorf("title %q, want %q", b.Title, want)
	}
}
