package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
	"github.com/setup-emulator/setup-emulator/internal/ghaction/ghatest"
)

func env(t *testing.T, over map[string]string) *ghatest.Env {
	vars := map[string]string{
		"INPUT_NAME": "my-state", "INPUT_BACKEND": "", "INPUT_DIR": "", "INPUT_PHASE": "",
		"INPUT_ALLOW_MISSING": "", "INPUT_RUN_ID": "", "INPUT_GITHUB_TOKEN": "",
		ghaction.EnvEndpoint: "", "AWS_ENDPOINT_URL": "",
		"GITHUB_API_URL": "", "GITHUB_REPOSITORY": "", "GITHUB_RUN_ID": "",
	}
	for k, v := range over {
		vars[k] = v
	}
	return ghatest.New(t, vars)
}

func zipBytes(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("manifest.json")
	io.WriteString(w, `{"services":["s3"]}`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fakeEmulator serves the state endpoints; imported receives POST bodies.
func fakeEmulator(t *testing.T, exportBody []byte, importReply string, imported *[]byte) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/_localstack/pods/state":
			w.Header().Set("Content-Type", "application/zip")
			w.Write(exportBody)
		case r.Method == http.MethodPost && r.URL.Path == "/_localstack/pods":
			*imported, _ = io.ReadAll(r.Body)
			w.Header().Set("Content-Type", "application/x-ndjson")
			io.WriteString(w, importReply)
		default:
			http.NotFound(w, r)
		}
	}))
}

func TestExportThenImport(t *testing.T) {
	archive := zipBytes(t)
	var got []byte
	srv := fakeEmulator(t, archive, "{\"service\": \"s3\", \"status\": \"ok\"}\n", &got)
	defer srv.Close()

	e := env(t, map[string]string{"INPUT_PHASE": "export", ghaction.EnvEndpoint: srv.URL})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("export: %v", err)
	}
	path := e.Outputs()["path"]
	if filepath.Base(path) != "my-state.zip" {
		t.Errorf("path output = %q, want <dir>/my-state.zip", path)
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, archive) {
		t.Errorf("the exported file differs from what the emulator sent")
	}

	e2 := env(t, map[string]string{"INPUT_PHASE": "import", "AWS_ENDPOINT_URL": srv.URL, "INPUT_DIR": filepath.Dir(path)})
	if err := run(context.Background(), e2.Action()); err != nil {
		t.Fatalf("import: %v", err)
	}
	if !bytes.Equal(got, archive) {
		t.Errorf("the emulator received %d bytes, want the %d-byte archive", len(got), len(archive))
	}
	if e2.Outputs()["loaded"] != "true" || !strings.Contains(e2.Out.String(), "restored s3") {
		t.Errorf("outputs %v, log %q", e2.Outputs(), e2.Out.String())
	}
}

// A truncated or non-zip answer never becomes an artifact.
func TestExportRejectsNonZip(t *testing.T) {
	var got []byte
	srv := fakeEmulator(t, []byte("PK\x03\x04truncated"), "", &got)
	defer srv.Close()
	e := env(t, map[string]string{"INPUT_PHASE": "export", ghaction.EnvEndpoint: srv.URL})
	err := run(context.Background(), e.Action())
	if err == nil || !strings.Contains(err.Error(), "did not return a zip") {
		t.Fatalf("run error = %v", err)
	}
	if _, err := os.Stat(filepath.Join(e.Dir, "setup-emulator", "state", "my-state.zip")); err == nil {
		t.Errorf("a broken archive was left for upload")
	}
}

func TestImportReportsFailedServices(t *testing.T) {
	var got []byte
	srv := fakeEmulator(t, nil, "{\"service\": \"s3\", \"status\": \"ok\"}\n{\"service\": \"sqs\", \"status\": \"error\", \"error\": \"bad queue\"}\n", &got)
	defer srv.Close()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "my-state.zip"), zipBytes(t), 0o644)
	e := env(t, map[string]string{"INPUT_PHASE": "import", ghaction.EnvEndpoint: srv.URL, "INPUT_DIR": dir})
	err := run(context.Background(), e.Action())
	if err == nil || !strings.Contains(err.Error(), "sqs (error: bad queue)") {
		t.Fatalf("run error = %v, want the failed service named", err)
	}
}

func TestImportMissingArchive(t *testing.T) {
	e := env(t, map[string]string{"INPUT_PHASE": "import", ghaction.EnvEndpoint: "http://127.0.0.1:1"})
	if err := run(context.Background(), e.Action()); err == nil || !strings.Contains(err.Error(), "no state artifact was found") {
		t.Errorf("run error = %v", err)
	}
	// Searching earlier runs, the first run legitimately has none.
	e = env(t, map[string]string{"INPUT_PHASE": "import", "INPUT_ALLOW_MISSING": "true", ghaction.EnvEndpoint: "http://127.0.0.1:1"})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run with allow-missing: %v", err)
	}
	if e.Outputs()["loaded"] != "false" || len(e.Commands("warning")) != 1 {
		t.Errorf("outputs %v, warnings %q", e.Outputs(), e.Commands("warning"))
	}
}

func TestBadInputs(t *testing.T) {
	for _, over := range []map[string]string{
		{"INPUT_PHASE": "export", "INPUT_NAME": ""},
		{"INPUT_PHASE": "export", "INPUT_NAME": "../etc/passwd"},
		{"INPUT_PHASE": "export", "INPUT_BACKEND": "cloud-pods"},
		{"INPUT_PHASE": "upload"},
		{"INPUT_PHASE": "find", "INPUT_RUN_ID": "latest"},
	} {
		e := env(t, over)
		if err := run(context.Background(), e.Action()); err == nil {
			t.Errorf("run(%v) succeeded", over)
		}
	}
}

// fakeGitHub serves the artifacts list and runs: run 30 (this one), 20 of
// another workflow with a newer artifact, 10 of this workflow.
func fakeGitHub(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/repos/o/r/actions/artifacts":
			if r.URL.Query().Get("name") != "my-state" {
				t.Errorf("artifacts query %q", r.URL.RawQuery)
			}
			fmt.Fprint(w, `{"total_count":4,"artifacts":[
				{"id":1,"name":"my-state","expired":false,"created_at":"2026-01-01T00:00:00Z","workflow_run":{"id":10,"head_branch":"main"}},
				{"id":2,"name":"my-state","expired":false,"created_at":"2026-01-03T00:00:00Z","workflow_run":{"id":20,"head_branch":"main"}},
				{"id":3,"name":"my-state","expired":true,"created_at":"2026-01-04T00:00:00Z","workflow_run":{"id":11,"head_branch":"main"}},
				{"id":4,"name":"my-state","expired":false,"created_at":"2026-01-02T00:00:00Z","workflow_run":{"id":12,"head_branch":"dev"}}]}`)
		case "/repos/o/r/actions/runs/30", "/repos/o/r/actions/runs/10", "/repos/o/r/actions/runs/11", "/repos/o/r/actions/runs/12":
			fmt.Fprint(w, `{"workflow_id":7}`)
		case "/repos/o/r/actions/runs/20":
			fmt.Fprint(w, `{"workflow_id":8}`)
		default:
			http.NotFound(w, r)
		}
	}))
}

// The newest unexpired artifact of this workflow wins, whichever branch
// or conclusion its run had.
func TestFindRun(t *testing.T) {
	srv := fakeGitHub(t)
	defer srv.Close()
	base := map[string]string{"INPUT_PHASE": "find", "GITHUB_API_URL": srv.URL, "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "30"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, c := range []struct {
		name string
		over map[string]string
		want string
	}{
		{"newest of this workflow", with("INPUT_GITHUB_TOKEN", "tok"), "12"},
		{"pinned run-id", with("INPUT_GITHUB_TOKEN", "tok", "INPUT_RUN_ID", "99"), "99"},
		{"no token: this run only", with(), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := env(t, c.over)
			if err := run(context.Background(), e.Action()); err != nil {
				t.Fatalf("run: %v", err)
			}
			if got := e.Outputs()["run-id"]; got != c.want {
				t.Errorf("run-id = %q, want %q", got, c.want)
			}
		})
	}
	e := env(t, with("INPUT_GITHUB_TOKEN", "wrong"))
	if err := run(context.Background(), e.Action()); err == nil || !strings.Contains(err.Error(), "HTTP 401") {
		t.Errorf("bad token: %v", err)
	}
}
