// Command bench measures the emulator against moto and against the loopback
// limit with the same aws-sdk-go-v2 clients and workloads, and measures its
// footprint. See bench/README.md for the flags and recorded results.
//
//	go run ./cmd/bench                 # the full run (about 15 minutes)
//	go run ./cmd/bench --short --no-moto
//	go run ./cmd/bench --workload s3-put-1k --concurrency 16 --cpuprofile cpu.out
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/setup-emulator/setup-emulator/internal/bench"
)

func main() {
	if addr := os.Getenv(bench.LimitListenEnv); addr != "" {
		if err := bench.ServeLimit(addr, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "bench: limit server:", err)
			os.Exit(1)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// run parses args and runs the benchmark, writing the report to stdout and
// progress to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		short       = fs.Bool("short", false, "run everything briefly (a few seconds) to prove the command works; figures are not meaningful")
		duration    = fs.Duration("duration", time.Second, "each endpoint's share of one round")
		rounds      = fs.Int("rounds", 6, "rounds per workload; each round runs ours, moto and the limit once, in turn")
		warmup      = fs.Duration("warmup", 500*time.Millisecond, "untimed run per endpoint before the rounds")
		concurrency = fs.String("concurrency", "1,16", "comma-separated client concurrencies")
		workload    = fs.String("workload", "", "comma-separated workload names or patterns (default all): "+strings.Join(workloadNames(), ", "))
		only        = fs.String("only", "", "comma-separated sections to run (default all): workloads, grow, startup, upload")
		moto        = fs.String("moto", "moto_server", "moto_server command, started on a free loopback port")
		noMoto      = fs.Bool("no-moto", false, "do not start moto")
		against     = fs.String("against", "", "URL of a running server to compare with instead of starting moto (e.g. http://other-host:5000)")
		noLimit     = fs.Bool("no-limit", false, "skip the loopback limit")
		emulatorBin = fs.String("emulator-bin", "", "prebuilt emulator binary (default: go build ./cmd/emulator into a temp dir)")
		grow        = fs.Int("grow", 100000, "items preloaded for the flat-as-data-grows check (0: skip)")
		startups    = fs.Int("startup-runs", 20, "startups to take the median of")
		upload      = fs.String("upload-size", "1GiB", "size of the one-object upload whose peak memory is measured (0: skip)")
		cpuProfile  = fs.String("cpuprofile", "", "write a CPU profile of --workload (one workload) served in process, then exit")
		memProfile  = fs.String("memprofile", "", "write an allocation profile of --workload served in process, then exit")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *short {
		// Explicit flags still win over the short defaults.
		defaults := map[string]func(){
			"duration":     func() { *duration = 100 * time.Millisecond },
			"rounds":       func() { *rounds = 1 },
			"warmup":       func() { *warmup = 20 * time.Millisecond },
			"grow":         func() { *grow = 200 },
			"startup-runs": func() { *startups = 3 },
			"upload-size":  func() { *upload = "8MiB" },
		}
		for name, apply := range defaults {
			if !set[name] {
				apply()
			}
		}
	}
	concs, err := parseInts(*concurrency)
	if err != nil {
		return fmt.Errorf("--concurrency: %w", err)
	}
	uploadSize, err := parseSize(*upload)
	if err != nil {
		return fmt.Errorf("--upload-size: %w", err)
	}
	opts := bench.Options{
		Timing:      bench.Timing{Warmup: *warmup, Duration: *duration, Rounds: *rounds},
		Concurrency: concs,
		Workloads:   splitList(*workload),
		Only:        splitList(*only),
		EmulatorBin: *emulatorBin,
		Against:     *against,
		NoLimit:     *noLimit,
		GrowSize:    *grow,
		StartupRuns: *startups,
		UploadSize:  uploadSize,
		Out:         stdout,
		Log:         stderr,
	}
	if *duration <= 0 || *rounds < 1 || *startups < 1 && slices.Contains(opts.Only, bench.SectionStartup) {
		return errors.New("--duration, --rounds and --startup-runs must be positive")
	}
	for _, s := range opts.Only {
		if !slices.Contains([]string{bench.SectionWorkloads, bench.SectionGrow, bench.SectionStartup, bench.SectionUpload}, s) {
			return fmt.Errorf("--only: unknown section %q", s)
		}
	}

	if *cpuProfile != "" || *memProfile != "" {
		ws, err := bench.SelectWorkloads(opts.Workloads)
		if err != nil {
			return err
		}
		if len(ws) != 1 {
			return errors.New("--cpuprofile and --memprofile need --workload naming exactly one workload")
		}
		if *memProfile != "" {
			runtime.MemProfileRate = 64 << 10 // denser sampling than the default 512 KiB
		}
		return bench.Profile(ctx, ws[0], slices.Max(concs), opts.Timing, *cpuProfile, *memProfile, stdout)
	}

	if !*noMoto && *against == "" {
		if _, err := exec.LookPath(*moto); err != nil {
			return fmt.Errorf("%s not found (pip install 'moto[server]'), or pass --no-moto or --against URL", *moto)
		}
		opts.Moto = *moto
	}
	_, err = bench.Run(ctx, opts)
	return err
}

func workloadNames() []string {
	var out []string
	for _, w := range bench.Workloads() {
		out = append(out, w.Name)
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive integer", f)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, errors.New("no value")
	}
	return out, nil
}

// parseSize reads a byte count with an optional KiB, MiB or GiB suffix.
func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = rest, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size like 1GiB, 8MiB or 4096", s)
	}
	return n * mult, nil
}
