package state

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"time"
)

// Providers gives the Manager the emulator's services.
type Providers interface {
	// Stateful lists the services whose provider implements Service,
	// sorted, without building any provider.
	Stateful() []string
	// Loaded returns the service if its provider has been built (a service
	// never used has no state) and implements Service.
	Loaded(name string) (Service, bool)
	// Load builds the provider if needed and returns it if it implements Service.
	Load(name string) (Service, bool)
}

// Manager exports, imports and resets the state of an emulator's services.
type Manager struct {
	Providers Providers
	Version   string           // emulator version written into manifests
	Now       func() time.Time // clock of manifests' creation time
	Logger    *slog.Logger
}

// Result is one line of the NDJSON answers of the state endpoints:
// {"event": "service", "service": "s3", "status": "ok"} (LocalStack Pro's
// stream events, as lstk reads them), with an error message when status is
// "error".
type Result struct {
	Event   string `json:"event"` // always "service"
	Service string `json:"service"`
	Status  string `json:"status"`
	Error   string `json:"error,omitempty"`
}

func okResult(service string) Result { return Result{Event: "service", Service: service, Status: "ok"} }

// Stateful lists the services that implement Service, sorted.
func (m *Manager) Stateful() []string { return m.Providers.Stateful() }

// ErrUnknownService is returned for a service name with no stateful provider.
var ErrUnknownService = errors.New("state: no stateful service")

// selected filters names by the services asked for (all when empty) and
// reports names asked for that are unknown.
func selected(names, want []string) ([]string, error) {
	if len(want) == 0 {
		return names, nil
	}
	var out []string
	for _, w := range want {
		if !slices.Contains(names, w) {
			return nil, fmt.Errorf("%w %q (services with state: %v)", ErrUnknownService, w, names)
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Export writes a snapshot of the services asked for (all when empty) to
// w. Services never used are listed with no documents.
func (m *Manager) Export(ctx context.Context, w io.Writer, services []string) (Manifest, error) {
	names, err := selected(m.Stateful(), services)
	if err != nil {
		return Manifest{}, err
	}
	zw := NewWriter(w, m.Version, m.Now())
	if err := m.save(ctx, zw, names); err != nil {
		return Manifest{}, err
	}
	man := zw.Manifest()
	return man, zw.Close()
}

func (m *Manager) save(ctx context.Context, zw *Writer, names []string) error {
	zw.ctx = ctx
	for _, n := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		sw := zw.Service(n)
		svc, ok := m.Providers.Loaded(n)
		if !ok {
			continue
		}
		if err := svc.SaveState(ctx, sw); err != nil {
			return fmt.Errorf("state: saving %s: %w", n, err)
		}
	}
	return nil
}

// Import loads a snapshot. Without merge every service the snapshot lists
// is replaced by the snapshot's state (services it does not list are left
// alone); with merge its resources are added (Service.LoadState). services
// restricts the import (all of the snapshot's when empty). Errors opening
// the snapshot wrap ErrIncompatible; a service that fails to load is
// reported in its Result and the others still load.
func (m *Manager) Import(ctx context.Context, r *Reader, merge bool, services []string) ([]Result, error) {
	names := r.Manifest().Services
	if len(services) > 0 {
		names = nil
		for _, s := range services {
			if r.Has(s) && !slices.Contains(names, s) {
				names = append(names, s)
			}
		}
		sort.Strings(names)
	}
	out := []Result{}
	for _, n := range names {
		res := okResult(n)
		sr := r.Service(n)
		if _, loaded := m.Providers.Loaded(n); !loaded && len(sr.Scopes()) == 0 {
			// Nothing to load into a service never used (or, from a newer
			// emulator, one this emulator lacks): leave it unbuilt.
			out = append(out, res)
			continue
		}
		svc, ok := m.Providers.Load(n)
		switch {
		case !ok:
			res.Status, res.Error = "error", "no provider with state for "+n
		default:
			if err := svc.LoadState(ctx, sr, merge); err != nil {
				res.Status, res.Error = "error", err.Error()
				m.log().Error("state: loading service", "service", n, "err", err)
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// Reset empties the services asked for (every loaded one when empty).
func (m *Manager) Reset(ctx context.Context, services []string) ([]Result, error) {
	names, err := selected(m.Stateful(), services)
	if err != nil {
		return nil, err
	}
	out := []Result{}
	for _, n := range names {
		res := okResult(n)
		if svc, ok := m.Providers.Loaded(n); ok {
			if err := svc.ResetState(ctx); err != nil {
				res.Status, res.Error = "error", err.Error()
			}
		}
		out = append(out, res)
	}
	return out, nil
}

func (m *Manager) log() *slog.Logger {
	if m.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return m.Logger
}
