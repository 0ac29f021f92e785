package main

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// client reaches the emulator's state endpoints (server/state/http.go,
// LocalStack's paths).
type client struct {
	Endpoint string
	HTTP     *http.Client
}

// Export streams GET /_localstack/pods/state into path through a temp
// file and checks the result is a readable zip, so a cut stream never
// becomes an artifact.
func (c *client) Export(ctx context.Context, path string) (int64, error) {
	url := c.Endpoint + "/_localstack/pods/state"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, fmt.Errorf("state export: %w (is the emulator running?)", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("state export: GET %s: HTTP %d: %s", url, resp.StatusCode, snippet(resp.Body))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := io.Copy(tmp, resp.Body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("state export: reading %s: %w", url, err)
	}
	if zr, err := zip.OpenReader(tmp.Name()); err != nil {
		return 0, fmt.Errorf("state export: %s did not return a zip archive: %w", url, err)
	} else {
		zr.Close()
	}
	return n, os.Rename(tmp.Name(), path)
}

// importResult is one NDJSON line of POST /_localstack/pods.
type importResult struct {
	Service string `json:"service"`
	Status  string `json:"status"`
	Error   string `json:"error"`
}

// Import POSTs the archive to /_localstack/pods and returns a one-line
// summary; any service reported as failed is an error.
func (c *client) Import(ctx context.Context, path string) (string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("state import: %s does not exist: no state artifact was found (was it saved under this state-name, in this run or, with github-token, in an earlier one?)", path)
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	url := c.Endpoint + "/_localstack/pods"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, f)
	if err != nil {
		return "", err
	}
	req.ContentLength = fi.Size()
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return "", fmt.Errorf("state import: %w (is the emulator running?)", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("state import: POST %s: HTTP %d: %s", url, resp.StatusCode, snippet(resp.Body))
	}
	var ok, failed []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r importResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return "", fmt.Errorf("state import: unreadable result line %q: %w", line, err)
		}
		if r.Status == "ok" {
			ok = append(ok, r.Service)
		} else {
			failed = append(failed, fmt.Sprintf("%s (%s: %s)", r.Service, r.Status, r.Error))
		}
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("state import: reading the results: %w", err)
	}
	if len(failed) > 0 {
		return "", fmt.Errorf("state import: not restored: %s", strings.Join(failed, ", "))
	}
	if len(ok) == 0 {
		return "no services in the archive", nil
	}
	return "restored " + strings.Join(ok, ", "), nil
}

// snippet is the start of an error body, for messages.
func snippet(r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, 512))
	return strings.TrimSpace(string(b))
}
