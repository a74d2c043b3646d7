package themes

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/charmbracelet/lipgloss"
)

// file is the TOML layout of a theme file:
//
//	name = "night shift"   # optional; defaults to the file name
//	base = "dark"          # optional built-in to start from; defaults to "dark"
//	mono = false           # optional
//	[colors]               # any subset of the slots below
//	text = "#E6E6E6"       # "#RRGGBB", "#RGB", an ANSI index "0".."255", or "none"
//	dim, accent, background, panel, border, ok, warn, alarm
//	[status]
//	loggedout, available, ringing, busy, wrapup, paused
type file struct {
	Name   *string `toml:"name"`
	Base   *string `toml:"base"`
	Mono   *bool   `toml:"mono"`
	Colors struct {
		Text       *colour `toml:"text"`
		Dim        *colour `toml:"dim"`
		Accent     *colour `toml:"accent"`
		Background *colour `toml:"background"`
		Panel      *colour `toml:"panel"`
		Border     *colour `toml:"border"`
		OK         *colour `toml:"ok"`
		Warn       *colour `toml:"warn"`
		Alarm      *colour `toml:"alarm"`
	} `toml:"colors"`
	Status struct {
		LoggedOut *colour `toml:"loggedout"`
		Available *colour `toml:"available"`
		Ringing   *colour `toml:"ringing"`
		Busy      *colour `toml:"busy"`
		Wrapup    *colour `toml:"wrapup"`
		Paused    *colour `toml:"paused"`
	} `toml:"status"`
}

// colour is one validated colour value from a theme file.
type colour struct{ c lipgloss.TerminalColor }

// UnmarshalText validates a colour as the TOML decoder meets it, so that
// the decoder's error carries the key and line.
func (v *colour) UnmarshalText(b []byte) error {
	c, err := ParseColor(string(b))
	if err != nil {
		return err
	}
	v.c = c
	return nil
}

// ParseColor reads a colour as theme files spell it: "#RRGGBB", "#RGB", an
// ANSI palette index "0".."255", or "none" for the terminal's own colour.
func ParseColor(s string) (lipgloss.TerminalColor, error) {
	t := strings.TrimSpace(s)
	switch {
	case strings.EqualFold(t, "none"):
		return lipgloss.NoColor{}, nil
	case strings.HasPrefix(t, "#"):
		hex := t[1:]
		if len(hex) != 6 && len(hex) != 3 {
			break
		}
		if _, err := strconv.ParseUint(hex, 16, 32); err != nil {
			break
		}
		if len(hex) == 3 {
			hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
		}
		return lipgloss.Color("#" + strings.ToUpper(hex)), nil
	default:
		if n, err := strconv.Atoi(t); err == nil && n >= 0 && n <= 255 {
			return lipgloss.Color(strconv.Itoa(n)), nil
		}
	}
	return nil, fmt.Errorf("bad colour %q: want \"#RRGGBB\", \"#RGB\", an ANSI index 0-255, or \"none\"", s)
}

// Load reads a theme from a TOML file. Decoding is strict: an unknown key
// is an error naming the file, the line and the key path (a typo must not
// silently fall back to a default colour on a wall screen), and so are a
// bad colour and a base that names no theme. Only cmd calls Load; views
// receive a Theme.
func Load(path string) (Theme, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Theme{}, fmt.Errorf("theme file: %w", err)
	}
	name := path
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return Parse(data, path, strings.TrimSuffix(name, ".toml"))
}

// Parse decodes a theme from TOML text; where names the source in errors
// (a path), defName is the theme's name when the text gives none.
func Parse(data []byte, where, defName string) (Theme, error) {
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			if pe.LastKey != "" {
				return Theme{}, fmt.Errorf("%s:%d: %s: %s", where, pe.Position.Line, pe.LastKey, pe.Message)
			}
			return Theme{}, fmt.Errorf("%s:%d: %s", where, pe.Position.Line, pe.Message)
		}
		return Theme{}, fmt.Errorf("%s: %w", where, err)
	}
	// Every unknown key and a bad base, each at its line, in one go.
	text := string(data)
	var probs []problem
	und := map[string]bool{}
	for _, k := range md.Undecoded() {
		und[k.String()] = true
		if len(k) > 1 && und[k[:len(k)-1].String()] {
			continue // inside an unknown table, which is reported itself
		}
		what := "unknown key "
		if md.Type(k...) == "Hash" {
			what = "unknown table "
		}
		probs = append(probs, problem{keyLine(text, k), k.String(), what + knownKeys})
	}
	base := Default
	if f.Base != nil {
		base = *f.Base
	}
	t, err := Builtin(base)
	if err != nil {
		probs = append(probs, problem{keyLine(text, toml.Key{"base"}), "base", err.Error()})
	}
	if len(probs) > 0 {
		sort.SliceStable(probs, func(i, j int) bool { return probs[i].line < probs[j].line })
		lines := make([]string, len(probs))
		for i, p := range probs {
			lines[i] = p.format(where)
		}
		return Theme{}, errors.New(strings.Join(lines, "\n"))
	}
	t.Name = defName
	if f.Name != nil {
		t.Name = *f.Name
	}
	if f.Mono != nil {
		t.Mono = *f.Mono
	}
	set := func(dst *lipgloss.TerminalColor, v *colour) {
		if v != nil {
			*dst = v.c
		}
	}
	fc, fs := &f.Colors, &f.Status
	set(&t.Text, fc.Text)
	set(&t.Dim, fc.Dim)
	set(&t.Accent, fc.Accent)
	set(&t.Background, fc.Background)
	set(&t.Panel, fc.Panel)
	set(&t.Border, fc.Border)
	set(&t.OK, fc.OK)
	set(&t.Warn, fc.Warn)
	set(&t.Alarm, fc.Alarm)
	set(&t.LoggedOut, fs.LoggedOut)
	set(&t.Available, fs.Available)
	set(&t.Ringing, fs.Ringing)
	set(&t.Busy, fs.Busy)
	set(&t.Wrapup, fs.Wrapup)
	set(&t.Paused, fs.Paused)
	return t, nil
}

// knownKeys ends the message of an unknown key.
const knownKeys = "(known: name, base, mono, colors.{text,dim,accent,background,panel,border,ok,warn,alarm}, status.{loggedout,available,ringing,busy,wrapup,paused})"

// problem is one mistake in a theme file, at its line (0: not known).
type problem struct {
	line     int
	key, msg string
}

// format reads "where:line: key: message", as configuration errors do.
func (p problem) format(where string) string {
	if p.line > 0 {
		where += ":" + strconv.Itoa(p.line)
	}
	return where + ": " + p.key + ": " + p.msg
}

// errProbe marks the error keyLine provokes.
var errProbe = errors.New("theme key position probe")

// probe fails to decode, so that the decoder tells where it was.
type probe struct{}

func (*probe) UnmarshalTOML(any) error { return errProbe }

// keyLine is the line of key k in text, 0 when not found. The decoder
// knows every key's position but tells it only in its errors: walk down
// to the key table by table and decode it into a probe, which fails.
func keyLine(text string, k toml.Key) int {
	if len(k) == 0 {
		return 0
	}
	var m map[string]toml.Primitive
	md, err := toml.Decode(text, &m)
	if err != nil {
		return 0
	}
	p, ok := m[k[0]]
	for _, name := range k[1:] {
		var sub map[string]toml.Primitive
		if !ok || md.PrimitiveDecode(p, &sub) != nil {
			return 0
		}
		p, ok = sub[name]
	}
	if !ok {
		return 0
	}
	var pe toml.ParseError
	if errors.As(md.PrimitiveDecode(p, &probe{}), &pe) && pe.Message == errProbe.Error() {
		return pe.Position.Line
	}
	return 0
}
