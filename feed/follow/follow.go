// Package follow reads a live Asterisk queue_log the way `tail -F` does:
// today's history first, then each line as it is appended, across log
// rotation (rename and a new file) and truncation (copytruncate), without
// counting a line twice. It polls: a short interval costs one stat call,
// and it needs no file-notification dependency.
package follow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/callfloor/wallboard/feed"
)

// Options configure a Follower.
type Options struct {
	Path string
	// Location is the zone of "today": lines before local midnight of
	// the first poll are skipped (nil: time.Local).
	Location *time.Location
	// Clock is the wall clock (time.Now).
	Clock func() time.Time
	// Poll is the interval between looks at the file (default 250 ms).
	Poll time.Duration
	// OnState hears about the file: "live" once it is read, "waiting"
	// while it is missing, "error" while it cannot be opened (tried again
	// at every poll), with a sentence for people (nil: ignored).
	OnState func(state, detail string)
	// Log receives rotation, truncation and read problems (nil: discarded).
	Log *slog.Logger
	// OnProblems hears the follower's Stats after a look that counted new
	// problems (lines skipped or repaired, unknown verbs), so that the
	// board can say so (nil: ignored). It runs on Run's goroutine.
	OnProblems func(*feed.Stats)
}

// Follower follows one queue_log file. Run it on one goroutine.
type Follower struct {
	opts    Options
	f       *os.File
	off     int64  // bytes of f consumed (complete lines decoded or skipped)
	pending []byte // a partial last line, waiting for its newline
	since   int64  // lines before this Unix time are skipped (today's history only)
	line    int    // lines of the current file consumed, for the line numbers problems give
	stats   feed.Stats
	noted   int    // stats.Noted() last told to OnProblems
	old     int    // lines skipped as stamped before today
	emitted bool   // some event was emitted
	toldOld bool   // OnState said that only earlier days were found
	openErr string // the open error last told, so that it is logged once
	buf     []byte
}

// New returns a follower; nothing is read until Run.
func New(opts Options) *Follower {
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.Poll <= 0 {
		opts.Poll = 250 * time.Millisecond
	}
	if opts.OnState == nil {
		opts.OnState = func(string, string) {}
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.OnProblems == nil {
		opts.OnProblems = func(*feed.Stats) {}
	}
	fl := &Follower{opts: opts, buf: make([]byte, 256<<10)}
	fl.stats.Source = opts.Path
	return fl
}

// Stats counts the lines read and what was wrong with them.
func (fl *Follower) Stats() *feed.Stats { return &fl.stats }

// Run reads the file until ctx ends, handing each batch of events to emit
// (which owns the slice). An error from emit ends Run.
func (fl *Follower) Run(ctx context.Context, emit func([]feed.Event) error) error {
	now := fl.opts.Clock().In(fl.opts.Location)
	y, m, d := now.Date()
	fl.since = time.Date(y, m, d, 0, 0, 0, 0, fl.opts.Location).Unix()
	defer func() {
		if fl.f != nil {
			fl.f.Close()
		}
	}()
	t := time.NewTicker(fl.opts.Poll)
	defer t.Stop()
	for {
		if err := fl.Poll(emit); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Poll looks at the file once: opens it if needed, notices rotation and
// truncation, and emits the complete lines appended since the last look.
// Run calls it on a timer; tests call it directly, step by step.
func (fl *Follower) Poll(emit func([]feed.Event) error) error {
	err := fl.poll(emit)
	if n := fl.stats.Noted(); n != fl.noted {
		fl.noted = n
		fl.opts.OnProblems(&fl.stats)
	}
	return err
}

func (fl *Follower) poll(emit func([]feed.Event) error) error {
	if fl.since == 0 {
		y, m, d := fl.opts.Clock().In(fl.opts.Location).Date()
		fl.since = time.Date(y, m, d, 0, 0, 0, 0, fl.opts.Location).Unix()
	}
	if fl.f == nil {
		f, err := os.Open(fl.opts.Path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				fl.opts.OnState("waiting", fmt.Sprintf("waiting for %s to appear", fl.opts.Path))
				return nil
			}
			// A file this user may not read (the PBX's log, before the
			// service joins its group) can be fixed while we run: say so
			// and look again at the next poll, as for a missing file,
			// rather than stop following for good.
			msg := fmt.Sprintf("cannot open %s: %v (trying again)", fl.opts.Path, errors.Unwrap(err))
			if msg != fl.openErr {
				fl.openErr = msg
				fl.opts.Log.Warn("follow: " + msg)
			}
			fl.opts.OnState("error", msg)
			return nil
		}
		if fl.openErr != "" {
			fl.openErr = ""
			fl.opts.Log.Info("follow: opened " + fl.opts.Path)
		}
		fl.f, fl.off, fl.line, fl.pending = f, 0, 0, fl.pending[:0]
		fl.opts.OnState("live", "following "+fl.opts.Path)
	}
	cur, err := fl.f.Stat()
	if err != nil {
		return fmt.Errorf("follow %s: %w", fl.opts.Path, err)
	}
	if cur.Size() < fl.off {
		// copytruncate: the file was emptied in place and is written again
		// from the start. What we read is counted; start over at 0.
		fl.opts.Log.Info("follow: file truncated; reading from its start", "file", fl.opts.Path, "was", fl.off, "now", cur.Size())
		fl.off, fl.line, fl.pending = 0, 0, fl.pending[:0]
	}
	if err := fl.readNew(emit); err != nil {
		return err
	}
	if !fl.emitted && fl.old > 0 && !fl.toldOld {
		// A file of earlier days only (yesterday's log, or a day not yet
		// begun at the PBX): an empty board must say why. Short: the
		// board's header carries it, and its title names the file.
		fl.toldOld = true
		fl.opts.OnState("live", fmt.Sprintf("nothing from today yet: %d older lines skipped", fl.old))
	}
	// Rotation: the name now points at another file. The old one has been
	// read to its end above (a writer may have added lines before the
	// rename); the new one is read from its start on the next look.
	named, err := os.Stat(fl.opts.Path)
	if err == nil && !os.SameFile(cur, named) {
		if err := fl.readNew(emit); err != nil {
			return err
		}
		if len(fl.pending) > 0 {
			fl.opts.Log.Warn("follow: rotated file ended in a partial line; dropped", "file", fl.opts.Path, "bytes", len(fl.pending))
			fl.stats.Note(feed.ProblemNoEvent, fl.line+1)
		}
		fl.opts.Log.Info("follow: file rotated; following the new one", "file", fl.opts.Path)
		fl.f.Close()
		fl.f = nil
		return fl.poll(emit)
	}
	return nil
}

// readNew reads from the current offset to the end of the file and emits
// the events of the complete lines; a partial last line is kept.
func (fl *Follower) readNew(emit func([]feed.Event) error) error {
	for {
		n, err := fl.f.ReadAt(fl.buf, fl.off)
		if n > 0 {
			fl.off += int64(n)
			if err := fl.lines(fl.buf[:n], emit); err != nil {
				return err
			}
		}
		// A read error is reported even when it comes with no bytes: a
		// directory (EISDIR) or a failing disk must not look like a
		// quiet file.
		if err == io.EOF || err == nil && n == 0 {
			return nil
		}
		if err != nil {
			return fmt.Errorf("follow %s: %w", fl.opts.Path, err)
		}
	}
}

// lines decodes the complete lines of pending+chunk.
func (fl *Follower) lines(chunk []byte, emit func([]feed.Event) error) error {
	end := bytes.LastIndexByte(chunk, '\n')
	if end < 0 {
		fl.pending = append(fl.pending, chunk...)
		if len(fl.pending) > feed.MaxLineBytes {
			// No newline in sight: debris. Count it once and drop it, so
			// memory stays bounded.
			fl.stats.Note(feed.ProblemLongLine, fl.line+1)
			fl.line++
			fl.pending = fl.pending[:0]
		}
		return nil
	}
	var data []byte
	if len(fl.pending) > 0 {
		data = append(fl.pending, chunk[:end+1]...)
	} else {
		data = chunk[:end+1]
	}
	data = fl.skipOld(data)
	var evs []feed.Event
	if len(data) > 0 {
		src := feed.NewQueueLog(bytes.NewReader(data), fl.opts.Path)
		var ev feed.Event
		for src.Next(&ev) {
			evs = append(evs, ev)
		}
		fl.stats.AddFrom(src.Stats(), fl.line)
		fl.line += src.Stats().Lines
	}
	fl.pending = append(fl.pending[:0], chunk[end+1:]...)
	if len(evs) == 0 {
		return nil
	}
	if !fl.emitted {
		fl.emitted = true
		if fl.toldOld {
			fl.opts.OnState("live", "following "+fl.opts.Path)
		}
	}
	return emit(evs)
}

// skipOld drops the leading lines stamped before today, looking only at
// their epoch column: a year-long log is passed over at disk speed. Lines
// without a readable epoch are kept for the decoder to count.
func (fl *Follower) skipOld(data []byte) []byte {
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		line := data[:nl]
		epoch, ok := leadingEpoch(line)
		if !ok || epoch >= fl.since {
			return data
		}
		fl.stats.Lines++
		fl.line++
		fl.old++
		data = data[nl+1:]
	}
	return data
}

func leadingEpoch(line []byte) (int64, bool) {
	var v int64
	i := 0
	for ; i < len(line) && i < 12 && line[i] >= '0' && line[i] <= '9'; i++ {
		v = v*10 + int64(line[i]-'0')
	}
	return v, i > 0 && i < len(line) && line[i] == '|'
}
