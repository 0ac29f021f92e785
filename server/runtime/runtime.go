// Package runtime runs the emulator as a process the way LocalStack's runtime
// does: configuration from the environment, listeners on GATEWAY_LISTEN, the
// "Ready." line and ready file, init hooks and graceful shutdown.
package runtime

import (
	"context"
	"io"
)

// Options are the process-level inputs of Run, injected for tests.
type Options struct {
	Getenv  func(string) string // os.Getenv in production
	Stdout  io.Writer           // receives exactly "Ready.\n" once listeners accept
	Stderr  io.Writer           // logs
	Version string              // reported by /_localstack/health and /info
}

// Run serves until ctx is cancelled (SIGTERM/SIGINT in cmd/emulator) or a
// kill request arrives, then shuts down within SHUTDOWN_TIMEOUT.
// It returns an error when a listener cannot be opened.
func Run(ctx context.Context, opts Options) error {
	return run(ctx, opts)
}
