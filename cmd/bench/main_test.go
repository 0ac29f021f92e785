package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/internal/bench"
)

// TestMain lets the test binary be the loopback limit server too: the bench
// re-executes its own binary for it (bench.StartLimitProcess).
func TestMain(m *testing.M) {
	if addr := os.Getenv(bench.LimitListenEnv); addr != "" {
		if err := bench.ServeLimit(addr, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

// TestShortRun runs the whole command in --short mode, as CI does to prove it
// works: build, startup, every workload against the emulator (and moto when
// moto_server is installed) and the loopback limit, the grow check and the
// upload. It checks the report's shape, not the figures.
func TestShortRun(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command to build the emulator")
	}
	args := []string{"--short"}
	if _, err := exec.LookPath("moto_server"); err != nil {
		t.Log("moto_server not installed: running without moto")
		args = append(args, "--no-moto")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var out, log bytes.Buffer
	if err := run(ctx, args, &out, &log); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	report := out.String()
	for _, want := range []string{
		"### Throughput and latency", "| sts-identity | 1 |", "| s3-get-1m | 16 |", "ours/limit",
		"### Flat as data grows", "### Footprint", "startup to `Ready.`", "resident memory, idle",
		"peak resident memory, one 8.4 MB PutObject",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	// Workloads the emulator implements run without setup failures or
	// errors on the emulator and the limit (moto's own failures are its own).
	for _, line := range strings.Split(report, "\n") {
		if strings.Contains(line, "setup failed") || strings.Contains(line, "on ours, first error") || strings.Contains(line, "on limit, first error") {
			t.Errorf("report: %s", line)
		}
	}
	if t.Failed() {
		t.Log(log.String())
	}
}

func TestFlags(t *testing.T) {
	ctx := context.Background()
	for _, args := range [][]string{
		{"--concurrency", "0"},
		{"--upload-size", "big"},
		{"--only", "everything"},
		{"--workload", "nosuch"},
		{"--cpuprofile", "x.out"}, // needs exactly one workload
		{"stray"},
	} {
		var out, log bytes.Buffer
		if err := run(ctx, args, &out, &log); err == nil {
			t.Errorf("%q: want an error", args)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1GiB": 1 << 30, "8MiB": 8 << 20, "4KiB": 4096, "123": 123, "0": 0} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}
