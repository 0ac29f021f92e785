// Package bench measures the emulator side by side with moto and with the
// loopback limit (a no-work server in this process), using the same
// aws-sdk-go-v2 clients and workloads for all of them, and measures its
// footprint: startup, memory, binary and image sizes, and the peak memory
// of a large upload. cmd/bench is its command line.
package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Sections of a run, for Options.Only.
const (
	SectionWorkloads = "workloads" // ours vs other vs limit, per workload and concurrency
	SectionGrow      = "grow"      // throughput over Options.GrowSize stored items vs empty
	SectionStartup   = "startup"   // startup, idle memory, binary and image sizes
	SectionUpload    = "upload"    // peak memory of one Options.UploadSize PutObject
)

// Options configure Run. Zero values mean "off" except where noted.
type Options struct {
	Timing      Timing
	Concurrency []int    // e.g. 1 and 16
	Workloads   []string // names or path.Match patterns; empty: all
	Only        []string // sections to run; empty: all

	EmulatorBin string   // prebuilt emulator; empty: go build ./cmd/emulator
	Moto        string   // moto_server command to start; empty: none
	Against     string   // URL of an already running server to compare with instead
	NoLimit     bool     // skip the loopback limit
	ExtraEnv    []string // KEY=VALUE added to the emulator's environment

	GrowSize    int   // items preloaded for the grow check
	StartupRuns int   // startups to take the median of
	UploadSize  int64 // bytes of the large upload

	Out io.Writer // the report (Markdown)
	Log io.Writer // progress
}

// Report is everything one run measured.
type Report struct {
	Machine      string
	Commit       string // git describe of the emulator's source, when built here
	LoadStart    string
	LoadEnd      string
	Endpoints    []string
	Cases        []Case
	Grow         []Case
	GrowSize     int
	IdleRSS      map[string]int64 // by endpoint name
	AfterRSS     map[string]int64
	Startup      []time.Duration
	BinarySize   int64
	Images       map[string]string // image -> size or "not built"
	Upload       *Upload
	UploadErr    string
	OtherStartup time.Duration
	Notes        []string
}

func (o *Options) wants(section string) bool {
	return len(o.Only) == 0 || slices.Contains(o.Only, section)
}

// SelectWorkloads returns the workloads matching patterns (all when none),
// or an error naming a pattern that matches nothing.
func SelectWorkloads(patterns []string) ([]Workload, error) {
	all := Workloads()
	if len(patterns) == 0 {
		return all, nil
	}
	var out []Workload
	for _, p := range patterns {
		n := 0
		for _, w := range all {
			if ok, _ := path.Match(p, w.Name); !ok {
				continue
			}
			n++
			if !slices.ContainsFunc(out, func(x Workload) bool { return x.Name == w.Name }) {
				out = append(out, w)
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("workload %q matches none of: %s", p, strings.Join(names(all), ", "))
		}
	}
	return out, nil
}

func names(ws []Workload) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Name)
	}
	return out
}

// Run performs a whole benchmark and writes its report to o.Out.
func Run(ctx context.Context, o Options) (*Report, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	ws, err := SelectWorkloads(o.Workloads)
	if err != nil {
		return nil, err
	}
	rep := &Report{Machine: Machine(), LoadStart: loadavg(), IdleRSS: map[string]int64{}, AfterRSS: map[string]int64{}, Images: map[string]string{}, GrowSize: o.GrowSize}
	tmp, err := os.MkdirTemp("", "emulator-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	bin := o.EmulatorBin
	if bin == "" {
		root, err := ModuleRoot(ctx)
		if err != nil {
			return nil, err
		}
		logf(o.Log, "building ./cmd/emulator")
		if bin, err = BuildEmulator(ctx, root, tmp); err != nil {
			return nil, err
		}
		if out, err := exec.CommandContext(ctx, "git", "-C", root, "describe", "--always", "--dirty").Output(); err == nil {
			rep.Commit = strings.TrimSpace(string(out))
		}
	}
	if st, err := os.Stat(bin); err == nil {
		rep.BinarySize = st.Size()
	}

	if o.wants(SectionWorkloads) || o.wants(SectionGrow) {
		if err := runWorkloads(ctx, o, ws, bin, tmp, rep); err != nil {
			return rep, err
		}
	}
	if o.wants(SectionStartup) {
		logf(o.Log, "startup x%d", o.StartupRuns)
		rep.Startup, err = Startup(ctx, bin, tmp, o.StartupRuns)
		if err != nil {
			return rep, err
		}
		for _, img := range []string{"setup-emulator:dev", "setup-emulator:dev-full"} {
			if n, err := ImageSize(ctx, img); err != nil {
				rep.Images[img] = err.Error()
			} else {
				rep.Images[img] = fmtBytes(n)
			}
		}
	}
	if o.wants(SectionUpload) && o.UploadSize > 0 {
		logf(o.Log, "upload of %s", fmtBytes(o.UploadSize))
		u, err := UploadPeak(ctx, bin, tmp, o.UploadSize)
		if err != nil {
			rep.UploadErr = shortErr(err)
		} else {
			rep.Upload = &u
		}
	}
	rep.LoadEnd = loadavg()
	if o.Out != nil {
		rep.Write(o.Out, o)
	}
	return rep, nil
}

func runWorkloads(ctx context.Context, o Options, ws []Workload, bin, tmp string, rep *Report) error {
	ours, err := StartEmulator(ctx, bin, tmp, o.ExtraEnv...)
	if err != nil {
		return err
	}
	defer ours.Stop()
	time.Sleep(min(time.Second, o.Timing.Duration)) // let startup garbage settle
	if m, err := ReadMemory(ours.PID()); err == nil {
		rep.IdleRSS["ours"] = m.RSS
	}
	eps := []Endpoint{{Name: "ours", Clients: NewClients(ours.URL)}}
	var other *Proc
	switch {
	case o.Against != "":
		eps = append(eps, Endpoint{Name: "other", Clients: NewClients(strings.TrimRight(o.Against, "/"))})
	case o.Moto != "":
		logf(o.Log, "starting %s", o.Moto)
		other, err = StartMoto(ctx, o.Moto)
		if err != nil {
			return err
		}
		defer other.Stop()
		rep.OtherStartup = other.Startup
		time.Sleep(min(time.Second, o.Timing.Duration))
		if m, err := ReadMemory(other.PID()); err == nil {
			rep.IdleRSS["moto"] = m.RSS
		}
		eps = append(eps, Endpoint{Name: "moto", Clients: NewClients(other.URL)})
	}
	if !o.NoLimit {
		lim, err := StartLimitProcess(ctx)
		if err != nil {
			return err
		}
		defer lim.Stop()
		eps = append(eps, Endpoint{Name: "limit", Clients: NewClients(lim.URL)})
	}
	for _, ep := range eps {
		rep.Endpoints = append(rep.Endpoints, ep.Name)
	}
	prefix := "bench-" + nonce()
	if o.wants(SectionWorkloads) {
		for _, w := range ws {
			for _, conc := range o.Concurrency {
				logf(o.Log, "%s c=%d", w.Name, conc)
				c := RunCase(ctx, w, conc, eps, o.Timing, prefix)
				logCase(o.Log, c)
				rep.Cases = append(rep.Cases, c)
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		if m, err := ReadMemory(ours.PID()); err == nil {
			rep.AfterRSS["ours"] = m.RSS
		}
		if other != nil {
			if m, err := ReadMemory(other.PID()); err == nil {
				rep.AfterRSS["moto"] = m.RSS
			}
		}
	}
	if o.wants(SectionGrow) && o.GrowSize > 0 {
		conc := slices.Max(o.Concurrency)
		arms := []Endpoint{{Name: "grown", Clients: eps[0].Clients, Preload: o.GrowSize}, {Name: "empty", Clients: eps[0].Clients}}
		for _, w := range ws {
			if !w.Grow {
				continue
			}
			logf(o.Log, "grow %s: preloading %d", w.Name, o.GrowSize)
			start := time.Now()
			before, _ := ReadMemory(ours.PID())
			// Twice the rounds: the two arms differ less than the noise
			// of a shared machine does from one round to the next.
			t := o.Timing
			t.Rounds *= 2
			c := RunCase(ctx, w, conc, arms, t, prefix+"-g")
			if after, err := ReadMemory(ours.PID()); err == nil && before.RSS > 0 {
				c.RSSGrowth = after.RSS - before.RSS
			}
			logf(o.Log, "  took %s, resident memory grew by %s", time.Since(start).Round(time.Second), fmtBytes(c.RSSGrowth))
			logCase(o.Log, c)
			rep.Grow = append(rep.Grow, c)
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if m, err := ReadMemory(ours.PID()); err == nil {
			rep.Notes = append(rep.Notes, fmt.Sprintf("ours holds %s resident after the grow check.", fmtBytes(m.RSS)))
		}
	}
	return nil
}

func nonce() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func logf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, "bench: "+format+"\n", args...)
}

func logCase(w io.Writer, c Case) {
	if c.Skipped != "" {
		logf(w, "  %s", c.Skipped)
		return
	}
	for _, r := range c.Results {
		if r.Setup != "" {
			logf(w, "  %-6s %s", r.Endpoint, r.Setup)
			continue
		}
		line := fmt.Sprintf("  %-6s %8s ops/s  p50 %-8s p99 %-8s errors %d", r.Endpoint, fmtRate(r.Sample.OpsPerSec()), fmtDur(r.P50), fmtDur(r.P99), r.Sample.Errors)
		if r.Sample.FirstErr != nil {
			line += " (" + shortErr(r.Sample.FirstErr) + ")"
		}
		logf(w, "%s", line)
	}
}

// Machine describes this computer in words: CPU model, cores, memory, OS.
func Machine() string {
	model, mem := "", ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.0f GB RAM", float64(kb)/(1<<20))
		}
	}
	if model == "" {
		model = "unknown CPU"
	}
	return fmt.Sprintf("%s, %d cores visible to Go%s, %s/%s, %s", model, runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "n/a"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "n/a"
	}
	return strings.Join(f[:3], " ")
}
