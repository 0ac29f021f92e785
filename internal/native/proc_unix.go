//go:build !windows

package native

import (
	"os/exec"
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
