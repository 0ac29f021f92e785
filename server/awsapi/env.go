package awsapi

import (
	"log/slog"
	"time"
)

// Env is what the server hands every provider when it builds it: injected so
// that tests get reproducible clocks and ids, and two servers in one process
// share nothing.
type Env struct {
	// Now returns the current time (tests pass a fixed clock).
	Now func() time.Time
	// NewID returns a fresh random UUID (version 4) in its canonical text form.
	NewID func() string
	// Getenv reads configuration (SQS_ENDPOINT_STRATEGY, ...).
	Getenv func(string) string
	// Logger receives provider logs.
	Logger *slog.Logger
}
