package serve

import (
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func authLine(t *testing.T, comment string) (string, gossh.PublicKey) {
	t.Helper()
	pk := newSigner(t).PublicKey()
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
	if comment != "" {
		line += " " + comment
	}
	return line, pk
}

func TestParseAuthorizedKeys(t *testing.T) {
	a, ka := authLine(t, "ana@floor")
	b, kb := authLine(t, "")
	file := "# supervisors\n\n" + a + "\n   \n" + "restrict,no-port-forwarding " + b + "\n"
	keys, err := ParseAuthorizedKeys([]byte(file), "authorized_keys")
	if err != nil {
		t.Fatal(err)
	}
	// Line 1 comment, 2 blank, 3 ana, 4 spaces only, 5 b with options.
	if len(keys) != 2 {
		t.Fatalf("got %d keys, want 2", len(keys))
	}
	if keys[0].Line != 3 || keys[0].Comment != "ana@floor" || string(keys[0].Key.Marshal()) != string(ka.Marshal()) {
		t.Errorf("key 1 = line %d %q", keys[0].Line, keys[0].Comment)
	}
	if keys[1].Line != 5 || keys[1].Comment != "" || string(keys[1].Key.Marshal()) != string(kb.Marshal()) {
		t.Errorf("key 2 = line %d %q", keys[1].Line, keys[1].Comment)
	}
	if fp := keys[0].Fingerprint(); !strings.HasPrefix(fp, "SHA256:") || fp != gossh.FingerprintSHA256(ka) {
		t.Errorf("fingerprint %q", fp)
	}
}

func TestParseAuthorizedKeysErrors(t *testing.T) {
	a, _ := authLine(t, "ana")
	b, _ := authLine(t, "ben")
	cases := []struct {
		name, file, want string
	}{
		// The trap: a bad line in the middle. A naive reader stops there and
		// silently rejects ben (line 3); this one refuses the file instead.
		{"bad line in the middle", a + "\nssh-ed25519 AAAA-truncated\n" + b + "\n", "keys:2: not a public key line"},
		{"pasted with a line break", a + "\n" + b[:40] + "\n" + b[40:] + "\n", "keys:2:"},
		{"from= would be ignored", a + "\n" + `from="10.0.0.0/8" ` + b + "\n", `keys:2: option "from=\"10.0.0.0/8\"" is not supported`},
		{"command= would be ignored", `command="/bin/true" ` + a + "\n", "keys:1: option"},
		{"duplicate", a + "\n" + a + "\n", "keys:2: the same key is already on line 1"},
		{"only comments", "# nobody yet\n\n", "keys: no keys"},
		{"empty", "", "keys: no keys"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseAuthorizedKeys([]byte(c.file), "keys")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestHostKeyRoundTrip(t *testing.T) {
	s, pemBytes, err := GenerateHostKey()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseHostKey(pemBytes, "host")
	if err != nil {
		t.Fatal(err)
	}
	if string(back.PublicKey().Marshal()) != string(s.PublicKey().Marshal()) || s.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Errorf("saved host key does not read back as the same ed25519 key")
	}
	if _, err := ParseHostKey([]byte("not a key"), "host_key"); err == nil || !strings.Contains(err.Error(), "host_key: not a usable host private key") {
		t.Errorf("bad host key: err %v", err)
	}
}
