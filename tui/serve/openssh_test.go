package serve

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openSSH has what the real-client test needs: ssh, ssh-keygen, tmux.
func openSSH(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ssh", "ssh-keygen", "tmux"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the OpenSSH client test needs %s on PATH (apt-get install openssh-client tmux): %v", tool, err)
		}
	}
}

// keygen makes an ed25519 key pair with ssh-keygen in dir.
func keygen(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name+"@test", "-f", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return path
}

// sshArgs is a client that reads no user config, trusts this test's
// throwaway host key, and offers only the key it is given.
func sshArgs(port string, extra ...string) []string {
	args := []string{"-F", "/dev/null", "-p", port,
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "LogLevel=ERROR"}
	return append(args, extra...)
}

func TestOpenSSHClient(t *testing.T) {
	openSSH(t)
	dir := t.TempDir()
	id := keygen(t, dir, "ana")
	other := keygen(t, dir, "stranger")
	pub, err := os.ReadFile(id + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := ParseAuthorizedKeys(pub, "authorized_keys")
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, func(c *Config) { c.Keys = keys })
	port := f.addr[strings.LastIndex(f.addr, ":")+1:]

	t.Run("board in tmux", func(t *testing.T) {
		sock := fmt.Sprintf("wbssh-%d-%d", os.Getpid(), time.Now().UnixNano())
		tmux := func(args ...string) (string, error) {
			out, err := exec.Command("tmux", append([]string{"-L", sock}, args...)...).CombinedOutput()
			return string(out), err
		}
		t.Cleanup(func() { _, _ = tmux("kill-server") })
		ssh := "ssh " + strings.Join(sshArgs(port, "-i", id, "-tt", "ana@127.0.0.1"), " ")
		// After ssh ends the pane stays to show its exit status.
		if out, err := tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "board", ssh+"; echo SSH-EXIT=$?; sleep 60"); err != nil {
			t.Fatalf("tmux: %v\n%s", err, out)
		}
		pane := func() string {
			out, _ := tmux("capture-pane", "-p", "-t", "board")
			return out
		}
		eventually(t, "the board in the pane", func() bool {
			p := pane()
			for _, q := range f.queues {
				if !strings.Contains(p, q) {
					return false
				}
			}
			return strings.Contains(p, "WALLBOARD")
		})
		if _, err := tmux("send-keys", "-t", "board", "q"); err != nil {
			t.Fatal(err)
		}
		eventually(t, "ssh to exit after q", func() bool { return strings.Contains(pane(), "SSH-EXIT=") })
		if p := pane(); !strings.Contains(p, "SSH-EXIT=0") {
			t.Errorf("ssh exit after q:\n%s", p)
		}
		eventually(t, "the login logged with the key comment", func() bool {
			return strings.Contains(f.log.String(), "msg=login user=ana") && strings.Contains(f.log.String(), "key=ana@test")
		})
	})

	refused := func(t *testing.T, extra ...string) {
		t.Helper()
		var stderr bytes.Buffer
		cmd := exec.Command("ssh", sshArgs(port, append(extra, "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "ana@127.0.0.1")...)...)
		cmd.Stderr = &stderr
		err := cmd.Run()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 255 {
			t.Fatalf("ssh: %v, want exit status 255 (refused); stderr %q", err, stderr.String())
		}
		// "(publickey)" lists what the server offers: public keys only.
		if !strings.Contains(stderr.String(), "Permission denied (publickey)") {
			t.Errorf("stderr = %q", stderr.String())
		}
	}
	t.Run("key not in the file", func(t *testing.T) { refused(t, "-i", other) })
	t.Run("password", func(t *testing.T) {
		refused(t, "-o", "PreferredAuthentications=password", "-o", "PubkeyAuthentication=no")
	})
}
