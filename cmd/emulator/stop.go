package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/setup-emulator/setup-emulator/internal/cli"
	"github.com/setup-emulator/setup-emulator/internal/endpoint"
	"github.com/setup-emulator/setup-emulator/internal/instance"
)

func newStopCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "stop",
		Short: "Stop the emulator that start made (only containers it labelled)",
		Long: `Stop the emulator gracefully (SIGTERM, then kill after 15 s) and remove its
container, keeping its log in <volume>/logs/<name>.log for "emulator logs".
Containers that emulator did not create are never touched (exit code 7).
With a remote --endpoint-url and no local emulator, it asks the server to
shut down (POST /_localstack/health {"action":"kill"}).`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			inst, err := a.instance(cmd.Context(), c)
			if err == nil {
				err = inst.Stop(cmd.Context())
			}
			if c.Remote && (errors.Is(err, instance.ErrNotFound) || errors.Is(err, instance.ErrUnavailable)) {
				err = endpoint.New(c.Endpoint, 5*time.Second).Kill(cmd.Context())
				if err != nil {
					return &cli.NotRunningError{Err: err}
				}
				return a.result("stop", map[string]string{"endpoint": c.Endpoint}, "Asked the emulator at "+c.Endpoint+" to shut down")
			}
			if errors.Is(err, instance.ErrNotFound) {
				return &cli.NotRunningError{Err: fmt.Errorf("no emulator named %q (%s) to stop", c.Name, kindOf(c.Native))}
			}
			if err != nil {
				return err
			}
			return a.result("stop", map[string]string{"name": c.Name}, "Stopped emulator "+c.Name)
		},
	}
}
