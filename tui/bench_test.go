package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
)

// BenchmarkRender measures one full frame at 200×60 with 300 agents and
// 20 queues, TrueColor, for the overview and the agent board; and a wall
// screen (300×80, --wall, 6 queues) whose headline is drawn at scale 5.
func BenchmarkRender(b *testing.B) {
	for _, pg := range []struct {
		name     string
		tabs     int
		w, h, nq int
		wall     bool
	}{
		{"overview", 0, 200, 60, 20, false},
		{"agents", 1, 200, 60, 20, false},
		{"intervals", 2, 200, 60, 20, false},
		{"wall300x80", 0, 300, 80, 6, true},
	} {
		b.Run(pg.name, func(b *testing.B) {
			m := newTestModel("dark", termenv.TrueColor, func(o *Options) { o.Wall = pg.wall })
			snap := bigFixture(300, pg.nq)
			m.Update(tea.WindowSizeMsg{Width: pg.w, Height: pg.h})
			for i := 0; i < pg.tabs; i++ {
				m.Update(keyMsg("tab"))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m.Update(snapshotMsg{snap}) // new data: every block re-rendered
				_ = m.View()
			}
		})
	}
}
