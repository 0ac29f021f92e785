package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/setup-emulator/setup-emulator/internal/cli"
	"github.com/setup-emulator/setup-emulator/internal/config"
	"github.com/setup-emulator/setup-emulator/internal/docker"
	"github.com/setup-emulator/setup-emulator/internal/endpoint"
	"github.com/setup-emulator/setup-emulator/internal/instance"
	"github.com/setup-emulator/setup-emulator/internal/native"
)

// app is the process context every command uses, injected for tests.
type app struct {
	getenv  func(string) string
	environ []string
	stdout  io.Writer
	stderr  io.Writer
	version string

	flags    config.Flags // shared flags, filled by cobra
	json     bool         // --json
	exitCode int          // set by commands that succeed with a non-zero code
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "emulator",
		Short: "A LocalStack-compatible AWS emulator: serve it, or manage one in Docker or as a host process",
		Long: `emulator serves every AWS service on one port (4566), like LocalStack.

With no command it runs the server in the foreground ("emulator serve").
start/wait/status/logs/stop manage one in a Docker container, or with --native
as a detached host process. They take the same --name, --native and --volume.

Exit codes: 0 ok, 1 error, 2 usage, 3 not running, 4 wait timeout,
5 emulator exited before ready, 6 Docker unavailable, 7 name taken by a
container emulator did not create.`,
		Args:          usageArgs(cobra.NoArgs),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE:          func(cmd *cobra.Command, _ []string) error { return a.serve(cmd.Context()) },
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cli.UsageError{Err: err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.flags.Name, "name", "", "container or instance name (env MAIN_CONTAINER_NAME, default "+config.DefaultName+")")
	pf.BoolVar(&a.flags.Native, "native", false, "run as a detached host process instead of a Docker container")
	pf.StringVar(&a.flags.VolumeDir, "volume", "", "state dir mounted at /var/lib/localstack (env LOCALSTACK_VOLUME_DIR, default <user cache>/setup-emulator/volume)")
	pf.IntVar(&a.flags.Port, "port", 0, "host port of the gateway (default 4566)")
	pf.StringVar(&a.flags.EndpointURL, "endpoint-url", "", "URL of the gateway (env AWS_ENDPOINT_URL, LOCALSTACK_HOST; default http://localhost:<port>)")
	pf.StringVar(&a.flags.ServicePorts, "service-ports", "", "external service ports start publishes on 127.0.0.1: FIRST-LAST or none (env EXTERNAL_SERVICE_PORTS_START/_END, default 4510-4559)")
	pf.BoolVar(&a.json, "json", false, "print machine-readable JSON on stdout")
	root.AddCommand(
		newServeCmd(a), newStartCmd(a), newWaitCmd(a), newStatusCmd(a), newStopCmd(a),
		newLogsCmd(a), newConfigCmd(a), newVersionCmd(a), newSuperviseCmd(a),
		newStateCmd(a),
	)
	return root
}

// usageArgs makes cobra's argument errors usage errors (exit code 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &cli.UsageError{Err: err}
		}
		return nil
	}
}

// config resolves the shared flags and the environment.
func (a *app) config() (config.Config, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		// No HOME (a bare container): status and wait must still work.
		cache = os.TempDir()
	}
	c, err := config.Resolve(a.flags, a.environ, cache)
	if err != nil {
		return c, &cli.UsageError{Err: err}
	}
	return c, nil
}

// instance returns the Docker or native emulator the flags name.
func (a *app) instance(ctx context.Context, c config.Config) (instance.Instance, error) {
	if c.Native {
		exe, err := os.Executable()
		if err != nil {
			return nil, err
		}
		local := endpoint.New("http://127.0.0.1:"+strconv.Itoa(c.Port), 5*time.Second)
		return &native.Process{Config: c, Exe: exe, Environ: a.environ, StopTimeout: 15 * time.Second,
			Shutdown: local.Kill}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	api, err := docker.Connect(ctx, a.getenv)
	if err != nil {
		return nil, err
	}
	return &docker.Container{
		API: api, Config: c, Version: a.version, Socket: hostSocket(a.getenv),
		TTY: cli.IsTerminal(a.progress(), a.getenv), StopTimeout: 15 * time.Second,
	}, nil
}

// hostSocket is the engine socket to mount into the container (DOCKER_SOCK,
// then /var/run/docker.sock), or "" when there is none on this host.
func hostSocket(getenv func(string) string) string {
	for _, p := range []string{getenv("DOCKER_SOCK"), "/var/run/docker.sock"} {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return p
		}
	}
	return ""
}

// progress is where human progress lines go: stderr in --json mode so
// stdout holds only the JSON document.
func (a *app) progress() io.Writer {
	if a.json {
		return a.stderr
	}
	return a.stdout
}

// result prints a --json success document, or the human text.
func (a *app) result(command string, data interface{}, human string) error {
	if a.json {
		return cli.WriteJSON(a.stdout, cli.Result{Command: command, Status: "ok", Data: data})
	}
	if human != "" {
		_, err := fmt.Fprintln(a.stdout, human)
		return err
	}
	return nil
}
