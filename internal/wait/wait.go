// Package wait decides when an emulator is ready: the "Ready." line in its
// output and a 200 from /_localstack/health, failing at once when the
// process exits (the LocalStack CLI only watches the logs and times out).
package wait

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/internal/endpoint"
	"github.com/setup-emulator/setup-emulator/internal/instance"
)

// ReadyMarker is the line LocalStack's runtime prints once it serves.
const ReadyMarker = "Ready."

// TailLines is how many log lines a failure carries.
const TailLines = 30

// ExitedError means the emulator stopped before it was ready.
type ExitedError struct {
	ExitCode int
	Tail     []string
}

func (e *ExitedError) Error() string {
	return fmt.Sprintf("emulator exited with code %d before it was ready", e.ExitCode)
}

// TimeoutError means the deadline passed first.
type TimeoutError struct {
	After  time.Duration
	Reason string // what was still missing
	Tail   []string
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("timeout after %s: %s", e.After, e.Reason)
}

// Options tune Wait; zero values take defaults.
type Options struct {
	Timeout time.Duration // default 30s, like LS_WAIT_TIMEOUT
	Poll    time.Duration // default 250ms
}

// Wait blocks until ready. inst may be nil for a remote endpoint, where only
// the health check applies.
func Wait(ctx context.Context, inst instance.Instance, health *endpoint.Client, o Options) error {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Poll <= 0 {
		o.Poll = 250 * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	reason := "health endpoint not answering"
	seen := false // the marker, once logged, stays logged: stop rereading
	for {
		done, why, err := check(ctx, inst, health, &seen)
		if done || err != nil {
			return err
		}
		// A round cut short by our own deadline says nothing about the
		// emulator: keep the last reason observed before it.
		if why != "" && ctx.Err() == nil {
			reason = why
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return &TimeoutError{After: o.Timeout, Reason: reason, Tail: tail(context.Background(), inst)}
			}
			return ctx.Err()
		case <-time.After(o.Poll):
		}
	}
}

// check runs one round: process alive, marker seen, health 200.
func check(ctx context.Context, inst instance.Instance, health *endpoint.Client, seen *bool) (done bool, why string, err error) {
	marker := true
	if inst != nil {
		st, err := inst.State(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return false, "", nil
			}
			return false, "", err
		}
		if !st.Exists {
			return false, "", instance.ErrNotFound
		}
		if !st.Running {
			return false, "", &ExitedError{ExitCode: st.ExitCode, Tail: tail(context.Background(), inst)}
		}
		if !*seen {
			var buf bytes.Buffer
			*seen = inst.Logs(ctx, &buf, false, -1) == nil && HasMarker(buf.String())
		}
		marker = *seen
	}
	if _, err := health.Health(ctx); err != nil {
		return false, "health endpoint: " + err.Error(), nil
	}
	if !marker {
		return false, `no "` + ReadyMarker + `" line in the logs yet`, nil
	}
	return true, "", nil
}

// HasMarker reports whether a line of logs is exactly the ready marker.
func HasMarker(logs string) bool {
	for _, l := range strings.Split(logs, "\n") {
		if strings.TrimSpace(l) == ReadyMarker {
			return true
		}
	}
	return false
}

// tail returns the last TailLines lines of the instance's logs.
func tail(ctx context.Context, inst instance.Instance) []string {
	if inst == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var buf bytes.Buffer
	_ = inst.Logs(ctx, &buf, false, TailLines)
	return LastLines(buf.String(), TailLines)
}

// LastLines returns up to n final non-empty-trailing lines of s.
func LastLines(s string, n int) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}
