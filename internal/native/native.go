// Package native runs the emulator as a detached host process for machines
// without Docker (macOS and Windows CI runners). The files live in the
// volume dir: emulator.pid (the supervisor's pid), emulator.log (stdout and
// stderr) and emulator.exit (the server's exit code, written by the
// supervisor when the server ends).
package native

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/internal/config"
	"github.com/setup-emulator/setup-emulator/internal/instance"
)

// Process is an emulator run as a host process; it implements
// instance.Instance.
type Process struct {
	Config config.Config
	// Exe is the emulator binary; it is started as `Exe supervise ...`.
	Exe string
	// Environ is the base environment (os.Environ()) for the process.
	Environ     []string
	StopTimeout time.Duration
	// Shutdown asks the server itself to exit (POST /_localstack/health
	// {"action":"kill"}); Stop uses it on Windows, which has no SIGTERM,
	// so the server ends gracefully rather than being killed.
	Shutdown func(ctx context.Context) error
}

// Kind implements instance.Instance.
func (p *Process) Kind() string { return "native" }

// Files under the volume dir.
func (p *Process) PIDFile() string  { return filepath.Join(p.Config.VolumeDir, "emulator.pid") }
func (p *Process) LogFile() string  { return filepath.Join(p.Config.VolumeDir, "emulator.log") }
func (p *Process) ExitFile() string { return filepath.Join(p.Config.VolumeDir, "emulator.exit") }

// State implements instance.Instance.
func (p *Process) State(ctx context.Context) (instance.State, error) {
	b, err := os.ReadFile(p.PIDFile())
	if errors.Is(err, os.ErrNotExist) {
		return instance.State{}, nil
	}
	if err != nil {
		return instance.State{}, err
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return instance.State{}, fmt.Errorf("pid file %s: %w", p.PIDFile(), err)
	}
	st := instance.State{Exists: true, ID: strconv.Itoa(pid), ExitCode: -1}
	if code, ok := p.exitCode(); ok {
		st.ExitCode = code
		return st, nil
	}
	st.Running = alive(pid)
	return st, nil
}

func (p *Process) exitCode() (int, bool) {
	b, err := os.ReadFile(p.ExitFile())
	if err != nil {
		return 0, false
	}
	code, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return code, err == nil
}

// Start implements instance.Instance.
func (p *Process) Start(ctx context.Context, progress io.Writer) (bool, error) {
	st, err := p.State(ctx)
	if err != nil {
		return false, err
	}
	if st.Running {
		fmt.Fprintf(progress, "Emulator %s is already running (pid %s)\n", p.Config.Name, st.ID)
		return false, nil
	}
	if err := os.MkdirAll(p.Config.VolumeDir, 0o755); err != nil {
		return false, fmt.Errorf("volume dir: %w", err)
	}
	for _, f := range []string{p.PIDFile(), p.ExitFile()} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return false, err
		}
	}
	log, err := os.Create(p.LogFile())
	if err != nil {
		return false, err
	}
	defer log.Close()
	cmd := exec.Command(p.Exe, "supervise", "--exit-file", p.ExitFile())
	cmd.Env = p.env()
	cmd.Dir = p.Config.VolumeDir
	cmd.Stdout, cmd.Stderr = log, log
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return false, fmt.Errorf("start %s: %w", p.Exe, err)
	}
	pid := cmd.Process.Pid
	if err := os.WriteFile(p.PIDFile(), []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		_ = cmd.Process.Kill()
		return false, err
	}
	_ = cmd.Process.Release()
	fmt.Fprintf(progress, "Started emulator %s as process %d, gateway on 127.0.0.1:%d, log %s\n",
		p.Config.Name, pid, p.Config.Port, p.LogFile())
	return true, nil
}

// env is the process environment: the base, the configuration, and a
// listener on loopback at the chosen port (a host process should not listen
// on every interface unless asked).
func (p *Process) env() []string {
	m := map[string]string{}
	for _, kv := range p.Environ {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	for k, v := range p.Config.Env {
		m[k] = v
	}
	if _, ok := p.Config.Env["GATEWAY_LISTEN"]; !ok {
		m["GATEWAY_LISTEN"] = "127.0.0.1:" + strconv.Itoa(p.Config.Port)
	}
	m["MAIN_CONTAINER_NAME"] = p.Config.Name
	// The server's state dir and ready file (VOLUME_DIR, which the runtime
	// also reads as LOCALSTACK_VOLUME_DIR) go to the volume dir, not to
	// /var/lib/localstack, which a host user may not be able to write.
	m["LOCALSTACK_VOLUME_DIR"] = p.Config.VolumeDir
	m["VOLUME_DIR"] = p.Config.VolumeDir
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// Logs implements instance.Instance.
func (p *Process) Logs(ctx context.Context, w io.Writer, follow bool, tail int) error {
	f, err := os.Open(p.LogFile())
	if errors.Is(err, os.ErrNotExist) {
		return instance.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if tail >= 0 {
		if err := copyTail(f, w, tail); err != nil {
			return err
		}
	} else if _, err := io.Copy(w, f); err != nil {
		return err
	}
	for follow {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(200 * time.Millisecond):
		}
		if _, err := io.Copy(w, f); err != nil {
			return err
		}
		if st, err := p.State(ctx); err == nil && !st.Running {
			_, err := io.Copy(w, f)
			return err
		}
	}
	return nil
}

// waitExit polls until pid is gone or timeout passes.
func waitExit(ctx context.Context, pid int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for alive(pid) && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return nil
}

// copyTail writes the last n lines of r and leaves r at its end.
func copyTail(r io.Reader, w io.Writer, n int) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s := strings.TrimRight(string(b), "\n")
	if s == "" || n == 0 {
		return nil
	}
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	_, err = io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}

// Stop implements instance.Instance: a termination signal to the
// supervisor (which forwards it to the server), a kill after StopTimeout.
func (p *Process) Stop(ctx context.Context) error {
	st, err := p.State(ctx)
	if err != nil {
		return err
	}
	if !st.Exists {
		return instance.ErrNotFound
	}
	pid, _ := strconv.Atoi(st.ID)
	if st.Running && runtime.GOOS == "windows" && p.Shutdown != nil {
		if p.Shutdown(ctx) == nil {
			waitExit(ctx, pid, 10*time.Second)
		}
	}
	if st.Running && alive(pid) {
		if err := terminate(pid); err != nil && alive(pid) {
			return fmt.Errorf("stop process %d: %w", pid, err)
		}
		timeout := p.StopTimeout
		if timeout <= 0 {
			timeout = 10 * time.Second
		}
		if err := waitExit(ctx, pid, timeout); err != nil {
			return err
		}
		if alive(pid) {
			_ = kill(pid)
		}
	}
	for _, f := range []string{p.PIDFile(), p.ExitFile()} {
		_ = os.Remove(f)
	}
	return nil
}
