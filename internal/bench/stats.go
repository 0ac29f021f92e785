package bench

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Op is one benchmarked operation (or round trip). worker is the caller's
// index in [0, concurrency) and seq counts that worker's calls from 0, so an
// op can pick keys without sharing state.
type Op func(ctx context.Context, worker, seq int) error

// Sample is what one timed run of an Op measured.
type Sample struct {
	Ops      int             // successful calls
	Errors   int             // failed calls
	Elapsed  time.Duration   // wall time of the run
	Lat      []time.Duration // latency of every call, failed ones included
	FirstErr error           // the first failure, to print
}

// OpsPerSec is successful calls per second of wall time.
func (s Sample) OpsPerSec() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Ops) / s.Elapsed.Seconds()
}

// Add merges t into s (rounds of one target add up).
func (s *Sample) Add(t Sample) {
	s.Ops += t.Ops
	s.Errors += t.Errors
	s.Elapsed += t.Elapsed
	s.Lat = append(s.Lat, t.Lat...)
	if s.FirstErr == nil {
		s.FirstErr = t.FirstErr
	}
}

// Percentile returns the q-quantile (0 < q <= 1) of the latencies, nearest
// rank; 0 when there are none. It sorts s.Lat in place.
func (s *Sample) Percentile(q float64) time.Duration {
	if len(s.Lat) == 0 {
		return 0
	}
	slices.Sort(s.Lat)
	i := int(q*float64(len(s.Lat))+0.5) - 1
	return s.Lat[max(0, min(i, len(s.Lat)-1))]
}

// Drive calls op from concurrency goroutines until d has passed (each
// worker finishes its call in flight) or ctx ends.
func Drive(ctx context.Context, op Op, concurrency int, d time.Duration) Sample {
	deadline := time.Now().Add(d)
	per := make([]Sample, concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &per[w]
			s.Lat = make([]time.Duration, 0, 1024)
			for seq := 0; ctx.Err() == nil; seq++ {
				t0 := time.Now()
				if t0.After(deadline) {
					return
				}
				err := op(ctx, w, seq)
				s.Lat = append(s.Lat, time.Since(t0))
				if err != nil {
					s.Errors++
					if s.FirstErr == nil {
						s.FirstErr = err
					}
					continue
				}
				s.Ops++
			}
		}()
	}
	wg.Wait()
	out := Sample{Elapsed: time.Since(start)}
	for _, s := range per {
		s.Elapsed = 0
		out.Add(s)
	}
	return out
}

// median returns the median of xs (0 for none); it sorts xs.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
