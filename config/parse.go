package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Problem is one mistake in a configuration, located for the person who
// has to fix it: file and line when known, and the key path.
type Problem struct {
	File string // file name as given to Parse; "" for a Config built in code
	Line int    // 1-based line; 0 when unknown
	Key  string // key path, e.g. queues.sales.sl_threshold or viewers[2].key
	Msg  string // what is wrong and, where it helps, what to write instead

	path []string // Key as TOML key parts, for finding the line
	elem int      // for viewers[N] problems: N (from 1); 0 otherwise
}

// Error reads "file:line: key: message", leaving out what is unknown.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
		}
		b.WriteString(": ")
	} else if p.Line > 0 {
		b.WriteString("line " + strconv.Itoa(p.Line) + ": ")
	}
	if p.Key != "" {
		b.WriteString(p.Key + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Error is every problem found in one configuration, in file order, so
// that one run shows all there is to fix.
type Error struct {
	Problems []Problem
}

// Error lists the problems one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i := range e.Problems {
		lines[i] = e.Problems[i].Error()
	}
	return strings.Join(lines, "\n")
}

// Load reads and parses a configuration file (see Parse). It is the
// command's helper: other packages receive a parsed Config.
func Load(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return Config{}, fmt.Errorf("%s: no such file", path)
		}
		return Config{}, err
	}
	return Parse(data, path)
}

// Parse decodes a configuration on top of Default and validates it. name
// (the file name) prefixes every message. Unknown keys are errors; so is
// every problem Validate finds. The error is an *Error.
//
// A syntax error stops reading, so it is the only problem reported.
// Otherwise every value of the wrong type or form, every unknown key and
// every problem Validate finds (on the values that did decode) is listed.
//
// Every problem carries the key path. Lines: syntax errors, values of the
// wrong type or form, unknown keys and Validate's problems all carry the
// line of the key (for [[viewers]] entries, the line of the entry's
// [[viewers]] header). An unknown key in an array of tables that appears
// in several entries is reported at its last appearance; a problem under a
// key named "" (such as [queues.""]) has no line.
func Parse(data []byte, name string) (Config, error) {
	c := Default()
	md, probs, err := decodeConfig(string(data), name, &c)
	if err != nil {
		return Config{}, &Error{Problems: []Problem{decodeProblem(err, name)}}
	}
	bad := map[string]bool{} // keys whose value did not decode
	for _, p := range probs {
		bad[p.Key] = true
	}
	for _, u := range unknownKeys(md) {
		what := "unknown key"
		if u.table {
			what = "unknown table"
		}
		probs = append(probs, Problem{File: name, Key: u.key.String(), Msg: what + suggest(u.key), path: u.at})
	}
	if err := c.Validate(); err != nil {
		var ve *Error
		if !errors.As(err, &ve) {
			return Config{}, err
		}
		for _, p := range ve.Problems {
			if !bad[p.Key] { // "missing" after "want a string" says nothing new
				probs = append(probs, p)
			}
		}
	}
	if len(probs) == 0 {
		return c, nil
	}
	// Locating a line decodes the file again: report the first
	// maxProblems (values that did not decode, then unknown keys, in file
	// order), which is what a person fixes in one go anyway.
	more := 0
	if len(probs) > maxProblems {
		more = len(probs) - maxProblems
		probs = probs[:maxProblems]
	}
	text := string(data)
	for i := range probs {
		p := &probs[i]
		p.File = name
		switch {
		case p.elem > 0:
			// An entry's header; else (an inline array) what the decoder said.
			if n := nthHeader(text, p.path[0], p.elem); n > 0 {
				p.Line = n
			}
		case p.Line == 0: // (a value that did not decode has the decoder's line)
			p.Line = keyLine(text, md, p.path)
		}
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	if more > 0 {
		probs = append(probs, Problem{File: name, Msg: fmt.Sprintf("and %d more problems", more)})
	}
	return Config{}, &Error{Problems: probs}
}

// maxProblems bounds the problems one Parse reports.
const maxProblems = 20

// mismatch is the form of the decoder's type errors, which are not
// ParseErrors: toml: line 3 (last key "queues.sales.hidden"): incompatible
// types: TOML value has type string; destination has type boolean
var mismatch = regexp.MustCompile(`^toml: line (\d+) \(last key "(.*)"\): (?:incompatible types: TOML value has type (\S+); destination has type (.+)|type mismatch for .*: expected (table) but found (\S+)|(.*))$`)

// decodeProblem turns a decoder error into a Problem with its line.
func decodeProblem(err error, name string) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Usage != "" && strings.Contains(msg, "expected") {
			msg += " (see the TOML syntax at https://toml.io)"
		}
		return Problem{File: name, Line: pe.Position.Line, Key: pe.LastKey, Msg: msg}
	}
	if m := mismatch.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		msg := m[7]
		switch {
		case m[3] != "":
			msg = "want " + article(m[4]) + ", got " + article(m[3])
		case m[5] != "":
			msg = "want a table, got " + article(m[6])
		}
		return Problem{File: name, Line: line, Key: m[2], Msg: msg}
	}
	return Problem{File: name, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
}

// article names a decoder type for people: "a string", "an integer".
func article(t string) string {
	t = strings.ToLower(t)
	switch {
	case strings.HasPrefix(t, "[]") || strings.HasPrefix(t, "slice"):
		return "an array"
	case strings.HasPrefix(t, "map") || t == "hash" || strings.HasPrefix(t, "struct"):
		return "a table"
	case t == "int64" || t == "integer":
		return "an integer"
	case t == "float64" || t == "float":
		return "a number"
	case t == "bool" || t == "boolean":
		return "true or false"
	case t == "time.time":
		return "a date-time"
	case strings.HasPrefix(t, "a") || strings.HasPrefix(t, "e") || strings.HasPrefix(t, "i") || strings.HasPrefix(t, "o"):
		return "an " + t
	}
	return "a " + t
}

// unknown is a key the Config has no field for.
type unknown struct {
	key   toml.Key // the unknown part and its parents (queue.sales → queue)
	at    toml.Key // a key in the file under it, to find the line by
	table bool
}

// unknownKeys are the keys the decoder left undecoded, each reported
// once at its first part the Config does not know: a misspelt table
// [queue.sales] is one problem (queue), not one per key inside it.
func unknownKeys(md toml.MetaData) []unknown {
	var out []unknown
	seen := map[string]bool{}
	for _, k := range md.Undecoded() {
		n := knownParts(k)
		if n >= len(k) {
			continue
		}
		u := unknown{key: k[:n+1], at: k}
		if seen[u.key.String()] {
			continue
		}
		seen[u.key.String()] = true
		t := md.Type(u.key...)
		u.table = n+1 < len(k) || t == "Hash" || t == "ArrayHash"
		out = append(out, u)
	}
	return out
}

// knownParts is how many leading parts of k name fields of Config (a map
// level such as [queues.NAME] counts its name as known).
func knownParts(k toml.Key) int {
	t := reflect.TypeOf(Config{})
	for i := 0; i < len(k); i++ {
		if t.Kind() != reflect.Struct {
			return i
		}
		f, ok := fieldByTag(t, k[i])
		if !ok {
			return i
		}
		t = f.Type
		switch t.Kind() {
		case reflect.Map:
			i++ // the name: any is allowed
			t = t.Elem()
		case reflect.Slice:
			t = t.Elem()
		}
	}
	return len(k)
}

// errHere marks the key keyLine looks for.
var errHere = errors.New("wallboard config: key position probe")

// probe fails to decode wherever it is put, so that the decoder reports
// the position of the key it was decoding.
type probe struct{}

func (probe) UnmarshalTOML(any) error { return errHere }

// keyLine finds the line of a key path. The decoder knows every key's
// position but only tells it in its errors, so keyLine decodes the text
// again into a type built for this key alone whose innermost value always
// fails, and reads the line from that error. 0 when not found.
func keyLine(text string, md toml.MetaData, path []string) int {
	if len(path) == 0 || slices.Contains(path, "") {
		return 0 // an empty tag would mean the field's own name
	}
	t := reflect.TypeOf(probe{})
	for i := len(path) - 1; i >= 0; i-- {
		if i < len(path)-1 && md.Type(path[:i+1]...) == "ArrayHash" {
			t = reflect.SliceOf(t)
		}
		t = reflect.StructOf([]reflect.StructField{{
			Name: "F", Type: t, Tag: reflect.StructTag("toml:" + strconv.Quote(path[i])),
		}})
	}
	_, err := toml.Decode(text, reflect.New(t).Interface())
	var pe toml.ParseError
	if errors.As(err, &pe) && pe.Message == errHere.Error() { // ParseError does not unwrap
		return pe.Position.Line
	}
	return 0
}

// nthHeader is the line of the n-th (from 1) [[name]] header, 0 when the
// file has fewer (an inline array, say).
func nthHeader(text, name string, n int) int {
	seen := 0
	for i, line := range strings.Split(text, "\n") {
		s := strings.TrimSpace(line)
		if !strings.HasPrefix(s, "[[") {
			continue
		}
		end := strings.Index(s, "]]")
		if end < 0 || strings.TrimSpace(s[2:end]) != name {
			continue
		}
		if seen++; seen == n {
			return i + 1
		}
	}
	return 0
}

// suggest offers the known key closest to a misspelt one.
func suggest(k toml.Key) string {
	known := knownKeys(k[:len(k)-1])
	best, bestD := "", 3 // at most two edits away
	for _, name := range known {
		if d := editDistance(k[len(k)-1], name); d < bestD {
			best, bestD = name, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

// knownKeys lists the keys a table at parent accepts, following the
// Config's fields: a map level ([queues.NAME]) consumes the name, an
// array of tables ([[viewers]]) none.
func knownKeys(parent []string) []string {
	t := reflect.TypeOf(Config{})
	for i := 0; i < len(parent); i++ {
		if t.Kind() != reflect.Struct {
			return nil
		}
		f, ok := fieldByTag(t, parent[i])
		if !ok {
			return nil
		}
		t = f.Type
		switch t.Kind() {
		case reflect.Map:
			if i++; i >= len(parent) {
				return nil // a key right under [queues] is a queue name
			}
			t = t.Elem()
		case reflect.Slice:
			t = t.Elem()
		}
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return tags(t)
}

// fieldByTag finds a struct field (embedded ones too) by its toml tag.
func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			if g, ok := fieldByTag(f.Type, name); ok {
				return g, true
			}
			continue
		}
		if tagName(f) == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// tags lists a struct's toml keys, embedded structs included.
func tags(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, tags(f.Type)...)
		} else if tag := tagName(f); tag != "" {
			out = append(out, tag)
		}
	}
	return out
}

// editDistance is the Levenshtein distance between two short keys.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// tagName is a field's TOML key, without options such as omitempty.
func tagName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	return name
}
