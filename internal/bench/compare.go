package bench

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"
)

// Endpoint is one server the workloads run against.
type Endpoint struct {
	Name    string // "ours", "moto", "limit", …
	Clients *Clients
	Preload int // items each workload stores before it is timed
}

// Case is one workload at one concurrency on every endpoint.
type Case struct {
	Workload    string
	Concurrency int
	Skipped     string   // non-empty: why the case did not run
	Results     []Result // one per endpoint, in endpoint order
	// Ratios[i] is the median over rounds of ops/s of endpoint 0 divided by
	// ops/s of endpoint i (1 for i == 0).
	Ratios []float64
	// RSSGrowth is how much the emulator's resident memory grew over the
	// case (grow check only: mostly the preloaded data).
	RSSGrowth int64
}

// Result is one endpoint's share of a case.
type Result struct {
	Endpoint string
	Setup    string // non-empty: the setup failed or skipped, and why
	Sample   Sample
	P50, P99 time.Duration
}

// Timing says how long each timed run lasts.
type Timing struct {
	Warmup   time.Duration // untimed run before the rounds
	Duration time.Duration // each endpoint's share of one round
	Rounds   int           // rounds; each runs every endpoint once, in order
}

// RunCase sets the workload up on every endpoint, then alternates the
// endpoints round after round (A B C A B C …) so that drift on a shared
// machine falls on all of them alike. Endpoint 0 is ours: if its setup
// fails, the case is skipped.
func RunCase(ctx context.Context, w Workload, conc int, eps []Endpoint, t Timing, prefix string) Case {
	c := Case{Workload: w.Name, Concurrency: conc, Results: make([]Result, len(eps)), Ratios: make([]float64, len(eps))}
	ops := make([]Op, len(eps))
	var cleanups []func(context.Context) error
	defer func() {
		for _, f := range cleanups {
			_ = f(ctx) // best effort: the figures are taken
		}
	}()
	for i, ep := range eps {
		c.Results[i].Endpoint = ep.Name
		p := Prep{Prefix: fmt.Sprintf("%s-%s-c%d-%d", prefix, w.Name, conc, i), Preload: ep.Preload,
			Cleanup: func(f func(context.Context) error) { cleanups = append(cleanups, f) }}
		op, err := w.Setup(ctx, ep.Clients, p)
		if err != nil {
			var skip *SkipError
			if errors.As(err, &skip) {
				c.Results[i].Setup = "skipped: " + skip.Reason
			} else {
				c.Results[i].Setup = "setup failed: " + shortErr(err)
			}
			if i == 0 {
				c.Skipped = c.Results[i].Setup
				return c
			}
			continue
		}
		ops[i] = op
	}
	for _, op := range ops {
		if op != nil && t.Warmup > 0 {
			Drive(ctx, op, conc, t.Warmup)
		}
	}
	perRound := make([][]float64, len(eps))
	for range t.Rounds {
		rates := make([]float64, len(eps))
		for i, op := range ops {
			if op == nil {
				continue
			}
			runtime.GC() // the client's garbage from the last run is not this one's cost
			s := Drive(ctx, op, conc, t.Duration)
			rates[i] = s.OpsPerSec()
			c.Results[i].Sample.Add(s)
		}
		for i := range eps {
			if rates[i] > 0 {
				perRound[i] = append(perRound[i], rates[0]/rates[i])
			}
		}
	}
	for i := range c.Results {
		r := &c.Results[i]
		r.P50, r.P99 = r.Sample.Percentile(0.50), r.Sample.Percentile(0.99)
		r.Sample.Lat = nil
		c.Ratios[i] = median(perRound[i])
	}
	return c
}
