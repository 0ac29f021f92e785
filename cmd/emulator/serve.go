package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/setup-emulator/setup-emulator/internal/native"
	"github.com/setup-emulator/setup-emulator/server/runtime"
)

func newServeCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the emulator server in the foreground (the image's command)",
		Long: `Serve every AWS service on GATEWAY_LISTEN (default 0.0.0.0:4566). Prints
"Ready." once listening; SIGTERM or SIGINT shut it down gracefully.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd.Context()) },
	}
}

func (a *app) serve(ctx context.Context) error {
	return runtime.Run(ctx, runtime.Options{
		Getenv: a.getenv, Stdout: a.stdout, Stderr: a.stderr, Version: a.version,
	})
}

// newSuperviseCmd is the hidden parent of a --native server: it runs
// `emulator serve`, forwards signals, and records the exit code.
func newSuperviseCmd(a *app) *cobra.Command {
	var exitFile string
	cmd := &cobra.Command{
		Use:    "supervise",
		Hidden: true,
		Args:   usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			exe, err := executable()
			if err != nil {
				return err
			}
			a.exitCode = native.Supervise(cmd.Context(), exe, exitFile)
			return nil
		},
	}
	cmd.Flags().StringVar(&exitFile, "exit-file", "", "file that receives the server's exit code")
	_ = cmd.MarkFlagRequired("exit-file")
	return cmd
}
