package replay

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
)

// view is what a seek must get right: every read-out of the state at t.
type view struct {
	Snap      *kpi.Snapshot
	Rows      []kpi.IntervalRow
	AgentRows []kpi.AgentRow
	Calls     []kpi.WaitingCall
	Agents    []kpi.LiveAgent
	Abandoned []kpi.AbandonedCall
}

func viewAt(s *kpi.State, t time.Time) view {
	return view{s.Snapshot(t), s.Rows(), s.AgentRows(), s.LiveCalls(), s.LiveAgents(t), s.AbandonedCalls()}
}

// rebuilt is the state a player without checkpoints builds for t from the
// start of the files: what every seek must give.
func rebuilt(t *testing.T, files []string, at time.Time) view {
	v, _ := rebuiltSeq(t, files, at)
	return v
}

// rebuiltSeq is rebuilt with the number of events the files gave before
// the next one to apply (the player's seq).
func rebuiltSeq(t *testing.T, files []string, at time.Time) (view, int64) {
	t.Helper()
	p, err := New(Options{Files: files, Config: utcConfig(), Hub: kpi.NewHub()})
	if err != nil {
		t.Fatal(err)
	}
	p.ckpts.off = true
	p.reset()
	p.seek(at)
	return viewAt(p.state, at), p.seq
}

func sameView(t *testing.T, what string, got, want view) {
	t.Helper()
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := 0; i < g.NumField(); i++ {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			t.Errorf("%s: %s differs from a rebuild from the start", what, g.Type().Field(i).Name)
		}
	}
}

// seekRecorder is a file that remembers where it was sought to.
type seekRecorder struct {
	*os.File
	to *[]int64
}

func (s seekRecorder) Seek(off int64, whence int) (int64, error) {
	*s.to = append(*s.to, off)
	return s.File.Seek(off, whence)
}

// recordingPlayer plays path with every open counted in opens and every
// seek of the files recorded in seeks.
func recordingPlayer(t *testing.T, path string, opens *int, seeks *[]int64) *Player {
	t.Helper()
	open := func(name string) (io.ReadCloser, error) {
		*opens++
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		return seekRecorder{f, seeks}, nil
	}
	p, err := New(Options{Files: []string{path}, Config: utcConfig(), Hub: kpi.NewHub(), Open: open})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Seeking back and forth over a simulated day (200 agents, overloaded)
// gives exactly the state a rebuild from the start gives, and does so by
// restoring the checkpoint before the target: the file is reopened at that
// checkpoint's line instead of read from its first line.
func TestCheckpointSeeksMatchRebuild(t *testing.T) {
	path := writeSimDay(t, 200, 1.3)
	var seeks []int64
	opens := 0
	p := recordingPlayer(t, path, &opens, &seeks)
	p.batch = 1000 // a seek forward past 1 000 events restores a checkpoint
	p.reset()
	p.seek(p.End())
	// The day runs from 00:00 to 23:59:59: boundaries at 01:00 … 23:00
	// would be 23 checkpoints; past 12 the spacing doubles (2 h: 02:00 …
	// 12:00, then 14:00 … 22:00), leaving 11.
	if n, sp := len(p.ckpts.list), p.ckpts.spacing; n != 11 || sp != 2*time.Hour {
		t.Fatalf("%d checkpoints %v apart, want 11, 2h apart", n, sp)
	}
	for i, cp := range p.ckpts.list {
		if want := time.Date(2026, 3, 2, 2*(i+1), 0, 0, 0, time.UTC); !cp.boundary.Equal(want) {
			t.Errorf("checkpoint %d at %v, want %v", i, cp.boundary, want)
		}
	}
	day := func(h, m, s int) time.Time { return time.Date(2026, 3, 2, h, m, s, 0, time.UTC) }
	for _, tc := range []struct {
		at       time.Time
		from     time.Time // the checkpoint restored; zero: none (a rebuild)
		restored bool
	}{
		{day(17, 0, 0), day(16, 0, 0), true},   // back
		{day(9, 30, 0), day(8, 0, 0), true},    // back again
		{day(12, 0, 0), day(12, 0, 0), true},   // exactly on a checkpoint, forward past two
		{day(0, 40, 0), time.Time{}, false},    // before the first: from the start
		{day(23, 59, 59), day(22, 0, 0), true}, // forward, far
		{day(23, 10, 0), day(22, 0, 0), true},  // back a little
		{day(13, 30, 0), day(12, 0, 0), true},
	} {
		seeks, opens = nil, 0
		p.seek(tc.at)
		what := "seek to " + tc.at.Format("15:04:05.000")
		want, seq := rebuiltSeq(t, []string{path}, tc.at)
		sameView(t, what, viewAt(p.state, tc.at), want)
		if p.seq != seq {
			t.Errorf("%s: at event %d, want %d", what, p.seq, seq)
		}
		if !tc.restored {
			if opens != 1 || len(seeks) != 0 {
				t.Errorf("%s: %d opens, seeks %v; want the file read once from its start", what, opens, seeks)
			}
			continue
		}
		var cp *checkpoint
		for i := range p.ckpts.list {
			if p.ckpts.list[i].boundary.Equal(tc.from) {
				cp = &p.ckpts.list[i]
			}
		}
		if cp == nil || opens != 1 || len(seeks) == 0 || seeks[len(seeks)-1] != cp.off || cp.off <= 0 {
			t.Errorf("%s: %d opens, seeks %v; want the file opened once at the %v checkpoint's line", what, opens, seeks, tc.from.Format("15:04"))
		}
	}
}

// threeDays is a call every 10 minutes for 72 hours from 2026-03-02
// 00:00 UTC, each answered after 10 s and completed a minute later.
func threeDays() string {
	var b strings.Builder
	base := int64(1772409600) // 2026-03-02 00:00:00 UTC
	for i := int64(0); i < 72*6; i++ {
		e := base + i*600
		fmt.Fprintf(&b, "%d|c%d|sales|NONE|ENTERQUEUE||555%d|1\n", e, i, i%50)
		fmt.Fprintf(&b, "%d|c%d|sales|Ann|CONNECT|10|x|2\n", e+10, i)
		fmt.Fprintf(&b, "%d|c%d|sales|Ann|COMPLETECALLER|10|60|1\n", e+70, i)
	}
	return b.String()
}

// Over three days the checkpoints stay at most 12, evenly spread: each
// time a 13th is due the spacing doubles and every other one goes.
func TestCheckpointsThinEvenly(t *testing.T) {
	path := writeFile(t, "queue_log", threeDays())
	p, err := New(Options{Files: []string{path}, Config: utcConfig(), Hub: kpi.NewHub()})
	if err != nil {
		t.Fatal(err)
	}
	p.reset()
	p.seek(p.End())
	// Hours after the start: 1…12 (12 kept); at 13 the spacing goes to
	// 2 h (2…12 kept), then 14…24 (12); at 26 to 4 h (4…24), then
	// 28…48 (12); at 52 to 8 h (8…48), then 56 and 64 (the last line is
	// at 71:51:10): 8 checkpoints, 8 h apart.
	if n, sp := len(p.ckpts.list), p.ckpts.spacing; n != 8 || sp != 8*time.Hour {
		t.Fatalf("%d checkpoints %v apart, want 8, 8h apart", n, sp)
	}
	var sum int64
	for i, cp := range p.ckpts.list {
		if want := time.Unix(1772409600+int64(i+1)*8*3600, 0); !cp.boundary.Equal(want) {
			t.Errorf("checkpoint %d at %v, want %v", i, cp.boundary.UTC(), want.UTC())
		}
		sum += cp.size
	}
	if sum != p.ckpts.bytes {
		t.Errorf("bytes %d, want the sum of the sizes %d", p.ckpts.bytes, sum)
	}
	at := time.Unix(1772409600+50*3600+300, 0) // 50:05: from the 48 h one
	p.seek(at)
	sameView(t, "seek to 50:05", viewAt(p.state, at), rebuilt(t, []string{path}, at))
}

// The byte budget thins the list as the count does, and a state too big
// for a third of it is never copied: seeks then rebuild, still right.
func TestCheckpointBudget(t *testing.T) {
	path := writeFile(t, "queue_log", threeDays())
	at := time.Unix(1772409600+30*3600, 0)
	want := rebuilt(t, []string{path}, at)
	for _, tc := range []struct {
		budget int64
		check  func(c *checkpoints) string
	}{
		{1, func(c *checkpoints) string { // every state is over a third of a byte
			if len(c.list) != 0 {
				return fmt.Sprintf("%d checkpoints, want none", len(c.list))
			}
			return ""
		}},
		{0, func(c *checkpoints) string { // set below: three of the largest state
			// The count bound alone leaves 8 (TestCheckpointsThinEvenly).
			if len(c.list) == 0 || len(c.list) >= 8 || c.bytes > c.budget {
				return fmt.Sprintf("%d checkpoints of %d bytes in a budget of %d, want 1 to 7 within it", len(c.list), c.bytes, c.budget)
			}
			return ""
		}},
	} {
		p, err := New(Options{Files: []string{path}, Config: utcConfig(), Hub: kpi.NewHub()})
		if err != nil {
			t.Fatal(err)
		}
		p.ckpts.budget = tc.budget
		if tc.budget == 0 {
			// The state only grows over the three days (nothing is
			// pruned before day 3): three times its size at the end.
			p.reset()
			p.seek(p.End())
			p.ckpts = newCheckpoints()
			p.ckpts.budget = 3 * p.state.Footprint()
		}
		p.reset()
		p.seek(p.End())
		if msg := tc.check(&p.ckpts); msg != "" {
			t.Errorf("budget %d: %s", p.ckpts.budget, msg)
		}
		p.seek(at)
		sameView(t, fmt.Sprintf("budget %d: seek to 30:00", p.ckpts.budget), viewAt(p.state, at), want)
	}
}

// A compressed file, a CSV export and plain text played as one replay:
// checkpoints in the first two resume by re-reading and skipping events
// (their lines are not byte offsets of the file), in the third at the
// line; every seek still matches a rebuild.
func TestCheckpointsAcrossFormats(t *testing.T) {
	day := func(d int) string { return dayText(t0 + int64(d)*86400) }
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(day(0)))
	zw.Close()
	gz := writeFile(t, "queue_log-2.gz", z.String())
	var csv strings.Builder
	csv.WriteString("time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n")
	for _, line := range strings.Split(strings.TrimSpace(day(1)), "\n") {
		f := strings.Split(line, "|")
		for len(f) < 10 {
			f = append(f, "")
		}
		sec := int64(0)
		fmt.Sscan(f[0], &sec)
		f[0] = time.Unix(sec, 0).UTC().Format("2006-01-02 15:04:05")
		csv.WriteString(strings.Join(f, ",") + "\n")
	}
	csvPath := writeFile(t, "queue_log-1.csv", csv.String())
	plain := writeFile(t, "queue_log", day(2))
	files := []string{gz, csvPath, plain}
	p, err := New(Options{Files: files, Config: utcConfig(), Hub: kpi.NewHub()})
	if err != nil {
		t.Fatal(err)
	}
	p.reset()
	p.seek(p.End())
	// Each day has lines from 09:00 to 10:51:10. The first is at 09:00 of
	// day 0, so the first boundary is 10:00; the next event past 11:00
	// is the next day's 09:00, which takes that hour's: checkpoints at
	// 10:00 of day 0 (in the compressed file), 09:00 and 10:00 of day 1
	// (the CSV), 09:00 and 10:00 of day 2 (the text).
	wantFile := []int{0, 1, 1, 2, 2}
	if n := len(p.ckpts.list); n != len(wantFile) {
		t.Fatalf("%d checkpoints, want %d", n, len(wantFile))
	}
	for i, cp := range p.ckpts.list {
		// Lines are known for queue_log decoders: the compressed and the
		// text file, not the CSV.
		if cp.file != wantFile[i] || (cp.line > 0) != (cp.file != 1) {
			t.Errorf("checkpoint %d: file %d, line %d", i, cp.file, cp.line)
		}
	}
	for _, d := range []int{2, 1, 0, 2} {
		at := time.Unix(t0+int64(d)*86400+3600+900, 0) // 10:15 of day d
		p.seek(at)
		sameView(t, fmt.Sprintf("seek to day %d 10:15", d), viewAt(p.state, at), rebuilt(t, files, at))
	}
	// The text file's checkpoint was found at its byte offset; the
	// compressed file's could not be (it was resumed by skipping).
	if l := p.ckpts.list; l[0].off != -1 || l[4].off <= 0 {
		t.Errorf("offsets: compressed %d, text %d; want -1 and > 0", l[0].off, l[4].off)
	}
}

// A file changed since it was read is not played from a checkpoint's
// place in it: the event there is checked, and when it is not the one the
// checkpoint was taken before, the seek rebuilds from the start.
func TestCheckpointFileChanged(t *testing.T) {
	path := writeFile(t, "queue_log", threeDays())
	p, err := New(Options{Files: []string{path}, Config: utcConfig(), Hub: kpi.NewHub()})
	if err != nil {
		t.Fatal(err)
	}
	p.reset()
	p.seek(p.End())
	// The same number of lines, every call id changed: each checkpoint's
	// line now holds another event.
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(threeDays(), "|c", "|x")), 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1772409600+20*3600, 0)
	p.seek(at)
	sameView(t, "seek in a changed file", viewAt(p.state, at), rebuilt(t, []string{path}, at))
}

// A checkpoint can be taken after the replay clock moved the state past
// its boundary (playing at a speed, the state is moved to the clock
// between events). A seek to a time between the boundary and that clock
// must not start from it: what ended meanwhile had not ended yet.
func TestCheckpointMovedPastItsBoundary(t *testing.T) {
	// Ann completes a call at 09:59:30; with 60 s of wrap-up she is in
	// wrap-up until 10:00:30. The next lines are at 10:20 and 10:40.
	text := fmt.Sprintf("%d|a|sales|NONE|ENTERQUEUE||555|1\n%d|a|sales|Ann|CONNECT|10|x|2\n%d|a|sales|Ann|COMPLETECALLER|10|3560|1\n%d|b|sales|NONE|ENTERQUEUE||556|1\n%d|c|sales|NONE|ENTERQUEUE||557|1\n",
		t0, t0+10, t0+3570, t0+4800, t0+6000)
	path := writeFile(t, "queue_log", text)
	cfg := utcConfig()
	cfg.Rules.Wrapup = time.Minute
	wall := &fakeWall{now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	p, err := New(Options{Files: []string{path}, Config: cfg, Hub: kpi.NewHub(), Speed: 60, Wall: wall.Now})
	if err != nil {
		t.Fatal(err)
	}
	p.reset()
	p.seek(p.Clock())
	wall.now = wall.now.Add(70 * time.Second) // ×60: 70 min, 10:10
	p.play()
	wall.now = wall.now.Add(15 * time.Second) // 10:25: the 10:20 line is past 10:00
	p.play()
	if n := len(p.ckpts.list); n != 1 || !p.ckpts.list[0].at.Equal(time.Unix(t0+4200, 0)) {
		t.Fatalf("%d checkpoints, want 1, of the state moved to 10:10", n)
	}
	at := time.Unix(t0+3615, 0) // 10:00:15
	p.SeekTo(at)
	drain(p)
	// Ann has been in wrap-up since 09:59:30: 45 s of it today so far. A
	// state moved to 10:10 has her whole 60 s closed, and the time since
	// 10:00:30 available.
	snap := p.state.Snapshot(at)
	if len(snap.Agents) != 1 {
		t.Fatalf("agents %+v", snap.Agents)
	}
	if a := snap.Agents[0]; a.Status.String() != "wrapup" || a.Today.AgentWrapup != 45*time.Second || a.Today.AgentAvailable != 0 {
		t.Errorf("Ann at 10:00:15: %v, wrap-up today %v, available %v; want wrapup, 45s, 0s", a.Status, a.Today.AgentWrapup, a.Today.AgentAvailable)
	}
}

// Options.CheckpointBudget: a negative budget keeps no checkpoint (every
// seek back rebuilds, still right); a positive one replaces the default.
func TestCheckpointBudgetOption(t *testing.T) {
	path := writeFile(t, "queue_log", threeDays())
	at := time.Unix(1772409600+30*3600, 0)
	want := rebuilt(t, []string{path}, at)
	for _, budget := range []int64{-1, 1 << 30} {
		p, err := New(Options{Files: []string{path}, Config: utcConfig(), Hub: kpi.NewHub(), CheckpointBudget: budget})
		if err != nil {
			t.Fatal(err)
		}
		p.reset()
		p.seek(p.End())
		switch n := len(p.ckpts.list); {
		case budget < 0 && n != 0:
			t.Errorf("budget %d: %d checkpoints, want none", budget, n)
		case budget > 0 && (n == 0 || p.ckpts.budget != budget):
			t.Errorf("budget %d: %d checkpoints within %d, want some within the budget given", budget, n, p.ckpts.budget)
		}
		p.seek(at)
		sameView(t, fmt.Sprintf("budget %d: seek to 30:00", budget), viewAt(p.state, at), want)
	}
}

// Checkpoints taken after a restore (the replay resumed a file in its
// middle, then played on past its last checkpoint) still know their line
// in the file, so a later seek to them reopens the file at that line once
// instead of failing the check there and reading the file from its start.
func TestCheckpointAfterRestoreKnowsItsLine(t *testing.T) {
	path := writeSimDay(t, 50, 1.2)
	var seeks []int64
	opens := 0
	p := recordingPlayer(t, path, &opens, &seeks)
	day := func(h, m int) time.Time { return time.Date(2026, 3, 2, h, m, 0, 0, time.UTC) }
	p.reset()
	p.seek(day(10, 0)) // checkpoints at 01:00 … 10:00
	p.seek(day(3, 30)) // restores 03:00: the file resumed at its line
	p.seek(day(9, 0))  // plays on from there, over ground the list covers
	p.seek(day(11, 30))
	// 11:00 was taken by the player resumed at 03:00's line.
	var cp *checkpoint
	for i := range p.ckpts.list {
		if p.ckpts.list[i].boundary.Equal(day(11, 0)) {
			cp = &p.ckpts.list[i]
		}
	}
	if cp == nil {
		t.Fatalf("no 11:00 checkpoint among %d", len(p.ckpts.list))
	}
	p.seek(day(11, 45))
	seeks, opens = nil, 0
	p.seek(day(11, 10)) // back: from the 11:00 checkpoint
	want, seq := rebuiltSeq(t, []string{path}, day(11, 10))
	sameView(t, "seek to 11:10", viewAt(p.state, day(11, 10)), want)
	if p.seq != seq {
		t.Errorf("at event %d, want %d", p.seq, seq)
	}
	if opens != 1 || len(seeks) == 0 || seeks[len(seeks)-1] != cp.off {
		t.Errorf("%d opens, seeks %v; want the file opened once at the 11:00 checkpoint's line (offset %d)", opens, seeks, cp.off)
	}
}
