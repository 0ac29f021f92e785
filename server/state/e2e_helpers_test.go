//go:build e2e

package state_test

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// emulatorBinary builds cmd/emulator once per test run.
func emulatorBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "emulator-e2e-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "emulator")
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/emulator")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building emulator: %v\n%s", buildErr, binPath)
	}
	return binPath
}

// proc is a running `emulator serve`.
type proc struct {
	cmd    *exec.Cmd
	url    string
	stderr string // log file
}

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	return p
}

// startEmulator runs the binary with env and waits for "Ready.".
func startEmulator(t *testing.T, env map[string]string, logFile string) *proc {
	t.Helper()
	port := freePort(t)
	cmd := exec.Command(emulatorBinary(t), "serve")
	cmd.Env = append(os.Environ(), "GATEWAY_LISTEN=127.0.0.1:"+port, "INIT_DIR="+t.TempDir())
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	lf, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = lf
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lf.Close()
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		ok := false
		for sc.Scan() {
			if sc.Text() == "Ready." && !ok {
				ok = true
				ready <- true
			}
		}
		if !ok {
			ready <- false
		}
	}()
	select {
	case ok := <-ready:
		if !ok {
			b, _ := os.ReadFile(logFile)
			t.Fatalf("emulator exited before Ready.:\n%s", b)
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("emulator not ready within 60 s")
	}
	p := &proc{cmd: cmd, url: "http://127.0.0.1:" + port, stderr: logFile}
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	return p
}

// rssKB reads the process's VmRSS and VmHWM (peak) in KiB from /proc.
func (p *proc) rssKB() (rss, hwm int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(p.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = n
		case "VmHWM:":
			hwm = n
		}
	}
	return rss, hwm
}
