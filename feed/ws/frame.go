package ws

import (
	"bytes"
	"log/slog"

	"github.com/callfloor/wallboard/feed"
)

// TypeSkipped is the Type of a Message for an event message that was
// malformed or of an unknown kind: it carries no event, but its seq (in
// Event.Seq; 0 when unreadable) is used up, so that the client does not
// take the next event for a seq jump and ask for the bad one again.
const TypeSkipped = "skipped"

// Message is one decoded server message. Type says which field holds it.
type Message struct {
	Type     string
	Event    feed.Event // TypeEvent (Seq 0 for a queue_log line)
	Hello    Hello
	Gap      Gap
	Snapshot *Snapshot
}

// Counts are what a Decoder met that the numbers do not show: how much
// was ignored or refused, so an operator can tell a healthy feed from a
// noisy one. None of them stops the feed.
type Counts struct {
	Frames        int // text frames read
	Messages      int // JSON messages and queue_log lines
	Events        int // events produced
	Malformed     int // messages skipped: not JSON, a member of the wrong type, a missing seq/ts/kind
	UnknownTypes  int // messages of a type this version does not know (ignored)
	UnknownKinds  int // events of a kind this version does not know (ignored)
	UnknownFields int // members this version does not know (ignored)
	BinaryFrames  int // binary frames (the protocol has none; ignored)
	Oversized     int // frames over the read limit (connection dropped, then resumed)
}

// Decoder decodes the frames of one feed. It is not safe for concurrent
// use; the Client owns one per feed. Malformed messages are counted in
// Counts and in Stats (ProblemBadJSON with the message number), logged with
// their seq, and skipped; a frame never fails as a whole.
type Decoder struct {
	sc     scanner
	ev     eventDecoder
	stats  feed.Stats
	counts Counts
	log    *slog.Logger
}

// NewDecoder returns a decoder whose Stats are labelled name (the URL);
// log receives one line per malformed message (nil: discarded).
func NewDecoder(name string, log *slog.Logger) *Decoder {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d := &Decoder{log: log}
	d.stats.Source = name
	return d
}

// Counts returns what the decoder met so far.
func (d *Decoder) Counts() Counts { return d.counts }

// Stats returns the decoder's line-level counts, in the form reports print.
func (d *Decoder) Stats() *feed.Stats { return &d.stats }

// isQueueLogLine reports whether b starts like a queue_log line: digits,
// then '|'.
func isQueueLogLine(b []byte) bool {
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i > 0 && i < len(b) && b[i] == '|'
}

// Frame decodes one text frame and calls fn for each message in order. fn
// must not keep the *Message: it is reused.
func (d *Decoder) Frame(data []byte, fn func(*Message)) {
	d.counts.Frames++
	var m Message
	first := bytes.TrimLeft(data, " \t\r\n")
	if isQueueLogLine(first) {
		d.queueLog(data, &m, fn)
		return
	}
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if d.Line(line, &m) {
			fn(&m)
		}
	}
}

// queueLog decodes a frame of raw queue_log lines with the file decoder, so
// a site can relay its live log through nothing but a websocket pipe.
func (d *Decoder) queueLog(data []byte, m *Message, fn func(*Message)) {
	src := feed.NewQueueLog(bytes.NewReader(data), d.stats.Source)
	for src.Next(&m.Event) {
		m.Type = TypeEvent
		d.counts.Events++
		fn(m)
	}
	st := src.Stats()
	d.counts.Messages += st.Lines
	d.counts.Malformed += st.Skipped()
	st.Source = ""
	d.stats.Add(st)
}

// Line decodes one JSON message into m and reports whether m holds a
// message to act on; false for a malformed or ignored one (counted). A
// skipped event message is reported as TypeSkipped.
func (d *Decoder) Line(line []byte, m *Message) bool {
	d.counts.Messages++
	d.stats.Lines++
	n := d.stats.Lines
	if err := d.sc.object(line); err != nil {
		d.malformed(n, 0, err)
		return false
	}
	typ := ""
	for i := range d.sc.fields {
		f := &d.sc.fields[i]
		if string(f.key) == "type" && f.kind == vString {
			typ = string(f.raw)
		}
	}
	m.Type = typ
	var err error
	switch typ {
	case TypeEvent:
		d.ev.control = false
		unknown, derr := d.ev.decode(&m.Event, d.sc.fields)
		d.counts.UnknownFields += unknown
		if d.ev.control {
			d.stats.Note(feed.ProblemControl, n)
		}
		if derr != nil {
			seq := uint64(0)
			if fe, ok := derr.(*fieldError); ok {
				seq = fe.seq
			}
			d.malformed(n, seq, derr)
			m.Type, m.Event.Seq = TypeSkipped, seq
			return true
		}
		if m.Event.Kind == feed.Unknown {
			d.counts.UnknownKinds++
			d.stats.NoteUnknown([]byte(m.Event.Verb), n)
			m.Type = TypeSkipped
			return true
		}
		d.counts.Events++
		d.stats.Events++
		return true
	case TypeHello:
		m.Hello, err = decodeHello(line)
	case TypeGap:
		m.Gap, err = decodeGap(line)
	case TypeSnapshot:
		m.Snapshot, err = decodeSnapshot(line)
	case "":
		d.malformed(n, 0, errNoType)
		return false
	default:
		d.counts.UnknownTypes++
		return false
	}
	if err != nil {
		d.malformed(n, 0, err)
		return false
	}
	d.counts.UnknownFields += countUnknown(typ, d.sc.fields)
	return true
}

type decodeError string

func (e decodeError) Error() string { return string(e) }

const errNoType = decodeError(`no "type" member`)

func (d *Decoder) malformed(n int, seq uint64, err error) {
	d.counts.Malformed++
	d.stats.Note(feed.ProblemBadJSON, n)
	d.log.Warn("feed: skipped a malformed message", "source", d.stats.Source, "message", n, "seq", seq, "err", err)
}
