package serve

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/callfloor/wallboard/config"
	"github.com/callfloor/wallboard/kpi"
)

// Viewer is what one SSH key may see: the site's answer to "who sees
// what". A team lead sees the team's queues, their agents and a centre
// total made of those queues alone; the floor manager sees everything.
type Viewer struct {
	// Name says who the key belongs to, for the log and the board's note;
	// "" for a key no viewer entry names.
	Name string
	// Refuse, when not "", turns the session away with this reason (a key
	// that may log in but is not a viewer, when the site says so).
	Refuse string
	// All sees every queue, including queues that appear later, unfiltered.
	All bool
	// Visible picks, from the queue names a snapshot has (in its order),
	// those the viewer may see. It runs on the session's own goroutine for
	// every snapshot whose queue set changed; it must not block. Unused
	// with All.
	Visible func(queues []string) []string
	// Asked is the viewer's configured set in words ("queues complaints;
	// groups front"), for the log and the note on an empty board.
	Asked string
}

// Viewers resolves a logged-in key, by its SHA256 fingerprint ("SHA256:…"),
// to what it may see. It runs once per session, before the board opens.
type Viewers func(fingerprint string) Viewer

// ConfigViewers is Viewers from the site's configuration: a key named by
// a [[viewers]] entry (as a whole key or as its fingerprint) sees that
// entry's queues and groups, or everything with all = true; any other
// key sees everything when unlisted_viewers_see_all is set and is turned
// away otherwise. The configuration is copied: later changes to c do not
// reach the server.
func ConfigViewers(c *config.Config) Viewers {
	cfg := *c
	cfg.Viewers = slices.Clone(c.Viewers)
	return func(fp string) Viewer {
		v := cfg.Viewer(fp)
		switch {
		case v == nil && cfg.UnlistedViewersSeeAll:
			return Viewer{All: true}
		case v == nil:
			return Viewer{Refuse: fmt.Sprintf("your key (%s) may log in, but no [[viewers]] entry in the wallboard's "+
				"configuration names it, and unlisted keys see nothing (unlisted_viewers_see_all is off).\n"+
				"Ask whoever runs the wallboard to add the key with the queues you look after.", fp)}
		case v.All:
			return Viewer{Name: v.Name, All: true}
		}
		return Viewer{
			Name: v.Name,
			Visible: func(queues []string) []string {
				q, _ := cfg.VisibleQueues(fp, queues)
				return q
			},
			Asked: asked(v),
		}
	}
}

// asked spells a viewer's configured queues and groups.
func asked(v *config.Viewer) string {
	var parts []string
	if len(v.Queues) > 0 {
		parts = append(parts, "queues "+strings.Join(v.Queues, ", "))
	}
	if len(v.Groups) > 0 {
		parts = append(parts, "groups "+strings.Join(v.Groups, ", "))
	}
	return strings.Join(parts, "; ")
}

// viewer is the session's Viewer: everything when the server has no
// viewer list.
func (s *Server) viewer(fp string) Viewer {
	if s.cfg.Viewers == nil {
		return Viewer{All: true}
	}
	return s.cfg.Viewers(fp)
}

// viewFilter is one session's filtered feed: it takes the engine's
// snapshots from the session's hub mailbox, keeps the viewer's queues
// (kpi.Snapshot.Filter) and leaves the result in the board's own
// one-slot, latest-wins mailbox. It runs on its own goroutine per
// session, so the filtering cost of a session is paid by that session:
// the engine publishes without waiting (the hub never blocks), and a
// board that stopped reading only ever has one snapshot waiting.
type viewFilter struct {
	view Viewer
	out  chan *kpi.Snapshot

	known   bool     // names and visible are set
	names   []string // the queue names of the last snapshot seen
	visible []string // the viewer's among them
	note    atomic.Pointer[string]

	// seen, when set (tests), receives every snapshot taken from the hub
	// with what the board was handed for it.
	seen func(in, out *kpi.Snapshot)
}

func newViewFilter(v Viewer) *viewFilter {
	f := &viewFilter{view: v, out: make(chan *kpi.Snapshot, 1)}
	f.note.Store(new(string))
	return f
}

// run filters until ctx ends.
func (f *viewFilter) run(ctx context.Context, in <-chan *kpi.Snapshot) {
	for {
		select {
		case <-ctx.Done():
			return
		case snap := <-in:
			out := f.filter(snap)
			if f.seen != nil {
				f.seen(snap, out)
			}
			select { // drop the one the board has not taken yet
			case <-f.out:
			default:
			}
			// The slot is free: this goroutine is the only sender.
			f.out <- out
		}
	}
}

// filter is snap as the viewer may see it. The visible set is worked out
// again only when the snapshot's queues change (a new queue appears).
func (f *viewFilter) filter(snap *kpi.Snapshot) *kpi.Snapshot {
	if !f.known || !sameNames(f.names, snap.Queues) {
		f.known = true
		f.names = make([]string, len(snap.Queues))
		for i := range snap.Queues {
			f.names[i] = snap.Queues[i].Name
		}
		f.visible = nil
		if f.view.Visible != nil {
			f.visible = f.view.Visible(f.names)
		}
		note := ""
		if len(f.visible) == 0 {
			note = emptyNote(f.view)
		}
		f.note.Store(&note)
	}
	return snap.Filter(f.visible)
}

// Note is the line the board shows above itself: why it is empty, or "".
func (f *viewFilter) Note() string { return *f.note.Load() }

// emptyNote explains an empty board to the viewer: not an error, but the
// configuration names no queue the feed has (yet).
func emptyNote(v Viewer) string {
	who := ""
	if v.Name != "" {
		who = v.Name + ": "
	}
	if v.Asked == "" {
		return who + "no queues are given to your key in the wallboard's configuration, so this board stays empty."
	}
	return who + "none of your queues (" + v.Asked + ") is on this board yet; it fills in when one is."
}

func sameNames(names []string, qs []kpi.QueueView) bool {
	if len(names) != len(qs) {
		return false
	}
	for i := range qs {
		if names[i] != qs[i].Name {
			return false
		}
	}
	return true
}

// loginQueues is the viewer's queue set as the log line gives it: "all",
// or the visible queues of the newest snapshot (none yet: what it asked).
func loginQueues(v Viewer, latest *kpi.Snapshot) string {
	if v.All {
		return "all"
	}
	if latest == nil {
		return "(no data yet)"
	}
	names := make([]string, len(latest.Queues))
	for i := range latest.Queues {
		names[i] = latest.Queues[i].Name
	}
	var vis []string
	if v.Visible != nil {
		vis = v.Visible(names)
	}
	if len(vis) == 0 {
		return "none"
	}
	return strings.Join(vis, ",")
}
