package main

import (
	"strings"
	"testing"
)

// The check values of docs/kpi.md: 360 calls / 30 min at AHT 240 s is
// 0.2 calls/s × 240 s = 48 Erlangs. Erlang C (80/20): N = 53 gives 75.2 %,
// N = 54 gives 81.7 % with ASA 12.1 s (the answer), N = 55 86.7 %.
// Occupancy 48/54 = 88.9 %. Erlang A with 180 s patience at N = 52: 2.87 %.
func TestStaffingCheckValues(t *testing.T) {
	code, out, errOut := runCmd(t, "", "staffing", "--calls", "360", "--per", "30m", "--aht", "240s", "--sl", "80/20", "--patience", "180s")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"= 48.00 Erlangs",
		"53  75.2%  18.1s",
		"54  81.7%  12.1s      88.9%       1.83% ← smallest meeting 80/20",
		"55  86.7%",
		"52  66.6%  28.0s      92.3%       2.87%",
		"54 agents needed: SL 81.7%, ASA 12.1s, occupancy 88.9%.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "←") != 1 {
		t.Errorf("exactly one row must be marked:\n%s", out)
	}
	// Without --patience there is no abandon column.
	_, out, _ = runCmd(t, "", "staffing", "--calls", "360", "--aht", "4m")
	if strings.Contains(out, "P(abandon)") || !strings.Contains(out, "54 agents needed") {
		t.Errorf("default --per 30m and --sl 80/20 should give 54 without Erlang A:\n%s", out)
	}
}

func TestStaffingErrorsForPeople(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"staffing", "--aht", "240s"}, "--calls: give the calls offered"},
		{[]string{"staffing", "--calls", "-3", "--aht", "240s"}, "--calls"},
		{[]string{"staffing", "--calls", "360"}, "--aht: give the average handle time"},
		{[]string{"staffing", "--calls", "360", "--aht", "240s", "--per", "0s"}, "--per: must be a duration > 0"},
		{[]string{"staffing", "--calls", "360", "--aht", "240s", "--sl", "80"}, "--sl: want PERCENT/SECONDS"},
		{[]string{"staffing", "--calls", "360", "--aht", "240s", "--sl", "100/20"}, "above 0 and below 100"},
		{[]string{"staffing", "--calls", "360", "--aht", "240s", "--sl", "80/soon"}, `threshold "soon"`},
		{[]string{"staffing", "--calls", "360", "--aht", "240s", "--patience", "-1s"}, "--patience"},
		{[]string{"staffing", "--calls", "lots"}, "invalid value"},
		{[]string{"staffing", "360"}, "unexpected argument"},
	} {
		code, _, errOut := runCmd(t, "", c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, code, errOut, c.want)
		}
	}
}
