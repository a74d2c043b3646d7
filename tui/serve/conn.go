package serve

import (
	"net"
	"sync"
	"time"
)

// graceKey finds a connection's *graceConn in its ssh.Context.
type graceKey struct{}

// graceConn bounds how long a connection may take to log in and open a
// board: until release, every deadline the SSH layer sets is clamped to
// the grace deadline, so a client that connects and then says nothing
// (or authenticates and never opens a session) holds a slot for at most
// Config.LoginGrace, not for the idle timeout. Close runs onClose once,
// which frees the connection's slot under the connection cap.
type graceConn struct {
	net.Conn
	mu      sync.Mutex
	grace   time.Time     // zero once released
	idle    time.Duration // the connection idle timeout that follows the grace
	once    sync.Once
	onClose func()
}

func newGraceConn(c net.Conn, until time.Time, idle time.Duration, onClose func()) *graceConn {
	g := &graceConn{Conn: c, grace: until, idle: idle, onClose: onClose}
	_ = c.SetDeadline(until)
	return g
}

// SetDeadline is how the SSH layer applies its idle and maximum timeouts
// on every read and write; before release the grace deadline caps them.
func (c *graceConn) SetDeadline(t time.Time) error {
	c.mu.Lock()
	g := c.grace
	c.mu.Unlock()
	if !g.IsZero() && (t.IsZero() || t.After(g)) {
		t = g
	}
	return c.Conn.SetDeadline(t)
}

// release ends the grace period: a board session is running. The idle
// deadline applies from now (a read or write already waiting keeps a
// bound); the SSH layer moves it on at its next read or write.
func (c *graceConn) release() {
	c.mu.Lock()
	released := c.grace.IsZero()
	c.grace = time.Time{}
	c.mu.Unlock()
	if !released {
		var t time.Time
		if c.idle > 0 {
			t = time.Now().Add(c.idle)
		}
		_ = c.Conn.SetDeadline(t)
	}
}

// inGrace reports whether the connection is still in its grace period
// (no board session has released it).
func (c *graceConn) inGrace() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.grace.IsZero()
}

// Close closes the connection and frees its slot (once, however often
// the SSH layer closes it).
func (c *graceConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.onClose)
	return err
}
