package main

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/setup-emulator/setup-emulator/internal/cli"
	"github.com/setup-emulator/setup-emulator/internal/endpoint"
	"github.com/setup-emulator/setup-emulator/internal/instance"
	"github.com/setup-emulator/setup-emulator/internal/wait"
)

// waitResult is wait's --json data.
type waitResult struct {
	Endpoint string  `json:"endpoint"`
	Seconds  float64 `json:"seconds"` // time spent waiting
}

func newWaitCmd(a *app) *cobra.Command {
	var timeout float64
	cmd := &cobra.Command{
		Use:   "wait",
		Short: `Wait until the emulator is ready ("Ready." logged and /_localstack/health answers 200)`,
		Long: `Wait until the emulator is ready: its "Ready." line in the logs and a 200 from
/_localstack/health. Fails at once, with the exit code and the last 30 log
lines, when the container or process exits (exit code 5); fails with the same
log tail on timeout (exit code 4). Against a remote endpoint with no local
emulator, only the health check applies.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("timeout") {
				if v := a.getenv("LS_WAIT_TIMEOUT"); v != "" {
					t, err := strconv.ParseFloat(v, 64)
					if err != nil || t <= 0 {
						return &cli.UsageError{Err: fmt.Errorf("invalid LS_WAIT_TIMEOUT %q: want seconds", v)}
					}
					timeout = t
				}
			}
			if timeout <= 0 {
				return &cli.UsageError{Err: fmt.Errorf("invalid --timeout %v: want seconds > 0", timeout)}
			}
			c, err := a.config()
			if err != nil {
				return err
			}
			inst, err := a.instance(cmd.Context(), c)
			if err != nil && !(c.Remote && errors.Is(err, instance.ErrUnavailable)) {
				return err
			}
			if inst != nil && c.Remote {
				// A remote endpoint is watched through HTTP only unless this
				// host runs the emulator the flags name.
				if st, err := inst.State(cmd.Context()); err == nil && !st.Exists {
					inst = nil
				}
			}
			begin := time.Now()
			err = wait.Wait(cmd.Context(), inst, endpoint.New(c.Endpoint, 2*time.Second),
				wait.Options{Timeout: time.Duration(timeout * float64(time.Second))})
			if errors.Is(err, instance.ErrNotFound) {
				return &cli.NotRunningError{Err: fmt.Errorf("no emulator named %q (%s): run 'emulator start -d' first", c.Name, kindOf(c.Native))}
			}
			if err != nil {
				return err
			}
			took := time.Since(begin)
			return a.result("wait", waitResult{Endpoint: c.Endpoint, Seconds: took.Seconds()},
				fmt.Sprintf("Emulator is ready at %s (waited %.1fs)", c.Endpoint, took.Seconds()))
		},
	}
	cmd.Flags().Float64VarP(&timeout, "timeout", "t", 30, "seconds to wait (env LS_WAIT_TIMEOUT)")
	return cmd
}

func kindOf(native bool) string {
	if native {
		return "native"
	}
	return "docker"
}
