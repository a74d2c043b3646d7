package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

// TestReplayFlow runs the board in a real bubbletea program: a snapshot
// arrives through the mailbox, space pauses the fake player, q quits; the
// output and the final model agree that the replay is paused.
func TestReplayFlow(t *testing.T) {
	p := newFakePlayer()
	ch := make(chan *kpi.Snapshot, 1)
	ch <- fixture()
	m := newTestModel("dark", termenv.Ascii, func(o *Options) { o.Player = p; o.Snapshots = ch })
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("CENTRE")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("PAUSED")) },
		teatest.WithDuration(5*time.Second))
	tm.Type("q")
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if !final.status.Paused || !strings.Contains(final.View(), "PAUSED") {
		t.Fatalf("final model not paused:\n%s", final.View())
	}
	if strings.Join(p.calls, ",") != "pause" {
		t.Fatalf("player calls %v, want [pause]", p.calls)
	}
}
