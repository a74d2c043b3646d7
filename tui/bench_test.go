package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
)

// BenchmarkRender measures one full frame at 200×60 with 300 agents and
// 20 queues, TrueColor, for the overview and the agent board.
func BenchmarkRender(b *testing.B) {
	for _, pg := range []struct {
		name string
		tabs int
	}{{"overview", 0}, {"agents", 1}, {"intervals", 2}} {
		b.Run(pg.name, func(b *testing.B) {
			m := newTestModel("dark", termenv.TrueColor, nil)
			snap := bigFixture(300, 20)
			m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
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
