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
)

// ReadyFileName is created in VOLUME_DIR once the emulator is ready.
const ReadyFileName = "localstack_ready"

func run(ctx context.Context, opts Options) error {
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	settings, err := server.LoadSettings(server.Getenv(opts.Getenv))
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if settings.Debug {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(opts.Stderr, &slog.HandlerOptions{Level: level}))

	ctx, kill := context.WithCancel(ctx)
	defer kill()
	var handler atomic.Pointer[http.Handler]
	var build func() error
	build = func() error {
		srv, err := server.New(server.Config{
			Getenv:    opts.Getenv,
			Logger:    logger,
			Version:   opts.Version,
			OnKill:    kill,
			OnRestart: func() { logger.Info("restarting"); _ = build() },
		})
		if err != nil {
			return err
		}
		var h http.Handler = srv
		handler.Store(&h)
		return nil
	}
	if err := build(); err != nil {
		return err
	}

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
	hs := &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*handler.Load()).ServeHTTP(w, r) }),
		ReadHeaderTimeout: 30 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelDebug),
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

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-serveErr:
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), settings.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		hs.Close()
	}
	wg.Wait()
	os.Remove(readyFile)
	return runErr
}
