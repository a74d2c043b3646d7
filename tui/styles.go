package tui

import (
	"strings"

	"github.com/callfloor/wallboard/themes"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
)

// ink is a style reduced to the escape sequences around its text. Views
// paint hundreds of short strings per frame (an agent board of 300); a
// lipgloss Render per string costs microseconds each, an ink costs a string
// concatenation. Inks are built from lipgloss styles once per session.
type ink struct{ pre, post string }

// newInk measures the sequences a style puts around text. The style must
// have no width, padding or border (those change the text itself).
func newInk(s lipgloss.Style) ink {
	const probe = "x"
	out := s.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return ink{}
	}
	return ink{pre: out[:i], post: out[i+len(probe):]}
}

// S paints text.
func (k ink) S(text string) string {
	if k.pre == "" || text == "" {
		return text
	}
	return k.pre + text + k.post
}

// Styles is every look the board uses, by meaning, built per session from
// (renderer, theme) by NewStyles. Views never name a colour.
type Styles struct {
	// bg is the SGR sequence of the theme background, repainted after each
	// reset so the whole screen carries it; "" leaves the terminal's own.
	bg string

	Text   ink
	Dim    ink
	Accent ink
	Error  ink
	Level  [numLevels]ink // a figure by how it stands against its rule

	Header struct {
		Bar, Title, Tab, TabActive, Clock, Age, AgeStale ink
		// Warn marks input lines skipped ("⚠ 2 lines skipped").
		Warn ink
		// State is the source word (REPLAY, ENDED…); Live is LIVE.
		State, Live ink
	}
	Banner ink // feed trouble: stale, reconnecting, error

	Tile struct {
		Frame, Title, Label, Value, Detail, Stale ink
		// Level paints a figure by its level; an alarm is a solid block
		// (alarm colour behind the text) so that it stands apart from
		// amber across a room, whatever the palette's hues.
		Level [numLevels]ink
		// Big paints the big-font headline: colour and bold only, since
		// reverse or underline would break the half-block glyphs.
		Big [numLevels]ink
	}

	Agent struct {
		Status [6]ink // by feed.Status
		Name   ink
		Detail ink
		Level  [numLevels]ink
	}

	Table struct {
		Head, Cell, Mark ink
	}
	Spark ink

	Bar struct {
		Base, Paused, Fill, Empty ink
	}

	Help  help.Styles
	Input struct {
		Prompt, Text lipgloss.Style
	}
}

// NewStyles builds the styles for one session. r decides the colour
// profile (Ascii writes no colour at all); t decides the colours.
func NewStyles(r *lipgloss.Renderer, t themes.Theme) *Styles {
	s := &Styles{}
	ns := func() lipgloss.Style { return r.NewStyle() }
	fg := func(c lipgloss.TerminalColor) lipgloss.Style { return ns().Foreground(orNone(c)) }
	t = withDefaults(t)

	if _, none := t.Background.(lipgloss.NoColor); !none {
		s.bg = newInk(ns().Background(t.Background)).pre
	}

	s.Text = newInk(fg(t.Text))
	s.Dim = newInk(fg(t.Dim))
	s.Accent = newInk(fg(t.Accent).Bold(true))
	s.Error = newInk(fg(t.Alarm).Bold(true))

	lv := [numLevels]lipgloss.Style{
		lvNone:  fg(t.Text),
		lvOK:    fg(t.OK),
		lvWarn:  fg(t.Warn).Bold(true),
		lvAlarm: fg(t.Alarm).Bold(true),
		lvDim:   fg(t.Dim),
	}
	if t.Mono {
		lv[lvWarn] = ns().Bold(true).Underline(true)
		lv[lvAlarm] = ns().Bold(true).Reverse(true)
	}
	for i := range lv {
		s.Level[i] = newInk(lv[i])
		s.Tile.Level[i] = newInk(lv[i].Bold(true))
		s.Tile.Big[i] = newInk(lv[i].Bold(true).UnsetUnderline().UnsetReverse())
		s.Agent.Level[i] = newInk(lv[i])
	}
	if !t.Mono {
		block := ns().Background(t.Alarm).Foreground(t.Background).Bold(true)
		if _, none := t.Background.(lipgloss.NoColor); none {
			block = ns().Foreground(t.Alarm).Reverse(true).Bold(true)
		}
		s.Tile.Level[lvAlarm] = newInk(block)
	}

	bar := func() lipgloss.Style { return ns().Background(t.Panel).Foreground(t.Text) }
	s.Header.Bar = newInk(bar())
	s.Header.Title = newInk(bar().Foreground(t.Accent).Bold(true))
	s.Header.Tab = newInk(bar().Foreground(t.Dim))
	s.Header.TabActive = newInk(bar().Foreground(t.Accent).Bold(true).Underline(true))
	s.Header.Clock = newInk(bar().Bold(true))
	s.Header.Age = newInk(bar().Foreground(t.Dim))
	s.Header.AgeStale = newInk(bar().Foreground(t.Alarm).Bold(true))
	s.Header.Warn = newInk(bar().Foreground(t.Warn).Bold(true))
	s.Header.State = newInk(bar().Foreground(t.Accent).Bold(true))
	s.Header.Live = newInk(bar().Foreground(t.OK).Bold(true))
	s.Banner = newInk(ns().Background(t.Alarm).Foreground(t.Background).Bold(true))
	if t.Mono {
		s.Banner = newInk(ns().Reverse(true).Bold(true))
		s.Header.TabActive = newInk(ns().Reverse(true).Bold(true))
		s.Header.AgeStale = newInk(ns().Reverse(true).Bold(true))
		s.Header.Warn = newInk(ns().Bold(true).Underline(true))
	}

	s.Tile.Frame = newInk(fg(t.Border))
	s.Tile.Title = newInk(fg(t.Accent).Bold(true))
	s.Tile.Label = newInk(fg(t.Dim))
	s.Tile.Value = newInk(fg(t.Text).Bold(true))
	s.Tile.Detail = newInk(fg(t.Dim))
	s.Tile.Stale = newInk(fg(t.Alarm).Bold(true))
	if t.Mono {
		s.Tile.Stale = newInk(ns().Reverse(true))
	}

	st := [6]lipgloss.TerminalColor{t.LoggedOut, t.Available, t.Ringing, t.Busy, t.Wrapup, t.Paused}
	for i, c := range st {
		s.Agent.Status[i] = newInk(fg(c).Bold(true))
	}
	s.Agent.Name = newInk(fg(t.Text))
	s.Agent.Detail = newInk(fg(t.Dim))

	s.Table.Head = newInk(fg(t.Accent).Bold(true).Underline(true))
	s.Table.Cell = newInk(fg(t.Text))
	s.Table.Mark = newInk(fg(t.Warn).Bold(true))
	s.Spark = newInk(fg(t.Accent))

	s.Bar.Base = newInk(bar())
	s.Bar.Paused = newInk(bar().Foreground(t.Warn).Bold(true).Reverse(t.Mono))
	s.Bar.Fill = newInk(bar().Foreground(t.Accent))
	s.Bar.Empty = newInk(bar().Foreground(t.Border))

	key, desc, sep := fg(t.Accent), fg(t.Dim), fg(t.Border)
	s.Help = help.Styles{
		Ellipsis: sep, ShortKey: key, ShortDesc: desc, ShortSeparator: sep,
		FullKey: key, FullDesc: desc, FullSeparator: sep,
	}
	s.Input.Prompt = fg(t.Accent).Bold(true)
	s.Input.Text = fg(t.Text)
	return s
}

// paint gives every line the theme background: after each reset the
// background is set again, so styled spans inside a line keep it.
func (s *Styles) paint(lines []string) string {
	if s.bg == "" {
		return strings.Join(lines, "\n")
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s.bg)
		b.WriteString(strings.ReplaceAll(l, "\x1b[0m", "\x1b[0m"+s.bg))
		b.WriteString("\x1b[0m")
	}
	return b.String()
}

// orNone treats an unset slot as the terminal's own colour.
func orNone(c lipgloss.TerminalColor) lipgloss.TerminalColor {
	if c == nil {
		return lipgloss.NoColor{}
	}
	return c
}

// withDefaults fills unset slots of a hand-built Theme so that no style
// holds a nil colour.
func withDefaults(t themes.Theme) themes.Theme {
	for _, p := range []*lipgloss.TerminalColor{&t.Text, &t.Dim, &t.Accent, &t.Background, &t.Panel, &t.Border,
		&t.OK, &t.Warn, &t.Alarm, &t.LoggedOut, &t.Available, &t.Ringing, &t.Busy, &t.Wrapup, &t.Paused} {
		*p = orNone(*p)
	}
	return t
}
