package main

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/setup-emulator/setup-emulator/internal/instance"
)

// startResult is start's --json data.
type startResult struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"` // docker or native
	ID       string `json:"id"`   // container id or pid
	Image    string `json:"image,omitempty"`
	Endpoint string `json:"endpoint"`
	Started  bool   `json:"started"` // false when it was already running
}

func newStartCmd(a *app) *cobra.Command {
	var detach bool
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Start the emulator in a Docker container (or, with --native, a host process)",
		Long: `Start the emulator: container MAIN_CONTAINER_NAME (default localstack-main)
from IMAGE_NAME, ports 127.0.0.1:<port>->4566 and 4510-4559, the volume dir at
/var/lib/localstack, the Docker socket mounted, configuration as environment
(-e KEY=VAL, plus LOCALSTACK_*, PROVIDER_OVERRIDE_* and known settings such as
SERVICES from this environment). The image is pulled only when missing or
tagged latest. Starting a running emulator is a no-op.

With -d it returns once started (use "emulator wait"); without, it follows the
logs and stops the emulator on Ctrl-C.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			inst, err := a.instance(cmd.Context(), c)
			if err != nil {
				return err
			}
			started, err := inst.Start(cmd.Context(), a.progress())
			if err != nil {
				return err
			}
			st, err := inst.State(cmd.Context())
			if err != nil {
				return err
			}
			res := startResult{Name: c.Name, Kind: inst.Kind(), ID: st.ID, Endpoint: c.Endpoint, Started: started}
			if !c.Native {
				res.Image = c.Image
			}
			if detach {
				return a.result("start", res, "")
			}
			return a.attach(cmd.Context(), inst)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&detach, "detach", "d", false, "return once started instead of following the logs")
	f.StringVar(&a.flags.Image, "image", "", "image to run (env IMAGE_NAME, default setup-emulator:dev)")
	f.StringArrayVarP(&a.flags.Env, "env", "e", nil, "configuration KEY=VAL for the server (repeatable; KEY alone copies it from this environment)")
	return cmd
}

// attach follows the logs until the emulator exits or ctx ends (Ctrl-C),
// then stops it.
func (a *app) attach(ctx context.Context, inst instance.Instance) error {
	_ = inst.Logs(ctx, a.stdout, true, -1)
	if ctx.Err() == nil {
		st, err := inst.State(context.Background())
		if err == nil && st.Exists && !st.Running {
			a.exitCode = st.ExitCode
			if a.exitCode < 0 {
				a.exitCode = 1
			}
		}
	}
	stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := inst.Stop(stopCtx); err != nil && !errors.Is(err, instance.ErrNotFound) {
		return err
	}
	return nil
}

func executable() (string, error) { return os.Executable() }
