package feed

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is a kind of bad input a decoder met. Every problem is counted;
// none stops a run.
type Problem uint8

// The problems. "Skipped" problems lose the line; "repaired" ones keep it
// with the damage removed, and say so.
const (
	ProblemNoEvent   Problem = iota // skipped: fewer than five fields (truncated line)
	ProblemBadTime                  // skipped: time field not a number / not a datetime
	ProblemLongLine                 // skipped: line over MaxLineBytes
	ProblemBadJSON                  // skipped: a message that is not the JSON it should be
	ProblemNUL                      // repaired: a run of NUL bytes (crash debris) was removed
	ProblemBadUTF8                  // repaired: invalid UTF-8 bytes replaced with '?'
	ProblemBadNumber                // repaired: a numeric data field was not a number; treated as not reported
	ProblemControl                  // repaired: control characters (which a terminal would obey) replaced with '?'
	numProblems
)

// MaxLineBytes is the longest line a decoder accepts. Real lines are under
// 1 KiB; a longer one is debris, and refusing it bounds memory.
const MaxLineBytes = 64 << 10

var problemText = [numProblems]string{
	ProblemNoEvent:   "no event field",
	ProblemBadTime:   "bad time",
	ProblemLongLine:  "line over 64 KiB",
	ProblemBadJSON:   "bad JSON",
	ProblemNUL:       "NUL bytes removed",
	ProblemBadUTF8:   "invalid UTF-8 replaced",
	ProblemBadNumber: "non-numeric field ignored",
	ProblemControl:   "control characters replaced",
}

// String says the problem in a few words, as the summary prints it.
func (p Problem) String() string {
	if p < numProblems {
		return problemText[p]
	}
	return fmt.Sprintf("problem(%d)", uint8(p))
}

// Skips reports whether a line with this problem is dropped.
func (p Problem) Skips() bool { return p <= ProblemBadJSON }

// Tally counts one problem and remembers where it was first seen.
type Tally struct {
	Count     int
	FirstLine int // 1-based line (or message) number of the first occurrence
}

// maxUnknownVerbs bounds the per-verb table: a file full of random verbs must
// not grow memory without limit. Verbs past it are counted in the total only.
const maxUnknownVerbs = 64

// Stats counts what a decoder read and what it could not use. Decoders own
// their Stats and update it in place; callers read it after the run (or
// between events, from the decoder's goroutine).
type Stats struct {
	Source   string // file name or URL, for messages
	Lines    int    // lines (or messages) read
	Events   int    // events produced
	Problems [numProblems]Tally

	UnknownTotal     int
	UnknownFirstLine int
	UnknownVerbs     map[string]int // at most maxUnknownVerbs entries
}

// Note counts a problem on the given line.
func (s *Stats) Note(p Problem, line int) {
	t := &s.Problems[p]
	if t.Count == 0 {
		t.FirstLine = line
	}
	t.Count++
}

// NoteUnknown counts an unknown verb on the given line. The verb is copied
// only the first time it is seen, so a file of known verbs never allocates.
func (s *Stats) NoteUnknown(verb []byte, line int) {
	if s.UnknownTotal == 0 {
		s.UnknownFirstLine = line
	}
	s.UnknownTotal++
	if s.UnknownVerbs == nil {
		s.UnknownVerbs = make(map[string]int)
	}
	if _, ok := s.UnknownVerbs[string(verb)]; ok {
		s.UnknownVerbs[string(verb)]++
	} else if len(s.UnknownVerbs) < maxUnknownVerbs {
		s.UnknownVerbs[string(verb)] = 1
	}
}

// Skipped is the number of lines dropped.
func (s *Stats) Skipped() int {
	n := 0
	for p := Problem(0); p < numProblems; p++ {
		if p.Skips() {
			n += s.Problems[p].Count
		}
	}
	return n
}

// Noted is the number of problems and unknown verbs counted so far: a
// follower compares it between looks to tell when its summary changed,
// without building the summary every time.
func (s *Stats) Noted() int {
	n := s.UnknownTotal
	for _, t := range s.Problems {
		n += t.Count
	}
	return n
}

// Clean reports whether nothing at all was wrong or unknown.
func (s *Stats) Clean() bool {
	if s.UnknownTotal > 0 {
		return false
	}
	for _, t := range s.Problems {
		if t.Count > 0 {
			return false
		}
	}
	return true
}

// Summary is the one line `report` prints to stderr, for example
// `skipped 2 malformed lines (first: line 189, no event field); 1 unknown verb (INFO)`,
// or with several reasons for skipping
// `skipped 3 malformed lines: 2 no event field, 1 bad time (first: line 4, no event field)`.
// It is empty when the input was clean.
func (s *Stats) Summary() string {
	var parts []string
	if n := s.Skipped(); n > 0 {
		first, why := 0, ""
		for p := Problem(0); p < numProblems; p++ {
			t := s.Problems[p]
			if p.Skips() && t.Count > 0 && (first == 0 || t.FirstLine < first) {
				first, why = t.FirstLine, p.String()
			}
		}
		// With one reason the first line says it all; with several,
		// list them so a single "line over 64 KiB" is not hidden behind
		// the first truncated line.
		var reasons []string
		for p := Problem(0); p < numProblems; p++ {
			if t := s.Problems[p]; p.Skips() && t.Count > 0 {
				reasons = append(reasons, fmt.Sprintf("%d %s", t.Count, p))
			}
		}
		by := ""
		if len(reasons) > 1 {
			by = ": " + strings.Join(reasons, ", ")
		}
		parts = append(parts, fmt.Sprintf("skipped %d malformed %s%s (first: line %d, %s)", n, plural(n, "line", "lines"), by, first, why))
	}
	for p := Problem(0); p < numProblems; p++ {
		t := s.Problems[p]
		if !p.Skips() && t.Count > 0 {
			parts = append(parts, fmt.Sprintf("%d %s with %s (first: line %d)", t.Count, plural(t.Count, "line", "lines"), p, t.FirstLine))
		}
	}
	if s.UnknownTotal > 0 {
		verbs := make([]string, 0, len(s.UnknownVerbs))
		for v := range s.UnknownVerbs {
			verbs = append(verbs, v)
		}
		sort.Strings(verbs)
		list := strings.Join(verbs, ", ")
		if len(s.UnknownVerbs) >= maxUnknownVerbs {
			list += ", …"
		}
		parts = append(parts, fmt.Sprintf("%d unknown %s (%s)", s.UnknownTotal, plural(s.UnknownTotal, "verb", "verbs"), list))
	}
	return strings.Join(parts, "; ")
}

// Add folds another decoder's counts into s (several files in one report).
// Line numbers of the first occurrences are kept from whichever file came
// first; callers that need file names print per-file summaries instead.
func (s *Stats) Add(o *Stats) {
	s.Lines += o.Lines
	s.Events += o.Events
	for p := range s.Problems {
		if s.Problems[p].Count == 0 {
			s.Problems[p].FirstLine = o.Problems[p].FirstLine
		}
		s.Problems[p].Count += o.Problems[p].Count
	}
	if s.UnknownTotal == 0 {
		s.UnknownFirstLine = o.UnknownFirstLine
	}
	s.UnknownTotal += o.UnknownTotal
	for v, n := range o.UnknownVerbs {
		if s.UnknownVerbs == nil {
			s.UnknownVerbs = make(map[string]int)
		}
		if _, ok := s.UnknownVerbs[v]; ok || len(s.UnknownVerbs) < maxUnknownVerbs {
			s.UnknownVerbs[v] += n
		}
	}
}

// AddFrom is Add for a decoder that read a later part of the same file,
// beginning after its line before: the first-occurrence line numbers it
// counted from 1 become the file's own (a follower decodes each new chunk
// of a growing file with a fresh decoder).
func (s *Stats) AddFrom(o *Stats, before int) {
	shifted := *o
	for p := range shifted.Problems {
		if shifted.Problems[p].Count > 0 {
			shifted.Problems[p].FirstLine += before
		}
	}
	if shifted.UnknownTotal > 0 {
		shifted.UnknownFirstLine += before
	}
	s.Add(&shifted)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
