package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/callfloor/wallboard/feed"
	"github.com/callfloor/wallboard/feed/ws"
	"github.com/callfloor/wallboard/kpi"
)

// runSimulate serves the simulated centre as a live feed (protocol v1) so
// that boards can `connect` to it: the rig for trying the live path, and
// the reference the feed tests compare with. Like demo, the simulation
// starts at local midnight and catches up at once, so the server's buffer
// holds the day so far for every board that connects.
func runSimulate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	var common commonFlags
	common.register(fs)
	listen := fs.String("listen", "127.0.0.1:8765", "address to serve the feed on (loopback by default; 0.0.0.0:8765 for the network)")
	var simf simFlags
	simf.register(fs, "")
	speed := fs.Float64("speed", 1, "simulated seconds per real second; boards that connect keep their own wall clock, so above 1 the events run ahead of it (intervals stay open, waits read 0s): for a fast day, replay a gen-log file")
	writeLog := fs.String("write-log", "", "also append every event to this file as an Asterisk queue_log")
	tokenFile := fs.String("token-file", "", "require clients to send the bearer token in this file")
	buffer := fs.Int("buffer", 100_000, "events kept for clients that resume")
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, "wallboard simulate [--listen ADDR] [flags]")
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("simulate: unexpected argument %q", rest[0])
	}
	if *speed <= 0 {
		return usagef("--speed: must be > 0, got %v", *speed)
	}
	if *buffer < 1 {
		return usagef("--buffer: must be ≥ 1, got %d", *buffer)
	}
	token := ""
	if *tokenFile != "" {
		if token, err = readToken(*tokenFile); err != nil {
			return err
		}
	}
	cfg, err := common.config()
	if err != nil {
		return err
	}
	cfg.KeepDays = 1
	now := time.Now()
	s, err := simf.newSim(&cfg, &common, now)
	if err != nil {
		return err
	}
	var logw *bufio.Writer
	var logEnd simLogEnd
	if *writeLog != "" {
		f, err := os.OpenFile(*writeLog, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o644)
		if err != nil {
			return fmt.Errorf("--write-log: %w", err)
		}
		defer f.Close()
		if logEnd, err = readSimLogEnd(f); err != nil {
			return fmt.Errorf("--write-log %s: %w", *writeLog, err)
		}
		if logEnd.epoch > 0 {
			fmt.Fprintf(stderr, "wallboard: %s already holds events up to %s; appending only later ones\n",
				*writeLog, time.Unix(logEnd.epoch, 0).In(cfg.Location).Format("2006-01-02 15:04:05"))
		}
		logw = bufio.NewWriterSize(f, 64<<10)
		defer logw.Flush()
	}
	clock := simClock(now, *speed)
	srv, err := ws.NewServer(ws.ServerOptions{Name: "wallboard-sim/1", Config: cfg, Clock: clock, Buffer: *buffer, Token: token})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("--listen %s: %w", *listen, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	fmt.Fprintf(stderr, "wallboard: serving the simulated centre on ws://%s/ (stream %s); Ctrl-C stops\n", ln.Addr(), srv.Stream())

	var batch []feed.Event
	var line []byte
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		batch = batch[:0]
		s.Advance(clock(), func(ev *feed.Event) { batch = append(batch, *ev) })
		srv.Publish(batch) // Publish copies the events into its buffer
		if logw != nil {
			for i := range batch {
				line = feed.AppendQueueLog(line[:0], &batch[i])
				if !logEnd.has(line) {
					logw.Write(line)
				}
			}
			if err := logw.Flush(); err != nil {
				return fmt.Errorf("--write-log: %w", err)
			}
		}
		select {
		case <-ctx.Done():
			srv.Close()
			hs.Close()
			return nil
		case <-t.C:
		}
	}
}

// simLogEnd is where an existing --write-log file ends: the epoch of its
// last complete line and the lines stamped with that second. The
// simulator replays the day from midnight on every start, so without it a
// restarted simulator would append the day again and every report or
// `tail` of the file would count those calls twice. The same seed gives
// the same events, so skipping what the file holds continues it exactly.
type simLogEnd struct {
	epoch int64
	last  map[string]int // lines of the last second, without newline: how many
}

// readSimLogEnd reads the end of f (at most its last 256 KiB).
func readSimLogEnd(f *os.File) (simLogEnd, error) {
	st, err := f.Stat()
	if err != nil {
		return simLogEnd{}, err
	}
	n := min(st.Size(), 256<<10)
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, st.Size()-n); err != nil && err != io.EOF {
		return simLogEnd{}, err
	}
	end := simLogEnd{last: map[string]int{}}
	lines := strings.Split(string(buf), "\n")
	lines = lines[:len(lines)-1] // after the last newline: partial or empty
	if n < st.Size() && len(lines) > 0 {
		lines = lines[1:] // the first may be cut by the 256 KiB window
	}
	for i := len(lines) - 1; i >= 0; i-- {
		epoch, ok := lineEpoch(lines[i])
		if !ok {
			continue
		}
		if end.epoch == 0 {
			end.epoch = epoch
		}
		if epoch != end.epoch {
			break
		}
		end.last[strings.TrimSuffix(lines[i], "\r")]++
	}
	return end, nil
}

// has reports whether the file already holds this encoded line (with its
// newline): every line of an earlier second, and each line of the last
// second as often as the file has it.
func (e *simLogEnd) has(line []byte) bool {
	if e.epoch == 0 {
		return false
	}
	epoch, ok := lineEpoch(string(line))
	switch {
	case !ok || epoch > e.epoch:
		return false
	case epoch < e.epoch:
		return true
	}
	k := strings.TrimSuffix(string(line), "\n")
	if e.last[k] == 0 {
		return false
	}
	e.last[k]--
	return true
}

// lineEpoch is a queue_log line's leading Unix time.
func lineEpoch(line string) (int64, bool) {
	head, _, ok := strings.Cut(line, "|")
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(head, 10, 64)
	return v, err == nil && v > 0
}

// readToken reads a bearer token from a file: the first line, trimmed.
func readToken(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--token-file: %w", err)
	}
	tok, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	tok = strings.TrimSpace(tok)
	if tok == "" {
		return "", usagef("--token-file %s: the file is empty", path)
	}
	return tok, nil
}

// runConnect shows the board fed by a websocket feed (docs/feed-protocol.md).
func runConnect(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("connect", flag.ContinueOnError)
	var common commonFlags
	var board boardFlags
	common.register(fs)
	board.register(fs)
	tokenFile := fs.String("token-file", "", "send the bearer token in this file (or set $WALLBOARD_TOKEN); never give a token on the command line")
	insecure := fs.Bool("insecure", false, "do not verify the server's TLS certificate (test rigs only)")
	staleAfter := fs.Duration("stale-after", ws.DefaultStaleAfter, "call the feed stale after this long without a frame, and reconnect (servers ping every 10s: less flaps on a quiet feed)")
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, "wallboard connect ws://HOST:PORT/PATH [flags]")
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("connect: want one feed URL (ws:// or wss://), got %d arguments", len(rest))
	}
	if *staleAfter <= 0 {
		return usagef("--stale-after: must be > 0, got %v", *staleAfter)
	}
	token := os.Getenv("WALLBOARD_TOKEN")
	if *tokenFile != "" {
		if token, err = readToken(*tokenFile); err != nil {
			return err
		}
	}
	return runLive(&common, &board, func(ctx context.Context, cfg kpi.Config, log *slog.Logger) (liveBoard, error) {
		return startConnect(ctx, cfg, connectOptions{flag: "connect", url: rest[0], token: token, insecure: *insecure, staleAfter: *staleAfter}, log)
	})
}

// runTail shows the board on a live queue_log, followed like `tail -F`.
func runTail(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tail", flag.ContinueOnError)
	var common commonFlags
	var board boardFlags
	common.register(fs)
	board.register(fs)
	poll := fs.Duration("poll", 250*time.Millisecond, "how often to look at the file")
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs, "wallboard tail FILE [flags]")
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("tail: want one queue_log file, got %d arguments", len(rest))
	}
	return runLive(&common, &board, func(ctx context.Context, cfg kpi.Config, log *slog.Logger) (liveBoard, error) {
		return startTail(ctx, cfg, rest[0], *poll, log)
	})
}
