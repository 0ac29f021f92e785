package gateway

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// internalRouter serves /_localstack/* (localstack-runtime.md §1).
func (g *Gateway) internalRouter() http.Handler {
	m := mux.NewRouter()
	m.HandleFunc("/_localstack/health", g.healthGet).Methods(http.MethodGet)
	m.HandleFunc("/_localstack/health", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }).Methods(http.MethodHead)
	m.HandleFunc("/_localstack/health", g.healthPost).Methods(http.MethodPost)
	m.HandleFunc("/_localstack/health", g.healthPut).Methods(http.MethodPut)
	m.HandleFunc("/_localstack/info", g.info).Methods(http.MethodGet)
	m.HandleFunc("/_localstack/init", g.initAll).Methods(http.MethodGet)
	m.HandleFunc("/_localstack/init/{stage}", g.initStage).Methods(http.MethodGet)
	m.HandleFunc("/_localstack/plugins", g.plugins).Methods(http.MethodGet)
	for _, extra := range g.extraInternal {
		m.Handle(extra.path, extra.handler)
	}
	// Unknown paths and methods: 404 with an empty body, as LocalStack.
	m.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNotFound) })
	m.MethodNotAllowedHandler = m.NotFoundHandler
	return m
}

// HealthDocument is the body of GET /_localstack/health, in LocalStack's key order.
func (g *Gateway) HealthDocument() []byte {
	states := g.ServiceStates()
	names := make([]string, 0, len(states))
	for n := range states {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(`{"services": {`)
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pyJSON(n) + ": " + pyJSON(states[n]))
	}
	b.WriteString("}")
	g.mu.Lock()
	extraKeys := make([]string, 0, len(g.healthExtra))
	for k := range g.healthExtra {
		extraKeys = append(extraKeys, k)
	}
	sort.Strings(extraKeys)
	for _, k := range extraKeys {
		b.WriteString(", " + pyJSON(k) + ": " + pyJSON(g.healthExtra[k]))
	}
	g.mu.Unlock()
	b.WriteString(`, "edition": "community", "version": ` + pyJSON(g.cfg.Version) + "}")
	return []byte(b.String())
}

func (g *Gateway) healthGet(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(g.HealthDocument())
}

func (g *Gateway) healthPost(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Action string `json:"action"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil || (req.Action != "restart" && req.Action != "kill") {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, "invalid request")
		return
	}
	io.WriteString(w, "ok")
	hook := g.cfg.OnRestart
	if req.Action == "kill" {
		hook = g.cfg.OnKill
	}
	if hook != nil {
		// After the response is written, so the caller sees "ok".
		go func() { time.Sleep(50 * time.Millisecond); hook() }()
	}
}

// healthPut merges a JSON object into the health document; "a:b" keys nest.
func (g *Gateway) healthPut(w http.ResponseWriter, r *http.Request) {
	var doc map[string]any
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&doc); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, "invalid request")
		return
	}
	g.mu.Lock()
	for k, v := range doc {
		parts := strings.Split(k, ":")
		cur := g.healthExtra
		for _, p := range parts[:len(parts)-1] {
			next, ok := cur[p].(map[string]any)
			if !ok {
				next = map[string]any{}
				cur[p] = next
			}
			cur = next
		}
		cur[parts[len(parts)-1]] = v
	}
	g.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"status": "OK"}`)
}

func (g *Gateway) info(w http.ResponseWriter, _ *http.Request) {
	_, docker := os.Stat("/.dockerenv")
	host, _ := os.Hostname()
	doc := []kv{
		{"version", g.cfg.Version},
		{"edition", "community"},
		{"is_license_activated", false},
		{"session_id", g.cfg.SessionID},
		{"machine_id", "gen_" + host},
		{"system", runtime.GOOS + "-" + runtime.GOARCH},
		{"is_docker", docker == nil},
		{"server_time_utc", g.cfg.Env.Now().UTC().Format("2006-01-02T15:04:05")},
		{"uptime", int(g.cfg.Env.Now().Sub(g.cfg.StartedAt).Seconds())},
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(pyObject(doc)))
}

func (g *Gateway) initReport() InitReport {
	if g.cfg.Init != nil {
		return g.cfg.Init()
	}
	return InitReport{Completed: map[string]bool{"BOOT": true, "START": true, "READY": true, "SHUTDOWN": false}, Scripts: []InitScript{}}
}

func (g *Gateway) initAll(w http.ResponseWriter, _ *http.Request) {
	rep := g.initReport()
	writePyJSON(w, http.StatusOK, []kv{{"completed", orderedStages(rep.Completed)}, {"scripts", rep.Scripts}})
}

func (g *Gateway) initStage(w http.ResponseWriter, r *http.Request) {
	stage := strings.ToUpper(mux.Vars(r)["stage"])
	rep := g.initReport()
	done, ok := rep.Completed[stage]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "no such stage "+mux.Vars(r)["stage"])
		return
	}
	scripts := []InitScript{}
	for _, s := range rep.Scripts {
		if s.Stage == stage {
			scripts = append(scripts, s)
		}
	}
	writePyJSON(w, http.StatusOK, []kv{{"completed", done}, {"scripts", scripts}})
}

func (g *Gateway) plugins(w http.ResponseWriter, _ *http.Request) {
	var entries []map[string]any
	states := g.ServiceStates()
	names := make([]string, 0, len(states))
	for n := range states {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		entries = append(entries, map[string]any{"name": n + ":default", "is_initialized": states[n] == "running", "is_loaded": states[n] == "running"})
	}
	writePyJSON(w, http.StatusOK, []kv{{"localstack.aws.provider", entries}})
}

func orderedStages(c map[string]bool) []kv {
	var out []kv
	for _, s := range []string{"BOOT", "START", "READY", "SHUTDOWN"} {
		out = append(out, kv{s, c[s]})
	}
	return out
}
