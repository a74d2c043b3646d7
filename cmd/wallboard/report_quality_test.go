package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// testdata/quality.queue_log, sales, 2026-03-02 09:00–09:30 UTC, by hand:
//
//	q.1 +441111 answered by Bob after 10 s, talk 120; survey 5, 10, yes
//	q.2 +441111 again (a repeat), abandons after 5 s (not short: 5 ≮ 5)
//	q.3 anonymous (no number: not in the repeat rate), abandons after 30 s
//	q.4 +442222 answered after 10 s, talk 240; surveys (3, 6, no) and (4, -, -)
//	q.5 +443333 abandons after 3 s (short); q.6 +443333 again (a repeat),
//	    answered after 5 s, talk 240
//
// Repeat rate: known numbers 5 (q.1, q.2, q.4, q.5, q.6), repeats 2 → 0.4.
// Surveys 3. CSAT answers 5, 3, 4: two of three 4–5 → 2/3. NPS answers
// 10, 6: one promoter, one detractor → 0. Resolved yes, no → FCR 0.5 from
// the survey. Bob (a static member, logged in at his first CONNECT
// 09:00:10): busy 120 + 240 + 240 = 600 s, available 09:02:10–09:06:50
// (280 s) and 09:10:50–09:25:05 (855 s) = 1135 s → occupancy 600/1735.
func TestReportQualityFields(t *testing.T) {
	code, out, errOut := runCmd(t, "", "report", "--tz", "UTC", "--format", "jsonl", "testdata/quality.queue_log")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a centre and a sales line:\n%s", out)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &got); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{
		"queue": "sales", "survey_responses": 3.0, "csat": 2.0 / 3, "nps": 0.0, "fcr": 0.5,
		"fcr_source": "survey", "repeat_rate": 0.4, "occupancy": 600.0 / 1735,
	} {
		switch w := v.(type) {
		case float64:
			if g, ok := got[k].(float64); !ok || g < w-1e-9 || g > w+1e-9 {
				t.Errorf("%s = %v, want %v", k, got[k], w)
			}
		default:
			if got[k] != w {
				t.Errorf("%s = %v, want %v", k, got[k], w)
			}
		}
	}
	// The table names where FCR came from only when it is the proxy; here
	// it is from the survey: 50.0 % with no label.
	_, table, _ := runCmd(t, "", "report", "--tz", "UTC", "testdata/quality.queue_log")
	if !strings.Contains(table, "34.6%        3  66.7%    0  50.0%") || strings.Contains(table, "proxy") {
		t.Errorf("table:\n%s", table)
	}
}

// The call-back list of the same file, oldest first: q.2 (5 s), q.3
// (anonymous, 30 s), q.5 (3 s: short; +443333 called again at 09:25, so
// no call-back is needed).
func TestReportAbandoned(t *testing.T) {
	code, out, errOut := runCmd(t, "", "report", "--tz", "UTC", "--by", "abandoned", "--format", "csv", "testdata/quality.queue_log")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "time,queue,call_id,caller,caller_name,wait_s,short,returned\n" +
		"2026-03-02T09:03:25Z,sales,q.2,+441111,,5,false,false\n" +
		"2026-03-02T09:05:30Z,sales,q.3,anonymous,,30,false,false\n" +
		"2026-03-02T09:20:03Z,sales,q.5,+443333,,3,true,true\n"
	if out != want {
		t.Errorf("csv\n got %q\nwant %q", out, want)
	}
	_, table, _ := runCmd(t, "", "report", "--tz", "UTC", "--abandoned", "testdata/quality.queue_log")
	if !strings.Contains(table, "2026-03-02 09:20:03  sales  +443333    0:03  called again") {
		t.Errorf("table:\n%s", table)
	}
}
