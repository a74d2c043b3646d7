package serve

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/wish/testsession"
	gossh "golang.org/x/crypto/ssh"
)

func TestFirstFrameShowsBoard(t *testing.T) {
	f := newFixture(t, nil)
	// testsession.New is the plain form: one client session on the server.
	sess := testsession.New(t, f.srv.Server, f.clientConfig("ana"))
	tm := startBoard(t, sess, 120, 40)
	tm.out.waitFor(t, 0, f.queues...)
	if len(f.queues) != 4 {
		t.Fatalf("demo queues = %v, want the default 4", f.queues)
	}
	// The client said COLORTERM=truecolor: 24-bit colour escapes
	// (ESC[38;2;R;G;Bm) must be in the frame, so the profile came from the
	// session's variables.
	tm.out.waitFor(t, 0, "\x1b[38;2;")
	// The login line names who, from where, and the key.
	eventually(t, "login logged", func() bool { return strings.Contains(f.log.String(), "msg=login") })
	line := f.log.String()
	for _, want := range []string{"user=ana", "remote=127.0.0.1:", "fingerprint=SHA256:", `key=ana@floor`, "profile=truecolor"} {
		if !strings.Contains(line, want) {
			t.Errorf("login log lacks %q:\n%s", want, line)
		}
	}
}

func TestResizeRedraws(t *testing.T) {
	f := newFixture(t, nil)
	tm := f.openBoard(t, "ana", 120, 40)
	at := tm.out.waitFor(t, 0, f.queues...)
	// 30×8 is under the 40×10 minimum: the board says so with the new size.
	if err := tm.sess.WindowChange(8, 30); err != nil {
		t.Fatal(err)
	}
	at = tm.out.waitFor(t, at, "terminal too small", "now 30×8")
	if err := tm.sess.WindowChange(40, 120); err != nil {
		t.Fatal(err)
	}
	tm.out.waitFor(t, at, f.queues...)
}

func TestQuitKeyEndsSession(t *testing.T) {
	f := newFixture(t, nil)
	tm := f.openBoard(t, "ana", 120, 40)
	tm.out.waitFor(t, 0, f.queues...)
	if _, err := io.WriteString(tm.in, "q"); err != nil {
		t.Fatal(err)
	}
	if st := tm.wait(t); st != 0 {
		t.Errorf("exit status %d after q, want 0", st)
	}
	eventually(t, "logout logged", func() bool { return strings.Contains(f.log.String(), "reason=quit") })
	eventually(t, "session count back to 0", func() bool { return f.srv.Active() == 0 })
}

func TestSessionCap(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxSessions = 2 })
	a := f.openBoard(t, "a", 100, 30)
	b := f.openBoard(t, "b", 100, 30)
	a.out.waitFor(t, 0, f.queues[0])
	b.out.waitFor(t, 0, f.queues[0])
	// The third of a cap of 2 is refused, politely, with exit status 1.
	c := f.openBoard(t, "c", 100, 30)
	if st := c.wait(t); st != 1 {
		t.Errorf("third session exit status %d, want 1", st)
	}
	got := c.stderr.String() + c.out.String()
	if !strings.Contains(got, "the wallboard is full (2 sessions at once)") {
		t.Errorf("refusal = %q", got)
	}
	if strings.Contains(got, f.queues[0]) {
		t.Error("the refused session was shown the board")
	}
	// A place frees when someone leaves, even when the client keeps its
	// connection (OpenSSH ControlMaster) and only closes the session.
	a.sess.Close()
	eventually(t, "a's place freed", func() bool { return f.srv.Active() == 1 })
	eventually(t, "a's logout logged", func() bool { return strings.Contains(f.log.String(), "reason=disconnected") })
	d := f.openBoard(t, "d", 100, 30)
	d.out.waitFor(t, 0, f.queues[0])
}

// A cap of one (a single kiosk account) reads "1 session", not "1
// sessions".
func TestSessionCapOfOne(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxSessions = 1 })
	a := f.openBoard(t, "a", 100, 30)
	a.out.waitFor(t, 0, f.queues[0])
	b := f.openBoard(t, "b", 100, 30)
	if st := b.wait(t); st != 1 {
		t.Errorf("second session exit status %d, want 1", st)
	}
	if got := b.stderr.String() + b.out.String(); !strings.Contains(got, "the wallboard is full (1 session at once)") {
		t.Errorf("refusal = %q", got)
	}
}

func TestKeyboardIdleEndsPassiveViewer(t *testing.T) {
	// The board writes every second, which is activity for the SSH
	// connection; only the keyboard-idle timer can end this session.
	f := newFixture(t, func(c *Config) { c.Idle = 1500 * time.Millisecond })
	tm := f.openBoard(t, "ana", 100, 30)
	tm.out.waitFor(t, 0, f.queues[0])
	if st := tm.wait(t); st != 0 {
		t.Errorf("exit status %d, want 0", st)
	}
	if !strings.Contains(tm.out.String(), "no key pressed for 1.5s") {
		t.Errorf("no idle farewell; output ends %q", tail(tm.out.String()))
	}
	eventually(t, "logout logged", func() bool { return strings.Contains(f.log.String(), "reason=idle") })
}

func TestMaxSessionLength(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxSession = time.Second })
	tm := f.openBoard(t, "ana", 100, 30)
	tm.out.waitFor(t, 0, f.queues[0])
	tm.wait(t)
	if !strings.Contains(tm.out.String(), "sessions last at most 1s") {
		t.Errorf("no limit farewell; output ends %q", tail(tm.out.String()))
	}
}

func TestCommandRefused(t *testing.T) {
	f := newFixture(t, nil)
	sess, err := testsession.NewClientSession(t, f.addr, f.clientConfig("ana"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut syncBuffer
	sess.Stdout, sess.Stderr = &out, &errOut
	err = sess.Run("cat /etc/passwd")
	ee, ok := err.(*gossh.ExitError)
	if !ok || ee.ExitStatus() != 1 {
		t.Fatalf("exec: err %v, want exit status 1", err)
	}
	if !strings.Contains(errOut.String(), `runs no commands (asked for "cat /etc/passwd")`) {
		t.Errorf("stderr = %q", errOut.String())
	}
	if out.Len() != 0 {
		t.Errorf("stdout = %q, want nothing", out.String())
	}
}

func TestNoTerminalRefused(t *testing.T) {
	f := newFixture(t, nil)
	sess, err := testsession.NewClientSession(t, f.addr, f.clientConfig("ana"))
	if err != nil {
		t.Fatal(err)
	}
	var errOut syncBuffer
	sess.Stderr = &errOut
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	err = sess.Wait()
	if ee, ok := err.(*gossh.ExitError); !ok || ee.ExitStatus() != 1 {
		t.Fatalf("shell without pty: err %v, want exit status 1", err)
	}
	if !strings.Contains(errOut.String(), "needs a terminal") {
		t.Errorf("stderr = %q", errOut.String())
	}
}

func TestOnlyListedKeysLogIn(t *testing.T) {
	f := newFixture(t, nil)
	stranger := newSigner(t)
	// The callbacks record whether the server ever offered the method: a
	// client only asks for a password if the server lists "password".
	offered := map[string]bool{}
	cases := []struct {
		name string
		auth gossh.AuthMethod
	}{
		{"key not in the list", gossh.PublicKeys(stranger)},
		{"password", gossh.PasswordCallback(func() (string, error) {
			offered["password"] = true
			return "hunter2", nil
		})},
		{"keyboard-interactive", gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			offered["keyboard-interactive"] = true
			return []string{"hunter2"}, nil
		})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := &gossh.ClientConfig{User: "ana", Auth: []gossh.AuthMethod{c.auth}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
			_, err := testsession.NewClientSession(t, f.addr, cfg)
			if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
				t.Fatalf("login with %s: err %v, want an authentication failure", c.name, err)
			}
			if offered[c.name] {
				t.Errorf("the server offered %s", c.name)
			}
		})
	}
	eventually(t, "refused key logged", func() bool {
		return strings.Contains(f.log.String(), "key refused") && strings.Contains(f.log.String(), gossh.FingerprintSHA256(stranger.PublicKey()))
	})
}

func TestLoginGraceClosesSilentConnection(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.LoginGrace = 300 * time.Millisecond })
	c, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Say nothing. The server sends its version line, then must hang up.
	_ = c.SetReadDeadline(time.Now().Add(waitLimit))
	b, err := io.ReadAll(c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the server kept a silent connection open; read %q", b)
	}
	if !strings.HasPrefix(string(b), "SSH-2.0-") {
		t.Errorf("server said %q, want its SSH version line", b)
	}
	// No session line will tell of it: the close itself is logged.
	eventually(t, "the grace close logged", func() bool {
		return strings.Contains(f.log.String(), "connection closed: no board session within the login grace")
	})
}

func TestShutdownSaysGoodbye(t *testing.T) {
	f := newFixture(t, nil)
	tm := f.openBoard(t, "ana", 100, 30)
	tm.out.waitFor(t, 0, f.queues[0])
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- f.srv.Shutdown(ctx) }()
	tm.out.waitFor(t, 0, "the server is stopping")
	tm.wait(t)
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

func TestNewRefusesEmptyKeyList(t *testing.T) {
	host, _, err := GenerateHostKey()
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(Config{HostKey: host, Open: Shared(Board{})})
	if err == nil || !strings.Contains(err.Error(), "no authorized keys") {
		t.Fatalf("New with no keys: err %v", err)
	}
}
