//go:build !windows

package native

import (
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// detach starts the child in its own session so it outlives the CLI and
// a terminal's Ctrl-C does not reach it.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }

func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

func terminate(pid int) error { return syscall.Kill(pid, syscall.SIGTERM) }

// kill ends the supervisor's whole process group (it leads its session),
// so the server does not outlive it.
func kill(pid int) error { return syscall.Kill(-pid, syscall.SIGKILL) }

// forwardRestart passes SIGUSR1 sent to the supervisor on to the server, which
// restarts in-process on it. The returned func stops forwarding.
func forwardRestart(p *os.Process) func() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	go func() {
		for range ch {
			_ = p.Signal(syscall.SIGUSR1)
		}
	}()
	return func() { signal.Stop(ch); close(ch) }
}
