package bench

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The loopback limit answers every workload's setup and op in a way the SDK
// accepts (checksums, shapes), or its figures would be error rates.
func TestLimitAnswersEveryWorkload(t *testing.T) {
	lim, err := StartLimit()
	if err != nil {
		t.Fatal(err)
	}
	defer lim.Close()
	c := NewClients(lim.URL)
	ctx := context.Background()
	for _, w := range Workloads() {
		op, err := w.Setup(ctx, c, Prep{Prefix: "bench-test-" + w.Name})
		if err != nil {
			t.Errorf("%s setup: %v", w.Name, err)
			continue
		}
		for seq := range 3 {
			if err := op(ctx, 0, seq); err != nil {
				t.Errorf("%s: %v", w.Name, err)
			}
		}
	}
}

func TestDriveAndPercentiles(t *testing.T) {
	fail := errors.New("boom")
	op := func(_ context.Context, w, seq int) error {
		if seq%2 == 1 {
			return fail
		}
		return nil
	}
	s := Drive(context.Background(), op, 4, 50*time.Millisecond)
	if s.Ops == 0 || s.Errors == 0 || s.FirstErr != fail || len(s.Lat) != s.Ops+s.Errors {
		t.Fatalf("Drive: ops %d errors %d first %v latencies %d", s.Ops, s.Errors, s.FirstErr, len(s.Lat))
	}
	if p50, p99 := s.Percentile(0.5), s.Percentile(0.99); p50 <= 0 || p99 < p50 {
		t.Errorf("p50 %s p99 %s", p50, p99)
	}
	lat := Sample{Lat: []time.Duration{4, 1, 3, 2}}
	if p50, p99 := lat.Percentile(0.5), lat.Percentile(0.99); p50 != 2 || p99 != 4 {
		t.Errorf("nearest rank: p50 %d p99 %d, want 2 and 4", p50, p99)
	}
	if got := median([]float64{3, 1, 2, 10}); got != 2.5 {
		t.Errorf("median = %v", got)
	}
}

func TestSelectWorkloads(t *testing.T) {
	ws, err := SelectWorkloads([]string{"s3-*", "sts-identity", "s3-put-1k"})
	if err != nil || len(ws) != 5 {
		t.Fatalf("got %v, %v", names(ws), err)
	}
	if _, err := SelectWorkloads([]string{"nope"}); err == nil {
		t.Error("want an error for an unknown workload")
	}
}

func TestGenReaderSeeks(t *testing.T) {
	g := &genReader{size: 1000}
	a := make([]byte, 1000)
	n, _ := g.Read(a)
	if _, err := g.Seek(0, 0); err != nil || n != 1000 {
		t.Fatal(n, err)
	}
	b := make([]byte, 1000)
	g.Read(b)
	if string(a) != string(b) || a[251] != 0 || a[252] != 1 {
		t.Error("genReader is not deterministic")
	}
}
