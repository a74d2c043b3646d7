package themes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

func TestBuiltins(t *testing.T) {
	for _, n := range Names() {
		th, err := Builtin(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if th.Name != n {
			t.Errorf("Builtin(%q).Name = %q", n, th.Name)
		}
		for i, c := range []lipgloss.TerminalColor{th.Text, th.Dim, th.Accent, th.Background, th.Panel, th.Border,
			th.OK, th.Warn, th.Alarm, th.LoggedOut, th.Available, th.Ringing, th.Busy, th.Wrapup, th.Paused} {
			if c == nil {
				t.Errorf("%s: slot %d unset", n, i)
			}
			if _, none := c.(lipgloss.NoColor); none != th.Mono {
				t.Errorf("%s: slot %d NoColor=%v but Mono=%v", n, i, none, th.Mono)
			}
		}
	}
	if _, err := Builtin("neon"); err == nil || !strings.Contains(err.Error(), "okabe-ito") {
		t.Fatalf("unknown theme: %v (should list the names)", err)
	}
	// The Okabe–Ito theme uses the palette's own colours for the alarm ladder:
	// green, yellow, vermillion (orange would be too close to vermillion).
	oi, _ := Builtin("colorblind")
	if oi.OK != lipgloss.Color("#009E73") || oi.Warn != lipgloss.Color("#F0E442") || oi.Alarm != lipgloss.Color("#D55E00") {
		t.Fatalf("okabe-ito ladder: %v %v %v", oi.OK, oi.Warn, oi.Alarm)
	}
}

func TestForEnv(t *testing.T) {
	th, err := ForEnv("light", true)
	if err != nil || th.Name != "mono" || !th.Mono {
		t.Fatalf("NO_COLOR must give mono: %+v %v", th, err)
	}
	th, err = ForEnv("light", false)
	if err != nil || th.Name != "light" {
		t.Fatalf("got %q %v", th.Name, err)
	}
}

func TestParseColor(t *testing.T) {
	good := map[string]lipgloss.TerminalColor{
		"#abcdef": lipgloss.Color("#ABCDEF"), "#fa0": lipgloss.Color("#FFAA00"),
		"0": lipgloss.Color("0"), "255": lipgloss.Color("255"), "none": lipgloss.NoColor{},
	}
	for in, want := range good {
		if got, err := ParseColor(in); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "#12345", "#ggg", "256", "-1", "red"} {
		if _, err := ParseColor(in); err == nil {
			t.Errorf("%q: want an error", in)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := write("night.toml", "base = \"high-contrast\"\n[colors]\nok = \"#0f0\"\n[status]\npaused = \"214\"\n")
	th, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if th.Name != "night" || th.OK != lipgloss.Color("#00FF00") || th.Paused != lipgloss.Color("214") || th.Text != lipgloss.Color("#FFFFFF") {
		t.Fatalf("loaded %+v", th)
	}

	cases := []struct{ file, text, want string }{
		// An unknown key names the file, its line (2) and its path.
		{"typo.toml", "[colors]\nalram = \"#f00\"\n", "typo.toml:2: colors.alram: unknown key (known: "},
		// A dotted key is located too: line 3.
		{"dotted.toml", "name = \"x\"\n\ncolors.acent = \"#fff\"\n", "dotted.toml:3: colors.acent: unknown key"},
		// A bad colour names the file, line 3, the key and the value.
		{"bad.toml", "name = \"x\"\n[colors]\nwarn = \"#12\"\n", `bad.toml:3: colors.warn: bad colour "#12"`},
		{"base.toml", "\nbase = \"neon\"\n", "base.toml:2: base: unknown theme \"neon\""},
		{"syntax.toml", "name = \n", "syntax.toml:1:"},
	}
	for _, c := range cases {
		_, err := Load(write(c.file, c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.file, err, c.want)
		}
	}
	// Every problem at once, one per line in line order: the base on line
	// 1, a misspelt table on line 3 (one problem, not one per key inside
	// it), the key on line 6.
	p = write("all.toml", "base = \"neon\"\n\n[colours]\ntext = \"#fff\"\n[status]\nbussy = \"1\"\n")
	_, err = Load(p)
	want := p + `:1: base: unknown theme "neon" (want one of dark, light, high-contrast, okabe-ito, mono, or a path to a .toml theme file)` + "\n" +
		p + ":3: colours: unknown table " + knownKeys + "\n" +
		p + ":6: status.bussy: unknown key " + knownKeys
	if err == nil || err.Error() != want {
		t.Errorf("all.toml:\n got %v\nwant %s", err, want)
	}
	if _, err := Load(filepath.Join(dir, "missing.toml")); err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Errorf("missing file: %v", err)
	}
}
