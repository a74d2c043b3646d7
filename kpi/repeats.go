package kpi

import "github.com/callfloor/wallboard/feed"

// repeatMark is the repeat-call verdict on one event (judgeRepeat).
type repeatMark uint8

const (
	markKnown  repeatMark = 1 << iota // an entry with a usable caller number
	markRepeat                        // ... that entered within the window before
)

// RepeatMarks holds the repeat-call verdicts of a batch of events, one per
// event: MarkRepeats fills it, ApplyMarked reads it.
type RepeatMarks []repeatMark

// MarkRepeats runs the repeat-call memory over evs in order, storing each
// event's verdict in marks (resized to len(evs)), and returns marks.
//
// It is the one part of Apply that depends on nothing else in the state,
// and on a large day the costliest: the memory holds every caller number
// of the window, far more than the processor's cache, so each entry waits
// on main memory. Split out, it can run on another goroutine (a report's
// decoder), one batch ahead of ApplyMarked. It may run at the same time as
// ApplyMarked of earlier batches, and nothing else: it touches only the
// repeat-call memory, which ApplyMarked leaves alone. A state fed this way
// must be fed only this way (every batch marked, in order, then applied in
// the same order), or the memory would see entries twice or not at all.
func (s *State) MarkRepeats(evs []feed.Event, marks RepeatMarks) RepeatMarks {
	if cap(marks) < len(evs) {
		marks = make(RepeatMarks, len(evs))
	}
	marks = marks[:len(evs)]
	clear(marks)
	codes := s.q.callers.touchAll(evs)
	for i := range evs {
		if evs[i].Kind == feed.CallEnqueued {
			s.q.callers.prime(evs[i].Caller, codes[i])
			marks[i] = s.judgeRepeat(&evs[i])
		}
	}
	return marks
}

// ApplyMarked applies evs in order, exactly as Apply one by one, taking
// the repeat-call verdicts from marks (MarkRepeats of the same evs).
func (s *State) ApplyMarked(evs []feed.Event, marks RepeatMarks) {
	s.marked = true
	for i := range evs {
		s.mark = marks[i]
		s.Apply(&evs[i])
	}
	s.marked, s.mark = false, 0
}
