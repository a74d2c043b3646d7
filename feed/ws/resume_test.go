package ws

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/report"
)

// logRows reads a queue_log the way `wallboard report` does.
func logRows(t *testing.T, log []byte) []kpi.IntervalRow {
	t.Helper()
	st := kpi.NewState(testConfig())
	src := feed.NewQueueLog(bytes.NewReader(log), "written log")
	var ev feed.Event
	for src.Next(&ev) {
		st.Apply(&ev)
	}
	if err := src.Err(); err != nil {
		t.Fatal(err)
	}
	if !src.Stats().Clean() {
		t.Fatalf("written log: %s", src.Stats().Summary())
	}
	return st.Rows()
}

// countsOnly keeps the counts a queue_log states exactly. Durations and
// the threshold counts derived from them are left out: queue_log rounds
// durations down to whole seconds, the websocket carries milliseconds.
type countsOnly struct {
	queue                                                                  string
	start                                                                  int64
	offered, answered, abandoned, exited, completed, transferred, ringNoAn int
}

func counts(rows []kpi.IntervalRow) []countsOnly {
	out := make([]countsOnly, len(rows))
	for i, r := range rows {
		out[i] = countsOnly{r.Queue, r.Start.Unix(), r.Offered, r.Answered, r.Abandoned, r.Exited, r.Completed, r.Transferred, r.RingNoAnswer}
	}
	return out
}

// The server is killed mid-stream (listener closed, connections dropped),
// keeps publishing into its buffer while down, and comes back on the same
// address with the same stream. The client resumes after its last seq and
// ends with exactly the server's interval counters, and with the counts of
// the queue_log the server wrote, read back through the report path.
func TestResumeAfterServerRestart(t *testing.T) {
	r := newRig(t, ServerOptions{PingEvery: time.Second})
	f := r.feed(24)
	c, rec := startClient(t, r.url(), nil)
	eventually(t, "the client is connected", func() bool { return r.srv.Clients() == 1 })

	n1 := f.advance(day0.Add(40 * time.Minute))
	eventually(t, "the client has the first 40 minutes", func() bool { return sameRows(rec.rows(t), serverRows(r.srv)) })

	addr := r.addr
	r.stop()
	eventually(t, "the client notices the server is gone", func() bool { return rec.saw("reconnecting", "reconnecting (attempt") })
	n2 := f.advance(day0.Add(100 * time.Minute)) // published while no client is connected
	r.start(addr)
	n3 := f.advance(day0.Add(130 * time.Minute))
	if n1 == 0 || n2 == 0 || n3 == 0 {
		t.Fatalf("the simulator produced too little to test with: %d, %d, %d events", n1, n2, n3)
	}

	eventually(t, "the client has caught up after resuming", func() bool { return sameRows(rec.rows(t), serverRows(r.srv)) })
	got := rec.rows(t)
	for _, row := range got {
		if row.Incomplete {
			t.Errorf("%s %s marked incomplete, but nothing was lost", row.Queue, row.Start.Format("15:04"))
		}
	}
	// 09:00 to 11:10 spans five half-hours (09:00 … 11:00) with calls in
	// every one of them in the 24-agent centre.
	starts := map[int64]bool{}
	for _, row := range got {
		starts[row.Start.Unix()] = true
	}
	if len(starts) != 5 {
		t.Errorf("intervals: got %d, want 5 (09:00 to 11:00)", len(starts))
	}
	want := counts(logRows(t, f.log.Bytes()))
	if g := counts(got); len(g) != len(want) {
		t.Fatalf("client has %d rows, the written log %d", len(g), len(want))
	} else {
		for i := range g {
			if g[i] != want[i] {
				t.Errorf("row %d: client %+v, written log %+v", i, g[i], want[i])
			}
		}
	}
	cc := c.Counts()
	if cc.Connects < 2 || cc.Gaps != 0 || cc.Jumps != 0 || cc.Malformed != 0 || cc.NewStreams != 0 {
		t.Errorf("counts: %+v; want ≥ 2 connects and no gap, jump, malformed message or new stream", cc)
	}
	if cc.Events != n1+n2+n3 {
		t.Errorf("events decoded: got %d, want %d (%d + %d + %d, each once: the resume asks only for what is missing)", cc.Events, n1+n2+n3, n1, n2, n3)
	}
}

// With a buffer of 60 events, a client away for 90 simulated minutes
// comes back to a gap: the intervals from its last event to the first
// buffered one are marked incomplete, in the snapshot and in the report;
// the intervals before keep their exact counts.
func TestGapMarksIncomplete(t *testing.T) {
	r := newRig(t, ServerOptions{PingEvery: time.Second, Buffer: 60})
	f := r.feed(24)
	c, rec := startClient(t, r.url(), nil)
	eventually(t, "the client is connected", func() bool { return r.srv.Clients() == 1 })

	f.advanceBy(day0.Add(40*time.Minute), 30*time.Second, c) // 09:00–09:40
	eventually(t, "the client has the first 40 minutes", func() bool { return sameRows(rec.rows(t), serverRows(r.srv)) })
	before := rec.rows(t)
	var lastBefore time.Time
	r.srv.Inspect(func(s *kpi.State) { lastBefore = s.Latest() })

	addr := r.addr
	r.stop()
	eventually(t, "the client notices the server is gone", func() bool { return rec.saw("reconnecting", "reconnecting (attempt") })
	f.advance(day0.Add(130 * time.Minute)) // to 11:10: far more than 60 events
	var firstAfter time.Time
	r.srv.Inspect(func(*kpi.State) { firstAfter = r.srv.ring.buf[r.srv.ring.first()%uint64(len(r.srv.ring.buf))].Time })
	r.start(addr)
	eventually(t, "the gap arrived", func() bool { return c.Counts().Gaps == 1 })
	// One snapshot came with the first connection (a new client), one with the gap.
	eventually(t, "the client has the live state", func() bool { return c.Counts().Snapshots == 2 })

	// The preconditions of the expectations below: the last event before
	// the gap is in 09:30–10:00, the oldest buffered one in 11:00–11:30
	// (60 events are some eight minutes of this centre).
	h := func(s string) time.Time {
		t, _ := time.Parse("15:04", s)
		return day0.Add(t.Sub(time.Date(0, 1, 1, 9, 0, 0, 0, time.UTC)))
	}
	if lastBefore.Before(h("09:30")) || !lastBefore.Before(h("10:00")) || firstAfter.Before(h("11:00")) || !firstAfter.Before(h("11:30")) {
		t.Fatalf("scenario moved: last event before the gap %s, first after %s", lastBefore.Format("15:04:05"), firstAfter.Format("15:04:05"))
	}
	// So 09:30, 10:00, 10:30 and 11:00 are incomplete, for every queue;
	// 09:00 is not, and its counts are the ones seen before the gap.
	wantMarked := map[string]bool{"09:30": true, "10:00": true, "10:30": true, "11:00": true}
	var snap *kpi.Snapshot
	if err := rec.Do(t.Context(), func(s *kpi.State) { snap = s.Snapshot(h("11:10")) }); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, row := range snap.Intervals {
		hm := row.Start.Format("15:04")
		if row.Incomplete != wantMarked[hm] {
			t.Errorf("snapshot interval %s %s: incomplete = %v, want %v", row.Queue, hm, row.Incomplete, wantMarked[hm])
		}
		seen[hm] = true
	}
	for hm := range wantMarked {
		if !seen[hm] {
			t.Errorf("snapshot has no interval %s (an incomplete interval must show even without calls)", hm)
		}
	}
	for _, row := range before {
		if row.Start.Format("15:04") != "09:00" {
			continue
		}
		for _, now := range snap.Intervals {
			if now.Queue == row.Queue && now.Start.Equal(row.Start) && now.Counters != row.Counters {
				t.Errorf("09:00 %s changed across the gap: %+v → %+v", row.Queue, row.Counters, now.Counters)
			}
		}
	}

	var out bytes.Buffer
	if err := report.Queues(&out, rec.rows(t), report.Options{Format: report.CSV, Location: time.UTC}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	header := strings.Split(lines[0], ",")
	col := -1
	for i, h := range header {
		if h == "incomplete" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("report has no incomplete column: %s", lines[0])
	}
	marked := 0
	for _, l := range lines[1:] {
		if strings.Split(l, ",")[col] == "true" {
			marked++
		}
	}
	// Four marked half-hours × (4 queues + the centre row) = 20 rows.
	if marked != 20 {
		t.Errorf("report rows marked incomplete: got %d, want 20\n%s", marked, out.String())
	}
}

// ?format=queue_log serves the same events as queue_log lines, which the
// client decodes with the file decoder: its counts match the written log.
func TestQueueLogFormat(t *testing.T) {
	r := newRig(t, ServerOptions{PingEvery: time.Second})
	f := r.feed(24)
	n := f.advance(day0.Add(40 * time.Minute))
	c, rec := startClient(t, r.url()+"?format=queue_log", nil)
	eventually(t, "every line decoded", func() bool { return c.Counts().Events == n })
	want := counts(logRows(t, f.log.Bytes()))
	got := counts(rec.rows(t))
	if len(got) != len(want) {
		t.Fatalf("rows: got %d, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("row %d: client %+v, written log %+v", i, got[i], want[i])
		}
	}
	if cc := c.Counts(); cc.Stream != "" || cc.Malformed != 0 {
		t.Errorf("counts %+v: want no stream (no hello) and nothing malformed", cc)
	}
}
