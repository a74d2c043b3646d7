// Package replay plays queue_log files by their own timestamps on a replay
// clock, for trainers walking a class through a historical day. The player
// owns a kpi.State in one goroutine; every "now"-based figure (longest
// wait, time in state) uses the replay clock. Seeking back restores the
// latest checkpoint before the target (a copy of the state kept every hour
// or so of event time, checkpoint.go) and applies the events after it, or
// rebuilds the state from the start of the files when there is none (see
// docs/benchmarks.md).
package replay

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
	"github.com/callfloor/wallboard/tui"
)

// Options configure a player.
type Options struct {
	// Files are played in time order (each file's earliest event), so
	// rotated logs named newest first, as `queue_log*` expands, still
	// play as one day.
	Files  []string
	Config kpi.Config
	Hub    *kpi.Hub
	// Speed is the initial speed factor (1 = real time), from MinSpeed to
	// MaxSpeed; 0 means as fast as possible.
	Speed float64
	// Wall is the wall clock the replay clock runs against; nil means
	// time.Now. Tests inject a fake.
	Wall func() time.Time
	// Open opens a file; nil means os.Open.
	Open func(name string) (io.ReadCloser, error)
	// CheckpointBudget bounds the memory of the player's checkpoints
	// (checkpoint.go) in bytes: 0 means DefaultCheckpointBudget, a
	// negative value keeps none (every seek back rebuilds). A server with
	// a player per session gives each a small share.
	CheckpointBudget int64
}

// Speeds are bounded so that doubling and halving stay meaningful: a
// quarter of real time at the slowest, four hours a second at the fastest
// finite speed.
const (
	MinSpeed float64 = 0.25
	MaxSpeed float64 = 3600 * 4
	// maxBatch bounds the events applied between two looks at the command
	// channel at "max" speed, and between two looks at the seek target
	// during a rebuild, so keys stay responsive.
	maxBatch = 20000
	frameGap = 100 * time.Millisecond
)

// Player plays the files. Its methods are safe from any goroutine and
// return at once; the work happens in Run's goroutine.
type Player struct {
	opts Options
	cmds chan func()

	mu sync.Mutex
	// The replay clock is base while paused, and base + (wall − anchor) ×
	// speed while playing.
	base, anchor time.Time
	speed        float64 // 0 = max
	paused       bool
	done         bool
	start, end   time.Time
	problems     string // the files' problems, for people (feed.Stats.Summary per file)
	skipped      int    // lines the files' decoders skipped
	// target is the latest SeekTo time; seeking says a seek is queued or
	// running, which coalesces the seeks pressed during a slow rebuild
	// into one and keeps play from moving the state meanwhile.
	target  time.Time
	seeking bool

	// Owned by Run's goroutine.
	state   *kpi.State
	src     *multiSource
	pending feed.Event
	hasNext bool
	// at is the time the state has been moved to (events applied and
	// Advance), which can be later than its last event: seeking to any
	// earlier time rebuilds.
	at    time.Time
	batch int // maxBatch; smaller in tests
	// seeked says a seek was carried out since the last snapshot: Run
	// publishes one after it even when the state did not change (a seek
	// to where the replay already was), because the board sets its
	// alerts aside until the target's snapshot comes.
	seeked bool
	// seq is how many events the files gave before pending: its place,
	// for checkpoints (checkpoint.go).
	seq   int64
	ckpts checkpoints
}

// New checks the files and reads them once to learn the first and last
// event times (the progress bar's ends and what --at counts from).
func New(opts Options) (*Player, error) {
	if opts.Wall == nil {
		opts.Wall = time.Now
	}
	if opts.Open == nil {
		opts.Open = func(n string) (io.ReadCloser, error) { return os.Open(n) }
	}
	if len(opts.Files) == 0 {
		return nil, fmt.Errorf("replay: no file to play")
	}
	if err := opts.Config.Validate(); err != nil {
		return nil, err
	}
	if s := opts.Speed; s != 0 && !(s >= MinSpeed && s <= MaxSpeed) { // NaN fails both
		return nil, fmt.Errorf("replay: speed %v: want %v to %v (1 is real time), or 0 for as fast as possible", s, MinSpeed, MaxSpeed)
	}
	p := &Player{opts: opts, cmds: make(chan func(), 64), speed: opts.Speed, batch: maxBatch, ckpts: newCheckpoints()}
	switch b := opts.CheckpointBudget; {
	case b < 0:
		p.ckpts.off = true
	case b > 0:
		p.ckpts.budget = b
	}
	src := newMultiSource(opts.Files, opts.Open, opts.Config.Location)
	first := make([]time.Time, len(opts.Files)) // each file's earliest event
	var ev feed.Event
	for src.Next(&ev) {
		if f := &first[src.i]; f.IsZero() || ev.Time.Before(*f) {
			*f = ev.Time
		}
		if p.start.IsZero() || ev.Time.Before(p.start) {
			p.start = ev.Time
		}
		if ev.Time.After(p.end) {
			p.end = ev.Time
		}
	}
	if err := src.Err(); err != nil {
		return nil, err
	}
	p.problems, p.skipped = src.Summary(), src.skipped
	if p.start.IsZero() {
		why := "the file is empty"
		if len(opts.Files) > 1 {
			why = "the files are empty"
		}
		if p.problems != "" {
			why = p.problems
		}
		return nil, fmt.Errorf("%s: no events to replay (%s)", strings.Join(opts.Files, ", "), why)
	}
	// A stable sort: files without events (zero time) go first and play
	// nothing; files that start together keep the order given.
	order := make([]int, len(first))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return first[a].Compare(first[b]) })
	p.opts.Files = make([]string, len(order))
	for i, j := range order {
		p.opts.Files[i] = opts.Files[j]
	}
	p.base, p.anchor = p.start, opts.Wall()
	return p, nil
}

// Files are the files in the order they play (oldest first).
func (p *Player) Files() []string { return slices.Clone(p.opts.Files) }

// OpenAt makes the replay open paused at t (clamped to the files' span)
// instead of playing from the start. Call it before Run.
func (p *Player) OpenAt(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.base, p.anchor, p.paused = p.clamp(t), p.opts.Wall(), true
}

// Start and End are the first and last event times.
func (p *Player) Start() time.Time { return p.start }

// End is the last event time.
func (p *Player) End() time.Time { return p.end }

// Problems is the decoders' summary of skipped or repaired lines ("" when clean).
func (p *Player) Problems() string { return p.problems }

// Clock is the replay clock now; the board uses it for ticking figures.
func (p *Player) Clock() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.clockLocked()
}

func (p *Player) clockLocked() time.Time {
	if p.paused || p.speed == 0 {
		return p.base
	}
	el := p.opts.Wall().Sub(p.anchor)
	return p.base.Add(time.Duration(float64(el) * p.speed))
}

// Status is the status bar's view of the player.
func (p *Player) Status() tui.PlayerStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	return tui.PlayerStatus{
		Clock: p.clockLocked(), Speed: p.speed, Paused: p.paused, Start: p.start, End: p.end,
		Done: p.done, Location: p.opts.Config.Location, Seeking: p.seeking,
	}
}

// do queues f for Run's goroutine; a full queue drops it (and says so).
func (p *Player) do(f func()) bool {
	select {
	case p.cmds <- f:
		return true
	default:
		return false
	}
}

// rebase pins the clock at its current value before a speed or pause change.
func (p *Player) rebase() {
	p.base, p.anchor = p.clockLocked(), p.opts.Wall()
}

// TogglePause pauses or plays; at the end, play starts over.
func (p *Player) TogglePause() {
	p.mu.Lock()
	restart := p.done && p.paused
	p.rebase()
	p.paused = !p.paused
	p.mu.Unlock()
	if restart {
		p.Restart()
		p.mu.Lock()
		p.paused = false
		p.mu.Unlock()
	}
}

// Faster doubles the speed (from max it stays max).
func (p *Player) Faster() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rebase()
	if p.speed != 0 {
		p.speed = min(p.speed*2, MaxSpeed)
	}
}

// Slower halves the speed; from max it drops to the top finite speed.
func (p *Player) Slower() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rebase()
	if p.speed == 0 {
		p.speed = MaxSpeed
	} else {
		p.speed = max(p.speed/2, MinSpeed)
	}
}

// Step seeks by d from the current replay time.
func (p *Player) Step(d time.Duration) { p.SeekTo(p.Clock().Add(d)) }

// Restart goes back to the first event.
func (p *Player) Restart() { p.SeekTo(p.start) }

// SeekTo moves the replay to t (clamped to the files' span), keeping the
// play/pause state. Seeks made while one is pending join it: the state
// goes to the last one.
func (p *Player) SeekTo(t time.Time) {
	t = p.clamp(t)
	p.mu.Lock()
	p.base, p.anchor, p.done, p.target = t, p.opts.Wall(), false, t
	queue := !p.seeking
	p.seeking = true
	p.mu.Unlock()
	if queue && !p.do(p.seekTarget) {
		p.mu.Lock()
		p.seeking = false
		p.mu.Unlock()
	}
}

func (p *Player) clamp(t time.Time) time.Time {
	if t.Before(p.start) {
		return p.start
	}
	if t.After(p.end) {
		return p.end
	}
	return t
}
