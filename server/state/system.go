package state

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// System is one server's state machinery: export/import/reset, the
// on-disk snapshot and its save policy, and the endpoints. The runtime
// drives its timing (load at start, scheduled saves, save at stop).
type System struct {
	Config    Config
	Manager   *Manager
	Store     *Store
	Flusher   *Flusher
	Endpoints *Endpoints
	logger    *slog.Logger
}

// SystemOptions configure NewSystem.
type SystemOptions struct {
	Config    Config    // persistence configuration (LoadConfig)
	Providers Providers // the server's services
	Version   string
	Now       func() time.Time
	Logger    *slog.Logger
	TempDir   string // where uploaded archives are spooled ("" = os.TempDir())
}

// NewSystem wires a Manager, Store, Flusher and Endpoints together.
func NewSystem(o SystemOptions) *System {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	m := &Manager{Providers: o.Providers, Version: o.Version, Now: o.Now, Logger: o.Logger}
	st := &Store{Dir: o.Config.Dir, Manager: m, Logger: o.Logger}
	f := &Flusher{Store: st}
	f.OnSave = func(info SaveInfo) {
		o.Logger.Info("state saved", "path", st.Path(), "services", info.Manifest.Services, "bytes", info.Bytes,
			"started_unix_nano", info.Started.UnixNano(), "finished_unix_nano", info.Finished.UnixNano())
	}
	changed := func() {
		seq := f.Changed()
		// ON_REQUEST: an import or reset is on disk before it is answered,
		// like any other change.
		if o.Config.Enabled && o.Config.Save == SaveOnRequest {
			if err := f.flushUpTo(context.Background(), seq, false); err != nil {
				o.Logger.Error("state: saving snapshot", "err", err)
			}
		}
	}
	e := &Endpoints{Manager: m, Store: st, TempDir: o.TempDir, Changed: changed}
	return &System{Config: o.Config, Manager: m, Store: st, Flusher: f, Endpoints: e, logger: o.Logger}
}

// Handler wraps the server's handler: with PERSISTENCE=1 it counts
// changes, holds answers until saved (ON_REQUEST) and loads the snapshot
// before the first AWS request (load strategy ON_REQUEST).
func (s *System) Handler(next http.Handler) http.Handler {
	if !s.Config.Enabled {
		return next
	}
	var load func()
	if s.Config.Load == LoadOnRequest {
		load = func() { s.LoadSnapshot(context.Background()) }
	}
	return s.Flusher.Middleware(next, s.Config.Save == SaveOnRequest, load)
}

// LoadSnapshot loads the on-disk snapshot (replacing state), logging the outcome.
func (s *System) LoadSnapshot(ctx context.Context) error {
	s.Store.CleanTemp()
	results, err := s.Store.Load(ctx, nil, false)
	if err != nil {
		s.logger.Error("state: loading snapshot", "path", s.Store.Path(), "err", err)
		return err
	}
	for _, r := range results {
		if r.Status != "ok" {
			s.logger.Error("state: loading service", "service", r.Service, "err", r.Error)
		}
	}
	if len(results) > 0 {
		s.logger.Info("state loaded", "path", s.Store.Path(), "services", len(results))
	}
	return nil
}
