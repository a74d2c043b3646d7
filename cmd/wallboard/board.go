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
	fs.BoolVar(&b.bell, "bell", false, "wall mode: ring the terminal bell when a tile turns red (an alert is raised)")
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
	theme, noColor, err := b.loadTheme()
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
	p := tea.NewProgram(tui.New(opts), tea.WithAltScreen(), tea.WithContext(ctx))
	_, err = p.Run()
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("screen: %w", err)
	}
	return nil
}
