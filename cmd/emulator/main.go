// Command emulator runs the setup-emulator AWS emulator: `emulator serve`
// (the default) serves the gateway in this process; start, wait, status,
// logs and stop manage an emulator in a Docker container or, with
// --native, a detached host process. Exit codes are listed in
// internal/cli/exit.go and the README.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/setup-emulator/setup-emulator/internal/cli"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	code := run(ctx, os.Args[1:], &app{
		getenv: os.Getenv, environ: os.Environ(),
		stdout: os.Stdout, stderr: os.Stderr, version: version,
	})
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, args []string, a *app) int {
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return a.exitCode
	}
	code := cli.ExitCode(err)
	if a.json {
		_ = cli.WriteJSON(a.stdout, cli.ErrorResult(cmd.Name(), err))
		return code
	}
	fmt.Fprintln(a.stderr, "Error:", err)
	if tail := cli.LogTail(err); len(tail) > 0 {
		fmt.Fprintf(a.stderr, "--- last %d log lines ---\n", len(tail))
		for _, l := range tail {
			fmt.Fprintln(a.stderr, l)
		}
	}
	if code == cli.ExitUsage {
		fmt.Fprintf(a.stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return code
}
