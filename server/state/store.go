package state

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// SnapshotFile is the on-disk snapshot in the state directory, in the same
// format as exports.
const SnapshotFile = "snapshot.zip"

// tmpSuffix marks files being written; they are never read and are removed
// at start.
const tmpSuffix = ".tmp"

// Store keeps the on-disk snapshot: Save writes a complete new snapshot
// next to the old one, syncs it and renames it over, so a crash or kill -9
// at any moment leaves either the old or the new snapshot, both complete.
type Store struct {
	Dir     string
	Manager *Manager
	Logger  *slog.Logger

	mu sync.Mutex // one save or load at a time
}

// Path is the snapshot file.
func (s *Store) Path() string { return filepath.Join(s.Dir, SnapshotFile) }

// CleanTemp removes snapshots a crash left half-written.
func (s *Store) CleanTemp() {
	entries, _ := os.ReadDir(s.Dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), tmpSuffix) {
			os.Remove(filepath.Join(s.Dir, e.Name()))
		}
	}
}

// SaveInfo describes a completed save.
type SaveInfo struct {
	Started  time.Time // when the state was captured; every change answered before it is in the snapshot
	Finished time.Time // when the new snapshot was durable (renamed and the directory synced)
	Manifest Manifest
	Bytes    int64
}

// Save writes the state of the services asked for (all when empty) to the
// snapshot; other services' state already in the snapshot is kept.
func (s *Store) Save(ctx context.Context, services []string) (SaveInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := SaveInfo{Started: s.Manager.Now()}
	names, err := selected(s.Manager.Stateful(), services)
	if err != nil {
		return info, err
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return info, fmt.Errorf("state: %w", err)
	}
	var old *Reader
	if len(services) > 0 {
		if f, err := os.Open(s.Path()); err == nil {
			defer f.Close()
			if st, err := f.Stat(); err == nil {
				old, _ = OpenReader(f, st.Size())
			}
		}
	}
	tmp, err := os.CreateTemp(s.Dir, SnapshotFile+".*"+tmpSuffix)
	if err != nil {
		return info, fmt.Errorf("state: %w", err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	zw := NewWriter(tmp, s.Manager.Version, s.Manager.Now())
	err = s.Manager.save(ctx, zw, names)
	if err == nil && old != nil {
		for _, svc := range old.Manifest().Services {
			if !slices.Contains(names, svc) {
				if err = zw.Copy(old, svc); err != nil {
					break
				}
			}
		}
	}
	if err == nil {
		info.Manifest = zw.Manifest()
		err = zw.Close()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if st, serr := tmp.Stat(); serr == nil {
		info.Bytes = st.Size()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.Path())
	}
	if err == nil {
		err = syncDir(s.Dir)
	}
	if err != nil {
		return info, fmt.Errorf("state: saving %s: %w", s.Path(), err)
	}
	info.Finished = s.Manager.Now()
	return info, nil
}

// Load reads the on-disk snapshot into the services asked for (all the
// snapshot holds when empty). No snapshot is not an error: it returns no
// results and fs.ErrNotExist is not reported.
func (s *Store) Load(ctx context.Context, services []string, merge bool) ([]Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.Open(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return []Result{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	r, err := OpenReader(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("state: %s: %w", s.Path(), err)
	}
	return s.Manager.Import(ctx, r, merge, services)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}
