package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// flagHelp is the description `wallboard CMD -h` prints for one flag: the
// line under "  -NAME …".
func flagHelp(t *testing.T, cmd, name string) string {
	t.Helper()
	var out, errb strings.Builder
	if code := run([]string{cmd, "-h"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("%s -h: exit %d, stderr %q", cmd, code, errb.String())
	}
	lines := strings.Split(out.String(), "\n")
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) > 0 && f[0] == "-"+name && i+1 < len(lines) {
			return strings.TrimSpace(lines[i+1])
		}
	}
	t.Fatalf("%s -h lists no -%s:\n%s", cmd, name, out.String())
	return ""
}

// A flag's help states the range the command accepts: a trainer reading
// `replay -h` learns the slowest speed, and `report -h` that an interval
// other than 15, 30 or 60 minutes works.
func TestHelpStatesAcceptedRanges(t *testing.T) {
	// replay --speed: 0.25 is the slowest accepted, 0.2 is refused, and
	// 14400 (four hours a second) the fastest.
	h := flagHelp(t, "replay", "speed")
	for _, want := range []string{"0.25", "14400", "max"} {
		if !strings.Contains(h, want) {
			t.Errorf("replay --speed help %q does not say %s", h, want)
		}
	}
	for _, s := range []string{"0.25", "14400", "max"} {
		if _, err := parseSpeed(s); err != nil {
			t.Errorf("--speed %s: %v, want accepted as the help says", s, err)
		}
	}
	if _, err := parseSpeed("0.2"); err == nil {
		t.Error("--speed 0.2 accepted, below the 0.25 the help gives")
	}

	// --interval: any whole number of minutes dividing a day. 45 minutes
	// does (32 × 45 = 1440), so a call at 00:50 lands in 00:45–01:30.
	h = flagHelp(t, "report", "interval")
	if !strings.Contains(h, "dividing a day") {
		t.Errorf("--interval help %q does not say which lengths work", h)
	}
	// 2026-03-02 00:50:00 UTC is 1772409600 + 3000.
	log := "1772412600|c1|sales|NONE|ENTERQUEUE||+441632960001|1\n" +
		"1772412610|c1|sales|NONE|ABANDON|1|1|10\n"
	path := filepath.Join(t.TempDir(), "q.log")
	if err := os.WriteFile(path, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	if code := run([]string{"report", path, "--interval", "45m", "--tz", "UTC", "--format", "csv"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("--interval 45m: exit %d, stderr %q", code, errb.String())
	}
	if !strings.Contains(out.String(), "\n*,2026-03-02T00:45:00Z,2026-03-02T01:30:00Z,1,0,0,1,") {
		t.Errorf("--interval 45m: want the centre row 00:45–01:30 with 1 offered, 1 abandoned; got\n%s", out.String())
	}
}

// The theme file docs/config.md shows is one `--theme` accepts, with the
// colours it says: a user copies it as the start of their own.
func TestConfigDocThemeExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/config.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sect, ok := strings.Cut(string(doc), "\n## Theme files\n")
	_, block, ok2 := strings.Cut(sect, "```toml\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/config.md has no ```toml block under \"## Theme files\"")
	}
	path := filepath.Join(t.TempDir(), "night.toml")
	if err := os.WriteFile(path, []byte(block), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NO_COLOR", "")
	b := boardFlags{theme: path}
	th, _, err := b.loadTheme()
	if err != nil {
		t.Fatalf("--theme with the documented example: %v", err)
	}
	// The example names the theme and sets alarm to #FF5F5F and paused to
	// #5FAFFF.
	if th.Name != "night shift" || fmt.Sprint(th.Alarm) != "#FF5F5F" || fmt.Sprint(th.Paused) != "#5FAFFF" {
		t.Errorf("documented theme read as name %q, alarm %v, paused %v; want night shift, #FF5F5F, #5FAFFF", th.Name, th.Alarm, th.Paused)
	}
}
