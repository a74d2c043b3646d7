package main

import (
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
