package config

import (
	"os"
	"testing"
)

// BenchmarkParseExample: parsing and checking the example file (read
// once at start; fingerprints included).
func BenchmarkParseExample(b *testing.B) {
	data, err := os.ReadFile("../docs/config.example.toml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, "example.toml"); err != nil {
			b.Fatal(err)
		}
	}
}
