package main

import (
	"bytes"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/tui/serve"
)

// siteFixture writes a configuration file and returns the serve site it
// gives for keys, with what was logged. text "" means no file at all
// (and no file in the XDG place either).
func siteFixture(t *testing.T, text string, keys []serve.AuthorizedKey) (serve.Viewers, *commonFlags, string, error) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir) // nothing there
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var common commonFlags
	common.register(fs)
	var args []string
	if text != "" {
		path := filepath.Join(dir, "site.toml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		args = []string{"--config", path}
	}
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if _, err := common.config(); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	viewers, opts, err := common.serveSite(keys, slog.New(slog.NewTextHandler(&logs, nil)))
	if err == nil {
		// Every session gets the site's pause reasons and alert rules.
		if len(common.file.PauseReasons) != len(opts.Pauses) {
			t.Errorf("pauses %v, want the file's %v", opts.Pauses, common.file.PauseReasons)
		}
		for name, p := range common.file.PauseReasons {
			_, limit := p.PauseLimits()
			if opts.Pauses[name].Limit != limit || opts.Alerts.PauseLimitFor(name) != limit {
				t.Errorf("%s: board limit %v, alert limit %v; want %v", name, opts.Pauses[name].Limit, opts.Alerts.PauseLimitFor(name), limit)
			}
		}
	}
	return viewers, &common, logs.String(), err
}

func testKey(t *testing.T, comment string) serve.AuthorizedKey {
	t.Helper()
	s, _, err := serve.GenerateHostKey()
	if err != nil {
		t.Fatal(err)
	}
	return serve.AuthorizedKey{Key: s.PublicKey(), Comment: comment}
}

func TestServeSiteViewers(t *testing.T) {
	tom, eve := testKey(t, "tom@laptop"), testKey(t, "eve@desk")
	keys := []serve.AuthorizedKey{tom, eve}

	// No configuration file: everyone in authorized_keys sees everything.
	v, _, logs, err := siteFixture(t, "", keys)
	if err != nil || v != nil || !strings.Contains(logs, "every authorized key sees every queue") {
		t.Errorf("no file: viewers %v err %v log %q", v != nil, err, logs)
	}

	file := `
[queues.vip]
group = "premium"
[pause_reasons.Lunch]
limit = "30m"
[[viewers]]
name = "Tom"
key = "` + tom.Fingerprint() + `"
groups = ["premium"]
[[viewers]]
name = "Gone"
key = "` + testKey(t, "").Fingerprint() + `"
all = true
`
	v, common, logs, err := siteFixture(t, file, keys)
	if err != nil {
		t.Fatal(err)
	}
	// Lunch: 30 m from the file; any other reason 15 m, the default.
	if got := common.alertRules(); got.PauseLimitFor("Lunch") != 30*time.Minute || got.PauseLimitFor("Break") != 15*time.Minute {
		t.Errorf("alert pause limits %v", got.PauseLimits)
	}
	tv := v(tom.Fingerprint())
	if tv.Name != "Tom" || tv.All || tv.Refuse != "" || tv.Asked != "groups premium" {
		t.Errorf("tom: %+v", tv)
	}
	if got := tv.Visible([]string{"billing", "sales", "vip"}); len(got) != 1 || got[0] != "vip" {
		t.Errorf("tom sees %v, want [vip]", got)
	}
	if ev := v(eve.Fingerprint()); !strings.Contains(ev.Refuse, "no [[viewers]] entry") || ev.All {
		t.Errorf("eve: %+v", ev)
	}
	for _, want := range []string{`viewers[2] Gone`, `keys=eve@desk see=refused`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}

	// Unlisted keys see all when the file says so.
	v, _, _, err = siteFixture(t, "unlisted_viewers_see_all = true\n", keys)
	if err != nil || v == nil || !v(eve.Fingerprint()).All {
		t.Errorf("unlisted see all: err %v", err)
	}

	// A file under which no authorized key could watch stops the server.
	_, _, _, err = siteFixture(t, "[[viewers]]\nkey = \""+testKey(t, "").Fingerprint()+"\"\nall = true\n", keys)
	if err == nil || !strings.Contains(err.Error(), "nobody could watch") {
		t.Errorf("nobody could watch: err %v", err)
	}
}

// TestServeRefusesConfigNobodyCanUse: the command stops with exit 2
// before it listens.
func TestServeRefusesConfigNobodyCanUse(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(keys, serveTestKey(t), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(cfg, []byte("unlisted_viewers_see_all = false\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, "", "serve", "--demo", "--authorized-keys", keys, "--config", cfg,
		"--host-key", filepath.Join(dir, "hk"), "--ssh", "127.0.0.1:0")
	if code != 2 || !strings.Contains(stderr, "nobody could watch") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "hk")); err == nil {
		t.Error("a host key was made for a server that never started")
	}
}
