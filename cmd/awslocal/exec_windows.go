//go:build windows

package main

import (
	"os"
	"os/exec"
)

// execAWS runs aws as a child (Windows has no exec) with our stdio.
func execAWS(path string, args, environ []string) error {
	cmd := exec.Command(path, args...)
	cmd.Env = environ
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	return cmd.Run()
}
