package native

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
)

// Supervise runs `exe serve` as a child with the same stdio, forwards
// ctx's cancellation (SIGTERM/SIGINT in the CLI) as a termination request,
// passes SIGUSR1 on (LocalStack's supervisor restarts the server on it; ours
// restarts in-process), and records the child's exit code in exitFile, so `emulator wait` can
// report how a detached server ended. It returns that exit code.
func Supervise(ctx context.Context, exe, exitFile string) int {
	cmd := exec.Command(exe, "serve")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	code := 1
	if err := cmd.Start(); err != nil {
		os.Stderr.WriteString("supervise: " + err.Error() + "\n")
	} else {
		stopForwarding := forwardRestart(cmd.Process)
		defer stopForwarding()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-ctx.Done():
			_ = terminate(cmd.Process.Pid)
			err = <-done
		}
		code = 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			code = 1
		}
	}
	tmp := exitFile + ".tmp"
	if os.WriteFile(tmp, []byte(strconv.Itoa(code)+"\n"), 0o644) == nil {
		_ = os.Rename(tmp, exitFile)
	}
	return code
}
