package config

import (
	"encoding"
	"fmt"
	"reflect"
	"strconv"

	"github.com/BurntSushi/toml"
)

// The TOML decoder stops at the first value of the wrong type, and which
// one is first depends on map order. So that one run lists every such
// value, decodeConfig reads the file in two steps: the text into a
// mirror of Config whose every key is a toml.Primitive (only a syntax
// error can stop that), then each value on its own with
// MetaData.PrimitiveDecode, which locates its errors as the decoder does.
// A value that fails to decode leaves its field as it was (the default),
// so that the checks after decoding still run on the rest.

// place is where a value sits: its key path (table names and keys) and,
// inside an array of tables, the 1-based entry.
type place struct {
	path []string
	elem int // entry of the array of tables path[0]; 0 outside one
}

// key is the place of a key under p.
func (p place) key(k string) place {
	return place{path: append(append([]string(nil), p.path...), k), elem: p.elem}
}

// decoder collects the problems of decoding one file.
type decoder struct {
	md    *toml.MetaData
	name  string
	probs []Problem
}

// decodeConfig decodes text onto c value by value. err is a syntax error
// (nothing is decoded then); probs are the values of the wrong type or
// form, each with its key path and, when the decoder knows it, its line.
func decodeConfig(text, name string, c *Config) (md toml.MetaData, probs []Problem, err error) {
	top := reflect.New(mirror(reflect.TypeOf(*c)))
	md, err = toml.Decode(text, top.Interface())
	if err != nil {
		return md, nil, err
	}
	d := decoder{md: &md, name: name}
	d.fields(top.Elem(), reflect.ValueOf(c).Elem(), place{})
	return md, d.probs, nil
}

// fields decodes each key a mirror holds into the matching field of dst.
func (d *decoder) fields(m, dst reflect.Value, at place) {
	for i, f := range keyFields(dst.Type()) {
		p := m.Field(i)
		if p.IsZero() { // a key the file does not set
			continue
		}
		d.value(p.Interface().(toml.Primitive), dst.FieldByIndex(f.Index), at.key(keyName(f)))
	}
}

// value decodes one TOML value into dst (addressable): tables key by
// key, maps of tables and arrays of tables entry by entry, anything else
// at once.
func (d *decoder) value(p toml.Primitive, dst reflect.Value, at place) {
	t := dst.Type()
	switch {
	case isTable(t):
		m := reflect.New(mirror(t))
		if err := d.md.PrimitiveDecode(p, m.Interface()); err != nil {
			d.fail(err, at)
			return
		}
		d.fields(m.Elem(), dst, at)
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String && isTable(t.Elem()):
		// The decoder takes anything but a table for a map as empty
		// (agents = 3 would vanish without a word): check first.
		var raw any
		if err := d.md.PrimitiveDecode(p, &raw); err != nil {
			d.fail(err, at)
			return
		}
		if _, ok := raw.(map[string]any); !ok {
			d.probs = append(d.probs, Problem{File: d.name, Key: keyString(at.path), Msg: "want a table, got " + tomlKind(raw), path: at.path})
			return
		}
		var m map[string]toml.Primitive
		if err := d.md.PrimitiveDecode(p, &m); err != nil {
			d.fail(err, at)
			return
		}
		if dst.IsNil() {
			dst.Set(reflect.MakeMapWithSize(t, len(m)))
		}
		for _, k := range sortedKeys(m) {
			kv := reflect.ValueOf(k).Convert(t.Key())
			e := reflect.New(t.Elem()).Elem()
			if old := dst.MapIndex(kv); old.IsValid() {
				e.Set(old)
			}
			d.value(m[k], e, at.key(k))
			dst.SetMapIndex(kv, e)
		}
	case t.Kind() == reflect.Slice && isTable(t.Elem()):
		var s []toml.Primitive
		if err := d.md.PrimitiveDecode(p, &s); err != nil {
			d.fail(err, at)
			return
		}
		out := reflect.MakeSlice(t, len(s), len(s))
		for i := range s {
			d.value(s[i], out.Index(i), place{path: at.path, elem: i + 1})
		}
		dst.Set(out)
	default:
		// Decode into a copy and keep it only if it decodes: a
		// half-decoded value (a new *Duration = 0) would read as set.
		v := reflect.New(t).Elem()
		if t.Kind() == reflect.Pointer {
			if !dst.IsNil() {
				v.Set(reflect.New(t.Elem()))
				v.Elem().Set(dst.Elem())
			}
		} else {
			v.Set(dst)
		}
		if err := d.md.PrimitiveDecode(p, v.Addr().Interface()); err != nil {
			d.fail(err, at)
			return
		}
		dst.Set(v)
	}
}

// fail records a decoding error. Inside an array of tables the decoder
// knows only the key's last appearance, so the problem names the entry
// (viewers[2].key) and Parse locates it at the entry's header, as
// Validate's are (an inline array has none: the decoder's line stands).
func (d *decoder) fail(err error, at place) {
	p := decodeProblem(err, d.name)
	if at.elem > 0 && len(at.path) > 0 {
		p.Key = fmt.Sprintf("%s[%d]", at.path[0], at.elem)
		if len(at.path) > 1 {
			p.Key += "." + keyString(at.path[1:])
		}
		p.elem, p.path = at.elem, at.path
	}
	d.probs = append(d.probs, p)
}

var (
	primitiveType     = reflect.TypeOf(toml.Primitive{})
	unmarshalerType   = reflect.TypeOf((*toml.Unmarshaler)(nil)).Elem()
	textUnmarshalType = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// isTable says whether the decoder fills t key by key (a struct that
// does not decode itself).
func isTable(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	pt := reflect.PointerTo(t)
	return !pt.Implements(unmarshalerType) && !pt.Implements(textUnmarshalType)
}

// mirror is a struct type with a toml.Primitive for each key of the
// struct type t, in keyFields order, under the same TOML names.
func mirror(t reflect.Type) reflect.Type {
	fs := keyFields(t)
	out := make([]reflect.StructField, len(fs))
	for i, f := range fs {
		out[i] = reflect.StructField{
			Name: "F" + strconv.Itoa(i),
			Type: primitiveType,
			Tag:  reflect.StructTag("toml:" + strconv.Quote(keyName(f))),
		}
	}
	return reflect.StructOf(out)
}

// keyFields are the fields of struct type t that are TOML keys, those of
// embedded untagged structs in their place (the decoder flattens them),
// each with its index from t.
func keyFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && tagName(f) == "" && f.Type.Kind() == reflect.Struct {
			for _, g := range keyFields(f.Type) {
				g.Index = append([]int{i}, g.Index...)
				out = append(out, g)
			}
			continue
		}
		if !f.IsExported() || f.Tag.Get("toml") == "-" {
			continue
		}
		out = append(out, f)
	}
	return out
}

// keyName is a field's TOML key: its tag, else its Go name, as the
// decoder has it.
func keyName(f reflect.StructField) string {
	if name := tagName(f); name != "" {
		return name
	}
	return f.Name
}
