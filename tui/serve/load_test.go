package serve

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// childEnv makes the test binary a bare demo server (see TestMain): the
// load benchmark measures the server's CPU and memory in a process of its
// own, apart from the 50 clients.
const childEnv = "WALLBOARD_SERVE_CHILD_KEY"

func TestMain(m *testing.M) {
	if key := os.Getenv(childEnv); key != "" {
		os.Exit(serveChild(key))
	}
	os.Exit(m.Run())
}

// serveChild runs a demo server on 127.0.0.1 admitting the one key in
// authorizedKey. It prints "ADDR host:port", then answers each "stats"
// line on stdin with "STATS cpu_us rss_kib heap_kib goroutines"; it exits
// when stdin closes.
func serveChild(authorizedKey string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "child:", err); return 1 }
	hub, _, clock, err := startDemo(ctx)
	if err != nil {
		return fail(err)
	}
	keys, err := ParseAuthorizedKeys([]byte(authorizedKey), childEnv)
	if err != nil {
		return fail(err)
	}
	host, _, err := GenerateHostKey()
	if err != nil {
		return fail(err)
	}
	srv, err := New(Config{Keys: keys, HostKey: host, Open: Shared(Board{Hub: hub, Title: "demo", Clock: clock}),
		Idle: 30 * time.Minute, MaxSession: 12 * time.Hour, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	go func() { _ = srv.Serve(ln) }()
	fmt.Printf("ADDR %s\n", ln.Addr())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if in.Text() != "stats" {
			continue
		}
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		cpu := ru.Utime.Sec*1e6 + ru.Utime.Usec + ru.Stime.Sec*1e6 + ru.Stime.Usec
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Printf("STATS %d %d %d %d\n", cpu, rssKiB(), ms.HeapInuse/1024, runtime.NumGoroutine())
	}
	_ = srv.Close()
	return 0
}

// rssKiB is the process's resident set now (VmRSS), not its peak.
func rssKiB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return -1
}

type childStats struct{ cpuUS, rssKiB, heapKiB, goroutines int64 }

// BenchmarkIdleSessions measures what idle supervisors cost the server:
// 50 sessions (120×40, truecolor) watch a live demo board and press no
// key. The server runs in a child process; its CPU (getrusage) and
// resident memory are sampled with no session and with 50, over the same
// window, and the difference is divided by 50. Run with -benchtime 1x.
func BenchmarkIdleSessions(b *testing.B) {
	const sessions = 50
	const window = 10 * time.Second
	for range b.N {
		measureIdleSessions(b, sessions, window)
	}
}

func measureIdleSessions(b *testing.B, sessions int, window time.Duration) {
	signer := newSigner(b)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { stdin.Close(); _ = cmd.Wait() }()
	lines := bufio.NewScanner(stdout)
	next := func(prefix string) []string {
		if !lines.Scan() {
			b.Fatalf("child server ended: %v", lines.Err())
		}
		f := strings.Fields(lines.Text())
		if len(f) == 0 || f[0] != prefix {
			b.Fatalf("child said %q, want %s…", lines.Text(), prefix)
		}
		return f[1:]
	}
	addr := next("ADDR")[0]
	stats := func() childStats {
		fmt.Fprintln(stdin, "stats")
		f := next("STATS")
		var s childStats
		for i, p := range []*int64{&s.cpuUS, &s.rssKiB, &s.heapKiB, &s.goroutines} {
			*p, _ = strconv.ParseInt(f[i], 10, 64)
		}
		return s
	}

	time.Sleep(3 * time.Second) // the demo catches up its first hour
	idle0 := stats()
	time.Sleep(window)
	idle1 := stats()

	cfg := &gossh.ClientConfig{User: "bench", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)}, HostKeyCallback: gossh.InsecureIgnoreHostKey()}
	var received atomic.Int64
	var wg sync.WaitGroup
	var clients []*gossh.Client
	for i := 0; i < sessions; i++ {
		c, err := gossh.Dial("tcp", addr, cfg)
		if err != nil {
			b.Fatal(err)
		}
		clients = append(clients, c)
		s, err := c.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		r, err := s.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		_ = s.Setenv("COLORTERM", "truecolor")
		if err := s.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
			b.Fatal(err)
		}
		if err := s.Shell(); err != nil {
			b.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 32<<10)
			for {
				n, err := r.Read(buf)
				received.Add(int64(n))
				if err != nil {
					return
				}
			}
		}()
	}
	defer func() {
		for _, c := range clients {
			c.Close()
		}
		wg.Wait()
	}()
	time.Sleep(3 * time.Second) // first frames drawn, buffers grown
	busy0, rx0 := stats(), received.Load()
	time.Sleep(window)
	busy1, rx1 := stats(), received.Load()

	sec := window.Seconds()
	idleCPU := float64(idle1.cpuUS-idle0.cpuUS) / 1e6 / sec * 100 // % of one core
	busyCPU := float64(busy1.cpuUS-busy0.cpuUS) / 1e6 / sec * 100
	n := float64(sessions)
	b.ReportMetric((busyCPU-idleCPU)/n, "%core/session")
	b.ReportMetric(float64(busy1.rssKiB-idle1.rssKiB)/n, "KiB-rss/session")
	b.ReportMetric(float64(busy1.heapKiB-idle1.heapKiB)/n, "KiB-heap/session")
	b.ReportMetric(float64(rx1-rx0)/sec/n, "B/s/session")
	b.ReportMetric(busyCPU, "%core-total")
	b.Logf("server without sessions: %.2f%% of a core, RSS %d KiB, heap %d KiB, %d goroutines",
		idleCPU, idle1.rssKiB, idle1.heapKiB, idle1.goroutines)
	b.Logf("server with %d sessions: %.2f%% of a core, RSS %d KiB, heap %d KiB, %d goroutines",
		sessions, busyCPU, busy1.rssKiB, busy1.heapKiB, busy1.goroutines)
}
