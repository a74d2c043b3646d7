package ws

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxNesting bounds how deep an ignored nested value may go, so a hostile
// message of a million '[' costs a counter, not a stack.
const maxNesting = 64

type valKind uint8

const (
	vString valKind = iota + 1
	vNumber
	vBool
	vNull
	vNested // an object or array: kept raw, decoded only where a message expects one
)

func (k valKind) String() string {
	switch k {
	case vString:
		return "string"
	case vNumber:
		return "number"
	case vBool:
		return "boolean"
	case vNull:
		return "null"
	}
	return "object or array"
}

// field is one member of a message object. For strings raw holds the
// unescaped bytes (valid only until the next message).
type field struct {
	key  []byte
	kind valKind
	raw  []byte
	b    bool
}

// scanner splits one JSON object into its members without building maps or
// reflecting: the event path decodes some hundred thousand messages a
// second, and encoding/json cannot say which members it ignored.
type scanner struct {
	fields []field
	esc    []byte // unescaped strings of the current message
	b      []byte
	i      int
}

var errTrailing = errors.New("data after the JSON object")

// object scans b, which must hold exactly one JSON object.
func (sc *scanner) object(b []byte) error {
	sc.fields, sc.esc, sc.b, sc.i = sc.fields[:0], sc.esc[:0], b, 0
	sc.ws()
	if !sc.eat('{') {
		return sc.errf("want '{'")
	}
	sc.ws()
	if !sc.eat('}') {
		for {
			sc.ws()
			if sc.peek() != '"' {
				return sc.errf("want a member name")
			}
			key, err := sc.str()
			if err != nil {
				return err
			}
			sc.ws()
			if !sc.eat(':') {
				return sc.errf("want ':' after %q", key)
			}
			sc.ws()
			f := field{key: key}
			if err := sc.value(&f); err != nil {
				return fmt.Errorf("member %q: %w", key, err)
			}
			sc.fields = append(sc.fields, f)
			sc.ws()
			if sc.eat(',') {
				continue
			}
			if sc.eat('}') {
				break
			}
			return sc.errf("want ',' or '}'")
		}
	}
	sc.ws()
	if sc.i != len(sc.b) {
		return errTrailing
	}
	return nil
}

func (sc *scanner) errf(format string, a ...any) error {
	if sc.i >= len(sc.b) {
		return fmt.Errorf(format+" (message ends early)", a...)
	}
	return fmt.Errorf(format+" at byte %d", append(a, sc.i)...)
}

func (sc *scanner) peek() byte {
	if sc.i < len(sc.b) {
		return sc.b[sc.i]
	}
	return 0
}

func (sc *scanner) eat(c byte) bool {
	if sc.i < len(sc.b) && sc.b[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

func (sc *scanner) ws() {
	for sc.i < len(sc.b) {
		switch sc.b[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

func (sc *scanner) value(f *field) error {
	switch c := sc.peek(); {
	case c == '"':
		s, err := sc.str()
		f.kind, f.raw = vString, s
		return err
	case c == '-' || c >= '0' && c <= '9':
		start := sc.i
		if err := sc.number(); err != nil {
			return err
		}
		f.kind, f.raw = vNumber, sc.b[start:sc.i]
		return nil
	case c == 't':
		f.kind, f.b = vBool, true
		return sc.literal("true")
	case c == 'f':
		f.kind = vBool
		return sc.literal("false")
	case c == 'n':
		f.kind = vNull
		return sc.literal("null")
	case c == '{' || c == '[':
		start := sc.i
		if err := sc.skipNested(); err != nil {
			return err
		}
		f.kind, f.raw = vNested, sc.b[start:sc.i]
		return nil
	}
	return sc.errf("want a value")
}

func (sc *scanner) literal(lit string) error {
	if !strings.HasPrefix(string(sc.b[sc.i:min(len(sc.b), sc.i+len(lit))]), lit) {
		return sc.errf("bad literal")
	}
	sc.i += len(lit)
	return nil
}

// number checks JSON number grammar: -? (0|[1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
func (sc *scanner) number() error {
	sc.eat('-')
	digits := func() int {
		n := 0
		for sc.i < len(sc.b) && sc.b[sc.i] >= '0' && sc.b[sc.i] <= '9' {
			sc.i++
			n++
		}
		return n
	}
	if sc.eat('0') {
		// a leading zero stands alone
	} else if digits() == 0 {
		return sc.errf("bad number")
	}
	if sc.eat('.') && digits() == 0 {
		return sc.errf("bad number")
	}
	if sc.eat('e') || sc.eat('E') {
		if !sc.eat('+') {
			sc.eat('-')
		}
		if digits() == 0 {
			return sc.errf("bad number")
		}
	}
	return nil
}

// str scans a string starting at its opening quote and returns its
// contents: a slice of the message when there are no escapes, else the
// unescaped bytes. Invalid UTF-8 is replaced, as encoding/json does.
func (sc *scanner) str() ([]byte, error) {
	sc.i++ // opening quote
	start, escaped := sc.i, false
	for {
		if sc.i >= len(sc.b) {
			return nil, sc.errf("unterminated string")
		}
		c := sc.b[sc.i]
		switch {
		case c == '"':
			s := sc.b[start:sc.i]
			sc.i++
			if escaped {
				var out string
				if err := json.Unmarshal(sc.b[start-1:sc.i], &out); err != nil {
					return nil, fmt.Errorf("bad string: %w", err)
				}
				n := len(sc.esc)
				sc.esc = append(sc.esc, out...)
				return sc.esc[n:len(sc.esc):len(sc.esc)], nil
			}
			if !utf8.Valid(s) {
				n := len(sc.esc)
				sc.esc = append(sc.esc, strings.ToValidUTF8(string(s), "\uFFFD")...)
				return sc.esc[n:len(sc.esc):len(sc.esc)], nil
			}
			return s, nil
		case c == '\\':
			escaped = true
			sc.i += 2
		case c < 0x20:
			return nil, sc.errf("control character in string")
		default:
			sc.i++
		}
	}
}

// skipNested skips a balanced object or array, minding strings.
func (sc *scanner) skipNested() error {
	depth := 0
	for sc.i < len(sc.b) {
		switch c := sc.b[sc.i]; c {
		case '{', '[':
			depth++
			if depth > maxNesting {
				return sc.errf("nested more than %d deep", maxNesting)
			}
			sc.i++
		case '}', ']':
			depth--
			sc.i++
			if depth == 0 {
				return nil
			}
		case '"':
			if _, err := sc.str(); err != nil {
				return err
			}
		default:
			sc.i++
		}
	}
	return sc.errf("unterminated object or array")
}
