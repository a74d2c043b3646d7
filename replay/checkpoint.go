package replay

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/kpi"
)

// Checkpoints make seeking back cheap: while the player applies events it
// keeps a copy of the state (kpi.State.Clone) every so often of event time,
// with the place in the files to go on from. Seeking back to t restores
// the latest checkpoint at or before t (a copy of it: the checkpoint stays
// as it was, for the next seek) and applies the events from there, instead
// of rebuilding the day from its first line.
//
// Memory is bounded twice over: at most maxCheckpoints, and at most
// Options.CheckpointBudget bytes (DefaultCheckpointBudget) by kpi.State.Footprint's estimate. When one more
// would break either bound, the spacing doubles and the checkpoints off
// the new spacing are dropped, so those kept stay evenly spread over the
// files. A state whose estimate alone is over a third of the budget is
// never copied: seeks then rebuild from the start, as without checkpoints.
const (
	maxCheckpoints = 12
	// DefaultCheckpointBudget is a player's checkpoint memory unless
	// Options.CheckpointBudget says otherwise.
	DefaultCheckpointBudget = 256 << 20
	// checkpointEvery is the first spacing: a seek back applies at most
	// an hour of events (and a day fits in 12 at two hours).
	checkpointEvery = time.Hour
)

// checkpoint is the state just before the event pending was applied.
type checkpoint struct {
	boundary time.Time // the multiple of the spacing it was taken at
	// at is the time the state had been moved to: a target before it
	// cannot start from here (see Player.behind).
	at    time.Time
	state *kpi.State // never changed: restored by cloning
	size  int64      // state.Footprint()

	pending feed.Event // the next event to apply, as decoded
	seq     int64      // events before it, over all the files
	file    int        // its file's index in the play order
	// line is its line in that file when the file is queue_log text
	// (which can be resumed at a line); 0 otherwise (CSV, or text whose
	// decoder is not known), when resuming re-reads and skips seq events.
	line int
	off  int64 // the line's byte offset; -1 until a restore finds it
}

// checkpoints is the player's list, oldest first.
type checkpoints struct {
	list    []checkpoint
	spacing time.Duration
	bytes   int64     // Σ size
	next    time.Time // the next boundary to take one at
	max     int       // maxCheckpoints; tests change the bounds
	budget  int64     // Options.CheckpointBudget
	off     bool      // none are taken (benchmarks compare)
}

func newCheckpoints() checkpoints {
	return checkpoints{spacing: checkpointEvery, max: maxCheckpoints, budget: DefaultCheckpointBudget}
}

// boundaryAfter is the first multiple of the spacing after t.
func (c *checkpoints) boundaryAfter(t time.Time) time.Time {
	return t.Truncate(c.spacing).Add(c.spacing)
}

// latest returns the latest checkpoint a seek to t can start from: taken
// at or before t, its state not moved past t. nil when none.
func (c *checkpoints) latest(t time.Time) *checkpoint {
	for i := len(c.list) - 1; i >= 0; i-- {
		if cp := &c.list[i]; !t.Before(cp.at) {
			return cp
		}
	}
	return nil
}

// thin doubles the spacing and drops the checkpoints off it.
func (c *checkpoints) thin() {
	c.spacing *= 2
	kept := c.list[:0]
	c.bytes = 0
	for _, cp := range c.list {
		if cp.boundary.Equal(cp.boundary.Truncate(c.spacing)) {
			kept = append(kept, cp)
			c.bytes += cp.size
		}
	}
	clear(c.list[len(kept):]) // let the dropped states go
	c.list = kept
}

// checkpoint is applyUntil's hook before it applies p.pending, whose time
// has reached ckpts.next: it keeps a copy of the state unless the list
// already covers this place (a replay going over ground it has seen).
func (p *Player) checkpoint() {
	c := &p.ckpts
	b := p.pending.Time.Truncate(c.spacing)
	c.next = b.Add(c.spacing)
	if c.off || (len(c.list) > 0 && p.seq <= c.list[len(c.list)-1].seq) {
		return
	}
	size := p.state.Footprint()
	if size > c.budget/3 {
		return // huge: three copies would not fit
	}
	for len(c.list) > 0 && (len(c.list) >= c.max || c.bytes+size > c.budget) {
		c.thin()
		b = p.pending.Time.Truncate(c.spacing)
		c.next = b.Add(c.spacing)
		if last := c.list[len(c.list)-1]; !last.boundary.Before(b) {
			return // this boundary is taken, or off the new spacing
		}
	}
	cp := checkpoint{
		boundary: b, at: p.at, state: p.state.Clone(), size: size,
		pending: p.pending, seq: p.seq, file: p.src.i, off: -1,
	}
	if l := p.state.Latest(); l.After(cp.at) {
		cp.at = l
	}
	if _, ok := p.src.cur.(*feed.QueueLog); ok {
		cp.line = p.src.lineBase + p.src.cur.Stats().Lines
	}
	c.list = append(c.list, cp)
	c.bytes += size
}

// restore makes cp's state the player's (a copy) and the files' read
// position the one after cp's pending event. On any trouble reopening the
// files it rebuilds from the start instead, which is always right.
func (p *Player) restore(cp *checkpoint) {
	src, err := p.resume(cp)
	if err != nil {
		p.reset()
		return
	}
	if p.src != nil {
		p.src.Close()
	}
	p.src = src
	p.state = cp.state.Clone()
	p.pending, p.hasNext = cp.pending, true
	p.at, p.seq = cp.at, cp.seq
	p.ckpts.next = p.ckpts.boundaryAfter(cp.pending.Time)
}

// resume opens the files at cp's place: past cp's pending event, which it
// decodes again and checks, so that a file changed since it was read is
// never played from a wrong place.
func (p *Player) resume(cp *checkpoint) (*multiSource, error) {
	if cp.line > 0 {
		if m, err := p.resumeAtLine(cp); err == nil {
			return m, nil
		}
	}
	// Re-read from the start and skip: decoding only, no state.
	m := newMultiSource(p.opts.Files, p.opts.Open, p.opts.Config.Location)
	var ev feed.Event
	for i := int64(0); i < cp.seq; i++ {
		if !m.Next(&ev) {
			m.Close()
			return nil, fmt.Errorf("replay: %s: fewer events than when first read", p.opts.Files[cp.file])
		}
	}
	return m, m.check(cp)
}

// check reads the next event and fails unless it is cp's pending event.
func (m *multiSource) check(cp *checkpoint) error {
	var ev feed.Event
	if !m.Next(&ev) || !sameEvent(&ev, &cp.pending) || m.i != cp.file {
		m.Close()
		return fmt.Errorf("replay: %s: not the event read there before", m.files[cp.file])
	}
	return nil
}

func sameEvent(a, b *feed.Event) bool {
	x, y := *a, *b
	x.Time, y.Time = time.Time{}, time.Time{}
	return a.Time.Equal(b.Time) && x == y
}

// resumeAtLine opens cp's file at the start of cp's line, finding the
// line's byte offset the first time by counting newlines from the nearest
// earlier checkpoint whose offset is known (or from the file's start). A
// queue_log decoder counts a line per '\n' (a last line without one
// aside), so line L starts after the (L−1)th '\n'. Compressed files and
// readers that cannot seek are resumed by skipping events instead.
func (p *Player) resumeAtLine(cp *checkpoint) (*multiSource, error) {
	name := p.opts.Files[cp.file]
	rc, err := p.opts.Open(name)
	if err != nil {
		return nil, err
	}
	sk, ok := rc.(io.ReadSeeker)
	if !ok {
		rc.Close()
		return nil, fmt.Errorf("%s: cannot seek", name)
	}
	if cp.off < 0 {
		off, err := p.findLine(sk, cp)
		if err != nil {
			rc.Close()
			return nil, err
		}
		cp.off = off
	}
	if _, err := sk.Seek(cp.off, io.SeekStart); err != nil {
		rc.Close()
		return nil, err
	}
	src, err := feed.Open(rc, name, p.opts.Config.Location)
	if err != nil {
		rc.Close()
		return nil, err
	}
	m := newMultiSource(p.opts.Files, p.opts.Open, p.opts.Config.Location)
	m.i, m.cur, m.rc, m.lineBase = cp.file, src, rc, cp.line-1
	return m, m.check(cp)
}

// findLine returns the byte offset of cp's line in the file r reads.
func (p *Player) findLine(r io.ReadSeeker, cp *checkpoint) (int64, error) {
	off, line := int64(0), 1
	for i := range p.ckpts.list {
		e := &p.ckpts.list[i]
		if e == cp || e.seq >= cp.seq {
			break
		}
		if e.file == cp.file && e.line > 0 && e.off >= 0 {
			off, line = e.off, e.line
		}
	}
	if _, err := r.Seek(off, io.SeekStart); err != nil {
		return 0, err
	}
	buf := make([]byte, 256<<10)
	if off == 0 {
		n, _ := io.ReadFull(r, buf[:2])
		if n == 2 && buf[0] == 0x1f && buf[1] == 0x8b {
			return 0, fmt.Errorf("compressed: offsets are not the decoder's") // resumed by skipping
		}
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return 0, err
		}
	}
	nl := []byte{'\n'}
	for line < cp.line {
		n, err := r.Read(buf)
		b := buf[:n]
		if k := bytes.Count(b, nl); line+k < cp.line {
			line, off = line+k, off+int64(n) // the line starts further on
		} else {
			for line < cp.line { // it starts in b: after newline cp.line−1
				j := bytes.IndexByte(b, '\n')
				off, b, line = off+int64(j+1), b[j+1:], line+1
			}
			return off, nil
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return 0, err
		}
	}
	return off, nil
}
