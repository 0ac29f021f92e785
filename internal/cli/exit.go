// Package cli holds what the emulator commands share: stable exit codes,
// JSON results and terminal detection.
package cli

import (
	"errors"

	"github.com/setup-emulator/setup-emulator/internal/instance"
	"github.com/setup-emulator/setup-emulator/internal/wait"
)

// Exit codes. They are part of the CLI's contract (README "Exit codes"):
// scripts and the GitHub Action branch on them, so never renumber.
const (
	ExitOK          = 0 // success
	ExitError       = 1 // any other failure
	ExitUsage       = 2 // bad flags or arguments
	ExitNotRunning  = 3 // no such emulator, or its endpoint does not answer
	ExitTimeout     = 4 // wait: not ready before the timeout
	ExitExited      = 5 // wait: the container or process exited before ready
	ExitUnavailable = 6 // the Docker engine cannot be reached
	ExitConflict    = 7 // a container of that name exists but is not ours
)

// Codes are the names used in JSON errors, by exit code.
var codeNames = map[int]string{
	ExitError: "ERROR", ExitUsage: "USAGE", ExitNotRunning: "NOT_RUNNING",
	ExitTimeout: "TIMEOUT", ExitExited: "EXITED", ExitUnavailable: "RUNTIME_UNAVAILABLE",
	ExitConflict: "CONFLICT",
}

// CodeName returns the JSON error code for an exit code.
func CodeName(code int) string { return codeNames[code] }

// UsageError marks a bad invocation.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// NotRunningError means the emulator could not be reached.
type NotRunningError struct{ Err error }

func (e *NotRunningError) Error() string { return e.Err.Error() }
func (e *NotRunningError) Unwrap() error { return e.Err }

// ExitCode maps an error to the documented exit code.
func ExitCode(err error) int {
	var (
		usage   *UsageError
		notRun  *NotRunningError
		timeout *wait.TimeoutError
		exited  *wait.ExitedError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &usage):
		return ExitUsage
	case errors.As(err, &exited):
		return ExitExited
	case errors.As(err, &timeout):
		return ExitTimeout
	case errors.As(err, &notRun), errors.Is(err, instance.ErrNotFound):
		return ExitNotRunning
	case errors.Is(err, instance.ErrUnavailable):
		return ExitUnavailable
	case errors.Is(err, instance.ErrNotManaged):
		return ExitConflict
	}
	return ExitError
}

// LogTail returns the log lines an error carries, if any.
func LogTail(err error) []string {
	var (
		timeout *wait.TimeoutError
		exited  *wait.ExitedError
	)
	switch {
	case errors.As(err, &exited):
		return exited.Tail
	case errors.As(err, &timeout):
		return timeout.Tail
	}
	return nil
}
