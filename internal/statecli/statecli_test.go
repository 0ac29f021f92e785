package statecli_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/internal/statecli"
	"github.com/setup-emulator/setup-emulator/server"
)

func newEmulator(t *testing.T) string {
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

func mkBucket(t *testing.T, url, name string) int {
	req, _ := http.NewRequest(http.MethodPut, url+"/"+name, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func headBucket(url, name string) int {
	resp, err := http.Head(url + "/" + name)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Export to a file, reset, import: the bucket comes back; per-service reset
// and merge go to the right endpoints.
func TestExportResetImport(t *testing.T) {
	url := newEmulator(t)
	mkBucket(t, url, "fixture")
	c := statecli.New(url + "/")
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "state.zip")
	n, err := c.ExportFile(ctx, file, nil)
	if err != nil || n == 0 {
		t.Fatalf("export: %d %v", n, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(file)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	res, err := c.Reset(ctx, []string{"s3"})
	if err != nil || len(res) != 1 || res[0].Service != "s3" || res[0].Status != "ok" {
		t.Fatalf("reset: %v %v", res, err)
	}
	if headBucket(url, "fixture") != 404 {
		t.Fatal("bucket survived reset")
	}
	mkBucket(t, url, "local")
	f, _ := os.Open(file)
	defer f.Close()
	res, err = c.Import(ctx, f, true, nil)
	if err != nil || statecli.Failed(res) != nil {
		t.Fatalf("import: %v %v", res, err)
	}
	if headBucket(url, "fixture") != 200 || headBucket(url, "local") != 200 {
		t.Fatal("merge import did not keep both buckets")
	}
	res, err = c.Reset(ctx, nil)
	if err != nil || len(res) == 0 {
		t.Fatalf("reset all: %v %v", res, err)
	}
}

// Errors say what went wrong: a file that is not a snapshot (422), an
// unknown service (400), an emulator without state endpoints (404).
func TestErrors(t *testing.T) {
	url := newEmulator(t)
	c := statecli.New(url)
	ctx := context.Background()
	if _, err := c.Import(ctx, bytes.NewReader([]byte("junk")), false, nil); err == nil || !strings.Contains(err.Error(), "HTTP 422") || !strings.Contains(err.Error(), "incompatible snapshot") {
		t.Errorf("junk import: %v", err)
	}
	if _, err := c.Reset(ctx, []string{"nosuch"}); err == nil || !strings.Contains(err.Error(), "HTTP 400") {
		t.Errorf("unknown service: %v", err)
	}
	community := httptest.NewServer(http.NotFoundHandler())
	defer community.Close()
	if _, err := statecli.New(community.URL).Export(ctx, &bytes.Buffer{}, nil); err == nil || !strings.Contains(err.Error(), "HTTP 404") {
		t.Errorf("404: %v", err)
	}
	if err := statecli.Failed([]statecli.Result{{Service: "s3", Status: "error", Error: "boom"}}); err == nil || !strings.Contains(err.Error(), "s3: boom") {
		t.Errorf("Failed: %v", err)
	}
}
