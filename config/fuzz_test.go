package config

import (
	"bytes"
	"os"
	"testing"
)

// FuzzParse: any input gives a config or an *Error, never a panic; a
// config that parses prints (Effective, Encode) as TOML that parses again.
func FuzzParse(f *testing.F) {
	if ex, err := os.ReadFile("../docs/config.example.toml"); err == nil {
		f.Add(ex)
	}
	f.Add([]byte("[queues.a]\nsl_threshold = 0\nbogus = 1\n[[viewers]]\nkey = \"x\"\n"))
	f.Add([]byte("[queue.\"we.ird\".x]\ny = [1, {z = 2}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.toml")
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		e := c.Effective()
		var buf bytes.Buffer
		if err := e.Encode(&buf); err != nil {
			t.Fatalf("encode: %v", err)
		}
		if _, err := Parse(buf.Bytes(), "effective.toml"); err != nil {
			t.Fatalf("effective configuration does not parse: %v\n%s", err, buf.String())
		}
	})
}
