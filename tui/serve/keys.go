package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// AuthorizedKey is one accepted client key from an authorized_keys file.
type AuthorizedKey struct {
	Key     gossh.PublicKey
	Comment string // the key's comment, usually user@host; logged at login
	Line    int    // 1-based line in the file, for error messages and logs
}

// Fingerprint is the key's SHA256:… fingerprint, as ssh-keygen -l prints it.
func (k AuthorizedKey) Fingerprint() string { return gossh.FingerprintSHA256(k.Key) }

// harmlessOption reports whether an authorized_keys option only takes
// rights away that the board never grants (forwarding, commands), so that
// it can be accepted with nothing left to do.
func harmlessOption(o string) bool {
	switch o {
	case "restrict", "no-port-forwarding", "no-agent-forwarding", "no-x11-forwarding", "no-user-rc":
		return true
	}
	return false
}

// ParseAuthorizedKeys reads an OpenSSH authorized_keys file. Unlike a
// naive scan, which stops at the first line it cannot parse and so
// silently rejects every key after it, it checks every line and fails on
// the first bad one with name:line. Options that would narrow a key
// (from=, command=, expiry-time=, …) are refused rather than ignored: the
// server cannot honour them, and ignoring one would grant more than the
// file says. name is only used in messages.
func ParseAuthorizedKeys(data []byte, name string) ([]AuthorizedKey, error) {
	var keys []AuthorizedKey
	seen := make(map[string]int)
	for i, line := range bytes.Split(data, []byte("\n")) {
		n := i + 1
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pk, comment, opts, rest, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not a public key line (%v); each line is \"TYPE BASE64 [comment]\", as in a .pub file", name, n, err)
		}
		if len(bytes.TrimSpace(rest)) != 0 {
			return nil, fmt.Errorf("%s:%d: unexpected text after the key", name, n)
		}
		for _, o := range opts {
			o = strings.ToLower(o)
			if !harmlessOption(o) {
				return nil, fmt.Errorf("%s:%d: option %q is not supported by the wallboard server (only %s); remove it or the key", name, n, o, optionList())
			}
		}
		if _, ok := pk.(*gossh.Certificate); ok {
			return nil, fmt.Errorf("%s:%d: certificates are not supported; list the plain public key", name, n)
		}
		if first, dup := seen[string(pk.Marshal())]; dup {
			return nil, fmt.Errorf("%s:%d: the same key is already on line %d", name, n, first)
		}
		seen[string(pk.Marshal())] = n
		keys = append(keys, AuthorizedKey{Key: pk, Comment: comment, Line: n})
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no keys: the server would admit nobody (add supervisors' public keys, one a line)", name)
	}
	return keys, nil
}

func optionList() string {
	return "restrict, no-port-forwarding, no-agent-forwarding, no-x11-forwarding, no-user-rc"
}

// GenerateHostKey makes a new ed25519 host key. It returns the signer and
// the private key as an OpenSSH PEM block for the caller to save (mode
// 0600): this package does not write files.
func GenerateHostKey() (gossh.Signer, []byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "wallboard host key")
	if err != nil {
		return nil, nil, fmt.Errorf("host key: %w", err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		return nil, nil, fmt.Errorf("host key: %w", err)
	}
	return signer, pem.EncodeToMemory(block), nil
}

// ParseHostKey reads a host private key (any type x/crypto/ssh accepts,
// unencrypted); name is only used in messages.
func ParseHostKey(data []byte, name string) (gossh.Signer, error) {
	s, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s: not a usable host private key (%v); delete it to have a new one generated, or point --host-key elsewhere", name, err)
	}
	return s, nil
}
