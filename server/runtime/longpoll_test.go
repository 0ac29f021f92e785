package runtime_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/runtime"
)

// Shutdown (SIGTERM in the CLI) ends SQS long polls at once: the client gets
// its empty ReceiveMessage answer and the process exits well inside
// SHUTDOWN_TIMEOUT, instead of waiting for WaitTimeSeconds.
func TestShutdownEndsLongPolls(t *testing.T) {
	port := freePort(t)
	env := map[string]string{"GATEWAY_LISTEN": "127.0.0.1:" + port, "VOLUME_DIR": t.TempDir(), "SHUTDOWN_TIMEOUT": "10"}
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runtime.Run(ctx, runtime.Options{Getenv: func(k string) string { return env[k] }, Stdout: pw})
		pw.Close()
	}()
	bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	base := "http://127.0.0.1:" + port + "/"
	call := func(op, body string) (int, string) {
		req, _ := http.NewRequest("POST", base, strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "AmazonSQS."+op)
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if s, b := call("CreateQueue", `{"QueueName": "poll"}`); s != 200 {
		t.Fatalf("CreateQueue %d %s", s, b)
	}
	type result struct {
		status int
		body   string
	}
	polled := make(chan result, 1)
	go func() {
		s, b := call("ReceiveMessage", `{"QueueUrl": "poll", "WaitTimeSeconds": 20}`)
		polled <- result{s, b}
	}()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	cancel()
	select {
	case r := <-polled:
		if r.status != 200 || strings.Contains(r.body, "Messages") {
			t.Errorf("long poll answered %d %s, want an empty 200", r.status, r.body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the long poll was not answered on shutdown")
	}
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("no exit")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("shutdown took %v with a long poll in flight", d)
	}
}
