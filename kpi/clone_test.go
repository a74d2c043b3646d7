package kpi

import (
	"fmt"
	"maps"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/sim"
)

// cloneDay is a day and a half of a simulated centre of 300 agents at load
// 1.4 (so calls wait, abandon and time out), 00:00 on 2026-03-02 to 12:00
// the next day, with what the simulator does not write added in:
//   - agents with an odd id log in with their interface (SIP/1001) and an
//     UNPAUSE by member name follows in the same second, as FreePBX
//     writes it: the state learns the alias and merges the two records;
//   - a QUEUESTART at 13:00 (every call forgotten mid-day);
//   - a survey after every 7th completion;
//   - every 97th unpause is followed by an agent.state line (ringing),
//     which the agent's next line replaces.
//
// It returns the events and the config to apply them with: 30-minute
// intervals, one day kept (the second day prunes the first), each queue's
// wrap-up as the simulator's.
func cloneDay(t *testing.T) ([]feed.Event, Config) {
	t.Helper()
	sc := sim.Default()
	sc.Agents, sc.Load, sc.Location = 300, 1.4, time.UTC
	sc.Start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	sm, err := sim.New(sc)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Location, cfg.KeepDays = time.UTC, 1
	cfg.Queues = map[string]QueueRules{}
	for _, q := range sm.Queues() {
		r := cfg.Rules
		r.Wrapup, _ = sm.WrapUp(q)
		cfg.Queues[q] = r
	}
	restart := time.Date(2026, 3, 2, 13, 0, 0, 0, time.UTC)
	var evs []feed.Event
	completions, unpauses := 0, 0
	sm.Advance(sc.Start.Add(36*time.Hour), func(e *feed.Event) {
		ev := *e
		if !restart.IsZero() && !ev.Time.Before(restart) {
			evs = append(evs, feed.Event{Time: restart, Kind: feed.SystemStart, Verb: "QUEUESTART"})
			restart = time.Time{}
		}
		if ev.Verb == "ADDMEMBER" && oddID(ev.Agent) {
			name := ev.Agent
			ev.Agent = "SIP/" + name
			evs = append(evs, ev)
			un := feed.Event{Time: ev.Time, Kind: feed.AgentUnpaused, Verb: "UNPAUSE", Queue: ev.Queue, Agent: name}
			evs = append(evs, un)
			return
		}
		evs = append(evs, ev)
		switch ev.Kind {
		case feed.CallCompleted, feed.CallTransferred:
			if completions++; completions%7 == 0 {
				evs = append(evs, feed.Event{Time: ev.Time.Add(time.Minute), Kind: feed.Survey, Verb: "SURVEY",
					Queue: ev.Queue, CallID: ev.CallID, CSAT: int8(1 + completions%5), NPS: int8(completions % 11),
					Resolved: int8(completions % 2)})
			}
		case feed.AgentUnpaused:
			if unpauses++; unpauses%97 == 0 {
				evs = append(evs, feed.Event{Time: ev.Time, Kind: feed.AgentStateChange, Verb: "agent.state",
					Agent: ev.Agent, Status: feed.StatusRinging})
			}
		}
	})
	return evs, cfg
}

func oddID(id string) bool {
	return id != "" && strings.IndexByte("13579", id[len(id)-1]) >= 0
}

// readOut is everything a state tells the outside.
type readOut struct {
	Snap, Later *Snapshot
	Rows        []IntervalRow
	AgentRows   []AgentRow
	Calls       []WaitingCall
	Agents      []LiveAgent
	Abandoned   []AbandonedCall
	Latest      time.Time
	Version     uint64
	Config      Config
}

// readOuts reads s at its latest event and two hours later (wrap-ups
// ended since, and open agent time up to then).
func readOuts(s *State) readOut {
	now := s.Latest()
	// AgentRows' PausedBy maps are the state's own (AgentRows copies each
	// row, not its map): copied here, or a read-out taken earlier would
	// change as the state goes on.
	rows := s.AgentRows()
	for i := range rows {
		rows[i].PausedBy = maps.Clone(rows[i].PausedBy)
	}
	return readOut{
		Snap: s.Snapshot(now), Later: s.Snapshot(now.Add(2 * time.Hour)),
		Rows: s.Rows(), AgentRows: rows, Calls: s.LiveCalls(), Agents: s.LiveAgents(now),
		Abandoned: s.AbandonedCalls(), Latest: s.Latest(), Version: s.Version(), Config: s.Config(),
	}
}

// sameReadOuts fails the test when a and b differ, naming the first part
// that does.
func sameReadOuts(t *testing.T, what string, a, b readOut) {
	t.Helper()
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := 0; i < va.NumField(); i++ {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			t.Errorf("%s: %s differs", what, va.Type().Field(i).Name)
		}
	}
}

// dropCaches clears what Clone does not copy because it is only a cache
// (the call table's free list and last lookup, the caller table's scratch
// codes), so that two states can be compared whole.
func dropCaches(s *State) {
	s.calls.free = nil
	s.calls.last, s.calls.rec, s.calls.prev, s.calls.first, s.calls.cached = callKey{}, nil, nil, nil, false
	s.q.callers.codes = nil
}

// checkInteresting makes sure the day exercises what Clone must copy, so
// that the tests below cannot pass on a state that lacks it.
func checkInteresting(t *testing.T, s *State) {
	t.Helper()
	if len(s.ids.learned) < 100 {
		t.Errorf("%d aliases learned, want the ~150 odd-id agents", len(s.ids.learned))
	}
	if len(s.wraps) == 0 || s.calls.waitingLen() == 0 || len(s.calls.free) == 0 {
		t.Errorf("wraps %d, waiting %d, free %d: want some of each", len(s.wraps), s.calls.waitingLen(), len(s.calls.free))
	}
	if s.q.callers.len() == 0 || len(s.q.abandoned) != DefaultAbandonedKeep || s.q.head == 0 {
		t.Errorf("callers %d, abandoned %d (head %d): want the ring full and wrapped",
			s.q.callers.len(), len(s.q.abandoned), s.q.head)
	}
}

// A clone taken anywhere in the day is the state itself: equal at once,
// field by field, and after the rest of the day is applied to both (the
// original by Apply, the clone by Apply or by MarkRepeats+ApplyMarked),
// equal in every read-out.
func TestCloneContinuesLikeOriginal(t *testing.T) {
	evs, cfg := cloneDay(t)
	s := NewState(cfg)
	// Clone points: early morning, mid-morning, just after the QUEUESTART,
	// late evening, the next morning (after the first day was pruned).
	points := []int{len(evs) / 20, len(evs) / 4, 0, len(evs) * 2 / 3, len(evs) * 9 / 10}
	for i := range evs {
		if evs[i].Kind == feed.SystemStart {
			points[2] = i + 1
		}
	}
	sort.Ints(points)
	type fork struct {
		at     int
		s      *State
		marked bool
	}
	var forks []fork
	next := 0
	for i := range evs {
		for next < len(points) && points[next] == i {
			c := s.Clone()
			dropCaches(s)
			dropCaches(c)
			if !reflect.DeepEqual(s, c) {
				t.Fatalf("clone at event %d is not equal to the original", i)
			}
			sameReadOuts(t, fmt.Sprintf("at event %d", i), readOuts(s), readOuts(c))
			forks = append(forks, fork{at: i, s: c, marked: next%2 == 1})
			next++
		}
		s.Apply(&evs[i])
	}
	if next != len(points) {
		t.Fatalf("took %d clones, want %d", next, len(points))
	}
	checkInteresting(t, s)
	for _, f := range forks {
		rest := evs[f.at:]
		if f.marked {
			var marks RepeatMarks
			for len(rest) > 0 {
				n := min(len(rest), 1000)
				marks = f.s.MarkRepeats(rest[:n], marks)
				f.s.ApplyMarked(rest[:n], marks)
				rest = rest[n:]
			}
		} else {
			for i := range rest {
				f.s.Apply(&rest[i])
			}
		}
	}
	want := readOuts(s)
	s.CloseAt(s.Latest().Add(time.Hour))
	wantClosed := s.AgentRows()
	for _, f := range forks {
		what := fmt.Sprintf("clone at event %d, rest applied", f.at)
		sameReadOuts(t, what, want, readOuts(f.s))
		f.s.CloseAt(f.s.Latest().Add(time.Hour))
		if !reflect.DeepEqual(wantClosed, f.s.AgentRows()) {
			t.Errorf("%s: agent rows after CloseAt differ", what)
		}
	}
}

// Changing a clone leaves the original as it was, and the other way
// round: every mutator is run on one of the two.
func TestCloneIsIndependent(t *testing.T) {
	evs, cfg := cloneDay(t)
	half := len(evs) / 2
	for _, changeClone := range []bool{true, false} {
		s := NewState(cfg)
		for i := range evs[:half] {
			s.Apply(&evs[i])
		}
		before := readOuts(s)
		c := s.Clone()
		changed, kept := c, s
		if !changeClone {
			changed, kept = s, c
		}
		for i := range evs[half:] {
			changed.Apply(&evs[half+i])
		}
		at := changed.Latest()
		changed.Advance(at.Add(time.Hour))
		changed.MarkIncomplete(at.Add(-3*time.Hour), at)
		changed.ReplaceLive(at, []WaitingCall{{Queue: "sales", CallID: "x1", Caller: "5550001", Since: at}},
			[]LiveAgent{{ID: "1002", Status: feed.StatusBusy, Queues: []string{"sales"}, CallID: "x0", CallQueue: "sales", CallSince: at}})
		changed.SetAbandonedLimit(3)
		changed.SetSource(SourceStatus{Name: "changed", State: "ended"})
		changed.CloseAt(at.Add(2 * time.Hour))
		changed.Reset()
		sameReadOuts(t, fmt.Sprintf("kept (clone changed: %v)", changeClone), before, readOuts(kept))
	}
}

// A record that no map holds any more is still the clone's to carry on:
// SIP/7 answers a call, and while its wrap-up runs it turns out to be
// agent 1007, which already exists. The merge drops SIP/7's record from
// the agents, but the wrap-up heap still holds it, and its cached row is
// one the merge folded into 1007's. When the wrap-up ends, that record
// writes its time into that row, which no read-out shows; a clone that
// lost the record, or gave it no copy of the row, would show a different
// day.
func TestCloneKeepsDroppedRecords(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Location = time.UTC
	cfg.Rules.Wrapup = 60 * time.Second
	at := func(s int) time.Time { return time.Date(2026, 3, 2, 9, 0, s, 0, time.UTC) }
	evs := []feed.Event{
		{Time: at(0), Kind: feed.AgentLogin, Verb: "ADDMEMBER", Queue: "sales", Agent: "1007"},
		{Time: at(1), Kind: feed.AgentLogin, Verb: "ADDMEMBER", Queue: "sales", Agent: "SIP/7"},
		{Time: at(2), Kind: feed.AgentPaused, Verb: "PAUSE", Queue: "sales", Agent: "1007", Reason: "lunch"},
		{Time: at(5), Kind: feed.CallEnqueued, Verb: "ENTERQUEUE", Queue: "sales", CallID: "c1", Caller: "5551"},
		{Time: at(10), Kind: feed.CallAnswered, Verb: "CONNECT", Queue: "sales", CallID: "c1", Agent: "SIP/7", Wait: 5 * time.Second},
		{Time: at(40), Kind: feed.CallCompleted, Verb: "COMPLETECALLER", Queue: "sales", CallID: "c1", Agent: "SIP/7",
			Wait: 5 * time.Second, Talk: 30 * time.Second},
		// SIP/7 logs in again and 1007's unpause follows in the same second.
		{Time: at(50), Kind: feed.AgentLogin, Verb: "ADDMEMBER", Queue: "support", Agent: "SIP/7"},
		{Time: at(50), Kind: feed.AgentUnpaused, Verb: "UNPAUSE", Queue: "support", Agent: "1007"},
	}
	for i := range evs {
		for _, d := range []*time.Duration{&evs[i].Ring, &evs[i].Hold, &evs[i].Wrap} {
			*d = feed.NoDuration
		}
		if evs[i].Wait == 0 {
			evs[i].Wait = feed.NoDuration
		}
		if evs[i].Talk == 0 {
			evs[i].Talk = feed.NoDuration
		}
	}
	s := NewState(cfg)
	for i := range evs {
		s.Apply(&evs[i])
	}
	if s.agents["SIP/7"] != nil || len(s.wraps) != 1 || s.wraps[0].a.id != "SIP/7" {
		t.Fatalf("set-up: want SIP/7 merged away with its wrap-up pending; agents %d, wraps %d", len(s.agents), len(s.wraps))
	}
	c := s.Clone()
	if c.wraps[0].a == s.wraps[0].a || c.wraps[0].a.row == s.wraps[0].a.row || c.wraps[0].a.row == nil {
		t.Fatal("the clone shares the dropped record or its row, or lost the row")
	}
	// The wrap-up ends at 09:01:40 (completion at 09:00:40 + 60 s).
	end := at(100)
	s.Advance(end)
	c.Advance(end)
	sameReadOuts(t, "after the dropped record's wrap-up ended", readOuts(s), readOuts(c))
	// SIP/7 was busy 09:00:10–09:00:40 and in wrap-up from 09:00:40; the
	// merge at 09:00:50 folded its row (30 s busy, 10 s of wrap-up) into
	// 1007's. The dropped record's other 50 s of wrap-up (to 09:01:40) go
	// to the folded row, which no read-out shows, so SIP/7 has no row and
	// 1007's stays at 30 s and 10 s; the queue's agent time, kept apart,
	// has all 60 s in sales (SIP/7's last call's queue).
	for _, r := range c.AgentRows() {
		if r.Agent == "SIP/7" {
			t.Errorf("a row for SIP/7 appeared: %+v", r)
		}
		if r.Agent == "1007" && (r.Busy != 30*time.Second || r.Wrapup != 10*time.Second) {
			t.Errorf("1007's row: busy %v wrap-up %v, want 30s and 10s", r.Busy, r.Wrapup)
		}
	}
	for _, r := range c.Rows() {
		if r.Queue == "sales" && r.AgentWrapup != 60*time.Second {
			t.Errorf("sales agent wrap-up %v, want 60s", r.AgentWrapup)
		}
	}
}

// The clone shares no map, slice or pointer with the original but those
// of the configuration (read only) and zones: walked by reflection, so a
// field added to State later and left shallow is caught too.
func TestCloneSharesNothing(t *testing.T) {
	evs, cfg := cloneDay(t)
	s := NewState(cfg)
	for i := range evs[:len(evs)*2/3] {
		s.Apply(&evs[i])
	}
	c := s.Clone()
	seen := map[uintptr]string{}
	walkRefs(reflect.ValueOf(s), "s", func(p uintptr, path string) { seen[p] = path })
	shared := 0
	walkRefs(reflect.ValueOf(c), "c", func(p uintptr, path string) {
		if orig, ok := seen[p]; ok {
			if shared++; shared <= 5 {
				t.Errorf("%s is %s", path, orig)
			}
		}
	})
	if shared > 0 {
		t.Errorf("%d references shared", shared)
	}
	if len(seen) < 1000 {
		t.Errorf("walked %d references of the original, want thousands: the walk is broken", len(seen))
	}
}

// refWalker finds the address of every map, slice array and pointer target
// reachable from a value, skipping the configuration and zones.
type refWalker struct {
	fn   func(p uintptr, path string)
	done map[uintptr]bool
	refs map[reflect.Type]bool // hasRefs, by type
	loc  reflect.Type          // *time.Location: zones are shared
}

func walkRefs(v reflect.Value, path string, fn func(p uintptr, path string)) {
	w := &refWalker{fn: fn, done: map[uintptr]bool{}, refs: map[reflect.Type]bool{}, loc: reflect.TypeOf((*time.Location)(nil))}
	w.walk(v, path)
}

func (w *refWalker) walk(v reflect.Value, path string) {
	if !w.hasRefs(v.Type()) {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		p := v.Pointer()
		w.fn(p, path)
		if w.done[p] {
			return
		}
		w.done[p] = true
		w.walk(v.Elem(), path)
	case reflect.Map:
		if v.IsNil() {
			return
		}
		w.fn(v.Pointer(), path)
		for it := v.MapRange(); it.Next(); {
			k := fmt.Sprint(it.Key())
			w.walk(it.Key(), path+"[key "+k+"]")
			w.walk(it.Value(), path+"["+k+"]")
		}
	case reflect.Slice:
		if v.Cap() == 0 {
			return
		}
		w.fn(v.Pointer(), path)
		for i := 0; i < v.Len(); i++ {
			w.walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			w.walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.Type == reflect.TypeOf(Config{}) || (v.Type() == reflect.TypeOf(identity{}) && f.Name == "configured") {
				continue // the configuration: read only, shared
			}
			w.walk(v.Field(i), path+"."+f.Name)
		}
	case reflect.Interface:
		if !v.IsNil() {
			w.walk(v.Elem(), path)
		}
	default: // chan, func: no State holds one; if one appears, it is shared
		w.fn(v.Pointer(), path)
	}
}

// hasRefs reports whether a value of type t can hold a reference walk
// reports (strings are immutable and not counted; nor are zones).
func (w *refWalker) hasRefs(t reflect.Type) bool {
	if r, ok := w.refs[t]; ok {
		return r
	}
	r := false
	switch t.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		r = t != w.loc
	case reflect.Array:
		r = w.hasRefs(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField() && !r; i++ {
			r = w.hasRefs(t.Field(i).Type)
		}
	}
	w.refs[t] = r
	return r
}
