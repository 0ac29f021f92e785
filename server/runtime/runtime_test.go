package runtime_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/runtime"
)

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, p, _ := net.SplitHostPort(ln.Addr().String())
	return p
}

// Run prints exactly "Ready." once the listeners accept, creates the ready
// file in VOLUME_DIR, serves health, and on cancel shuts down and removes
// the ready file (localstack-runtime.md §3).
func TestRunReadyAndShutdown(t *testing.T) {
	port := freePort(t)
	vol := t.TempDir()
	env := map[string]string{
		"GATEWAY_LISTEN":        "127.0.0.1:" + port + ",[::1]:" + port,
		"LOCALSTACK_VOLUME_DIR": vol, // LOCALSTACK_<NAME> is read as <NAME>
		"SHUTDOWN_TIMEOUT":      "1",
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runtime.Run(ctx, runtime.Options{Getenv: func(k string) string { return env[k] }, Stdout: pw, Version: "test"})
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || line != "Ready.\n" {
		t.Fatalf("first stdout line %q, %v", line, err)
	}
	go io.Copy(io.Discard, pr)
	if _, err := os.Stat(filepath.Join(vol, runtime.ReadyFileName)); err != nil {
		t.Errorf("ready file: %v", err)
	}
	for _, host := range []string{"127.0.0.1", "[::1]"} {
		resp, err := http.Get("http://" + host + ":" + port + "/_localstack/health")
		if err != nil {
			t.Logf("%s: %v (no IPv6 here?)", host, err)
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), `"version": "test"`) {
			t.Errorf("%s health: %d %s", host, resp.StatusCode, b)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no shutdown within 5 s")
	}
	if _, err := os.Stat(filepath.Join(vol, runtime.ReadyFileName)); !os.IsNotExist(err) {
		t.Errorf("ready file left behind: %v", err)
	}
}

// POST /_localstack/health {"action":"kill"} ends Run with no error.
func TestKillAction(t *testing.T) {
	port := freePort(t)
	env := map[string]string{"GATEWAY_LISTEN": "127.0.0.1:" + port, "VOLUME_DIR": t.TempDir()}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runtime.Run(context.Background(), runtime.Options{Getenv: func(k string) string { return env[k] }, Stdout: pw})
		pw.Close()
	}()
	bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	resp, err := http.Post("http://127.0.0.1:"+port+"/_localstack/health", "application/json", strings.NewReader(`{"action": "kill"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "ok" {
		t.Errorf("kill answered %q", b)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("kill did not stop the server")
	}
}

func TestBadListen(t *testing.T) {
	env := map[string]string{"GATEWAY_LISTEN": "127.0.0.1:99999"}
	err := runtime.Run(context.Background(), runtime.Options{Getenv: func(k string) string { return env[k] }})
	if err == nil || !strings.Contains(err.Error(), "GATEWAY_LISTEN") {
		t.Fatalf("want a GATEWAY_LISTEN error, got %v", err)
	}
}
