// Package instance is the contract shared by the two ways to run the
// emulator: a Docker container (internal/docker) and a detached host process
// (internal/native). The CLI commands and wait logic only see this.
package instance

import (
	"context"
	"errors"
	"io"
)

// State is what the runtime knows about an instance.
type State struct {
	Exists   bool   // a container or pid file exists
	Running  bool   // the server process is alive
	ExitCode int    // valid when Exists && !Running; -1 when unknown (killed)
	ID       string // container id or process id
}

// Instance is one named emulator.
type Instance interface {
	// Kind is "docker" or "native".
	Kind() string
	// Start creates and starts the emulator, reporting progress lines to
	// progress. It returns started=false when it was already running.
	Start(ctx context.Context, progress io.Writer) (started bool, err error)
	State(ctx context.Context) (State, error)
	// Logs copies the output; tail < 0 means all lines. With follow it
	// returns when the instance exits or ctx ends.
	Logs(ctx context.Context, w io.Writer, follow bool, tail int) error
	// Stop shuts the emulator down gracefully and removes what Start made,
	// keeping its log for `emulator logs`.
	Stop(ctx context.Context) error
}

// Errors the CLI maps to exit codes.
var (
	ErrNotFound    = errors.New("no such emulator")
	ErrUnavailable = errors.New("container runtime unavailable")
	ErrNotManaged  = errors.New("not created by emulator")
)
