// Command finish is the Go half of the setup-emulator finish sub-action,
// run as its own step with `if: always()`. Two phases (input phase):
//
//   - report: writes the job summary (image, mode, version, time to ready,
//     services used, request counts per operation, errors), saves the
//     emulator log to a file and, when the job failed (input job-status) or
//     upload-logs is always, outputs it for upload as an artifact and prints
//     its tail. Outputs: log-path, log-artifact, upload-log.
//   - stop: stops the emulator startup started (`emulator stop`).
//
// The composite action saves state (optional) between the two phases.
// With no emulator started in this job (no SETUP_EMULATOR_MODE) it says so
// and succeeds.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	a := githubactions.New()
	err := run(ctx, a)
	stop()
	if err != nil {
		ghaction.Fail(a, "setup-emulator finish", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, a *githubactions.Action) error {
	if err := ghaction.Check(a); err != nil {
		return err
	}
	mode := a.Getenv(ghaction.EnvMode)
	phase := ghaction.Input(a, "phase")
	if phase != "report" && phase != "stop" {
		return fmt.Errorf("input phase %q: want report or stop", phase)
	}
	if mode == "" {
		if phase == "report" {
			a.Infof("setup-emulator: no emulator was started in this job; nothing to report or stop")
			a.SetOutput("upload-log", "false")
		}
		return nil
	}
	cli, err := emulatorCLI(a, mode)
	if err != nil {
		return err
	}
	if phase == "stop" {
		return stopEmulator(ctx, a, cli)
	}
	return report(ctx, a, cli)
}

// emulatorCLI addresses the emulator startup started.
func emulatorCLI(a *githubactions.Action, mode string) (*ghaction.CLI, error) {
	bin, err := ghaction.FindCLI(a)
	if err != nil {
		return nil, err
	}
	cli := &ghaction.CLI{Path: bin, Stderr: os.Stderr,
		Args: []string{"--name", a.Getenv(ghaction.EnvName), "--volume", a.Getenv(ghaction.EnvVolume)},
		Env:  []string{"AWS_ENDPOINT_URL=" + ghaction.Endpoint(a)},
	}
	if mode == "native" {
		cli.Args = append(cli.Args, "--native")
	}
	return cli, nil
}

// stopEmulator stops it; a failure is a warning, never a failed job: the
// tests' result is what matters and the runner is torn down anyway.
func stopEmulator(ctx context.Context, a *githubactions.Action, cli *ghaction.CLI) error {
	if err := cli.JSON(ctx, nil, "stop"); err != nil {
		a.Warningf("setup-emulator: stopping the emulator: %v", err)
		return nil
	}
	a.Infof("Stopped emulator %s", a.Getenv(ghaction.EnvName))
	return nil
}
