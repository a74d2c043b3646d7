package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

// A caller ID name is whatever the caller's phone sends. In the call-back
// CSV a supervisor opens in a spreadsheet, one beginning with "=" would be
// run as a formula; it must arrive as text (a leading apostrophe), while
// phone numbers such as "+441632960123" stay numbers.
func TestCSVCellsAreNotFormulas(t *testing.T) {
	at := time.Date(2026, 3, 10, 9, 0, 30, 0, time.UTC)
	calls := []kpi.AbandonedCall{
		{Queue: "sales", CallID: "c1", Caller: "+441632960123", CallerName: `=HYPERLINK("http://x.example","a")`, Time: at},
		{Queue: "@sales", CallID: "-c2", Caller: "-1+2", CallerName: "Smith, John", Time: at},
	}
	var b bytes.Buffer
	if err := Abandoned(&b, calls, Options{Format: CSV, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// columns: time, queue, call_id, caller, caller_name, …
	want := [][]string{
		{"sales", "c1", "+441632960123", `'=HYPERLINK("http://x.example","a")`},
		{"'@sales", "'-c2", "'-1+2", "Smith, John"},
	}
	for i, w := range want {
		if got := recs[i+1][1:5]; strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("row %d: got %q, want %q", i+1, got, w)
		}
	}

	// The same in the agent and queue reports' name cells.
	b.Reset()
	arows := []kpi.AgentRow{{Agent: "=1+1", Start: at, End: at.Add(time.Hour),
		PausedBy: map[string]time.Duration{"=cmd": time.Minute}}}
	if err := Agents(&b, arows, Options{Format: CSV, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); !strings.Contains(s, "\n'=1+1,") || !strings.Contains(s, ",'=cmd=60,") {
		t.Errorf("agent csv:\n%s", s)
	}
	b.Reset()
	qrows := []kpi.IntervalRow{{Queue: "+vip", Start: at, End: at.Add(time.Hour)}}
	if err := Queues(&b, qrows, Options{Format: CSV, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\n'+vip,") {
		t.Errorf("queue csv:\n%s", b.String())
	}
}

// JSON lines are for programs: the text is kept exactly.
func TestJSONKeepsTextAsIs(t *testing.T) {
	at := time.Date(2026, 3, 10, 9, 0, 30, 0, time.UTC)
	var b bytes.Buffer
	calls := []kpi.AbandonedCall{{Queue: "sales", Caller: "=1+2", Time: at}}
	if err := Abandoned(&b, calls, Options{Format: JSONL, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"caller":"=1+2"`) {
		t.Errorf("jsonl: %s", b.String())
	}
}

// Around a clock change the table's interval labels name the zone, so no
// two rows read alike and no interval seems to end before it starts.
// Europe/London, 25 Oct 2026: clocks go back at 01:00 UTC (02:00 BST →
// 01:00 GMT); 29 Mar 2026: forward at 01:00 UTC (01:00 GMT → 02:00 BST).
func TestSpanAcrossClockChanges(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Location: london}
	utc := func(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, time.UTC) }
	half := 30 * time.Minute
	for _, tc := range []struct {
		start time.Time
		want  string
	}{
		{utc(10, 24, 23, 30), "2026-10-25 00:30–01:00"},        // 00:30–01:00 BST: nothing repeated
		{utc(10, 25, 0, 0), "2026-10-25 01:00–01:30 BST"},      // first 01:00 (BST)
		{utc(10, 25, 0, 30), "2026-10-25 01:30 BST–01:00 GMT"}, // 01:30 BST to 01:00 UTC = 01:00 GMT
		{utc(10, 25, 1, 0), "2026-10-25 01:00–01:30 GMT"},      // the second 01:00
		{utc(10, 25, 1, 30), "2026-10-25 01:30–02:00 GMT"},     // 01:30–02:00 GMT, its wall times seen twice
		{utc(10, 25, 2, 0), "2026-10-25 02:00–02:30"},          // 02:00 GMT happens once
		{utc(3, 29, 0, 30), "2026-03-29 00:30 GMT–02:00 BST"},  // the clocks skip 01:00–02:00
		{utc(3, 29, 1, 0), "2026-03-29 02:00–02:30"},           // 02:00 BST = 01:00 UTC
		{utc(3, 10, 9, 0), "2026-03-10 09:00–09:30"},           // an ordinary day
	} {
		if got := o.span(tc.start, tc.start.Add(half)); got != tc.want {
			t.Errorf("span(%s UTC) = %q, want %q", tc.start.Format("01-02 15:04"), got, tc.want)
		}
	}
}
