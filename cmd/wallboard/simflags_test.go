package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The simulator's wrap-up applies to every simulated queue, but a queue's
// own settings in the configuration file stay: serve --demo once dropped
// them.
func TestNewSimKeepsConfiguredQueues(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("timezone = \"UTC\"\n[queues.sales]\nsl_threshold = \"10s\"\n[queues.vip]\nwrapup = \"5s\"\n"), 0o644)
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	var common commonFlags
	var simf simFlags
	common.register(fs)
	simf.register(fs, "")
	if err := fs.Parse([]string{"--config", path}); err != nil {
		t.Fatal(err)
	}
	cfg, err := common.config()
	if err != nil {
		t.Fatal(err)
	}
	s, err := simf.newSim(&cfg, &common, time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	sales, vip, billing := cfg.Queues["sales"], cfg.Queues["vip"], cfg.Queues["billing"]
	wSales, _ := s.WrapUp("sales")
	wBilling, _ := s.WrapUp("billing")
	if sales.SLThreshold != 10*time.Second || sales.Wrapup != wSales || wSales <= 0 {
		t.Errorf("sales: threshold %v wrap-up %v, want 10s and the simulator's %v", sales.SLThreshold, sales.Wrapup, wSales)
	}
	if vip.Wrapup != 5*time.Second {
		t.Errorf("vip: wrap-up %v, want the file's 5s", vip.Wrapup)
	}
	if billing.SLThreshold != 20*time.Second || billing.Wrapup != wBilling {
		t.Errorf("billing: %+v, want the defaults with the simulator's wrap-up %v", billing, wBilling)
	}
}

// A simulator flag out of range is a usage error that names the flag.
func TestSimFlagErrorsNameTheFlag(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"--agents 0", "wallboard: --agents: want 1 to 5000, got 0\n"},
		{"--queues 13", "wallboard: --queues: want 1 to 12, got 13\n"},
		{"--load -1", "wallboard: --load: want a number from 0 to 50 (0 means 1), got -1\n"},
	} {
		for _, cmd := range []string{"demo", "gen-log"} {
			var out, errb strings.Builder
			code := run(append([]string{cmd}, strings.Fields(tc.args)...), strings.NewReader(""), &out, &errb)
			if code != 2 || errb.String() != tc.want {
				t.Errorf("%s %s: exit %d, stderr %q; want 2 and %q", cmd, tc.args, code, errb.String(), tc.want)
			}
		}
	}
}
