package tui

import (
	"github.com/charmbracelet/bubbles/key"
)

// KeyMap is every key the board answers to. It implements help.KeyMap so
// the `?` screen is generated from the same bindings Update matches, and
// the replay keys are disabled (hence hidden) when there is no Player.
type KeyMap struct {
	Quit     key.Binding
	Help     key.Binding
	NextPage key.Binding
	PrevPage key.Binding
	PageUp   key.Binding // agent board / intervals: previous screenful
	PageDown key.Binding
	Scope    key.Binding // intervals: cycle centre total / each queue

	Pause       key.Binding
	Faster      key.Binding
	Slower      key.Binding
	StepFwd     key.Binding // one interval forward
	StepBack    key.Binding
	HourFwd     key.Binding
	HourBack    key.Binding
	GoTo        key.Binding
	Restart     key.Binding
	InputAccept key.Binding // go-to prompt
	InputCancel key.Binding
}

// DefaultKeyMap returns the bindings; replay enables the replay keys.
func DefaultKeyMap(replay bool) KeyMap {
	k := KeyMap{
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		NextPage: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next page")),
		PrevPage: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "prev page")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "left"), key.WithHelp("pgup/←", "page back")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "right"), key.WithHelp("pgdn/→", "page on")),
		Scope:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "intervals: centre/queue")),

		Pause:    key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "play/pause")),
		Faster:   key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+", "faster")),
		Slower:   key.NewBinding(key.WithKeys("-", "_"), key.WithHelp("-", "slower")),
		StepFwd:  key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "interval ▶")),
		StepBack: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "interval ◀")),
		HourFwd:  key.NewBinding(key.WithKeys("}"), key.WithHelp("}", "hour ▶")),
		HourBack: key.NewBinding(key.WithKeys("{"), key.WithHelp("{", "hour ◀")),
		GoTo:     key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "go to time")),
		Restart:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "restart")),

		InputAccept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go")),
		InputCancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
	for _, b := range []*key.Binding{&k.Pause, &k.Faster, &k.Slower, &k.StepFwd, &k.StepBack, &k.HourFwd, &k.HourBack, &k.GoTo, &k.Restart} {
		b.SetEnabled(replay)
	}
	return k
}

// ShortHelp is the one-line help under the board.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Help, k.NextPage, k.Pause, k.StepFwd, k.GoTo, k.Quit}
}

// FullHelp is the `?` screen, one column per kind of key.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.NextPage, k.PrevPage, k.PageUp, k.PageDown, k.Scope},
		{k.Pause, k.Faster, k.Slower, k.Restart, k.GoTo},
		{k.StepFwd, k.StepBack, k.HourFwd, k.HourBack},
		{k.Help, k.Quit},
	}
}
