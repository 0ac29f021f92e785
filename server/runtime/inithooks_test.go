package runtime_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/runtime"
)

// TestMain lets the test binary act as an init hook: with HOOK_REPORT set
// it fetches $AWS_ENDPOINT_URL/_localstack/init into that file.
func TestMain(m *testing.M) {
	if addr := os.Getenv("HOOK_PROBE"); addr != "" {
		// A START hook: the gateway must not accept yet.
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			fmt.Println("listening-too-early")
			os.Exit(1)
		}
		os.Exit(0)
	}
	if out := os.Getenv("HOOK_REPORT"); out != "" {
		resp, err := http.Get(os.Getenv("AWS_ENDPOINT_URL") + "/_localstack/init")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		b, _ := io.ReadAll(resp.Body)
		os.WriteFile(out, b, 0o644)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type initDoc struct {
	Completed map[string]bool `json:"completed"`
	Scripts   []struct{ Stage, Name, State string }
}

func writeScript(t *testing.T, path, body string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// Hooks of all four stages run in LocalStack's order (localstack-runtime.md
// §3): a folder's files sorted, then its subfolders; a failing script is
// ERROR with its output logged and the next ones still run; START before
// the port listens, READY before "Ready.", SHUTDOWN on stop with AWS
// requests answered 503 and /_localstack still served.
func TestInitHooksAllStages(t *testing.T) {
	root := t.TempDir()
	order := filepath.Join(root, "order.log")
	gate := filepath.Join(root, "gate")
	report := filepath.Join(root, "shutdown-report.json")
	port := freePort(t)
	log := func(name string) string { return "echo " + name + " >> " + order }
	writeScript(t, filepath.Join(root, "boot.d/10-boot.sh"), log("boot/10-boot.sh"))
	exe, _ := os.Executable()
	writeScript(t, filepath.Join(root, "start.d/01-ok.sh"), log("start/01-ok.sh")+"\nHOOK_PROBE=127.0.0.1:"+port+" exec "+exe)
	writeScript(t, filepath.Join(root, "start.d/02-fail.sh"), log("start/02-fail.sh")+"\necho boom-output >&2\nexit 3")
	writeScript(t, filepath.Join(root, "start.d/03-after.sh"), log("start/03-after.sh"))
	writeScript(t, filepath.Join(root, "start.d/sub/01-nested.sh"), log("start/sub/01-nested.sh"))
	writeScript(t, filepath.Join(root, "start.d/README.txt"), "") // executable: runs too
	os.Chmod(filepath.Join(root, "start.d/README.txt"), 0o644)    // ...unless not executable
	os.MkdirAll(filepath.Join(root, "ready.d"), 0o755)
	os.WriteFile(filepath.Join(root, "ready.d/00-init.yaml"), []byte("buckets: [from-yaml]\nqueues: [q-from-yaml]\n"), 0o644)
	writeScript(t, filepath.Join(root, "ready.d/01-wait.sh"), log("ready/01-wait.sh")+
		"\nwhile [ ! -e "+gate+" ]; do sleep 0.02; done")
	writeScript(t, filepath.Join(root, "ready.d/02-env.sh"), `[ "$AWS_ENDPOINT_URL" = "http://127.0.0.1:`+port+`" ] || exit 9`+"\n"+log("ready/02-env.sh"))
	writeScript(t, filepath.Join(root, "shutdown.d/01-report.sh"), log("shutdown/01-report.sh")+
		"\nHOOK_REPORT="+report+" exec "+exe)

	env := map[string]string{"GATEWAY_LISTEN": "127.0.0.1:" + port, "VOLUME_DIR": t.TempDir(), "INIT_DIR": root}
	logs := &syncBuffer{}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runtime.Run(ctx, runtime.Options{Getenv: func(k string) string { return env[k] },
			Environ: append(os.Environ(), "AWS_ENDPOINT_URL=http://elsewhere:1"), Stdout: pw, Stderr: logs})
		pw.Close()
	}()
	readyLine := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(pr).ReadString('\n')
		readyLine <- l
		io.Copy(io.Discard, pr)
	}()

	// While ready.d/01-wait.sh runs: START done, READY not, no "Ready." yet.
	url := "http://127.0.0.1:" + port
	var doc initDoc
	deadline := time.Now().Add(10 * time.Second)
	for {
		doc = getInit(t, url)
		if len(doc.Scripts) > 0 && doc.Completed["START"] && stateOf(doc, "01-wait.sh") == "RUNNING" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ready hook never observed running: %+v", doc)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if doc.Completed["READY"] || !doc.Completed["BOOT"] {
		t.Errorf("completed while READY runs: %v", doc.Completed)
	}
	select {
	case l := <-readyLine:
		t.Fatalf("%q printed before ready hooks finished", l)
	default:
	}
	os.WriteFile(gate, nil, 0o644)
	if l := <-readyLine; l != "Ready.\n" {
		t.Fatalf("stdout %q", l)
	}
	doc = getInit(t, url)
	want := []string{
		"BOOT 10-boot.sh SUCCESSFUL", "START 01-ok.sh SUCCESSFUL", "START 02-fail.sh ERROR",
		"START 03-after.sh SUCCESSFUL", "START 01-nested.sh SUCCESSFUL",
		"READY 00-init.yaml SUCCESSFUL", "READY 01-wait.sh SUCCESSFUL", "READY 02-env.sh SUCCESSFUL", "SHUTDOWN 01-report.sh UNKNOWN",
	}
	if got := scriptLines(doc); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("scripts after ready:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if resp, err := http.Head(url + "/from-yaml"); err != nil || resp.StatusCode != 200 {
		t.Errorf("bucket from ready.d/00-init.yaml: %v %v", resp, err)
	}
	if !doc.Completed["READY"] || doc.Completed["SHUTDOWN"] {
		t.Errorf("completed after ready: %v", doc.Completed)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(order)
	wantOrder := "boot/10-boot.sh\nstart/01-ok.sh\nstart/02-fail.sh\nstart/03-after.sh\nstart/sub/01-nested.sh\nready/01-wait.sh\nready/02-env.sh\nshutdown/01-report.sh\n"
	if string(b) != wantOrder {
		t.Errorf("run order:\n%s\nwant:\n%s", b, wantOrder)
	}
	// The shutdown hook saw itself running through /_localstack/init.
	var sd initDoc
	rb, err := os.ReadFile(report)
	if err != nil || json.Unmarshal(rb, &sd) != nil {
		t.Fatalf("shutdown report: %v %s", err, rb)
	}
	if stateOf(sd, "01-report.sh") != "RUNNING" || !sd.Completed["READY"] || sd.Completed["SHUTDOWN"] {
		t.Errorf("seen from the shutdown hook: %+v", sd)
	}
	if l := logs.String(); !strings.Contains(l, "init hook failed") || !strings.Contains(l, "boom-output") {
		t.Errorf("failure not logged with its output:\n%s", l)
	}
}

func getInit(t *testing.T, url string) initDoc {
	var d initDoc
	resp, err := http.Get(url + "/_localstack/init")
	if err != nil {
		return d
	}
	defer resp.Body.Close()
	json.NewDecoder(resp.Body).Decode(&d)
	return d
}

func stateOf(d initDoc, name string) string {
	for _, s := range d.Scripts {
		if s.Name == name {
			return s.State
		}
	}
	return ""
}

func scriptLines(d initDoc) []string {
	var out []string
	for _, s := range d.Scripts {
		out = append(out, s.Stage+" "+s.Name+" "+s.State)
	}
	return out
}
