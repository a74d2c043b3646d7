package tui

import (
	"fmt"
	"io"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/themes"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// The fixed "now" of every fixture: Monday 10 March 2025, 10:37:30 in a
// fixed +01:00 zone (no tzdata needed).
var (
	fxLoc = time.FixedZone("CET", 3600)
	fxNow = time.Date(2025, 3, 10, 10, 37, 30, 0, fxLoc)
)

func ago(d time.Duration) time.Time { return fxNow.Add(-d) }

// fixture builds the board's reference snapshot: four queues, twelve
// agents in every state, three callers waiting, a morning of intervals and
// alarms. The expected figures (worked out by hand) are in view_test.go.
func fixture() *kpi.Snapshot {
	def := kpi.DefaultRules() // 20 s, outcome, 80 %
	support := kpi.QueueRules{SLThreshold: 30 * time.Second, ShortAbandon: 5 * time.Second, Profile: kpi.ProfileAnswered, SLTarget: 0.90}
	vip := kpi.QueueRules{SLThreshold: 10 * time.Second, ShortAbandon: 5 * time.Second, Profile: kpi.ProfileOfferedShort, SLTarget: 0.95}

	billing := kpi.QueueView{Name: "billing", Rules: def,
		Agents: kpi.StatusCounts{LoggedIn: 3, Available: 2, Ringing: 1}}
	sales := kpi.QueueView{Name: "sales", Rules: def, Waiting: 2, OldestSince: ago(45 * time.Second),
		Current: kpi.Counters{Offered: 5, Answered: 3, AnsweredInSL: 3, Abandoned: 1, SumWaitAnswered: 30 * time.Second},
		Day: kpi.Counters{Offered: 40, Answered: 34, AnsweredInSL: 30, Abandoned: 4, ShortAbandoned: 2, Exited: 1,
			Completed: 30, SumWaitAnswered: 408 * time.Second, SumTalk: 6000 * time.Second, SumWrap: 600 * time.Second, MaxWait: 95 * time.Second},
		Agents: kpi.StatusCounts{LoggedIn: 5, Available: 0, Busy: 3, Wrapup: 1, Paused: 1}}
	sup := kpi.QueueView{Name: "support", Rules: support, Waiting: 1, OldestSince: ago(100 * time.Second),
		Current: kpi.Counters{Offered: 11, Answered: 10, AnsweredInSL: 6, SumWaitAnswered: 300 * time.Second},
		Day: kpi.Counters{Offered: 55, Answered: 50, AnsweredInSL: 44, Abandoned: 5, ShortAbandoned: 1,
			Completed: 48, SumWaitAnswered: 1250 * time.Second, SumTalk: 14400 * time.Second, MaxWait: 130 * time.Second},
		Agents: kpi.StatusCounts{LoggedIn: 4, Available: 1, Busy: 1, Wrapup: 1, Paused: 1}}
	vipQ := kpi.QueueView{Name: "vip", Rules: vip,
		Current: kpi.Counters{Offered: 2, Answered: 2, AnsweredInSL: 2, SumWaitAnswered: 8 * time.Second},
		Day: kpi.Counters{Offered: 10, Answered: 9, AnsweredInSL: 9, Abandoned: 1, ShortAbandoned: 1,
			Completed: 9, SumWaitAnswered: 45 * time.Second, SumTalk: 1800 * time.Second},
		Agents: kpi.StatusCounts{LoggedIn: 2, Available: 1, Busy: 1}}

	total := kpi.QueueView{Name: "*", Rules: def, Waiting: 3, OldestSince: ago(100 * time.Second),
		Agents: kpi.StatusCounts{LoggedIn: 12, Available: 3, Ringing: 1, Busy: 4, Wrapup: 2, Paused: 2}}
	for _, q := range []*kpi.QueueView{&billing, &sales, &sup, &vipQ} {
		total.Current.Add(&q.Current)
		total.Day.Add(&q.Day)
	}
	total.CurrentFrom = time.Date(2025, 3, 10, 10, 30, 0, 0, fxLoc)

	agent := func(id, name string, st feed.Status, in time.Duration, queues ...string) kpi.AgentView {
		return kpi.AgentView{ID: id, Name: name, Status: st, Since: ago(in), Queues: queues}
	}
	busy := func(a kpi.AgentView, q string, call time.Duration) kpi.AgentView {
		a.CallID, a.CallQueue, a.CallSince = "c-"+a.ID, q, ago(call)
		return a
	}
	paused := func(a kpi.AgentView, reason string) kpi.AgentView { a.Reason = reason; return a }
	agents := []kpi.AgentView{
		agent("1001", "Alice Martin", feed.StatusAvailable, 20*time.Second, "billing", "sales"),
		agent("1002", "Bob Okafor", feed.StatusAvailable, 75*time.Second, "billing"), // idle > 60 s: dim
		agent("1003", "Chen Wei", feed.StatusAvailable, 5*time.Second, "support", "vip"),
		agent("1004", "Dara Singh", feed.StatusRinging, 4*time.Second, "billing"),
		busy(agent("1005", "Emma Rossi", feed.StatusBusy, 130*time.Second, "sales"), "sales", 130*time.Second),
		busy(agent("1006", "Farid Haddad", feed.StatusBusy, 320*time.Second, "sales"), "sales", 320*time.Second), // > 300 s: amber
		busy(agent("1007", "Grace Lee", feed.StatusBusy, 65*time.Second, "support"), "support", 65*time.Second),
		busy(agent("1008", "Hugo Brandt", feed.StatusBusy, 12*time.Second, "vip"), "vip", 12*time.Second),
		busy(agent("1009", "Ines Duarte", feed.StatusWrapup, 90*time.Second, "sales"), "sales", 400*time.Second),     // > 60 s: amber
		busy(agent("1010", "Jonas Berg", feed.StatusWrapup, 400*time.Second, "support"), "support", 700*time.Second), // > 300 s: red
		paused(agent("1011", "Kemi Adeyemi", feed.StatusPaused, 700*time.Second, "sales"), "lunch"),                  // > 600 s: amber
		paused(agent("1012", "Luca Ferri", feed.StatusPaused, 1000*time.Second, "support"), "training"),              // > 900 s: red
	}

	s := &kpi.Snapshot{
		Version: 42, Now: fxNow, LastEvent: ago(3 * time.Second), Events: 1234,
		Location: fxLoc, Interval: 15 * time.Minute,
		Queues: []kpi.QueueView{billing, sales, sup, vipQ},
		Total:  total,
		Agents: agents,
		Waiting: []kpi.WaitingCall{
			{Queue: "support", CallID: "w1", Caller: "+4930123456", CallerName: "ACME GmbH", Since: ago(100 * time.Second), Position: 1},
			{Queue: "sales", CallID: "w2", Caller: "+4940111222", Since: ago(45 * time.Second), Position: 1},
			{Queue: "sales", CallID: "w3", Caller: "", Since: ago(20 * time.Second), Position: 2},
		},
		Source: kpi.SourceStatus{Name: "demo", State: "live", LastMsg: ago(3 * time.Second)},
	}
	// Intervals 08:00 … 10:30 for the centre and sales. 09:00 has no calls
	// (a sparkline gap), 09:30 is incomplete (a feed gap), 10:30 is open.
	for i := 0; i < 11; i++ {
		start := time.Date(2025, 3, 10, 8, 0, 0, 0, fxLoc).Add(time.Duration(i) * 15 * time.Minute)
		c := kpi.Counters{Offered: 4 + i, Answered: 3 + i, AnsweredInSL: 2 + i, Abandoned: 1,
			Completed: 3 + i, SumWaitAnswered: time.Duration(3+i) * 15 * time.Second, SumTalk: time.Duration(3+i) * 180 * time.Second, MaxWait: 40 * time.Second}
		switch i {
		case 4:
			c = kpi.Counters{}
		case 6:
			c.Incomplete = true
		}
		for _, q := range []string{"*", "sales"} {
			s.Intervals = append(s.Intervals, kpi.IntervalRow{Queue: q, Start: start, End: start.Add(15 * time.Minute), Counters: c})
		}
	}
	addStaffingQuality(s) // staffing_test.go
	return s
}

// staleFixture is fixture with a feed that lost its connection.
func staleFixture() *kpi.Snapshot {
	s := fixture()
	s.Source = kpi.SourceStatus{Name: "ws://pbx:8088/feed", State: "reconnecting", Detail: "websocket closed by peer; retrying every 5s", LastMsg: ago(125 * time.Second)}
	return s
}

// bigFixture is a large centre for the render benchmark: n agents in
// q queues.
func bigFixture(nAgents, nQueues int) *kpi.Snapshot {
	s := fixture()
	base := s.Queues[1]
	s.Queues = s.Queues[:0]
	for i := 0; i < nQueues; i++ {
		q := base
		q.Name = fmt.Sprintf("queue-%02d", i)
		s.Queues = append(s.Queues, q)
	}
	s.Agents = s.Agents[:0]
	for i := 0; i < nAgents; i++ {
		st := feed.Status(1 + i%5)
		a := kpi.AgentView{ID: fmt.Sprintf("%04d", i), Name: fmt.Sprintf("Agent %d", i), Status: st,
			Since: ago(time.Duration(i*7%1200) * time.Second), Queues: []string{s.Queues[i%nQueues].Name}}
		if st == feed.StatusBusy || st == feed.StatusWrapup {
			a.CallQueue, a.CallSince = a.Queues[0], a.Since
		}
		s.Agents = append(s.Agents, a)
	}
	return s
}

// fakePlayer records the calls the board makes.
type fakePlayer struct {
	calls []string
	st    PlayerStatus
}

func (p *fakePlayer) TogglePause()         { p.calls = append(p.calls, "pause"); p.st.Paused = !p.st.Paused }
func (p *fakePlayer) Faster()              { p.calls = append(p.calls, "faster") }
func (p *fakePlayer) Slower()              { p.calls = append(p.calls, "slower") }
func (p *fakePlayer) Step(d time.Duration) { p.calls = append(p.calls, "step "+d.String()) }
func (p *fakePlayer) SeekTo(t time.Time)   { p.calls = append(p.calls, "seek "+t.Format(time.RFC3339)) }
func (p *fakePlayer) Restart()             { p.calls = append(p.calls, "restart") }
func (p *fakePlayer) Status() PlayerStatus { return p.st }

func newFakePlayer() *fakePlayer {
	return &fakePlayer{st: PlayerStatus{
		Clock: fxNow, Speed: 10, Location: fxLoc,
		Start: time.Date(2025, 3, 10, 8, 0, 0, 0, fxLoc), End: time.Date(2025, 3, 10, 18, 0, 0, 0, fxLoc),
	}}
}

// newTestModel is a board over a fixed clock with an explicit profile.
func newTestModel(theme string, profile termenv.Profile, mod func(*Options)) *Model {
	th, err := themes.Builtin(theme)
	if err != nil {
		panic(err)
	}
	o := Options{
		Renderer: lipgloss.NewRenderer(io.Discard, termenv.WithProfile(profile)),
		Theme:    th,
		Clock:    func() time.Time { return fxNow },
		Title:    "demo",
	}
	if mod != nil {
		mod(&o)
	}
	return New(o)
}

// show feeds a snapshot and a size to m.
func show(m *Model, s *kpi.Snapshot, w, h int) *Model {
	m.Update(snapshotMsg{s})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}
