package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/callfloor/wallboard/kpi"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// sizeModel records the sizes the board is given and draws its height
// in lines.
type sizeModel struct{ sizes []tea.WindowSizeMsg }

func (m *sizeModel) Init() tea.Cmd { return nil }
func (m *sizeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if sz, ok := msg.(tea.WindowSizeMsg); ok {
		m.sizes = append(m.sizes, sz)
	}
	return m, nil
}
func (m *sizeModel) View() string {
	h := m.sizes[len(m.sizes)-1].Height
	return strings.TrimSuffix(strings.Repeat("b\n", h), "\n")
}

// TestNoteTakesOneLine: while there is a note the board gets one line
// less and the note sits above it; the board gets the whole terminal back
// when the note goes, and a resize keeps the split.
func TestNoteTakesOneLine(t *testing.T) {
	board := &sizeModel{}
	m := newSessionModel(board, 0, 0, time.Now)
	note := "Tom: none of your queues is on this board yet"
	m.note = func() string { return note }
	m.noteStyle = lipgloss.NewStyle()

	m.Update(tea.WindowSizeMsg{Width: 20, Height: 10})
	// First the terminal's 20×10, then 20×9 once the note is seen.
	if got := board.sizes[len(board.sizes)-1]; got.Width != 20 || got.Height != 9 {
		t.Fatalf("board size %+v, want 20×9 under the note", got)
	}
	lines := strings.Split(m.View(), "\n")
	// The note cut to 20 cells: " " + 18 characters + "…".
	if len(lines) != 10 || lines[0] != " Tom: none of your …" {
		t.Fatalf("%d lines, first %q; want 10 with the note cut to 20 cells", len(lines), lines[0])
	}
	m.Update(tea.WindowSizeMsg{Width: 30, Height: 12})
	if got := board.sizes[len(board.sizes)-1]; got.Height != 11 {
		t.Errorf("after a resize to 30×12 the board has %d lines, want 11", got.Height)
	}
	note = ""
	m.Update(struct{}{}) // any message after the note went (a snapshot)
	if got := board.sizes[len(board.sizes)-1]; got.Width != 30 || got.Height != 12 {
		t.Errorf("board size %+v, want the whole 30×12 back", got)
	}
	if n := len(strings.Split(m.View(), "\n")); n != 12 {
		t.Errorf("%d lines without a note, want 12", n)
	}
}

func TestFitLine(t *testing.T) {
	for _, tc := range []struct {
		s    string
		w    int
		want string
	}{
		{"abc", 5, "abc  "},
		{"abcdef", 4, "abc…"},
		{"日本語", 4, "日… "}, // 日 is 2 cells and … 1: 3, padded to 4
		{"abc", 0, ""},
	} {
		if got := fitLine(tc.s, tc.w); got != tc.want {
			t.Errorf("fitLine(%q, %d) = %q, want %q", tc.s, tc.w, got, tc.want)
		}
	}
}

// TestFilterMailboxLatestWins: a board that does not read holds one
// snapshot, the newest, and the filter goroutine never blocks on it.
func TestFilterMailboxLatestWins(t *testing.T) {
	f := newViewFilter(Viewer{Visible: func(q []string) []string { return q[:1] }})
	in := make(chan *kpi.Snapshot)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.run(ctx, in)
	for v := uint64(1); v <= 5; v++ {
		// Unbuffered: each send returns once the filter has taken it.
		in <- &kpi.Snapshot{Version: v, Queues: []kpi.QueueView{{Name: "a"}, {Name: "b"}}}
	}
	in <- &kpi.Snapshot{Version: 6, Queues: []kpi.QueueView{{Name: "a"}, {Name: "b"}}} // 5 is filtered by now
	got := <-f.out
	if got.Version < 5 { // 5 or 6 may be the one waiting; never an older one
		t.Fatalf("board got version %d, want the newest (5 or 6)", got.Version)
	}
	if len(got.Queues) != 1 || got.Queues[0].Name != "a" {
		t.Errorf("queues %+v, want only a", got.Queues)
	}
	if f.Note() != "" {
		t.Errorf("note %q with a visible queue", f.Note())
	}
}

// TestEmptyNoteWords: what the viewer is told, by name and asked set.
func TestEmptyNoteWords(t *testing.T) {
	if got, want := emptyNote(Viewer{Name: "Tom", Asked: "queues complaints"}),
		"Tom: none of your queues (queues complaints) is on this board yet; it fills in when one is."; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got, want := emptyNote(Viewer{}),
		"no queues are given to your key in the wallboard's configuration, so this board stays empty."; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
