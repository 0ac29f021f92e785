package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/setup-emulator/setup-emulator/server"
	"github.com/setup-emulator/setup-emulator/server/state"
)

// ReadyFileName is created in VOLUME_DIR once the emulator is ready.
const ReadyFileName = "localstack_ready"

// bootRanEnv, set to 1 by an entrypoint that already ran boot.d (as
// LocalStack's docker-entrypoint.sh does), stops Run from running BOOT
// hooks a second time.
const bootRanEnv = "INIT_BOOT_SCRIPTS_RAN"

func truthy(v string) bool { return v == "1" || strings.EqualFold(v, "true") }

func run(ctx context.Context, opts Options) error {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Environ == nil {
		opts.Environ = os.Environ()
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	getenv := server.Getenv(opts.Getenv)
	settings, err := server.LoadSettings(getenv)
	if err != nil {
		return err
	}
	persist, err := state.LoadConfig(getenv, settings.VolumeDir)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if settings.Debug {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(opts.Stderr, &slog.HandlerOptions{Level: level}))

	initDir := getenv("INIT_DIR")
	if initDir == "" {
		initDir = DefaultInitDir
	}
	hk := newHooks(initDir, scriptEnv(opts.Environ, localEndpoint(settings.Listen[0])), logger)
	if truthy(getenv(bootRanEnv)) {
		// The image's entrypoint ran them (LocalStack's split): list them
		// as LocalStack does, UNKNOWN, and mark the stage done.
		hk.Skip(StageBoot)
	} else {
		hk.Run(ctx, StageBoot)
	}

	// Large S3 bodies and uploaded archives live in files here, one
	// subdirectory per server generation (restarts).
	dataDir, err := os.MkdirTemp("", "emulator-data-")
	if err != nil {
		logger.Warn("no temporary directory: S3 bodies stay in memory", "err", err)
	} else {
		defer os.RemoveAll(dataDir)
	}

	ctx, kill := context.WithCancel(ctx)
	defer kill()
	restartReq := make(chan struct{}, 1)
	requestRestart := func() {
		select {
		case restartReq <- struct{}{}:
		default:
		}
	}
	var cur atomic.Pointer[server.Server]
	var curDir string
	build := func() (*server.Server, error) {
		dir := ""
		if dataDir != "" {
			if d, err := os.MkdirTemp(dataDir, "server-"); err == nil {
				dir = d
			}
		}
		srv, err := server.New(server.Config{
			Getenv: opts.Getenv, Logger: logger, Version: opts.Version, DataDir: dir,
			OnKill: kill, OnRestart: requestRestart, Init: hk.Report,
		})
		if err != nil {
			return nil, err
		}
		if persist.Enabled && persist.Load == state.LoadOnStartup {
			srv.State().LoadSnapshot(ctx)
		}
		if old := curDir; old != "" {
			// The previous server's files, once its in-flight requests
			// had time to finish (everything goes at exit anyway).
			time.AfterFunc(time.Minute, func() { os.RemoveAll(old) })
		}
		curDir = dir
		return srv, nil
	}
	srv, err := build()
	if err != nil {
		return err
	}
	cur.Store(srv)
	hk.runYAML = func(ctx context.Context, path string) error { return applyInitFile(ctx, cur.Load(), path, logger) }

	hk.Run(ctx, StageStart)

	// Bind every listener before announcing readiness.
	var listeners []net.Listener
	for _, addr := range settings.Listen {
		network := "tcp4"
		if host, _, _ := net.SplitHostPort(addr); strings.Contains(host, ":") {
			network = "tcp6"
		}
		ln, err := net.Listen(network, addr)
		if err != nil {
			for _, l := range listeners {
				l.Close()
			}
			return fmt.Errorf("GATEWAY_LISTEN %s: %w", addr, err)
		}
		listeners = append(listeners, ln)
	}
	var stopping atomic.Bool
	requestsCtx, stopRequests := context.WithCancel(context.Background())
	defer stopRequests()
	hs := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// While shutting down, AWS requests get 503 (localstack-runtime.md §1).
			if stopping.Load() && !strings.HasPrefix(r.URL.Path, "/_localstack") {
				http.Error(w, "the emulator is shutting down", http.StatusServiceUnavailable)
				return
			}
			cur.Load().ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 30 * time.Second,
		// Idle keep-alive connections close after 2 minutes; setting it also
		// makes net/http reset the read deadline the gateway moves while a
		// body streams in.
		IdleTimeout: 2 * time.Minute,
		// Header sections up to 4 MiB reach the gateway, which answers the
		// ones over AWS's limit with an AWS-shaped error; net/http's own
		// answer to larger ones is a plain 431.
		MaxHeaderBytes: 4 << 20,
		ErrorLog:       slog.NewLogLogger(logger.Handler(), slog.LevelDebug),
		// Cancelled when shutdown starts, so long polls (SQS ReceiveMessage
		// with WaitTimeSeconds) return at once instead of holding shutdown
		// for SHUTDOWN_TIMEOUT.
		BaseContext: func(net.Listener) context.Context { return requestsCtx },
	}
	var wg sync.WaitGroup
	serveErr := make(chan error, len(listeners))
	for _, ln := range listeners {
		wg.Add(1)
		go func(ln net.Listener) {
			defer wg.Done()
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				serveErr <- err
			}
		}(ln)
	}

	hk.Run(ctx, StageReady)

	readyFile := filepath.Join(settings.VolumeDir, ReadyFileName)
	if err := os.MkdirAll(settings.VolumeDir, 0o755); err == nil {
		err = os.WriteFile(readyFile, nil, 0o644)
		if err != nil {
			logger.Warn("cannot create ready file", "path", readyFile, "err", err)
		}
	} else {
		logger.Warn("cannot create volume dir", "path", settings.VolumeDir, "err", err)
	}
	fmt.Fprintln(opts.Stdout, "Ready.")

	var tick <-chan time.Time
	if persist.Enabled && persist.Save == state.SaveScheduled {
		t := time.NewTicker(persist.FlushInterval)
		defer t.Stop()
		tick = t.C
	}
	sigs, stopSigs := restartSignals()
	defer stopSigs()

	flush := func(ctx context.Context) {
		if !persist.Enabled || persist.Save == state.SaveManual {
			return
		}
		if err := cur.Load().State().Flusher.Flush(ctx, false); err != nil {
			logger.Error("state: saving snapshot", "err", err)
		}
	}
	var runErr error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case runErr = <-serveErr:
			break loop
		case <-tick:
			flush(ctx)
		case <-sigs:
			requestRestart()
		case <-restartReq:
			logger.Info("restarting")
			// As a process restart: save per the strategy, then a fresh
			// server loads per its strategy (or starts empty).
			flush(ctx)
			next, err := build()
			if err != nil {
				logger.Error("restart failed", "err", err)
				continue
			}
			cur.Store(next)
			logger.Info("restarted")
		}
	}

	// Shutdown: SHUTDOWN hooks, the last save, then the listeners, all
	// within SHUTDOWN_TIMEOUT (after which LocalStack's supervisor kills).
	shutCtx, cancel := context.WithTimeout(context.Background(), settings.ShutdownTimeout)
	defer cancel()
	stopping.Store(true)
	stopRequests()
	hk.Run(shutCtx, StageShutdown)
	flush(shutCtx)
	if err := hs.Shutdown(shutCtx); err != nil {
		hs.Close()
	}
	wg.Wait()
	os.Remove(readyFile)
	return runErr
}

// localEndpoint is the URL init hooks reach the gateway at: the first
// listen address, with a wildcard host replaced by localhost.
func localEndpoint(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://localhost:4566"
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
