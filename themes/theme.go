// Package themes holds the wallboard's colour palettes as plain data: the
// built-in ones and user palettes read from TOML. A palette names colours by
// meaning (ok, warn, alarm, per agent status) so that views never pick a
// colour themselves, and a floor can swap the whole look with one flag.
package themes

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Theme is a palette by meaning. Views build their styles from it once per
// session; a slot set to lipgloss.NoColor{} means "the terminal's own".
//
// Colour is never the only signal on the board (every alarm also changes a
// glyph or a word), so a Mono theme with no colours at all stays usable: it
// asks the views to mark emphasis with bold, reverse and underline instead.
type Theme struct {
	Name string // how flags and files name it ("dark", "okabe-ito")

	// Mono asks for emphasis by attributes only (bold, reverse, underline):
	// for NO_COLOR, monochrome terminals and e-ink wall screens.
	Mono bool

	Text       lipgloss.TerminalColor // ordinary figures and labels
	Dim        lipgloss.TerminalColor // secondary text: units, details, idle agents
	Accent     lipgloss.TerminalColor // titles, the selected page, the replay bar
	Background lipgloss.TerminalColor // the whole screen; NoColor keeps the terminal's
	Panel      lipgloss.TerminalColor // tile backgrounds, header and status bars
	Border     lipgloss.TerminalColor // tile frames and table rules

	OK    lipgloss.TerminalColor // a figure meeting its target
	Warn  lipgloss.TerminalColor // a figure drifting from its target (amber)
	Alarm lipgloss.TerminalColor // a figure that needs someone now (red)

	// Per agent status, for the agent board and the agent counts.
	LoggedOut lipgloss.TerminalColor
	Available lipgloss.TerminalColor
	Ringing   lipgloss.TerminalColor
	Busy      lipgloss.TerminalColor
	Wrapup    lipgloss.TerminalColor
	Paused    lipgloss.TerminalColor
}

// Default is the theme used when none is named.
const Default = "dark"

// Mono is the name of the colourless theme ForEnv picks under NO_COLOR.
const Mono = "mono"

// names lists the built-ins in the order help texts show them.
var names = [...]string{"dark", "light", "high-contrast", "okabe-ito", "mono"}

// Names lists the built-in themes, for flag help and error messages.
func Names() []string { return append([]string(nil), names[:]...) }

// Builtin returns a built-in theme by name. "colorblind" and "colourblind"
// are accepted for the Okabe–Ito palette because that is what people type.
// The error lists the valid names.
func Builtin(name string) (Theme, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "dark":
		return dark(), nil
	case "light":
		return light(), nil
	case "high-contrast", "highcontrast", "contrast":
		return highContrast(), nil
	case "okabe-ito", "colorblind", "colourblind", "colour-blind", "color-blind":
		return okabeIto(), nil
	case "mono", "none":
		return mono(), nil
	}
	return Theme{}, fmt.Errorf("unknown theme %q (want one of %s, or a path to a .toml theme file)", name, strings.Join(names[:], ", "))
}

// ForEnv picks the theme for a session: the named built-in, except that
// noColor (the NO_COLOR convention, https://no-color.org, or a terminal
// without colour) forces "mono". The caller must also give the renderer an
// Ascii colour profile in that case so that no colour escape is written at
// all; ForEnv only decides the palette. Reading the environment stays with
// the caller (cmd), so sessions of an SSH server can each pass their own.
func ForEnv(name string, noColor bool) (Theme, error) {
	if noColor {
		return mono(), nil
	}
	return Builtin(name)
}

// c is short for a hex colour literal in the palettes below.
type c = lipgloss.Color

func dark() Theme {
	return Theme{
		Name:       "dark",
		Text:       c("#E6E6E6"),
		Dim:        c("#8A8F98"),
		Accent:     c("#7AA2F7"),
		Background: c("#15181E"),
		Panel:      c("#1F232B"),
		Border:     c("#3B4252"),
		OK:         c("#5FD068"),
		Warn:       c("#F5B83D"),
		Alarm:      c("#FF5555"),
		LoggedOut:  c("#6C7086"),
		Available:  c("#5FD068"),
		Ringing:    c("#7AA2F7"),
		Busy:       c("#C0A0F0"),
		Wrapup:     c("#5FC8D0"),
		Paused:     c("#F5B83D"),
	}
}

func light() Theme {
	return Theme{
		Name:       "light",
		Text:       c("#1E1E1E"),
		Dim:        c("#5F6670"),
		Accent:     c("#1F4FB5"),
		Background: c("#FAFAF7"),
		Panel:      c("#ECEDEA"),
		Border:     c("#A0A4AA"),
		OK:         c("#17803A"),
		Warn:       c("#A35F00"),
		Alarm:      c("#C01C28"),
		LoggedOut:  c("#7A7F87"),
		Available:  c("#17803A"),
		Ringing:    c("#1F4FB5"),
		Busy:       c("#6A3FB5"),
		Wrapup:     c("#00707A"),
		Paused:     c("#A35F00"),
	}
}

// highContrast uses pure colours on black for low-vision readers and for
// wall screens in bright rooms.
func highContrast() Theme {
	return Theme{
		Name:       "high-contrast",
		Text:       c("#FFFFFF"),
		Dim:        c("#C8C8C8"),
		Accent:     c("#00FFFF"),
		Background: c("#000000"),
		Panel:      c("#000000"),
		Border:     c("#FFFFFF"),
		OK:         c("#00FF00"),
		Warn:       c("#FFFF00"),
		Alarm:      c("#FF3030"),
		LoggedOut:  c("#C8C8C8"),
		Available:  c("#00FF00"),
		Ringing:    c("#00FFFF"),
		Busy:       c("#FF80FF"),
		Wrapup:     c("#80C0FF"),
		Paused:     c("#FFFF00"),
	}
}

// okabeIto is the Okabe–Ito palette, distinguishable with every common
// colour-vision deficiency: ok is bluish green, warn orange, alarm
// vermillion, never red against green.
func okabeIto() Theme {
	return Theme{
		Name:       "okabe-ito",
		Text:       c("#F2F2F2"),
		Dim:        c("#A0A0A0"),
		Accent:     c("#56B4E9"), // sky blue
		Background: c("#101418"),
		Panel:      c("#1A2026"),
		Border:     c("#0072B2"), // blue
		OK:         c("#009E73"), // bluish green
		Warn:       c("#F0E442"), // yellow: orange next to vermillion is one colour to many colour-blind eyes
		Alarm:      c("#D55E00"), // vermillion
		LoggedOut:  c("#A0A0A0"),
		Available:  c("#009E73"),
		Ringing:    c("#F0E442"), // yellow
		Busy:       c("#56B4E9"),
		Wrapup:     c("#CC79A7"), // reddish purple
		Paused:     c("#E69F00"),
	}
}

func mono() Theme {
	n := lipgloss.NoColor{}
	return Theme{
		Name: "mono", Mono: true,
		Text: n, Dim: n, Accent: n, Background: n, Panel: n, Border: n,
		OK: n, Warn: n, Alarm: n,
		LoggedOut: n, Available: n, Ringing: n, Busy: n, Wrapup: n, Paused: n,
	}
}
