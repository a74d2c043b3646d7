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
	var lastPub time.Time
	publish := func(force bool) {
		wall := p.opts.Wall()
		if p.state.Version() == published || (!force && wall.Sub(lastPub) < frameGap) {
			return
		}
		p.opts.Hub.Publish(p.state.Snapshot(p.Clock()))
		published, lastPub = p.state.Version(), wall
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
	p.state.SetSource(kpi.SourceStatus{Name: strings.Join(p.opts.Files, ", "), State: "replay"})
	p.src = newMultiSource(p.opts.Files, p.opts.Open, p.opts.Config.Location)
	p.hasNext = p.src.Next(&p.pending)
}

// applyUntil applies every event due at t, at most limit of them (0: no
// limit), and returns the time of the last one applied.
func (p *Player) applyUntil(t time.Time, limit int) (last time.Time, n int) {
	for p.hasNext && !p.pending.Time.After(t) && (limit == 0 || n < limit) {
		p.state.Apply(&p.pending)
		last = p.pending.Time
		n++
		p.hasNext = p.src.Next(&p.pending)
	}
	return last, n
}

// seek moves the state to t: forward by applying events, backward by
// rebuilding from the start.
func (p *Player) seek(t time.Time) {
	if t.Before(p.state.Latest()) {
		p.reset()
	}
	p.applyUntil(t, 0)
	p.state.Advance(t)
}

// play applies what the replay clock has reached.
func (p *Player) play() {
	p.mu.Lock()
	paused, speed, now := p.paused, p.speed, p.clockLocked()
	p.mu.Unlock()
	if paused {
		return
	}
	if speed == 0 {
		// As fast as possible: the clock follows the data.
		if last, n := p.applyUntil(p.end, maxBatch); n > 0 {
			now = last
			p.mu.Lock()
			p.base, p.anchor = last, p.opts.Wall()
			p.mu.Unlock()
		}
	} else {
		p.applyUntil(now, 0)
	}
	p.state.Advance(now)
	if !p.hasNext && !now.Before(p.end) {
		p.mu.Lock()
		p.base, p.anchor, p.paused, p.done = p.end, p.opts.Wall(), true, true
		p.mu.Unlock()
	}
}

// multiSource reads several files in order as one stream, as rotated logs
// are.
type multiSource struct {
	files []string
	open  func(string) (io.ReadCloser, error)
	loc   *time.Location

	i     int
	cur   feed.Source
	rc    io.ReadCloser
	err   error
	stats []string
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
			m.err = err
		}
		if s := m.cur.Stats().Summary(); s != "" {
			m.stats = append(m.stats, m.files[m.i]+": "+s)
		}
		m.rc.Close()
		m.cur, m.rc = nil, nil
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
