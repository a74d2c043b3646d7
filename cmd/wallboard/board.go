package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/themes"
	"github.com/callfloor/wallboard/tui"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"
)

// boardFlags are the flags of every command that shows the board.
type boardFlags struct {
	theme   string
	wall    bool
	rotate  time.Duration
	logPath string
	bell    bool
}

func (b *boardFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.theme, "theme", themes.Default, "colour theme: "+strings.Join(themes.Names(), ", ")+", or a .toml theme file")
	fs.BoolVar(&b.wall, "wall", false, "wall mode: no keyboard needed, pages rotate")
	fs.DurationVar(&b.rotate, "rotate", tui.DefaultRotate, "wall mode page rotation period")
	fs.StringVar(&b.logPath, "log", "", "write a diagnostic log to this file (never to the screen)")
	fs.BoolVar(&b.bell, "bell", false, "wall mode: ring the terminal bell when an alert is raised (SL, WAIT, STAFF or PAUSE on a tile)")
}

// loadTheme resolves --theme: a built-in name or a TOML file. NO_COLOR
// (any non-empty value, https://no-color.org) forces the mono theme, but
// a --theme that names no theme is still an error: the typo would
// otherwise show only on the day NO_COLOR is unset, on a wall screen.
func (b *boardFlags) loadTheme() (themes.Theme, bool, error) {
	noColor := os.Getenv("NO_COLOR") != ""
	if strings.HasSuffix(b.theme, ".toml") {
		t, err := themes.Load(b.theme)
		if err != nil {
			return t, noColor, usagef("--theme: %v", err)
		}
		if !noColor {
			return t, false, nil
		}
	} else if _, err := themes.Builtin(b.theme); err != nil {
		return themes.Theme{}, noColor, usagef("--theme: %v", err)
	}
	t, err := themes.ForEnv(b.theme, noColor)
	if err != nil {
		return t, noColor, usagef("--theme: %v", err)
	}
	return t, noColor, nil
}

func (b *boardFlags) logger() (*slog.Logger, func(), error) {
	if b.logPath == "" {
		return slog.New(slog.NewTextHandler(io.Discard, nil)), func() {}, nil
	}
	f, err := os.OpenFile(b.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("--log: %w", err)
	}
	return slog.New(slog.NewTextHandler(f, nil)), func() { f.Close() }, nil
}

// showBoard runs the full-screen board on this terminal until the user
// quits (or ctx ends), then restores the terminal.
func showBoard(ctx context.Context, b *boardFlags, hub *kpi.Hub, opts tui.Options) error {
	if b.rotate < time.Second {
		// 0 or less used to mean the default without a word, and 100ms
		// flipped pages faster than anyone reads them.
		return usagef("--rotate: want at least 1s (how long each page stays on the wall), got %v", b.rotate)
	}
	theme, noColor, err := b.loadTheme()
	if err != nil {
		return err
	}
	openTTY := func() error {
		f, err := os.Open("/dev/tty")
		if err == nil {
			f.Close()
		}
		return err
	}
	keys, err := needTerminal(term.IsTerminal(os.Stdin.Fd()), term.IsTerminal(os.Stdout.Fd()), openTTY, opts.Player != nil, b.wall)
	if err != nil {
		return err
	}
	// The profile is fixed on the output: tui.New adopts Output().Profile.
	var r *lipgloss.Renderer
	if noColor {
		r = lipgloss.NewRenderer(os.Stdout, termenv.WithProfile(termenv.Ascii))
	} else {
		r = lipgloss.NewRenderer(os.Stdout)
	}
	sub := hub.Subscribe()
	defer sub.Close()
	opts.Snapshots, opts.Renderer, opts.Theme = sub.C, r, theme
	opts.Wall, opts.Rotate = b.wall, b.rotate
	if b.bell {
		opts.Bell = os.Stdout
	}
	done := make(chan struct{})
	defer close(done)
	opts.Done = done
	progOpts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx)}
	if !keys {
		progOpts = append(progOpts, tea.WithInput(nil)) // a wall screen started as a service: no keys, ctrl-c still stops it
	}
	p := tea.NewProgram(tui.New(opts), progOpts...)
	_, err = p.Run()
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("screen: %w", err)
	}
	return nil
}

// needTerminal says why the board cannot start here, or nil, and whether
// there are keys to read. The board draws on standard output and reads
// keys from standard input or, when that is redirected, from the
// controlling terminal (/dev/tty), as bubbletea does. Without them the
// library fails with "could not open a new TTY", which says nothing of
// what to do; this says what the board needs and what to use instead:
// report for a replay's figures, serve to show a live board to terminals
// elsewhere. A wall board needs no keys (a kiosk's service may have no
// input at all): it starts without them.
func needTerminal(stdinTTY, stdoutTTY bool, openTTY func() error, replay, wall bool) (keys bool, err error) {
	var why string
	switch {
	case !stdoutTTY:
		why = "standard output is not one (a file, a pipe, or ssh -T)"
	case stdinTTY || openTTY() == nil:
		return true, nil
	case wall:
		return false, nil
	default:
		why = "there is none to read keys from (standard input is not one, and no controlling terminal: cron, a service, setsid; --wall needs no keys)"
	}
	alt := "show it to terminals elsewhere with 'wallboard serve' (see 'wallboard help serve')"
	if replay {
		alt = "get the same figures without a screen with 'wallboard report FILE...'"
	}
	return false, fmt.Errorf("the board needs a terminal, and %s. Run it in a terminal (over SSH: ssh -t), or %s", why, alt)
}
