// Package runtime runs the emulator as a process the way LocalStack's runtime
// does: configuration from the environment, init hooks (boot, start, ready,
// shutdown), listeners on GATEWAY_LISTEN, the "Ready." line and ready file,
// persistence (load at start, scheduled and shutdown saves), in-process
// restart, and graceful shutdown within SHUTDOWN_TIMEOUT.
package runtime

import (
	"context"
	"io"
)

// Options are the process-level inputs of Run, injected for tests.
type Options struct {
	Getenv  func(string) string // os.Getenv in production
	Environ []string            // init hooks' environment (default os.Environ())
	Stdout  io.Writer           // receives exactly "Ready.\n" once listeners accept
	Stderr  io.Writer           // logs
	Version string              // reported by /_localstack/health and /info
}

// Run serves until ctx is cancelled (SIGTERM/SIGINT in cmd/emulator) or a
// kill request arrives, then shuts down within SHUTDOWN_TIMEOUT. SIGUSR1 or
// POST /_localstack/health {"action": "restart"} restart the server in the
// process: with PERSISTENCE=1 the state is saved and loaded back (per the
// snapshot strategies), else the new server starts empty.
// It returns an error when a listener cannot be opened.
func Run(ctx context.Context, opts Options) error {
	return run(ctx, opts)
}
