//go:build !windows

package runtime

import (
	"os"
	"os/signal"
	"syscall"
)

// restartSignals delivers SIGUSR1, LocalStack's supervisor's restart signal.
func restartSignals() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	return ch, func() { signal.Stop(ch) }
}
