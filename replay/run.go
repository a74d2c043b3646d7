package replay

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
)

// Run plays until ctx ends. It applies due events every 50 ms and
// publishes a snapshot when something changed, at most every frameGap.
func (p *Player) Run(ctx context.Context) error {
	p.reset()
	p.seek(p.Clock())
	tick := time.NewTicker(frameGap / 2)
	defer tick.Stop()
	var published uint64
	var pubState *kpi.State // a seek replaces the state: its version may repeat one published
	var lastPub time.Time
	publish := func(force bool) {
		wall := p.opts.Wall()
		if (!p.seeked && p.state == pubState && p.state.Version() == published) || (!force && wall.Sub(lastPub) < frameGap) {
			return
		}
		p.opts.Hub.Publish(p.state.Snapshot(p.Clock()))
		published, pubState, lastPub, p.seeked = p.state.Version(), p.state, wall, false
	}
	publish(true)
	for {
		select {
		case <-ctx.Done():
			p.src.Close()
			return ctx.Err()
		case f := <-p.cmds:
			f()
			publish(true)
			continue
		case <-tick.C:
		}
		p.play()
		publish(false)
	}
}

// reset starts over: a fresh state and the files from their beginning.
func (p *Player) reset() {
	if p.src != nil {
		p.src.Close()
	}
	p.state = kpi.NewState(p.opts.Config)
	p.state.SetSource(kpi.SourceStatus{Name: strings.Join(p.opts.Files, ", "), State: "replay", Input: p.problems, InputSkipped: p.skipped})
	p.src = newMultiSource(p.opts.Files, p.opts.Open, p.opts.Config.Location)
	p.hasNext = p.src.Next(&p.pending)
	p.at, p.seq = time.Time{}, 0
	// The first checkpoint is at the first boundary after the first
	// event: one at the start would be a copy of nothing.
	p.ckpts.next = p.ckpts.boundaryAfter(p.pending.Time)
}

// moveTo moves the state's time-driven parts (wrap-ups ending) to now.
func (p *Player) moveTo(now time.Time) {
	p.state.Advance(now)
	if now.After(p.at) {
		p.at = now
	}
}

// behind reports whether t is earlier than the state has been moved to,
// by an event or by moveTo: such a state can only be rebuilt.
func (p *Player) behind(t time.Time) bool {
	return t.Before(p.at) || t.Before(p.state.Latest())
}

// applyUntil applies every event due at t, at most limit of them (0: no
// limit), and returns the time of the last one applied.
func (p *Player) applyUntil(t time.Time, limit int) (last time.Time, n int) {
	for p.hasNext && !p.pending.Time.After(t) && (limit == 0 || n < limit) {
		if !p.pending.Time.Before(p.ckpts.next) {
			p.checkpoint()
		}
		p.state.Apply(&p.pending)
		last = p.pending.Time
		n++
		p.hasNext = p.src.Next(&p.pending)
		p.seq++
	}
	return last, n
}

// rewind prepares a seek to t: a state behind t is replaced by the latest
// checkpoint at or before t, or rebuilt from the start when there is none.
// A state before t jumps forward to a checkpoint too when that skips more
// events than a batch: restoring costs a copy of the state, applying them
// would cost more.
func (p *Player) rewind(t time.Time) {
	cp := p.ckpts.latest(t)
	switch {
	case p.behind(t) && cp == nil:
		p.reset()
	case p.behind(t) || (cp != nil && cp.seq > p.seq+int64(p.batch)):
		p.restore(cp)
	}
}

// seek moves the state to t: forward by applying events, backward from a
// checkpoint or the start.
func (p *Player) seek(t time.Time) {
	p.rewind(t)
	p.applyUntil(t, 0)
	p.moveTo(t)
}

// seekTarget moves the state to the latest SeekTo target. It applies
// events in batches and looks at the target between them: a seek pressed
// during a slow rebuild (`{` four times late in a big day) redirects this
// one instead of queueing a rebuild of its own.
func (p *Player) seekTarget() {
	for {
		p.mu.Lock()
		t := p.target
		p.mu.Unlock()
		p.rewind(t)
		if _, n := p.applyUntil(t, p.batch); n == p.batch {
			continue // more to apply, perhaps toward a new target
		}
		p.mu.Lock()
		done := p.target.Equal(t)
		if done {
			p.seeking = false
		}
		p.mu.Unlock()
		if done {
			p.moveTo(t)
			p.seeked = true // a snapshot follows even when nothing changed: the board waits for one
			return
		}
	}
}

// play applies what the replay clock has reached.
func (p *Player) play() {
	p.mu.Lock()
	paused, speed, now := p.paused || p.seeking, p.speed, p.clockLocked()
	p.mu.Unlock()
	if paused {
		return // or a seek is on its way, which will move the state
	}
	if speed == 0 {
		// As fast as possible: the clock follows the data, and reaches
		// the end with the last line even when that line is not the
		// latest (a line written late).
		last, _ := p.applyUntil(p.end, p.batch)
		if !p.hasNext {
			last = p.end
		}
		if last.After(now) {
			now = last
			p.mu.Lock()
			if !p.seeking { // a seek made meanwhile sets the clock
				p.base, p.anchor = now, p.opts.Wall()
			}
			p.mu.Unlock()
		}
	} else {
		p.applyUntil(now, 0)
	}
	p.moveTo(now)
	if !p.hasNext && !now.Before(p.end) {
		p.mu.Lock()
		if !p.seeking {
			p.base, p.anchor, p.paused, p.done = p.end, p.opts.Wall(), true, true
		}
		p.mu.Unlock()
	}
}

// notQueueLog says what a file with no readable line should have been.
const notQueueLog = "not a queue_log: want Asterisk's queue_log (epoch|callid|queue|agent|event|data…) or a CSV export of its table with a header row"

// multiSource reads several files in order as one stream, as rotated logs
// are.
type multiSource struct {
	files []string
	open  func(string) (io.ReadCloser, error)
	loc   *time.Location

	i       int
	cur     feed.Source
	rc      io.ReadCloser
	err     error
	stats   []string
	skipped int // lines skipped, over the files read so far
	// lineBase is the lines of the current file before its decoder's
	// first: non-zero when a checkpoint resumed the file at a line, so
	// that the file's line is lineBase + the decoder's count.
	lineBase int
}

func newMultiSource(files []string, open func(string) (io.ReadCloser, error), loc *time.Location) *multiSource {
	return &multiSource{files: files, open: open, loc: loc}
}

func (m *multiSource) Next(ev *feed.Event) bool {
	for m.err == nil {
		if m.cur == nil {
			if m.i >= len(m.files) {
				return false
			}
			name := m.files[m.i]
			rc, err := m.open(name)
			if err != nil {
				m.err = err
				return false
			}
			src, err := feed.Open(rc, name, m.loc)
			if err != nil {
				rc.Close()
				m.err = fmt.Errorf("%s: %w", name, err)
				return false
			}
			m.cur, m.rc = src, rc
		}
		if m.cur.Next(ev) {
			return true
		}
		if err := m.cur.Err(); err != nil {
			// A file cut short (a rotated log copied while written, a
			// damaged archive) plays up to the damage, as report counts
			// it, and the files after it still play; the error is told
			// with the other problems.
			m.stats = append(m.stats, err.Error())
		}
		st := m.cur.Stats()
		m.skipped += st.Skipped()
		if s := st.Summary(); s != "" {
			if st.Events == 0 && st.Skipped() > 0 {
				// Not one readable line: most likely the wrong file (a
				// SQL dump, another log), which the counts alone do not
				// say.
				s += "; " + notQueueLog
			}
			m.stats = append(m.stats, m.files[m.i]+": "+s)
		}
		m.rc.Close()
		m.cur, m.rc, m.lineBase = nil, nil, 0
		m.i++
	}
	return false
}

func (m *multiSource) Err() error { return m.err }

// Summary joins the per-file problem summaries.
func (m *multiSource) Summary() string { return strings.Join(m.stats, "; ") }

func (m *multiSource) Close() {
	if m.rc != nil {
		m.rc.Close()
		m.rc, m.cur = nil, nil
	}
}
