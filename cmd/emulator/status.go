package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/setup-emulator/setup-emulator/internal/cli"
	"github.com/setup-emulator/setup-emulator/internal/config"
	"github.com/setup-emulator/setup-emulator/internal/endpoint"
)

func newStatusCmd(a *app) *cobra.Command {
	var format string
	var quiet, local bool
	cmd := &cobra.Command{
		Use:   "status [services]",
		Short: "Show the emulator's health document; exit 3 when it does not answer",
		Long: `Show GET /_localstack/health. "status services --format json" prints exactly
the services map, like "localstack status services --format=json". --quiet
prints nothing: the exit code says whether it answers (the image HEALTHCHECK
uses "status --quiet --local").`,
		Args: usageArgs(func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 || (len(args) == 1 && args[0] != "services") {
				return fmt.Errorf("unknown argument %q: want nothing or \"services\"", strings.Join(args, " "))
			}
			return nil
		}),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return &cli.UsageError{Err: fmt.Errorf("invalid --format %q: want table or json", format)}
			}
			if a.json {
				format = "json"
			}
			c, err := a.config()
			if err != nil {
				return err
			}
			url := c.Endpoint
			if local {
				url = config.ListenURL(a.getenv("GATEWAY_LISTEN"))
			}
			h, err := endpoint.New(url, 5*time.Second).Health(cmd.Context())
			if err != nil {
				return &cli.NotRunningError{Err: fmt.Errorf("emulator not running at %s: %v", url, err)}
			}
			if quiet {
				return nil
			}
			services := len(args) == 1
			switch {
			case format == "json" && services:
				return cli.WriteJSON(a.stdout, h.Services)
			case format == "json":
				var doc interface{}
				if err := json.Unmarshal(h.Raw, &doc); err != nil {
					return err
				}
				return cli.WriteJSON(a.stdout, doc)
			case services:
				return servicesTable(a.stdout, h.Services)
			}
			return summaryTable(a.stdout, url, h)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&format, "format", "f", "table", "output format: table or json")
	f.BoolVarP(&quiet, "quiet", "q", false, "print nothing; only the exit code")
	f.BoolVar(&local, "local", false, "check the server of this environment's GATEWAY_LISTEN (for HEALTHCHECK)")
	return cmd
}

func servicesTable(w io.Writer, services map[string]string) error {
	names := make([]string, 0, len(services))
	for n := range services {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE\tSTATE")
	for _, n := range names {
		fmt.Fprintf(tw, "%s\t%s\n", n, services[n])
	}
	return tw.Flush()
}

func summaryTable(w io.Writer, url string, h *endpoint.Health) error {
	counts := map[string]int{}
	for _, s := range h.Services {
		counts[s]++
	}
	states := make([]string, 0, len(counts))
	for s, n := range counts {
		states = append(states, fmt.Sprintf("%d %s", n, s))
	}
	sort.Strings(states)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "status\trunning\n")
	fmt.Fprintf(tw, "endpoint\t%s\n", url)
	fmt.Fprintf(tw, "version\t%s\n", h.Version)
	fmt.Fprintf(tw, "edition\t%s\n", h.Edition)
	fmt.Fprintf(tw, "services\t%s\n", strings.Join(states, ", "))
	return tw.Flush()
}
