package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// BuildEmulator compiles ./cmd/emulator of the module in dir into outDir
// with the release flags of the Makefile (-trimpath -ldflags '-s -w') and
// returns the binary's path.
func BuildEmulator(ctx context.Context, dir, outDir string) (string, error) {
	bin := filepath.Join(outDir, "emulator")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/emulator")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/emulator: %v\n%s", err, out)
	}
	return bin, nil
}

// ModuleRoot returns the directory of the main module (go env GOMOD).
func ModuleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a Go module: run from the repository")
	}
	return filepath.Dir(mod), nil
}

// Proc is a server running as a child process.
type Proc struct {
	URL     string
	Startup time.Duration // from exec to readiness
	cmd     *exec.Cmd
	stderr  *syncBuffer
	done    chan struct{}
}

// PID is the child's process id.
func (p *Proc) PID() int { return p.cmd.Process.Pid }

// Stop sends SIGTERM, waits up to 5 s, then kills.
func (p *Proc) Stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// syncBuffer is a bytes.Buffer safe for the child's writes and our reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 64<<10 {
		return len(p), nil // keep the start, where failures are explained
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// StartEmulator runs `bin serve` on a free loopback port with a fresh
// VOLUME_DIR under tmp and waits for its "Ready." line. Startup is the time
// from just before exec to reading that line.
func StartEmulator(ctx context.Context, bin, tmp string, extraEnv ...string) (*Proc, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	vol, err := os.MkdirTemp(tmp, "volume-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "GATEWAY_LISTEN=127.0.0.1:"+strconv.Itoa(port), "VOLUME_DIR="+vol)
	cmd.Env = append(cmd.Env, extraEnv...)
	p, err := startReady(ctx, cmd, port)
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	return p, nil
}

// LimitListenEnv names the variable that turns this program into the
// loopback limit server (see ServeLimit): the bench runs the limit as a
// child process of its own binary, so that it gets its own Go runtime and
// scheduler as the emulator does, and the client's work is not mixed in.
const LimitListenEnv = "BENCH_LIMIT_LISTEN"

// StartLimitProcess re-executes this program with LimitListenEnv set on a
// free loopback port and waits for its "Ready." line. The program's main
// (or TestMain) must call ServeLimit when the variable is set.
func StartLimitProcess(ctx context.Context) (*Proc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), LimitListenEnv+"=127.0.0.1:"+strconv.Itoa(port))
	p, err := startReady(ctx, cmd, port)
	if err != nil {
		return nil, fmt.Errorf("limit server: %w", err)
	}
	return p, nil
}

// startReady starts cmd, which serves on the loopback port, and waits for
// "Ready." on its stdout.
func startReady(ctx context.Context, cmd *exec.Cmd, port int) (*Proc, error) {
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &Proc{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stderr = p.stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if sc.Text() == "Ready." {
				ready <- nil
				for sc.Scan() { // keep draining so the child never blocks
				}
				return
			}
		}
		ready <- errors.New("exited before printing Ready.")
	}()
	go func() { _ = cmd.Wait(); close(p.done) }()
	select {
	case err = <-ready:
		p.Startup = time.Since(start)
	case <-time.After(20 * time.Second):
		err = errors.New("no Ready. line within 20 s")
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		p.Stop()
		return nil, fmt.Errorf("%v\n%s", err, p.stderr.String())
	}
	return p, nil
}

// StartMoto runs `motoCmd -H 127.0.0.1 -p PORT` and waits until it answers
// HTTP (moto prints no readiness line on stdout).
func StartMoto(ctx context.Context, motoCmd string) (*Proc, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(motoCmd, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	p := &Proc{URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stderr, p.stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = cmd.Wait(); close(p.done) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(p.URL + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			p.Startup = time.Since(start)
			return p, nil
		}
		select {
		case <-p.done:
			return nil, fmt.Errorf("%s exited: %s", motoCmd, p.stderr.String())
		case <-ctx.Done():
			p.Stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.Stop()
			return nil, fmt.Errorf("%s: not answering after 60 s: %s", motoCmd, p.stderr.String())
		}
	}
}

// Memory is a process's resident set (VmRSS) and its peak (VmHWM), bytes.
type Memory struct{ RSS, Peak int64 }

// ReadMemory reads /proc/<pid>/status (Linux only).
func ReadMemory(pid int) (Memory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Memory{}, err
	}
	var m Memory
	for line := range strings.Lines(string(b)) {
		name, rest, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		f := strings.Fields(rest) // "12345 kB"
		if len(f) != 2 || f[1] != "kB" {
			continue
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			continue
		}
		if name == "VmRSS" {
			m.RSS = kb << 10
		} else {
			m.Peak = kb << 10
		}
	}
	if m.RSS == 0 {
		return m, fmt.Errorf("/proc/%d/status: no VmRSS", pid)
	}
	return m, nil
}
