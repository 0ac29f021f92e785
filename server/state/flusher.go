package state

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// Flusher decides when the on-disk snapshot is written: it counts changing
// requests, skips saves when nothing changed, and lets concurrent callers
// share one save (group commit).
type Flusher struct {
	Store *Store
	// OnSave observes every completed save (the runtime logs it).
	OnSave func(SaveInfo)

	changes atomic.Uint64 // changing requests completed so far
	mu      sync.Mutex    // held for a whole save
	saved   uint64        // changes covered by the last completed save
}

// Changed records a completed changing request and returns its sequence.
func (f *Flusher) Changed() uint64 { return f.changes.Add(1) }

// Flush saves unless the last completed save already covers every change
// recorded so far (and force is false).
func (f *Flusher) Flush(ctx context.Context, force bool) error {
	return f.flushUpTo(ctx, f.changes.Load(), force)
}

// flushUpTo returns once a save that started after change seq completed.
func (f *Flusher) flushUpTo(ctx context.Context, seq uint64, force bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !force && f.saved >= seq {
		return nil // a save that began after seq completed meanwhile
	}
	// Every change counted up to now completed before the capture starts.
	target := f.changes.Load()
	info, err := f.Store.Save(ctx, nil)
	if err != nil {
		return err
	}
	f.saved = target
	if f.OnSave != nil {
		f.OnSave(info)
	}
	return nil
}

// changing reports whether a request may change AWS state: every request
// but reads (GET, HEAD, OPTIONS), JSON-protocol operations named as reads
// (X-Amz-Target "DynamoDB_20120810.GetItem", ...: Get*, List*, Describe*,
// BatchGet*, Query, Scan) and the emulator's own endpoints.
func changing(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		op := target[strings.LastIndexByte(target, '.')+1:]
		for _, p := range []string{"Get", "List", "Describe", "BatchGet"} {
			if strings.HasPrefix(op, p) {
				return false
			}
		}
		if op == "Query" || op == "Scan" {
			return false
		}
	}
	return !strings.HasPrefix(r.URL.Path, "/_localstack")
}

// Middleware counts changing requests. With sync (ON_REQUEST) it holds
// each changing request's answer until a save covering it completed, so
// every change a client saw acknowledged is on disk; a failed save answers
// 500 instead. load, when set, runs once before the first AWS request
// (SNAPSHOT_LOAD_STRATEGY=ON_REQUEST).
func (f *Flusher) Middleware(next http.Handler, syncSave bool, load func()) http.Handler {
	var once sync.Once
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if load != nil && !strings.HasPrefix(r.URL.Path, "/_localstack") {
			once.Do(load)
		}
		if !changing(r) {
			next.ServeHTTP(w, r)
			return
		}
		if !syncSave {
			next.ServeHTTP(w, r)
			f.Changed()
			return
		}
		rec := &heldResponse{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		seq := f.Changed()
		if err := f.flushUpTo(r.Context(), seq, false); err != nil {
			http.Error(w, "state: saving snapshot: "+err.Error(), http.StatusInternalServerError)
			return
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
	})
}

// heldResponse buffers an answer until its change is saved.
type heldResponse struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (h *heldResponse) Header() http.Header { return h.header }
func (h *heldResponse) WriteHeader(code int) {
	if !h.wroteHeader {
		h.status, h.wroteHeader = code, true
	}
}
func (h *heldResponse) Write(p []byte) (int, error) {
	h.WriteHeader(http.StatusOK)
	return h.body.Write(p)
}
