package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestThemeUnderNoColor: NO_COLOR turns any good theme into mono, but a
// --theme naming no theme (a typo, a missing or broken file) is still a
// usage error, as it is without NO_COLOR.
func TestThemeUnderNoColor(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[colors]\ntext = \"#zzz\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(good, []byte("base = \"light\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NO_COLOR", "1")
	for _, tc := range []struct {
		theme, err string // err: "" when the theme is fine
	}{
		{"okabe-ito", ""},
		{good, ""},
		{"okabe", `unknown theme "okabe"`},
		{bad, `colors.text: bad colour "#zzz"`},
		{filepath.Join(dir, "missing.toml"), "no such file"},
	} {
		b := boardFlags{theme: tc.theme}
		th, noColor, err := b.loadTheme()
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.theme, err)
		case tc.err == "" && (!th.Mono || !noColor):
			t.Errorf("%s under NO_COLOR: theme %q mono=%v noColor=%v, want mono", tc.theme, th.Name, th.Mono, noColor)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want one saying %q", tc.theme, err, tc.err)
		case tc.err != "":
			if _, ok := err.(usageError); !ok {
				t.Errorf("%s: %T, want a usage error (exit 2)", tc.theme, err)
			}
		}
	}
}

// TestNeedTerminal: the board starts only with a terminal to draw on and
// one to read keys from (standard input, else the controlling terminal),
// and the refusal says what to use instead.
func TestNeedTerminal(t *testing.T) {
	noTTY := func() error { return errors.New("open /dev/tty: no such device or address") }
	for _, tc := range []struct {
		name              string
		stdinTTY, outTTY  bool
		open              func() error
		replay, wall      bool
		want, alternative string // want "": the board may start
		keys              bool   // …with keys to read
	}{
		{"both terminals", true, true, nil, false, false, "", "", true},
		// Piped input with a controlling terminal: keys come from /dev/tty.
		{"piped input", false, true, func() error { return nil }, false, false, "", "", true},
		{"output to a file", true, false, nil, false, false, "standard output is not one", "'wallboard serve'", false},
		{"replay to a file", false, false, nil, true, false, "standard output is not one", "'wallboard report FILE...'", false},
		{"wall to a file", false, false, nil, false, true, "standard output is not one", "'wallboard serve'", false},
		{"no terminal for keys", false, true, noTTY, false, false, "there is none to read keys from", "'wallboard serve'", false},
		// A wall screen's service with no input: it draws, without keys.
		{"wall without keys", false, true, noTTY, false, true, "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			open := tc.open
			if open == nil {
				open = func() error { t.Error("opened /dev/tty, not needed here"); return nil }
			}
			keys, err := needTerminal(tc.stdinTTY, tc.outTTY, open, tc.replay, tc.wall)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("got %v, want the board to start", err)
			case tc.want == "" && keys != tc.keys:
				t.Errorf("keys %v, want %v", keys, tc.keys)
			case tc.want == "":
			case err == nil:
				t.Errorf("no error, want one saying %q", tc.want)
			case !strings.HasPrefix(err.Error(), "the board needs a terminal, and "+tc.want) ||
				!strings.Contains(err.Error(), "ssh -t") || !strings.Contains(err.Error(), tc.alternative):
				t.Errorf("got %v\nwant %q, ssh -t and %s", err, tc.want, tc.alternative)
			}
		})
	}
}

// `wallboard --help` (or -h) prints the program's commands, not the flags
// of the demo that a bare `wallboard` runs; `wallboard demo --help` still
// gives the demo's.
func TestProgramHelp(t *testing.T) {
	for _, arg := range []string{"--help", "-h", "-help", "help"} {
		var out, errb strings.Builder
		if code := run([]string{arg}, strings.NewReader(""), &out, &errb); code != 0 {
			t.Errorf("%s: exit %d, stderr %q", arg, code, errb.String())
		}
		if !strings.Contains(out.String(), "wallboard report FILE...") || strings.Contains(out.String(), "Usage: wallboard demo") {
			t.Errorf("%s: printed %q, want the command list", arg, out.String())
		}
	}
	var out, errb strings.Builder
	run([]string{"demo", "--help"}, strings.NewReader(""), &out, &errb)
	if got := out.String() + errb.String(); !strings.Contains(got, "Usage: wallboard demo") {
		t.Errorf("demo --help printed %q, want the demo's usage", got)
	}
}

// A command without flags prints no "Flags:" heading over nothing.
func TestHelpWithoutFlags(t *testing.T) {
	var out, errb strings.Builder
	if code := run([]string{"help", "config"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if got := out.String(); !strings.HasPrefix(got, "Usage: wallboard config check") || strings.Contains(got, "Flags:") {
		t.Errorf("help config printed %q", got)
	}
}
