package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// testdata/small.queue_log, 2026-03-02 UTC, worked by hand (T 20 s, S 5 s):
//
//	09:00 sales:   1.1 answered after 15 s (in SL), completed 09:05:15 talk 300;
//	               1.3 abandoned after 3 s (short).
//	               offered 2, answered 1, in SL 1, abandoned 1, short 1.
//	               SL outcome 1/(1+1−1+0) = 1; abandon rate 0/1 = 0; ASA 15; AHT 300; max wait 15.
//	09:00 support: 1.4 abandoned after 30 s; 1.5 exited by timeout (1-field form:
//	               wait = 440 − 400 = 40 s from its entry). offered 2, abandoned 1, exited 1.
//	               SL 0/(0+1+1) = 0; abandon rate 1/2; ASA, AHT undefined; max wait 40.
//	09:00 *:       offered 4, answered 1, in SL 1, abandoned 2, short 1, exited 1;
//	               SL 1/(1+2−1+1) = 1/3; abandon rate 1/3; max wait 40.
//	09:30 sales:   1.6 answered after 15 s, attended transfer, talk 75.
//	               SL 1; ASA 15; AHT 75; transferred 1.
//
// Line 11 has no event field and line 19 a non-numeric time (both
// skipped); line 15 is an unknown verb.
func TestReportJSONLByHand(t *testing.T) {
	code, out, errOut := runCmd(t, "", "report", "testdata/small.queue_log", "--tz", "UTC", "--format", "jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	wantErr := "wallboard: testdata/small.queue_log: skipped 2 malformed lines: 1 no event field, 1 bad time (first: line 11, no event field); 1 unknown verb (INFO)\n"
	if errOut != wantErr {
		t.Errorf("stderr\n got %q\nwant %q", errOut, wantErr)
	}
	type m = map[string]any
	want := []m{
		{"queue": "*", "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T09:30:00Z", "offered": 4.0, "answered": 1.0,
			"answered_in_sl": 1.0, "abandoned": 2.0, "short_abandoned": 1.0, "exited": 1.0, "completed": 1.0,
			"transferred": 0.0, "service_level": 1.0 / 3, "abandon_rate": 1.0 / 3, "asa_s": 15.0, "aht_s": 300.0, "max_wait_s": 40.0},
		{"queue": "sales", "start": "2026-03-02T09:00:00Z", "offered": 2.0, "answered": 1.0, "answered_in_sl": 1.0,
			"abandoned": 1.0, "short_abandoned": 1.0, "exited": 0.0, "completed": 1.0, "service_level": 1.0,
			"abandon_rate": 0.0, "asa_s": 15.0, "aht_s": 300.0, "max_wait_s": 15.0},
		{"queue": "support", "start": "2026-03-02T09:00:00Z", "offered": 2.0, "answered": 0.0, "abandoned": 1.0,
			"short_abandoned": 0.0, "exited": 1.0, "service_level": 0.0, "abandon_rate": 0.5, "asa_s": nil,
			"aht_s": nil, "max_wait_s": 40.0},
		{"queue": "*", "start": "2026-03-02T09:30:00Z", "offered": 1.0, "answered": 1.0, "completed": 1.0, "transferred": 1.0,
			"service_level": 1.0, "asa_s": 15.0, "aht_s": 75.0, "max_wait_s": 15.0},
		{"queue": "sales", "start": "2026-03-02T09:30:00Z", "offered": 1.0, "answered": 1.0, "completed": 1.0,
			"transferred": 1.0, "service_level": 1.0, "asa_s": 15.0, "aht_s": 75.0},
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, line := range lines {
		var got m
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		for k, v := range want[i] {
			g, ok := got[k]
			if !ok {
				t.Errorf("line %d: no field %q", i+1, k)
				continue
			}
			if f, isF := v.(float64); isF {
				if gf, _ := g.(float64); gf < f-1e-9 || gf > f+1e-9 {
					t.Errorf("line %d %s: got %v want %v", i+1, k, g, v)
				}
			} else if !reflect.DeepEqual(g, v) {
				t.Errorf("line %d %s: got %v want %v", i+1, k, g, v)
			}
		}
	}
}

// Agent rows for the same file. Ann is SIP/1001 (joined by the UNPAUSEALL
// right after ADDMEMBER). Logged in 08:59:30.
//
//	08:30: available 30 s.
//	09:00: available 15 s + 1485 s, busy 300 s (09:00:15–09:05:15); occupancy 300/1800.
//	09:30: available 25 s, busy 75 s (09:30:25–09:31:40, the last event); occupancy 75/100.
func TestReportByAgentByHand(t *testing.T) {
	code, out, errOut := runCmd(t, "", "report", "--by", "agent", "--format", "jsonl", "--tz", "UTC", "testdata/small.queue_log")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows:\n%s", len(rows), out)
	}
	for i, w := range []map[string]float64{
		{"available_s": 30, "busy_s": 0, "logged_in_s": 30, "answered": 0},
		{"available_s": 1500, "busy_s": 300, "logged_in_s": 1800, "answered": 1, "completed": 1, "talk_s": 300, "occupancy": 300.0 / 1800},
		{"available_s": 25, "busy_s": 75, "logged_in_s": 100, "answered": 1, "completed": 1, "transferred": 1, "occupancy": 0.75},
	} {
		if rows[i]["agent"] != "Ann" {
			t.Errorf("row %d agent %v, want Ann", i, rows[i]["agent"])
		}
		for k, v := range w {
			if g, _ := rows[i][k].(float64); g < v-1e-9 || g > v+1e-9 {
				t.Errorf("row %d %s = %v, want %v", i, k, rows[i][k], v)
			}
		}
	}
}

func TestReportTableIsForPeople(t *testing.T) {
	code, out, _ := runCmd(t, "", "report", "--tz", "UTC", "testdata/small.queue_log")
	if code != 0 {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	// The support row of 09:00: SL 0.0%, abandon rate 50.0%, no ASA, max wait 0:40.
	var support string
	for _, l := range lines {
		if strings.Contains(l, " support ") {
			support = l
			break
		}
	}
	for _, want := range []string{"2026-03-02 09:00–09:30", "0.0%", "50.0%", "—", "0:40"} {
		if !strings.Contains(support, want) {
			t.Errorf("support row %q lacks %q", support, want)
		}
	}
	// Columns are aligned: every line is as wide as the header.
	for _, l := range lines[1:] {
		if len([]rune(strings.TrimRight(l, " "))) > len([]rune(lines[0])) {
			t.Errorf("ragged line %q", l)
		}
	}
}

func TestReportCSVAndStdin(t *testing.T) {
	data, err := os.ReadFile("testdata/small.queue_log")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, string(data), "report", "-", "--tz", "UTC", "--format", "csv")
	if code != 0 {
		t.Fatal(code, errOut)
	}
	if !strings.Contains(errOut, "standard input: skipped 2") {
		t.Errorf("stderr %q", errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "queue,start,end,offered,answered,answered_in_sl,") || len(lines) != 6 {
		t.Errorf("csv:\n%s", out)
	}
	// support 09:00: ASA and AHT undefined → empty cells, not 0.
	if !strings.HasPrefix(lines[3], "support,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,2,0,0,1,0,1,0,0,0,0,outcome,0.5,,,40,false") {
		t.Errorf("support row %q", lines[3])
	}
}

func TestReportErrorsForPeople(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"report", "nope.log"}, 1, "wallboard: nope.log: no such file\n"},
		{[]string{"report", "--interval", "7x", "testdata/small.queue_log"}, 2, `--interval: interval "7x": not a duration`},
		{[]string{"report", "--tz", "Mars/Olympus", "testdata/small.queue_log"}, 2, `--tz: unknown time zone "Mars/Olympus"`},
		{[]string{"report", "--format", "xml", "testdata/small.queue_log"}, 2, `--format: unknown format "xml"`},
		{[]string{"report", "--by", "team", "testdata/small.queue_log"}, 2, `--by: want queue or agent`},
		{[]string{"report", "--sl-profile", "best", "testdata/small.queue_log"}, 2, `--sl-profile: unknown service-level profile "best"`},
		{[]string{"report", "--nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"report"}, 2, "no input file"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
	} {
		code, _, errOut := runCmd(t, "", tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.msg) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line with %q", tc.args, code, errOut, tc.code, tc.msg)
		}
	}
}

// Rotated files are read in order as one stream: a call that entered in
// the first file and ended in the second counts once, with its wait.
func TestReportRotatedFiles(t *testing.T) {
	dir := t.TempDir()
	a := dir + "/queue_log-20260302"
	b := dir + "/queue_log"
	os.WriteFile(a, []byte("1772442000|9.1|sales|NONE|ENTERQUEUE||555|1\n"), 0o644)
	os.WriteFile(b, []byte("1772442030|9.1|sales|Ann|CONNECT|30|9.2|2\n1772442090|9.1|sales|Ann|COMPLETEAGENT|30|60|1\n"), 0o644)
	code, out, errOut := runCmd(t, "", "report", a, b, "--tz", "UTC", "--format", "csv")
	if code != 0 || errOut != "" {
		t.Fatal(code, errOut)
	}
	// offered 1, answered 1, in SL 0 (30 s > 20 s), SL 0/1 = 0, ASA 30, AHT 60.
	if !strings.Contains(out, "sales,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,1,1,0,0,0,0,1,0,0,0,outcome,0,30,60,30,false") {
		t.Errorf("csv:\n%s", out)
	}
}

// A queue configured with its own service-level formula is reported by it.
// support at 09:00 answered nothing: by outcomes its SL is 0/(0+1+1) = 0,
// by answered calls it is undefined (0/0) → null.
func TestReportPerQueueProfile(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	cfgFile := t.TempDir() + "/config.toml"
	os.WriteFile(cfgFile, []byte("[queues.support]\nsl_profile = \"answered\"\n"), 0o644)
	code, out, errOut := runCmd(t, "", "report", "testdata/small.queue_log", "--tz", "UTC", "--format", "jsonl", "--config", cfgFile)
	if code != 0 {
		t.Fatal(code, errOut)
	}
	var support, sales map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r map[string]any
		json.Unmarshal([]byte(l), &r)
		if r["start"] == "2026-03-02T09:00:00Z" {
			switch r["queue"] {
			case "support":
				support = r
			case "sales":
				sales = r
			}
		}
	}
	if support["sl_profile"] != "answered" || support["service_level"] != nil {
		t.Errorf("support: %v %v, want answered and null", support["sl_profile"], support["service_level"])
	}
	if sales["sl_profile"] != "outcome" || sales["service_level"] != 1.0 {
		t.Errorf("sales: %v %v, want outcome and 1", sales["sl_profile"], sales["service_level"])
	}
	_, table, _ := runCmd(t, "", "report", "testdata/small.queue_log", "--tz", "UTC", "--config", cfgFile)
	if !strings.Contains(table, "— (answered)") {
		t.Errorf("the table should name support's formula:\n%s", table)
	}
}

// Rotated logs as logrotate leaves them, the older ones compressed: the
// same report as from the plain files. The call spans the two files, so
// both must be read, in order: entered at 09:00:00 in the .gz, answered at
// 09:00:30 and completed in the plain file → offered 1, answered 1, not in
// SL (30 s > 20 s), ASA 30, AHT 60.
func TestReportRotatedGzip(t *testing.T) {
	dir := t.TempDir()
	a := dir + "/queue_log.1.gz"
	b := dir + "/queue_log"
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte("1772442000|9.1|sales|NONE|ENTERQUEUE||555|1\n"))
	zw.Close()
	os.WriteFile(a, z.Bytes(), 0o644)
	os.WriteFile(b, []byte("1772442030|9.1|sales|Ann|CONNECT|30|9.2|2\n1772442090|9.1|sales|Ann|COMPLETEAGENT|30|60|1\n"), 0o644)
	code, out, errOut := runCmd(t, "", "report", a, b, "--tz", "UTC", "--format", "csv")
	if code != 0 || errOut != "" {
		t.Fatal(code, errOut)
	}
	if !strings.Contains(out, "sales,2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,1,1,0,0,0,0,1,0,0,0,outcome,0,30,60,30,false") {
		t.Errorf("csv:\n%s", out)
	}
}

// A compressed log cut short: the report still covers the lines before the
// cut (and the files after it), and the run ends with exit status 1 and a
// message naming the file, the line and what went wrong. A damaged gzip
// header stops the run before any report, like a missing file.
func TestReportGzipCutShort(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("testdata/small.queue_log")
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(data)
	zw.Close()
	cut := dir + "/queue_log.2.gz"
	os.WriteFile(cut, z.Bytes()[:z.Len()-12], 0o644) // the trailer and some data gone
	later := dir + "/queue_log"
	os.WriteFile(later, []byte("1772449200|7.1|billing|NONE|ENTERQUEUE||777|1\n"), 0o644)

	code, out, errOut := runCmd(t, "", "report", cut, later, "--tz", "UTC", "--format", "csv")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(errOut, cut+": reading line") || !strings.Contains(errOut, "the compressed file ends early") ||
		!strings.Contains(errOut, "the report above covers the lines read before it") {
		t.Errorf("stderr:\n%s", errOut)
	}
	// sales' 09:00 call 1.1 (the fixture's first lines) and billing's
	// call from the later file (11:00) are both in the report.
	if !strings.Contains(out, "sales,2026-03-02T09:00:00Z") || !strings.Contains(out, "billing,2026-03-02T11:00:00Z") {
		t.Errorf("csv:\n%s", out)
	}

	bad := dir + "/bad.gz"
	os.WriteFile(bad, []byte("\x1f\x8bjunk"), 0o644)
	code, out, errOut = runCmd(t, "", "report", bad, "--tz", "UTC")
	if code != 1 || out != "" || !strings.Contains(errOut, bad+": not a readable gzip file") {
		t.Errorf("damaged header: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// A file with no queue_log line in it (the wrong file: a SQL dump, another
// log) says so in words, besides the counts of unreadable lines.
func TestReportNotAQueueLog(t *testing.T) {
	dir := t.TempDir()
	f := dir + "/dump.sql"
	os.WriteFile(f, []byte("-- MySQL dump\nCREATE TABLE `queue_log` (\n  `id` bigint NOT NULL\n);\n"), 0o644)
	code, _, errOut := runCmd(t, "", "report", f, "--tz", "UTC")
	want := "wallboard: " + f + ": skipped 4 malformed lines (first: line 1, no event field)\n" +
		"wallboard: " + f + ": no queue_log line in it: want Asterisk's queue_log (epoch|callid|queue|agent|event|data…) or a CSV export of its table with a header row\n"
	if code != 0 || errOut != want {
		t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, errOut, want)
	}
	// A file with one good line among bad ones gets no such hint.
	os.WriteFile(f, []byte("junk\n1772442000|9.1|sales|NONE|ENTERQUEUE||555|1\n"), 0o644)
	if _, _, errOut := runCmd(t, "", "report", f, "--tz", "UTC"); strings.Contains(errOut, "no queue_log line") {
		t.Errorf("hint for a file with a good line:\n%s", errOut)
	}
}
