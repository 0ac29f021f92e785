package bench

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/setup-emulator/setup-emulator/server"
)

// Profile runs workload w against the emulator served in this process
// (server.New behind httptest) and writes a CPU profile to cpuFile and an
// allocation profile to memFile (either may be empty). The profiles include
// the client's share, which lives in the SDK's packages; the server's
// costs are under github.com/setup-emulator/setup-emulator/server.
//
// The emulator binary exposes no pprof endpoint, so in-process serving is
// how its hot spots are found.
func Profile(ctx context.Context, w Workload, conc int, t Timing, cpuFile, memFile string, out io.Writer) error {
	// A DataDir as `emulator serve` gives one, so large S3 bodies spool to
	// disk as they do in the binary.
	dir, err := os.MkdirTemp("", "emulator-bench-profile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	srv, err := server.New(server.Config{DataDir: dir})
	if err != nil {
		return err
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	op, err := w.Setup(ctx, NewClients(ts.URL), Prep{Prefix: "bench-profile"})
	if err != nil {
		return fmt.Errorf("%s: %w", w.Name, err)
	}
	Drive(ctx, op, conc, t.Warmup)
	runtime.GC()
	if cpuFile != "" {
		f, err := os.Create(cpuFile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	var s Sample
	for range max(1, t.Rounds) {
		s.Add(Drive(ctx, op, conc, t.Duration))
	}
	if cpuFile != "" {
		pprof.StopCPUProfile()
	}
	if memFile != "" {
		f, err := os.Create(memFile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "profiled %s at concurrency %d in process: %.0f ops/s, p50 %s, p99 %s, %d errors\n",
		w.Name, conc, s.OpsPerSec(), fmtDur(s.Percentile(0.5)), fmtDur(s.Percentile(0.99)), s.Errors)
	if s.FirstErr != nil {
		fmt.Fprintf(out, "first error: %s\n", shortErr(s.FirstErr))
	}
	for _, f := range []struct{ kind, name string }{{"CPU", cpuFile}, {"allocation", memFile}} {
		if f.name != "" {
			fmt.Fprintf(out, "%s profile: %s (go tool pprof -top -focus=setup-emulator/server %s)\n", f.kind, f.name, f.name)
		}
	}
	return nil
}
