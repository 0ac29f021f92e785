//go:build windows

package runtime

import "os"

// restartSignals: Windows has no SIGUSR1; restart through the health endpoint.
func restartSignals() (<-chan os.Signal, func()) { return nil, func() {} }
