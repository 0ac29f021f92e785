package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/setup-emulator/setup-emulator/internal/cli"
	"github.com/setup-emulator/setup-emulator/internal/instance"
)

func newLogsCmd(a *app) *cobra.Command {
	var follow bool
	var tail int
	cmd := &cobra.Command{
		Use:   "logs",
		Short: "Print the emulator's logs (also after it crashed or was stopped)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.config()
			if err != nil {
				return err
			}
			inst, err := a.instance(cmd.Context(), c)
			if err != nil {
				return err
			}
			err = inst.Logs(cmd.Context(), a.stdout, follow, tail)
			if errors.Is(err, instance.ErrNotFound) {
				return &cli.NotRunningError{Err: fmt.Errorf("no logs for emulator %q (%s)", c.Name, kindOf(c.Native))}
			}
			return err
		},
	}
	cmd.Flags().BoolVarP(&follow, "follow", "f", false, "keep printing new lines until the emulator exits")
	cmd.Flags().IntVarP(&tail, "tail", "n", -1, "print only the last N lines (default all)")
	return cmd
}
