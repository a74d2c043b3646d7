package main

import (
	"strings"
	"testing"
)

// AHT is usually quoted in seconds: "--aht 180" is 180 s, as "--sl 80/20"
// already reads 20 as seconds. 10 calls per hour at 180 s is
// 10/3600 × 180 = 0.5 Erlangs. Erlang B: B(1) = 0.5/1.5 = 1/3,
// B(2) = (0.5/3)/(2 + 0.5/3) = 1/13; C(2) = 2·(1/13)/(2 − 0.5·12/13) = 0.1;
// SL = 1 − 0.1·e^(−1.5·20/180) = 1 − 0.1·0.8465 = 91.5 %;
// ASA = 0.1·180/1.5 = 12.0 s; occupancy 0.5/2 = 25.0 %. Durations print
// as people write them (1h, 3m), not Go's 1h0m0s.
func TestStaffingTakesSecondsAndPrintsPlainDurations(t *testing.T) {
	code, out, errOut := runCmd(t, "", "staffing", "--calls", "10", "--per", "1h", "--aht", "180")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Offered load: 10 calls per 1h at AHT 3m = 0.50 Erlangs",
		"Target: 80.0% answered within 20s",
		"2 agents needed: SL 91.5%, ASA 12.0s, occupancy 25.0%.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// One call an hour at 60 s: A = 1/60. With N = 1, C = A, so
	// SL = 1 − (1/60)·e^(−(59/60)·20/60) = 1 − 0.01667·0.7205 = 98.8 %,
	// ASA = (1/60)·60/(59/60) = 1.0 s, occupancy 1.7 %: one agent, singular.
	_, out, _ = runCmd(t, "", "staffing", "--calls", "1", "--per", "3600", "--aht", "1m")
	for _, want := range []string{"1 call per 1h at AHT 1m", "1 agent needed: SL 98.8%, ASA 1.0s, occupancy 1.7%."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// No calls need no agents (Erlang C's "smallest N > A" would say 1; the
// board says 0 for a queue with no calls in its window).
func TestStaffingNoCallsNoAgents(t *testing.T) {
	code, out, _ := runCmd(t, "", "staffing", "--calls", "0", "--aht", "3m")
	if code != 0 || out != "Offered load: no calls, 0 Erlangs: no agents needed.\n" {
		t.Errorf("exit %d, output %q", code, out)
	}
}

// What went wrong is named: a load too large is not a bad --sl; a fraction
// is not a percentage; a bad duration says what a duration looks like.
func TestStaffingSaysWhichInputIsWrong(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		// 1e12 calls per 30 min at 180 s = 1e12/1800·180 = 1e11 Erlangs.
		{[]string{"staffing", "--calls", "1e12", "--aht", "3m"}, "1e+11 Erlangs (1000000000000 calls per 30m at AHT 3m) is beyond this calculator"},
		{[]string{"staffing", "--calls", "10", "--aht", "3m", "--sl", "0.8/20"}, `--sl: target "0.8": want a percentage such as 80`},
		{[]string{"staffing", "--calls", "10", "--aht", "3x"}, `invalid value "3x" for flag -aht: want a duration such as 240s`},
		{[]string{"staffing", "--calls", "lots", "--aht", "3m"}, `invalid value "lots" for flag -calls: want a number of calls`},
	} {
		code, _, errOut := runCmd(t, "", c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "--sl: no number") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
	// The help names no "(default -1)" for --calls.
	_, out, _ := runCmd(t, "", "staffing", "--help")
	if strings.Contains(out, "default -1") {
		t.Errorf("help shows the not-given sentinel:\n%s", out)
	}
}
