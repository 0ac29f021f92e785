package bench

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Targets from the issue: at concurrency 16, ours reaches this share of the
// loopback limit's throughput, with p99 at most this factor of the limit's.
const (
	targetShare = 0.90
	targetP99   = 1.5
)

// Write prints the report as Markdown.
func (r *Report) Write(w io.Writer, o Options) {
	fmt.Fprintf(w, "Machine: %s.\n", r.Machine)
	if r.Commit != "" {
		fmt.Fprintf(w, "Emulator built from commit %s.\n", r.Commit)
	}
	fmt.Fprintf(w, "Load average (1, 5, 15 min) %s at the start, %s at the end.\n", r.LoadStart, r.LoadEnd)
	t := o.Timing
	if len(r.Cases) > 0 || len(r.Grow) > 0 {
		fmt.Fprintf(w, "Each figure: %d round(s) of %s per endpoint (after a %s warm-up), endpoints alternating %s in every round; ratios are medians of the per-round ratios.\n",
			t.Rounds, t.Duration, t.Warmup, strings.Join(r.Endpoints, ", "))
	}
	if len(r.Cases) > 0 {
		r.writeCases(w)
	}
	if len(r.Grow) > 0 {
		r.writeGrow(w)
	}
	r.writeFootprint(w, o)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\n%s\n", n)
	}
}

func (r *Report) writeCases(w io.Writer) {
	fmt.Fprintf(w, "\n### Throughput and latency\n\n")
	head := []string{"workload", "conc"}
	for _, e := range r.Endpoints {
		head = append(head, e+" ops/s", "p50", "p99", "err")
	}
	for _, e := range r.Endpoints[1:] {
		head = append(head, "ours/"+e)
	}
	limit := slices.Index(r.Endpoints, "limit")
	if limit > 0 {
		head = append(head, "p99 ours/limit")
	}
	row(w, head...)
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---"
		if i > 0 {
			sep[i] = "--:"
		}
	}
	row(w, sep...)
	var misses []string
	for _, c := range r.Cases {
		cells := []string{c.Workload, fmt.Sprint(c.Concurrency)}
		if c.Skipped != "" {
			cells = append(cells, c.Skipped)
			for range len(head) - 3 {
				cells = append(cells, "")
			}
			row(w, cells...)
			continue
		}
		for _, res := range c.Results {
			if res.Setup != "" {
				cells = append(cells, res.Setup, "", "", "")
				continue
			}
			cells = append(cells, fmtRate(res.Sample.OpsPerSec()), fmtDur(res.P50), fmtDur(res.P99), fmt.Sprint(res.Sample.Errors))
		}
		for i := range r.Endpoints[1:] {
			if r.Endpoints[i+1] == "limit" {
				cells = append(cells, fmtPct(c.Ratios[i+1]))
			} else {
				cells = append(cells, fmtFactor(c.Ratios[i+1]))
			}
		}
		if limit > 0 {
			p99 := 0.0
			if l := c.Results[limit].P99; l > 0 {
				p99 = float64(c.Results[0].P99) / float64(l)
			}
			cells = append(cells, fmt.Sprintf("%.2fx", p99))
			if c.Concurrency == 16 && (c.Ratios[limit] < targetShare || p99 > targetP99) {
				misses = append(misses, fmt.Sprintf("%s (%.1f %% of the limit, p99 %.2fx)", c.Workload, 100*c.Ratios[limit], p99))
			}
		}
		row(w, cells...)
	}
	for _, c := range r.Cases {
		for _, res := range c.Results {
			if res.Sample.FirstErr != nil {
				fmt.Fprintf(w, "\n%s c=%d on %s, first error: %s\n", c.Workload, c.Concurrency, res.Endpoint, shortErr(res.Sample.FirstErr))
			}
		}
	}
	if limit > 0 {
		fmt.Fprintf(w, "\nTargets at concurrency 16: at least %.0f %% of the limit's ops/s and p99 within %.1fx of its p99. ", 100*targetShare, targetP99)
		if len(misses) == 0 {
			fmt.Fprintln(w, "All met.")
		} else {
			fmt.Fprintf(w, "Missed by: %s.\n", strings.Join(misses, "; "))
		}
	}
}

func (r *Report) writeGrow(w io.Writer) {
	fmt.Fprintf(w, "\n### Flat as data grows (%d stored items vs none, ours)\n\n", r.GrowSize)
	fmt.Fprintf(w, "Twice the rounds above, the two arms alternating on one emulator process. Memory growth is VmRSS after minus before the case: the preloaded data plus garbage not yet collected, and the Go heap may reach twice the live data before a collection, so later cases show more growth for the same data.\n\n")
	row(w, "workload", "conc", "empty ops/s", "p99", fmt.Sprintf("%d items ops/s", r.GrowSize), "p99", "grown/empty", "resident memory growth")
	row(w, "---", "--:", "--:", "--:", "--:", "--:", "--:", "--:")
	for _, c := range r.Grow {
		if c.Skipped != "" {
			row(w, c.Workload, fmt.Sprint(c.Concurrency), c.Skipped, "", "", "", "", "")
			continue
		}
		g, e := c.Results[0], c.Results[1]
		if g.Setup != "" || e.Setup != "" {
			row(w, c.Workload, fmt.Sprint(c.Concurrency), e.Setup, "", g.Setup, "", "", "")
			continue
		}
		growth := "-"
		if c.RSSGrowth != 0 {
			growth = fmt.Sprintf("%s (%d B/item)", fmtBytes(c.RSSGrowth), c.RSSGrowth/int64(max(1, r.GrowSize)))
		}
		row(w, c.Workload, fmt.Sprint(c.Concurrency), fmtRate(e.Sample.OpsPerSec()), fmtDur(e.P99), fmtRate(g.Sample.OpsPerSec()), fmtDur(g.P99), fmtPct(c.Ratios[1]), growth)
	}
}

func (r *Report) writeFootprint(w io.Writer, o Options) {
	if len(r.Startup) == 0 && r.IdleRSS["ours"] == 0 && r.Upload == nil && r.UploadErr == "" {
		return
	}
	fmt.Fprintf(w, "\n### Footprint\n\n")
	moto := r.IdleRSS["moto"] > 0
	if moto {
		row(w, "measure", "ours", "moto", "target")
		row(w, "---", "--:", "--:", "--:")
	} else {
		row(w, "measure", "ours", "target")
		row(w, "---", "--:", "--:")
	}
	line := func(name, ours, other, target string) {
		if moto {
			row(w, name, ours, other, target)
		} else {
			row(w, name, ours, target)
		}
	}
	if len(r.Startup) > 0 {
		s := slices.Clone(r.Startup)
		slices.Sort(s)
		med := s[len(s)/2]
		if len(s)%2 == 0 {
			med = (s[len(s)/2-1] + s[len(s)/2]) / 2
		}
		other := "-"
		if r.OtherStartup > 0 {
			other = fmtDur(r.OtherStartup) + " (once, to first answer)"
		}
		line(fmt.Sprintf("startup to `Ready.` (median of %d; min–max)", len(s)), fmt.Sprintf("%s (%s–%s)", fmtDur(med), fmtDur(s[0]), fmtDur(s[len(s)-1])), other, "< 20ms")
	}
	if r.IdleRSS["ours"] > 0 {
		line("resident memory, idle", fmtBytes(r.IdleRSS["ours"]), fmtBytes(r.IdleRSS["moto"]), "< 15 MB")
	}
	if r.AfterRSS["ours"] > 0 {
		line("resident memory after the workloads", fmtBytes(r.AfterRSS["ours"]), fmtBytes(r.AfterRSS["moto"]), "< 64 MB")
	}
	if r.BinarySize > 0 {
		line("binary size (-trimpath -ldflags '-s -w')", fmtBytes(r.BinarySize), "", "")
	}
	for _, img := range []string{"setup-emulator:dev", "setup-emulator:dev-full"} {
		if s, ok := r.Images[img]; ok {
			line("image "+img, s, "", "")
		}
	}
	switch {
	case r.Upload != nil:
		u := r.Upload
		mbps := float64(u.Size) / 1e6 / u.Elapsed.Seconds()
		line(fmt.Sprintf("peak resident memory, one %s PutObject", fmtBytes(u.Size)),
			fmt.Sprintf("%s (from %s before; %s in %s, %.0f MB/s)", fmtBytes(max(u.After.Peak, u.Sampled)), fmtBytes(u.Before.RSS), fmtBytes(u.Size), u.Elapsed.Round(10*time.Millisecond), mbps), "", "")
	case r.UploadErr != "":
		line(fmt.Sprintf("peak resident memory, one %s PutObject", fmtBytes(o.UploadSize)), "failed: "+r.UploadErr, "", "")
	}
}

func row(w io.Writer, cells ...string) {
	fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
}
