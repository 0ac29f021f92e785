package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func get(t *testing.T, method, url, body string, hdr map[string]string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// The health document's exact bytes: LocalStack prints it with Python's
// json.dumps separators (localstack-runtime.md §1), and CI scripts grep for
// `"s3": "running"`.
func TestHealthDocument(t *testing.T) {
	url := newServer(t, map[string]string{"SERVICES": "sts"})
	status, hdr, body := get(t, "GET", url+"/_localstack/health", "", nil)
	if status != 200 || hdr.Get("x-localstack") != "true" {
		t.Fatalf("status %d, headers %v", status, hdr)
	}
	if !strings.HasPrefix(body, `{"services": {`) || !strings.Contains(body, `"sts": "available"`) || !strings.HasSuffix(body, `"edition": "community", "version": "dev"}`) {
		t.Fatalf("health body: %s", body)
	}
	if !strings.Contains(body, `"disabled"`) && strings.Count(body, ":") > 4 {
		t.Errorf("services outside SERVICES should be disabled: %s", body)
	}
	// HEAD answers 200; PUT merges ("a:b" nests); unknown paths 404 empty.
	if s, _, _ := get(t, "HEAD", url+"/_localstack/health", "", nil); s != 200 {
		t.Errorf("HEAD health: %d", s)
	}
	if s, _, b := get(t, "PUT", url+"/_localstack/health", `{"features:persistence": "enabled"}`, nil); s != 200 || b != `{"status": "OK"}` {
		t.Errorf("PUT health: %d %s", s, b)
	}
	_, _, body = get(t, "GET", url+"/_localstack/health", "", nil)
	if !strings.Contains(body, `"features": {"persistence": "enabled"}`) {
		t.Errorf("merged key missing: %s", body)
	}
	if s, _, b := get(t, "GET", url+"/_localstack/nope", "", nil); s != 404 || b != "" {
		t.Errorf("unknown internal path: %d %q", s, b)
	}
	if s, _, b := get(t, "POST", url+"/_localstack/health", `{"action": "dance"}`, nil); s != 400 || b != "invalid request" {
		t.Errorf("bad action: %d %q", s, b)
	}
}

func TestInfoAndInit(t *testing.T) {
	url := newServer(t, nil)
	_, _, body := get(t, "GET", url+"/_localstack/info", "", nil)
	for _, k := range []string{`"version": `, `"edition": "community"`, `"is_license_activated": false`, `"session_id": `, `"uptime": `} {
		if !strings.Contains(body, k) {
			t.Errorf("info lacks %s: %s", k, body)
		}
	}
	_, _, body = get(t, "GET", url+"/_localstack/init", "", nil)
	if body != `{"completed": {"BOOT": true, "START": true, "READY": true, "SHUTDOWN": false}, "scripts": []}` {
		t.Errorf("init: %s", body)
	}
	if s, _, b := get(t, "GET", url+"/_localstack/init/ready", "", nil); s != 200 || b != `{"completed": true, "scripts": []}` {
		t.Errorf("init/ready: %d %s", s, b)
	}
	if s, _, b := get(t, "GET", url+"/_localstack/init/nope", "", nil); s != 404 || b != "no such stage nope" {
		t.Errorf("init/nope: %d %s", s, b)
	}
}

// CORS as LocalStack does it (localstack-runtime.md §8): unknown origins are
// refused with an empty 403, preflights answer 204, allowed origins are echoed.
func TestCORS(t *testing.T) {
	url := newServer(t, map[string]string{"EXTRA_CORS_ALLOWED_ORIGINS": "http://app.example"})
	if s, _, b := get(t, "GET", url+"/_localstack/health", "", map[string]string{"Origin": "http://evil.example"}); s != 403 || b != "" {
		t.Errorf("blocked origin: %d %q", s, b)
	}
	s, h, _ := get(t, "OPTIONS", url+"/", "", map[string]string{"Origin": "http://app.example", "Access-Control-Request-Method": "POST"})
	if s != 204 || h.Get("Access-Control-Allow-Origin") != "http://app.example" || h.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("preflight: %d %v", s, h)
	}
	open := newServer(t, map[string]string{"DISABLE_CORS_CHECKS": "1"})
	if s, _, _ := get(t, "GET", open+"/_localstack/health", "", map[string]string{"Origin": "http://evil.example"}); s != 200 {
		t.Errorf("DISABLE_CORS_CHECKS: %d", s)
	}
}
