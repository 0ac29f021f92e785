// Package server is the emulator as a Go library: New returns an
// http.Handler that serves every AWS service on one endpoint, the way
// LocalStack's gateway does on port 4566.
//
//	srv, err := server.New(server.Config{Getenv: os.Getenv})
//	ts := httptest.NewServer(srv)
//
// Point any AWS SDK at the server's URL with any credentials ("test"/"test").
package server

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/gateway"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/services/events"
	"github.com/setup-emulator/setup-emulator/server/services/s3"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
	"github.com/setup-emulator/setup-emulator/server/state"
)

// Config holds what New injects into the emulator. Every field is optional.
type Config struct {
	// Getenv reads configuration variables (LocalStack's names, LOCALSTACK_
	// prefix honoured); nil reads none, so defaults apply.
	Getenv func(string) string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// NewID returns request and resource ids (default: random UUIDv4).
	NewID func() string
	// Logger receives logs (default: discarded).
	Logger *slog.Logger
	// Version is reported by /_localstack/health and /_localstack/info.
	Version string

	// OnRestart and OnKill back POST /_localstack/health {"action": …}.
	OnRestart, OnKill func()
	// Init reports init-hook stages for /_localstack/init.
	Init func() gateway.InitReport
	// DataDir receives large S3 object bodies and uploaded state archives
	// as temporary files, so memory stays bounded; "" keeps bodies in
	// memory. The caller creates and removes it.
	DataDir string
}

// Server is the emulator's HTTP handler.
type Server struct {
	gw       *gateway.Gateway
	settings Settings
	state    *state.System
	handler  http.Handler
}

// New builds a server from cfg. It fails only on invalid configuration
// (the error names the variable).
func New(cfg Config) (*Server, error) {
	getenv := cfg.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	getenv = Getenv(getenv)
	st, err := LoadSettings(getenv)
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = NewUUID
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	var enabled func(string) bool
	if st.Services != nil && st.Strict {
		enabled = func(name string) bool { return slices.Contains(st.Services, name) }
	}
	persist, err := state.LoadConfig(getenv, st.VolumeDir)
	if err != nil {
		return nil, err
	}
	env := awsapi.Env{Now: cfg.Now, NewID: cfg.NewID, Getenv: getenv, Logger: cfg.Logger}
	inst := &instances{built: map[string]any{}}
	var bodies s3.BodyStore = s3.NewMemoryBodyStore()
	if cfg.DataDir != "" {
		bodies = state.NewSpoolBodyStore(cfg.DataDir, 0)
	}
	gw := gateway.New(gateway.Config{
		Registry:    model.NewRegistry(),
		Codecs:      codecs(),
		Providers:   providers(inst, bodies),
		Enabled:     enabled,
		Eager:       st.Eager,
		BaseURL:     st.BaseURL(),
		ListenPorts: st.ListenPorts(),
		CORS: gateway.CORSConfig{
			DisableChecks: st.CORSDisableChecks, DisableHeaders: st.CORSDisableHeaders,
			ExtraOrigins: st.CORSOrigins, ExtraHeaders: st.CORSHeaders, ExtraExpose: st.CORSExpose,
		},
		S3CORS:    inst.s3CORS,
		Version:   cfg.Version,
		StartedAt: cfg.Now(),
		SessionID: cfg.NewID(),
		Env:       env,
		Logger:    cfg.Logger,
		OnRestart: cfg.OnRestart,
		OnKill:    cfg.OnKill,
		Init:      cfg.Init,
	})
	inst.gw = gw
	// With EAGER_SERVICE_LOADING, IAM was built inside gateway.New, before the
	// gateway existed to take it as the authorizer of emulator-issued keys.
	inst.mu.Lock()
	iamBuilt, _ := inst.built["iam"].(gateway.Authorizer)
	inst.mu.Unlock()
	if iamBuilt != nil {
		gw.SetAuthorizer(iamBuilt)
	}
	sys := state.NewSystem(state.SystemOptions{Config: persist, Providers: inst, Version: cfg.Version,
		Now: cfg.Now, Logger: cfg.Logger, TempDir: cfg.DataDir})
	for _, r := range sys.Endpoints.Routes() {
		gw.Handle(r.Path, r.Handler)
	}
	gw.Handle("/_aws/sns/{rest:.*}", snsDeveloperAPI(inst))
	gw.Handle("/_aws/cloudwatch/metrics/raw", cloudwatchDeveloperAPI(inst))
	for _, p := range gateway.SQSMessagesPaths {
		gw.Handle(p, gateway.SQSMessages(func() (*sqs.Service, bool) {
			svc, ok := inst.Load("sqs")
			q, _ := svc.(*sqs.Service)
			return q, ok && q != nil
		}, cfg.NewID))
	}
	gw.Handle(gateway.EventsTriggerPath, gateway.EventsTrigger(func() (*events.Service, bool) {
		svc, ok := inst.Load("events")
		e, _ := svc.(*events.Service)
		return e, ok && e != nil
	}))
	return &Server{gw: gw, settings: st, state: sys, handler: sys.Handler(gw)}, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// State is the server's state machinery (export/import/reset, persistence).
func (s *Server) State() *state.System { return s.state }

// Settings returns the configuration the server was built with.
func (s *Server) Settings() Settings { return s.settings }

// Gateway exposes the gateway for the runtime (health document, extra routes).
func (s *Server) Gateway() *gateway.Gateway { return s.gw }

// NewUUID returns a random RFC 4122 version 4 UUID.
func NewUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	// hex.Encode into a fixed buffer: one allocation (the string) where
	// fmt.Sprintf took six and reflection.
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}
