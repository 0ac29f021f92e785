package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
)

// Endpoints serves LocalStack's state paths (localstack-runtime.md §1, Pro
// only there) and moto's reset:
//
//	GET  /_localstack/pods/state[?services=s3,sqs]   the snapshot zip, streamed
//	DELETE /_localstack/pods/state                   reset every service (LocalStack's alias)
//	POST /_localstack/pods[?merge=true][&services=]  import the zip in the body; NDJSON results
//	                                                 (merge also takes account-region-merge, service-merge, overwrite)
//	POST /_localstack/state/reset                    reset every service; NDJSON
//	POST /_localstack/state/<service>/reset          reset one service; NDJSON
//	POST /_localstack/state[/<service>]/save         write the on-disk snapshot; NDJSON
//	POST /_localstack/state[/<service>]/load         read the on-disk snapshot; NDJSON
//	POST /moto-api/reset                             reset every service; {"status": "ok"}
//
// NDJSON lines are {"event": "service", "service": "s3", "status": "ok"}; a failed service has
// "status": "error" and "error". An archive that is not a snapshot of a
// version this emulator reads answers 422; an unknown service 400.
type Endpoints struct {
	Manager *Manager
	Store   *Store // on-disk snapshot for save and load
	// TempDir receives uploaded archives while they are imported ("" = os.TempDir()).
	TempDir string
	// Changed is called after every change made through the endpoints
	// (imports, resets, loads), so persistence saves them.
	Changed func()
	// MaxImportBytes bounds an uploaded archive (0: no limit).
	MaxImportBytes int64
}

// Route is one path and its handler, for gateway.Handle.
type Route struct {
	Path    string
	Handler http.Handler
}

// Routes lists the endpoints' paths (gorilla/mux patterns).
func (e *Endpoints) Routes() []Route {
	return []Route{
		{"/_localstack/pods/state", e.methods(map[string]func(http.ResponseWriter, *http.Request){
			http.MethodGet: e.export, http.MethodDelete: e.reset})},
		{"/_localstack/pods", e.only(http.MethodPost, e.importPod)},
		{"/_localstack/state/reset", e.only(http.MethodPost, e.reset)},
		{"/_localstack/state/save", e.only(http.MethodPost, e.save)},
		{"/_localstack/state/load", e.only(http.MethodPost, e.load)},
		{"/_localstack/state/{service}/reset", e.only(http.MethodPost, e.reset)},
		{"/_localstack/state/{service}/save", e.only(http.MethodPost, e.save)},
		{"/_localstack/state/{service}/load", e.only(http.MethodPost, e.load)},
		{"/moto-api/reset", e.only(http.MethodPost, e.motoReset)},
	}
}

func (e *Endpoints) only(method string, h func(http.ResponseWriter, *http.Request)) http.Handler {
	return e.methods(map[string]func(http.ResponseWriter, *http.Request){method: h})
}

func (e *Endpoints) methods(hs map[string]func(http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, ok := hs[r.Method]
		if !ok {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		h(w, r)
	})
}

// mergeParam reads ?merge=: true, 1 and LocalStack's merge strategies
// account-region-merge and service-merge merge; false, overwrite or
// nothing replace.
func mergeParam(r *http.Request) bool {
	switch strings.ToLower(r.URL.Query().Get("merge")) {
	case "1", "true", "account-region-merge", "service-merge":
		return true
	}
	return false
}

// serviceParam is the {service} path segment, else the services query
// parameter (comma-separated), else nil for all.
func serviceParam(r *http.Request) []string {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) == 4 && parts[1] == "state" {
		return []string{parts[2]}
	}
	var out []string
	for _, s := range strings.Split(r.URL.Query().Get("services"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (e *Endpoints) export(w http.ResponseWriter, r *http.Request) {
	services := serviceParam(r)
	names, err := selected(e.Manager.Stateful(), services)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	// LocalStack Pro names the exported services in this header.
	w.Header().Set("x-localstack-pod-services", strings.Join(names, ","))
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="emulator-state.zip"`)
	// Headers are sent with the first bytes; a failure after that can only
	// cut the stream, which leaves an archive with no central directory
	// that every reader rejects.
	if _, err := e.Manager.Export(r.Context(), w, services); err != nil {
		e.Manager.log().Error("state: export failed", "err", err)
		panic(http.ErrAbortHandler)
	}
}

func (e *Endpoints) importPod(w http.ResponseWriter, r *http.Request) {
	tmp, err := os.CreateTemp(e.TempDir, "import-*.zip"+tmpSuffix)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	body := io.Reader(r.Body)
	if e.MaxImportBytes > 0 {
		body = http.MaxBytesReader(w, r.Body, e.MaxImportBytes)
	}
	n, err := io.Copy(tmp, body)
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("reading the archive: %w", err))
		return
	}
	rd, err := OpenReader(tmp, n)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err)
		return
	}
	merge := mergeParam(r)
	results, err := e.Manager.Import(r.Context(), rd, merge, serviceParam(r))
	e.changed()
	e.writeResults(w, results, err)
}

func (e *Endpoints) reset(w http.ResponseWriter, r *http.Request) {
	results, err := e.Manager.Reset(r.Context(), serviceParam(r))
	e.changed()
	e.writeResults(w, results, err)
}

func (e *Endpoints) motoReset(w http.ResponseWriter, r *http.Request) {
	if _, err := e.Manager.Reset(r.Context(), nil); err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	e.changed()
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"status": "ok"}`)
}

func (e *Endpoints) save(w http.ResponseWriter, r *http.Request) {
	services := serviceParam(r)
	info, err := e.Store.Save(r.Context(), services)
	if err != nil {
		e.writeResults(w, nil, err)
		return
	}
	results := []Result{}
	for _, s := range info.Manifest.Services {
		if len(services) == 0 || slices.Contains(services, s) {
			results = append(results, okResult(s))
		}
	}
	e.writeResults(w, results, nil)
}

func (e *Endpoints) load(w http.ResponseWriter, r *http.Request) {
	results, err := e.Store.Load(r.Context(), serviceParam(r), mergeParam(r))
	e.changed()
	e.writeResults(w, results, err)
}

func (e *Endpoints) changed() {
	if e.Changed != nil {
		e.Changed()
	}
}

func (e *Endpoints) writeResults(w http.ResponseWriter, results []Result, err error) {
	if err != nil {
		status := http.StatusBadRequest
		switch {
		case errors.Is(err, ErrIncompatible):
			status = http.StatusUnprocessableEntity
		case errors.Is(err, context.Canceled):
			status = http.StatusServiceUnavailable
		case !errors.Is(err, ErrUnknownService):
			status = http.StatusInternalServerError
		}
		writeError(w, status, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	for _, res := range results {
		b, _ := json.Marshal(res)
		w.Write(pyJSONSpacing(b))
		w.Write([]byte("\n"))
	}
}

// pyJSONSpacing adds the spaces Python's json.dumps puts after ':' and ','
// to a flat object of plain strings, so lines read as LocalStack's.
func pyJSONSpacing(b []byte) []byte {
	var out []byte
	inString, escaped := false, false
	for _, c := range b {
		out = append(out, c)
		switch {
		case escaped:
			escaped = false
		case c == '\\' && inString:
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ':' || c == ','):
			out = append(out, ' ')
		}
	}
	return out
}

func writeError(w http.ResponseWriter, status int, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]string{"error": err.Error()})
	w.Write(pyJSONSpacing(b))
}
