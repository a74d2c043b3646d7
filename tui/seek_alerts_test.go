package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/muesli/termenv"
)

// seekPlayer is a replay whose clock jumps on a seek, as the replay's
// does: the board's clock is the target at once, while the snapshot of
// the target arrives later (Seeking until the day is rebuilt).
type seekPlayer struct{ st PlayerStatus }

func (p *seekPlayer) TogglePause()         { p.st.Paused = !p.st.Paused }
func (p *seekPlayer) Faster()              {}
func (p *seekPlayer) Slower()              {}
func (p *seekPlayer) Step(d time.Duration) { p.SeekTo(p.st.Clock.Add(d)) }
func (p *seekPlayer) SeekTo(t time.Time)   { p.st.Clock, p.st.Seeking = t, true }
func (p *seekPlayer) Restart()             { p.SeekTo(p.st.Start) }
func (p *seekPlayer) Status() PlayerStatus { return p.st }

// auditSnap is one queue, support (T = 20 s, so the WAIT alert's red line
// is 3·T = 60 s), at now, with a caller waiting since oldest (none when
// oldest is zero).
func auditSnap(now, oldest time.Time) *kpi.Snapshot {
	q := kpi.QueueView{Name: "support", Rules: kpi.DefaultRules()}
	if !oldest.IsZero() {
		q.Waiting, q.OldestSince = 1, oldest
	}
	tot := q
	tot.Name = kpi.TotalQueue
	return &kpi.Snapshot{
		Version: 1, Now: now, Location: time.UTC, Interval: 30 * time.Minute,
		Queues: []kpi.QueueView{q}, Total: tot, Source: kpi.SourceStatus{Name: "day.log", State: "replay"},
	}
}

// The board audit: a paused replay at 09:10:00 has one caller in support
// waiting since 09:09:59 (1 s: no alert). `g 10:45` moves the clock to
// 10:45:00 at once, but the screen keeps the 09:10 snapshot until the
// rebuilt one arrives; measured against the new clock that caller seemed
// to wait 1:35:01, so WAIT went red, and when the 10:45 snapshot came
// (nobody waiting: longest 0:00, under 60 s) the alert waited for 10 s
// of clear time that a paused replay never gives: "Longest 0:00 !" and
// "ALARM WAIT" for as long as the replay stayed paused, where a board
// opened at 10:45 shows neither.
//
// A seek is a new moment: its alerts are those of the moment itself.
// A real one must still show: seeking on to 11:00:00, where a caller has
// waited since 10:58:00 (120 s ≥ 60 s), raises WAIT.
func TestBoardAuditSeekAlerts(t *testing.T) {
	day := func(h, m, s int) time.Time { return time.Date(2026, 3, 2, h, m, s, 0, time.UTC) }
	p := &seekPlayer{st: PlayerStatus{
		Clock: day(9, 10, 0), Speed: 1, Paused: true, Location: time.UTC,
		Start: day(0, 0, 0), End: day(23, 59, 0),
	}}
	m := show(newTestModel("dark", termenv.Ascii, func(o *Options) {
		o.Player = p
		o.Clock = func() time.Time { return p.st.Clock }
	}), auditSnap(day(9, 10, 0), day(9, 9, 59)), 160, 48)
	if m.alerts.On(kpi.AlertWait, "support") {
		t.Fatalf("09:10: a 1 s wait raised WAIT")
	}

	m.Update(keyMsg("g"))
	for _, r := range "10:45" {
		m.Update(keyMsg(string(r)))
	}
	m.Update(keyMsg("enter"))
	m.Update(tickMsg{})                                           // a second passes while the day is rebuilt
	p.st.Seeking = false                                          // rebuilt; its snapshot is on its way
	m.Update(tickMsg{})                                           // a tick before it arrives
	m.Update(snapshotMsg{auditSnap(day(10, 45, 0), time.Time{})}) // nobody waiting at 10:45
	for i := 0; i < 15; i++ {
		m.Update(tickMsg{}) // paused: the clock stays at 10:45:00
	}
	if m.alerts.On(kpi.AlertWait, "support") || m.alerts.On(kpi.AlertWait, kpi.TotalQueue) {
		t.Errorf("10:45, nobody waiting: WAIT alert still on (%+v)", m.alerts.Active())
	}
	if v := m.View(); strings.Contains(v, "ALARM WAIT") {
		t.Errorf("10:45, nobody waiting, the board says WAIT:\n%s", v)
	}

	p.SeekTo(day(11, 0, 0))
	m.Update(tickMsg{})
	p.st.Seeking = false
	m.Update(snapshotMsg{auditSnap(day(11, 0, 0), day(10, 58, 0))})
	if !m.alerts.On(kpi.AlertWait, "support") || !strings.Contains(m.View(), "ALARM WAIT") {
		t.Errorf("11:00, a caller waiting 2:00 (red from 1:00): no WAIT alert (%+v)", m.alerts.Active())
	}
}
