//go:build !windows

package main

import (
	"os/exec"
	"syscall"
)

// detach puts the pull in its own session so it outlives this step.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }
