package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

func TestClockAndPercent(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00"},
		{59499 * time.Millisecond, "0:59"}, // rounds to the nearest second
		{59500 * time.Millisecond, "1:00"},
		{754 * time.Second, "12:34"},
		{3600 * time.Second, "1:00:00"},
		{3725 * time.Second, "1:02:05"},
	} {
		if got := Clock(tc.d, true); got != tc.want {
			t.Errorf("Clock(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
	if Clock(time.Second, false) != "—" || Percent(0.5, false) != "—" {
		t.Error("undefined figures must print as a dash")
	}
	if got := Percent(0.8166, true); got != "81.7%" {
		t.Errorf("Percent = %q", got)
	}
}

// An incomplete interval (a feed gap) is marked in every format.
func TestIncompleteIsMarked(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	rows := []kpi.IntervalRow{{Queue: "sales", Start: start, End: start.Add(30 * time.Minute),
		Counters: kpi.Counters{Offered: 2, Answered: 1, AnsweredInSL: 1, Incomplete: true}}}
	for f, want := range map[Format]string{Table: "(incomplete)", CSV: ",true", JSONL: `"incomplete":true`} {
		var b bytes.Buffer
		if err := Queues(&b, rows, Options{Format: f, Location: time.UTC}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s lacks %q:\n%s", f, want, b.String())
		}
	}
}

// Paused time by reason: 10 min Lunch and 5 min without a reason.
func TestAgentPausesByReason(t *testing.T) {
	start := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	rows := []kpi.AgentRow{{Agent: "ann", Start: start, End: start.Add(30 * time.Minute),
		LoggedIn: 30 * time.Minute, Available: 15 * time.Minute, Paused: 15 * time.Minute,
		PausedBy: map[string]time.Duration{"Lunch": 10 * time.Minute, "": 5 * time.Minute}}}
	var b bytes.Buffer
	if err := Agents(&b, rows, Options{Format: CSV, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "(none)=300;Lunch=600") {
		t.Errorf("csv:\n%s", b.String())
	}
	b.Reset()
	Agents(&b, rows, Options{Format: Table, Location: time.UTC})
	if !strings.Contains(b.String(), "(none) 5:00, Lunch 10:00") {
		t.Errorf("table:\n%s", b.String())
	}
}

func TestParseFormat(t *testing.T) {
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "table, csv or jsonl") {
		t.Errorf("err = %v", err)
	}
}

// The table leaves out the survey columns when no row has a survey, and
// names FCR's source once in the header when every figure is the
// repeat-call proxy; with a survey FCR anywhere each cell says its source.
func TestTableColumnsFollowTheData(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	row := func(q kpi.Quality) kpi.IntervalRow {
		c := kpi.Counters{Offered: 10, Answered: 10}
		c.Quality = q
		return kpi.IntervalRow{Queue: "sales", Start: start, End: start.Add(30 * time.Minute), Counters: c}
	}
	// 10 known callers, 1 repeat: FCR proxy 1 − 1/10 = 90.0%.
	proxy := row(kpi.Quality{KnownCallers: 10, Repeats: 1})
	// 4 answers to "resolved?", 3 yes: FCR 75.0% from the survey.
	survey := row(kpi.Quality{SurveyResponses: 4, ResolvedResponses: 4, Resolved: 3})
	table := func(rows ...kpi.IntervalRow) (head, body string) {
		var b bytes.Buffer
		if err := Queues(&b, rows, Options{Format: Table, Location: time.UTC}); err != nil {
			t.Fatal(err)
		}
		head, body, _ = strings.Cut(b.String(), "\n")
		return head, body
	}
	head, body := table(proxy)
	if strings.Contains(head, "surveys") || strings.Contains(head, "CSAT") || !strings.HasSuffix(strings.TrimSpace(head), "FCR (repeat proxy)") {
		t.Errorf("proxy only: header %q", head)
	}
	if !strings.Contains(body, "90.0%") || strings.Contains(body, "(repeat proxy)") {
		t.Errorf("proxy only: row %q", body)
	}
	head, body = table(proxy, survey)
	if !strings.Contains(head, "surveys") || !strings.Contains(head, "NPS") || !strings.HasSuffix(strings.TrimSpace(head), "FCR") {
		t.Errorf("with a survey: header %q", head)
	}
	if !strings.Contains(body, "90.0% (repeat proxy)") || !strings.Contains(body, "75.0%") {
		t.Errorf("with a survey: rows %q", body)
	}
}

// With teams in the configuration, --by agent says each agent's team: a
// "team" member in JSON lines (none for an agent without one), a last
// CSV column (so the others keep their places), a table column after the
// agent. Without teams nothing changes.
func TestAgentTeams(t *testing.T) {
	start := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	row := func(agent string) kpi.AgentRow {
		return kpi.AgentRow{Agent: agent, Start: start, End: start.Add(30 * time.Minute), LoggedIn: 30 * time.Minute}
	}
	rows := []kpi.AgentRow{row("ann"), row("bob")}
	teams := map[string]string{"ann": "Blue"}
	out := func(f Format, teams map[string]string) []string {
		var b bytes.Buffer
		if err := Agents(&b, rows, Options{Format: f, Location: time.UTC, Teams: teams}); err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(b.String()), "\n")
	}
	j := out(JSONL, teams)
	if !strings.Contains(j[0], `"agent":"ann","team":"Blue"`) || strings.Contains(j[1], `"team"`) {
		t.Errorf("jsonl:\n%s", strings.Join(j, "\n"))
	}
	c := out(CSV, teams)
	if !strings.HasSuffix(c[0], ",occupancy,team") || !strings.HasSuffix(c[1], ",Blue") || !strings.HasSuffix(c[2], ",") {
		t.Errorf("csv:\n%s", strings.Join(c, "\n"))
	}
	tb := out(Table, teams)
	if f := strings.Fields(tb[0]); len(f) < 3 || f[1] != "agent" || f[2] != "team" || !strings.Contains(tb[1], "ann  Blue") {
		t.Errorf("table:\n%s", strings.Join(tb, "\n"))
	}
	for _, f := range []Format{JSONL, CSV, Table} {
		if got := strings.Join(out(f, nil), "\n"); strings.Contains(got, "team") || strings.Contains(got, "Blue") {
			t.Errorf("%s without teams:\n%s", f, got)
		}
	}
}
