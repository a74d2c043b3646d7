package feed

import (
	"os"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone test must not depend on the host's zone files
)

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func readAll(t *testing.T, src Source) []Event {
	t.Helper()
	var out []Event
	var ev Event
	for src.Next(&ev) {
		out = append(out, ev)
	}
	if err := src.Err(); err != nil {
		t.Fatalf("Err = %v", err)
	}
	return out
}

// TestCSVMatchesText: testdata/day.csv is testdata/day.queue_log exported
// from the realtime table (times in Europe/Berlin, summer: UTC+2, so
// 1721030400 = 2024-07-15 08:00:00 UTC = 10:00:00 local). Both decoders must
// give the same events: they share the per-verb code.
func TestCSVMatchesText(t *testing.T) {
	loc := berlin(t)
	tf, err := os.Open("testdata/day.queue_log")
	if err != nil {
		t.Fatal(err)
	}
	defer tf.Close()
	cf, err := os.Open("testdata/day.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer cf.Close()
	text := readAll(t, NewQueueLog(tf, "day.queue_log"))
	c, err := NewCSV(cf, "day.csv", loc)
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, c)
	if len(text) != 13 || len(rows) != len(text) {
		t.Fatalf("%d text events, %d CSV events; want 13 each", len(text), len(rows))
	}
	for i := range text {
		a, b := text[i], rows[i]
		if !a.Time.Equal(b.Time) {
			t.Errorf("event %d: text time %v, CSV time %v", i, a.Time.UTC(), b.Time.UTC())
		}
		a.Time, b.Time = time.Time{}, time.Time{}
		if a != b {
			t.Errorf("event %d:\ntext %+v\n csv %+v", i, a, b)
		}
	}
	if !c.Stats().Clean() || c.Stats().Lines != 14 || c.Stats().Events != 13 {
		t.Errorf("CSV stats %+v; want clean, 14 lines, 13 events", c.Stats())
	}
	// Spot checks worked out from the rows themselves.
	if e := rows[3]; e.CallerName != `Smith, "Bob"` || e.Caller != "+442071234567" || e.Position != 1 {
		t.Errorf("quoted caller name row: %+v", e)
	}
	// Row 6: data4 = 8 (hold), data5 = "120|1" (talk, origposition).
	if e := rows[5]; e.Target != "LINK:PJSIP/1001-00000002|PJSIP/1002-00000003" || e.Wait != 8*time.Second ||
		e.Talk != 120*time.Second || e.Position != 1 {
		t.Errorf("ATTENDEDTRANSFER row: %+v", e)
	}
	if e := rows[0]; e.Kind != SystemStart || !e.Time.Equal(time.Date(2024, 7, 15, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("first row: %+v", e)
	}
}

func TestCSVTimes(t *testing.T) {
	loc := berlin(t)
	tests := []struct {
		in   string
		want time.Time // UTC
		ok   bool
	}{
		// Winter: CET = UTC+1.
		{"2024-01-15 10:00:00", time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC), true},
		// Summer: CEST = UTC+2; .ffffff microseconds.
		{"2024-07-15 10:00:00.250000", time.Date(2024, 7, 15, 8, 0, 0, 250_000_000, time.UTC), true},
		// Short fraction: .5 is 500 ms.
		{"2024-07-15 10:00:00.5", time.Date(2024, 7, 15, 8, 0, 0, 500_000_000, time.UTC), true},
		// Either side of the 2024-03-31 switch at 02:00 CET -> 03:00 CEST.
		{"2024-03-31 01:59:59", time.Date(2024, 3, 31, 0, 59, 59, 0, time.UTC), true},
		{"2024-03-31 03:00:00", time.Date(2024, 3, 31, 1, 0, 0, 0, time.UTC), true},
		{"2024-07-15T10:00:00", time.Date(2024, 7, 15, 8, 0, 0, 0, time.UTC), true},
		{"1721030400", time.Date(2024, 7, 15, 8, 0, 0, 0, time.UTC), true}, // epoch: zone-free
		{"2024-02-30 10:00:00", time.Time{}, false},
		{"2024-13-01 10:00:00", time.Time{}, false},
		{"2024-07-15 24:00:00", time.Time{}, false},
		{"2024-07-15 10:00", time.Time{}, false},
		{"2024-07-15 10:00:00.", time.Time{}, false},
		{"2024-07-15 10:00:00+02", time.Time{}, false},
		{"yesterday", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDBTime([]byte(tt.in), loc)
		if ok != tt.ok || (ok && !got.Equal(tt.want)) {
			t.Errorf("parseDBTime(%q) = %v, %v; want %v, %v", tt.in, got.UTC(), ok, tt.want, tt.ok)
		}
	}
}

func TestCSVHeader(t *testing.T) {
	tests := []struct {
		header  string
		wantErr string // substring; "" = accepted
	}{
		{"time,callid,queuename,agent,event,data1,data2,data3,data4,data5", ""},
		{"id,time,callid,queuename,agent,event,data1,data2,data3,data4,data5", ""},
		{`"ID","Time","CallID","QueueName","Agent","Event","Data1","Data2","Data3","Data4","Data5"`, ""},
		{"time,callid,queuename,agent,event,data", ""},       // the old single data column
		{"time,callid,queuename,agent,event,data1,data", ""}, // partial data1..5: data wins
		{"time,callid,queuename,agent,event,data1,data2,data4,data5", `no "data3" column`},
		{"time,callid,queuename,agent,data1,data2,data3,data4,data5", `no "event" column`},
		{"id,callid,queuename,agent,event,data1,data2,data3,data4,data5", `no "time" column`},
	}
	for _, tt := range tests {
		_, err := NewCSV(strings.NewReader(tt.header+"\n"), "export.csv", time.UTC)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.header, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "export.csv: line 1")):
			t.Errorf("%s: err %v, want one naming export.csv: line 1 and %s", tt.header, err, tt.wantErr)
		}
	}
	if _, err := NewCSV(strings.NewReader("\n\n"), "empty.csv", nil); err == nil || !strings.Contains(err.Error(), "empty.csv") {
		t.Errorf("empty input: err %v", err)
	}
}

// TestCSVRows: quoting, multi-line fields, the old data column, and bad rows.
func TestCSVRows(t *testing.T) {
	in := "time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n" + // 1
		"2024-01-15 10:00:00,c1,sales,NONE,ENTERQUEUE,,1001,2,\"Line\nBreak\",\n" + // 2-3: quoted newline
		"2024-01-15 10:00:05,c1,sales,Ann,CONNECT,5,c2,4\n" + // 4: too few columns
		"bad time,c1,sales,Ann,CONNECT,5,c2,4,,\n" + // 5
		"2024-01-15 10:00:09,c1,sales,\"Ann \"\"the Fast\"\"\",CONNECT,9,c2,4,,\n" + // 6
		"2024-01-15 10:00:10,c1,sales,Ann,,,,,,\n" + // 7: no event
		"2024-01-15 10:01:10,c1,\"sa,les\",Ann,WEIRD,,,,,\n" + // 8: unknown verb, comma in queue
		"2024-01-15 10:02:10,c3,sales,NONE,ENTERQUEUE,,\"unterminated\n" // 9: open quote to EOF
	c, err := NewCSV(strings.NewReader(in), "rows.csv", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	evs := readAll(t, c)
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3: %+v", len(evs), evs)
	}
	if e := evs[0]; e.CallerName != "Line\nBreak" || e.Position != 2 || e.Caller != "1001" {
		t.Errorf("row 2: %+v", e)
	}
	if e := evs[1]; e.Agent != `Ann "the Fast"` || e.Wait != 9*time.Second || e.Ring != 4*time.Second {
		t.Errorf("row 6: %+v", e)
	}
	if e := evs[2]; e.Kind != Unknown || e.Verb != "WEIRD" || e.Queue != "sa,les" {
		t.Errorf("row 8: %+v", e)
	}
	st := c.Stats()
	// Skipped: row 4 (short), row 7 (no event), row 9 (cut off) = 3 no event;
	// row 5 bad time.
	if want := (Tally{3, 4}); st.Problems[ProblemNoEvent] != want {
		t.Errorf("no event %+v, want %+v", st.Problems[ProblemNoEvent], want)
	}
	if want := (Tally{1, 5}); st.Problems[ProblemBadTime] != want {
		t.Errorf("bad time %+v, want %+v", st.Problems[ProblemBadTime], want)
	}
	if st.UnknownTotal != 1 || st.UnknownFirstLine != 8 {
		t.Errorf("unknown %d at %d, want 1 at 8", st.UnknownTotal, st.UnknownFirstLine)
	}
	if st.Lines != 9 || st.Events != 3 {
		t.Errorf("Lines %d Events %d, want 9, 3", st.Lines, st.Events)
	}
}

func TestSplitCSV(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"a,b,c", []string{"a", "b", "c"}},
		{"a,,", []string{"a", "", ""}},
		{"", []string{""}},
		{`"a,b",c`, []string{"a,b", "c"}},
		{`"say ""hi""",x`, []string{`say "hi"`, "x"}},
		{`""`, []string{""}},
		{`a"b,c`, []string{`a"b`, "c"}},    // lenient: quote inside a bare field
		{`"a"b,c`, []string{`ab`, "c"}},    // lenient: text after the closing quote
		{`\N,x,\N`, []string{"", "x", ""}}, // MySQL NULL
		{`"\N"`, []string{""}},
	}
	for _, tt := range tests {
		got := splitCSV(nil, []byte(tt.in))
		if len(got) != len(tt.want) {
			t.Errorf("splitCSV(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if string(got[i]) != tt.want[i] {
				t.Errorf("splitCSV(%q)[%d] = %q, want %q", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func TestOpenSniffs(t *testing.T) {
	tests := []struct {
		name, in string
		csv      bool
	}{
		{"queue_log", "1700000000|NONE|NONE|NONE|QUEUESTART|\n", false},
		{"csv", "time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n2024-01-15 10:00:00,NONE,NONE,NONE,QUEUESTART,,,,,\n", true},
		{"csv with id, upper case, after blank lines and NULs", "\n\r\n\x00\x00ID,TIME,callid,queuename,agent,event,data1,data2,data3,data4,data5\n7,2024-01-15 10:00:00,NONE,NONE,NONE,QUEUESTART,,,,,\n", true},
		{"quoted csv header", "\"id\",\"time\",\"callid\",\"queuename\",\"agent\",\"event\",\"data1\",\"data2\",\"data3\",\"data4\",\"data5\"\n1,2024-01-15 10:00:00,NONE,NONE,NONE,QUEUESTART,,,,,\n", true},
		{"empty", "", false},
	}
	for _, tt := range tests {
		src, err := Open(strings.NewReader(tt.in), tt.name, time.UTC)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		_, isCSV := src.(*CSV)
		if isCSV != tt.csv {
			t.Errorf("%s: CSV = %v, want %v", tt.name, isCSV, tt.csv)
		}
		evs := readAll(t, src)
		if tt.in != "" && (len(evs) != 1 || evs[0].Kind != SystemStart) {
			t.Errorf("%s: events %+v, want one QUEUESTART", tt.name, evs)
		}
	}
	if _, err := Open(strings.NewReader("time,callid\n"), "half.csv", time.UTC); err == nil {
		t.Errorf("CSV header without columns: no error")
	}
}
