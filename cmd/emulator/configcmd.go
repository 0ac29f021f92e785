package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/setup-emulator/setup-emulator/internal/cli"
)

// configDoc is `config show --format json`.
type configDoc struct {
	Name      string            `json:"name"`
	Image     string            `json:"image"`
	Port      int               `json:"port"`
	VolumeDir string            `json:"volumeDir"`
	Native    bool              `json:"native"`
	Endpoint  string            `json:"endpoint"`
	Env       map[string]string `json:"env"`
}

func newConfigCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Inspect the resolved configuration"}
	var format string
	show := &cobra.Command{
		Use:   "show",
		Short: "Print the settings start would use (flags, environment, defaults)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return &cli.UsageError{Err: fmt.Errorf("invalid --format %q: want table or json", format)}
			}
			c, err := a.config()
			if err != nil {
				return err
			}
			doc := configDoc{Name: c.Name, Image: c.Image, Port: c.Port, VolumeDir: c.VolumeDir,
				Native: c.Native, Endpoint: c.Endpoint, Env: c.Env}
			if format == "json" || a.json {
				return cli.WriteJSON(a.stdout, doc)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "name\t%s\nimage\t%s\nport\t%d\nvolume\t%s\nnative\t%v\nendpoint\t%s\n",
				c.Name, c.Image, c.Port, c.VolumeDir, c.Native, c.Endpoint)
			for _, kv := range c.SortedEnv() {
				fmt.Fprintf(tw, "env\t%s\n", kv)
			}
			return tw.Flush()
		},
	}
	show.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	show.Flags().StringVar(&a.flags.Image, "image", "", "image to run (env IMAGE_NAME)")
	show.Flags().StringArrayVarP(&a.flags.Env, "env", "e", nil, "configuration KEY=VAL (repeatable)")
	cmd.AddCommand(show)
	return cmd
}
