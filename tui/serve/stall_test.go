package serve

import (
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// watchConn is the server's side of one TCP connection; it records when
// a write has been stuck (the client stopped reading and the socket
// buffers are full).
type watchConn struct {
	net.Conn
	since atomic.Int64 // start of the pending Write in Unix ns; 0 when none
}

func (c *watchConn) Write(p []byte) (int, error) {
	c.since.Store(time.Now().UnixNano())
	defer c.since.Store(0)
	return c.Conn.Write(p)
}

// stuckFor is how long the pending write has waited (0: none pending).
func (c *watchConn) stuckFor() time.Duration {
	s := c.since.Load()
	if s == 0 {
		return 0
	}
	return time.Since(time.Unix(0, s))
}

// watchListener hands the server watchConns with small send buffers, so
// that a client that stops reading stalls the server's writes quickly.
type watchListener struct {
	net.Listener
	mu    sync.Mutex
	conns []*watchConn
}

func (l *watchListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4096)
	}
	wc := &watchConn{Conn: c}
	l.mu.Lock()
	l.conns = append(l.conns, wc)
	l.mu.Unlock()
	return wc, nil
}

func (l *watchListener) first() *watchConn {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.conns) == 0 {
		return nil
	}
	return l.conns[0]
}

// frozenConn is a client connection that stops reading when told to, as a
// frozen laptop or a dead Wi-Fi link does: it neither reads nor closes.
type frozenConn struct {
	net.Conn
	freeze   chan struct{}
	closed   chan struct{}
	freezeMu sync.Once
	closeMu  sync.Once
}

func (c *frozenConn) Read(p []byte) (int, error) {
	select {
	case <-c.freeze:
		<-c.closed
		return 0, net.ErrClosed
	default:
	}
	return c.Conn.Read(p)
}

func (c *frozenConn) Close() error {
	c.closeMu.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

func TestStalledSessionDoesNotDelayOthers(t *testing.T) {
	f := newFixture(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	wl := &watchListener{Listener: ln}
	go func() { _ = f.srv.Serve(wl) }()
	t.Cleanup(func() { _ = ln.Close() })

	// Session 1: a client that draws its first frame, then stops reading.
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	_ = raw.(*net.TCPConn).SetReadBuffer(4096)
	fc := &frozenConn{Conn: raw, freeze: make(chan struct{}), closed: make(chan struct{})}
	t.Cleanup(func() { _ = fc.Close() })
	cc, chans, reqs, err := gossh.NewClientConn(fc, ln.Addr().String(), f.clientConfig("frozen"))
	if err != nil {
		t.Fatal(err)
	}
	client := gossh.NewClient(cc, chans, reqs)
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	frozen := startBoard(t, sess, 120, 40)
	frozen.out.waitFor(t, 0, f.queues...)
	fc.freezeMu.Do(func() { close(fc.freeze) })

	// Keep it redrawing: every resize is a full repaint, which fills the
	// socket buffers and leaves the server's write to it stuck.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
			_ = sess.WindowChange(30+i%2*10, 100+i%2*20)
		}
	}()
	eventually(t, "the server's write to the frozen client is stuck for 1s", func() bool {
		c := wl.first()
		return c != nil && c.stuckFor() >= time.Second
	})

	// Session 2 gets its board and answers a resize while session 1 is stuck.
	tm := f.openBoard(t, "ana", 120, 40)
	at := tm.out.waitFor(t, 0, f.queues...)
	if err := tm.sess.WindowChange(8, 30); err != nil {
		t.Fatal(err)
	}
	tm.out.waitFor(t, at, "now 30×8")
	if wl.first().stuckFor() == 0 {
		t.Fatal("the frozen client's connection came unstuck during the test; it proves nothing")
	}
	if n := f.srv.Active(); n != 2 {
		t.Errorf("active sessions %d, want 2 (frozen and live)", n)
	}
}
