package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/setup-emulator/setup-emulator/internal/cli"
	"github.com/setup-emulator/setup-emulator/internal/statecli"
)

// newStateCmd is `emulator state export|import|reset`: the running
// emulator's state over HTTP (internal/statecli).
func newStateCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "state",
		Short: "Export, import or reset the running emulator's state",
		Long: `Snapshots of the running emulator (the endpoint from --endpoint-url,
AWS_ENDPOINT_URL or LOCALSTACK_HOST; default http://localhost:4566).
The snapshot format is documented in server/state/FORMAT.md.`,
		Args: usageArgs(cobra.NoArgs),
	}
	cmd.AddCommand(newStateExportCmd(a), newStateImportCmd(a), newStateResetCmd(a))
	return cmd
}

func (a *app) stateClient() (*statecli.Client, error) {
	c, err := a.config()
	if err != nil {
		return nil, err
	}
	return statecli.New(c.Endpoint), nil
}

func splitServices(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func newStateExportCmd(a *app) *cobra.Command {
	var services string
	cmd := &cobra.Command{
		Use:   "export [FILE]",
		Short: "Write a snapshot of the state to FILE (default emulator-state.zip; - for stdout)",
		Args:  usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := a.stateClient()
			if err != nil {
				return err
			}
			file := "emulator-state.zip"
			if len(args) == 1 {
				file = args[0]
			}
			var n int64
			if file == "-" {
				n, err = client.Export(cmd.Context(), a.stdout, splitServices(services))
			} else {
				n, err = client.ExportFile(cmd.Context(), file, splitServices(services))
			}
			if err != nil {
				return err
			}
			if file == "-" {
				return nil
			}
			return a.result("state export", map[string]any{"file": file, "bytes": n},
				fmt.Sprintf("Exported %d bytes to %s", n, file))
		},
	}
	cmd.Flags().StringVar(&services, "services", "", "comma-separated services to export (default all)")
	return cmd
}

func newStateImportCmd(a *app) *cobra.Command {
	var merge bool
	var services string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Load a snapshot from FILE (- for stdin), replacing the state or, with --merge, adding to it",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := a.stateClient()
			if err != nil {
				return err
			}
			var r io.Reader = os.Stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return &cli.UsageError{Err: err}
				}
				defer f.Close()
				r = f
			}
			res, err := client.Import(cmd.Context(), r, merge, splitServices(services))
			if err != nil {
				return err
			}
			return a.stateResults("state import", res, "Imported")
		},
	}
	cmd.Flags().BoolVar(&merge, "merge", false, "add the snapshot's resources to the running state instead of replacing it")
	cmd.Flags().StringVar(&services, "services", "", "comma-separated services to import (default all in the snapshot)")
	return cmd
}

func newStateResetCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "reset [SERVICE...]",
		Short: "Remove every resource of the services named (default all)",
		RunE: func(cmd *cobra.Command, args []string) error {
			client, err := a.stateClient()
			if err != nil {
				return err
			}
			res, err := client.Reset(cmd.Context(), args)
			if err != nil {
				return err
			}
			return a.stateResults("state reset", res, "Reset")
		},
	}
}

func (a *app) stateResults(command string, res []statecli.Result, verb string) error {
	if err := statecli.Failed(res); err != nil {
		return err
	}
	var names []string
	for _, r := range res {
		names = append(names, r.Service)
	}
	human := verb + ": " + strings.Join(names, ", ")
	if len(names) == 0 {
		human = verb + ": no services"
	}
	return a.result(command, res, human)
}
