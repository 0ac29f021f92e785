//go:build !windows

package runtime

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// running is an in-process Run.
type running struct {
	url  string
	stop func() error // cancel (SIGTERM in the CLI) and wait
}

func startRun(t *testing.T, env map[string]string) *running {
	t.Helper()
	ln, _ := net.Listen("tcp4", "127.0.0.1:0")
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	full := map[string]string{"GATEWAY_LISTEN": "127.0.0.1:" + port, "INIT_DIR": t.TempDir(), "SHUTDOWN_TIMEOUT": "5"}
	for k, v := range env {
		full[k] = v
	}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Getenv: func(k string) string { return full[k] }, Environ: []string{}, Stdout: pw})
		pw.Close()
	}()
	line, _ := bufio.NewReader(pr).ReadString('\n')
	if line != "Ready.\n" {
		cancel()
		t.Fatalf("not ready: %q %v", line, <-done)
	}
	go io.Copy(io.Discard, pr)
	stopped := false
	r := &running{url: "http://127.0.0.1:" + port, stop: func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return context.DeadlineExceeded
		}
	}}
	t.Cleanup(func() { r.stop() })
	return r
}

func (r *running) s3() *s3.Client {
	return s3.NewFromConfig(sdkConfig(r.url, "000000000000", "us-east-1"), func(o *s3.Options) { o.UsePathStyle = true })
}

func (r *running) hasBucket(t *testing.T, name string) bool {
	_, err := r.s3().HeadBucket(context.Background(), &s3.HeadBucketInput{Bucket: aws.String(name)})
	return err == nil
}

func (r *running) mkBucket(t *testing.T, name string) {
	t.Helper()
	if _, err := r.s3().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatal(err)
	}
}

// session is /_localstack/info's session_id, new for every server built.
func (r *running) session(t *testing.T) string {
	resp, err := http.Get(r.url + "/_localstack/info")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	var info struct {
		SessionID string `json:"session_id"`
	}
	json.NewDecoder(resp.Body).Decode(&info)
	return info.SessionID
}

func postJSON(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// SIGTERM (context cancel) saves with ON_SHUTDOWN; the next start loads it
// (ON_STARTUP).
func TestPersistenceShutdownSaveStartupLoad(t *testing.T) {
	vol := t.TempDir()
	env := map[string]string{"PERSISTENCE": "1", "VOLUME_DIR": vol, "SNAPSHOT_SAVE_STRATEGY": "ON_SHUTDOWN"}
	r := startRun(t, env)
	r.mkBucket(t, "kept")
	if _, err := os.Stat(filepath.Join(vol, "state", "snapshot.zip")); !os.IsNotExist(err) {
		t.Fatalf("ON_SHUTDOWN saved before shutdown: %v", err)
	}
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(vol, "state", "snapshot.zip")); err != nil {
		t.Fatalf("no snapshot after shutdown: %v", err)
	}
	r2 := startRun(t, env)
	if !r2.hasBucket(t, "kept") {
		t.Fatal("state not loaded at start")
	}
}

// SCHEDULED saves within the interval; MANUAL load waits for
// POST /_localstack/state/load; ON_REQUEST load happens before the first
// AWS request.
func TestPersistenceStrategies(t *testing.T) {
	vol := t.TempDir()
	r := startRun(t, map[string]string{"PERSISTENCE": "1", "VOLUME_DIR": vol, "SNAPSHOT_FLUSH_INTERVAL": "0.1"})
	r.mkBucket(t, "scheduled")
	waitFor(t, "a scheduled save", func() bool {
		_, err := os.Stat(filepath.Join(vol, "state", "snapshot.zip"))
		return err == nil
	})
	r.stop()

	m := startRun(t, map[string]string{"PERSISTENCE": "1", "VOLUME_DIR": vol, "SNAPSHOT_LOAD_STRATEGY": "MANUAL", "SNAPSHOT_SAVE_STRATEGY": "MANUAL"})
	if m.hasBucket(t, "scheduled") {
		t.Fatal("MANUAL load loaded at start")
	}
	code, body := postJSON(t, m.url+"/_localstack/state/load", "")
	if code != 200 || !strings.Contains(body, `{"event": "service", "service": "s3", "status": "ok"}`) {
		t.Fatalf("load: %d %s", code, body)
	}
	if !m.hasBucket(t, "scheduled") {
		t.Fatal("not loaded by POST /_localstack/state/load")
	}
	m.mkBucket(t, "manual")
	code, body = postJSON(t, m.url+"/_localstack/state/s3/save", "")
	if code != 200 || body != "{\"event\": \"service\", \"service\": \"s3\", \"status\": \"ok\"}\n" {
		t.Fatalf("save: %d %q", code, body)
	}
	m.stop()

	o := startRun(t, map[string]string{"PERSISTENCE": "1", "VOLUME_DIR": vol, "SNAPSHOT_LOAD_STRATEGY": "ON_REQUEST"})
	resp, _ := http.Get(o.url + "/_localstack/health")
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"s3": "available"`) {
		t.Errorf("ON_REQUEST loaded before any request: %s", b)
	}
	if !o.hasBucket(t, "manual") || !o.hasBucket(t, "scheduled") {
		t.Fatal("ON_REQUEST did not load before the first request")
	}
}

// Restart through the health endpoint and SIGUSR1: without persistence the
// new server is empty; with it, the state comes back.
func TestRestart(t *testing.T) {
	r := startRun(t, map[string]string{"VOLUME_DIR": t.TempDir()})
	r.mkBucket(t, "gone")
	s0 := r.session(t)
	if code, body := postJSON(t, r.url+"/_localstack/health", `{"action": "restart"}`); code != 200 || body != "ok" {
		t.Fatalf("restart: %d %s", code, body)
	}
	waitFor(t, "a fresh server", func() bool { return r.session(t) != s0 })
	if r.hasBucket(t, "gone") {
		t.Fatal("restart without persistence kept the state")
	}

	p := startRun(t, map[string]string{"VOLUME_DIR": t.TempDir(), "PERSISTENCE": "1", "SNAPSHOT_SAVE_STRATEGY": "ON_SHUTDOWN"})
	p.mkBucket(t, "kept")
	s1 := p.session(t)
	postJSON(t, p.url+"/_localstack/health", `{"action": "restart"}`)
	waitFor(t, "a restarted server", func() bool { return p.session(t) != s1 })
	if !p.hasBucket(t, "kept") {
		t.Fatal("restart with persistence lost the state")
	}
	p.mkBucket(t, "after-restart")
	s2 := p.session(t)
	syscall.Kill(os.Getpid(), syscall.SIGUSR1)
	waitFor(t, "a server restarted by SIGUSR1", func() bool { return p.session(t) != s2 })
	if !p.hasBucket(t, "kept") || !p.hasBucket(t, "after-restart") {
		t.Fatal("SIGUSR1 restart with persistence lost the state")
	}
}

// With INIT_BOOT_SCRIPTS_RAN=1 (an entrypoint ran boot.d) BOOT hooks are
// listed UNKNOWN, as LocalStack reports them, and not run again.
func TestBootScriptsRanByEntrypoint(t *testing.T) {
	root := t.TempDir()
	marker := filepath.Join(root, "ran")
	os.MkdirAll(filepath.Join(root, "boot.d"), 0o755)
	os.WriteFile(filepath.Join(root, "boot.d", "01.sh"), []byte("#!/bin/sh\ntouch "+marker+"\n"), 0o755)
	r := startRun(t, map[string]string{"VOLUME_DIR": t.TempDir(), "INIT_DIR": root, "INIT_BOOT_SCRIPTS_RAN": "1"})
	resp, err := http.Get(r.url + "/_localstack/init/boot")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != `{"completed": true, "scripts": [{"stage": "BOOT", "name": "01.sh", "state": "UNKNOWN"}]}` {
		t.Errorf("boot stage: %s", b)
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Error("boot script ran again")
	}
}
