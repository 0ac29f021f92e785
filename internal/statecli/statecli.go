// Package statecli is the logic of `emulator state export|import|reset`:
// it talks to a running emulator over its state endpoints
// (/_localstack/pods, /_localstack/state/...), as users and lstk do.
package statecli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Result is one NDJSON line of an import or reset:
// {"event": "service", "service", "status", "error"}.
type Result struct {
	Event   string `json:"event"`
	Service string `json:"service"`
	Status  string `json:"status"`
	Error   string `json:"error,omitempty"`
}

// Client reaches one emulator. HTTP has no overall timeout by default:
// exports and imports of large state take as long as they take; cancel
// through the context.
type Client struct {
	URL  string
	HTTP *http.Client
}

// New returns a client for the emulator at base (http://localhost:4566).
func New(base string) *Client {
	return &Client{URL: strings.TrimRight(base, "/"), HTTP: &http.Client{}}
}

func servicesQuery(services []string) string {
	if len(services) == 0 {
		return ""
	}
	return "services=" + url.QueryEscape(strings.Join(services, ","))
}

// Export streams the snapshot of services (all when empty) to w and
// returns its size in bytes.
func (c *Client) Export(ctx context.Context, w io.Writer, services []string) (int64, error) {
	u := c.URL + "/_localstack/pods/state"
	if q := servicesQuery(services); q != "" {
		u += "?" + q
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, httpError("GET", u, resp)
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("GET %s: %w", u, err)
	}
	return n, nil
}

// ExportFile exports to path atomically: the file appears complete or not
// at all.
func (c *Client) ExportFile(ctx context.Context, path string, services []string) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	n, err := c.Export(ctx, tmp, services)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return n, err
}

// Import uploads a snapshot; merge adds to the running state instead of
// replacing it.
func (c *Client) Import(ctx context.Context, r io.Reader, merge bool, services []string) ([]Result, error) {
	q := url.Values{}
	if merge {
		q.Set("merge", "true")
	}
	if len(services) > 0 {
		q.Set("services", strings.Join(services, ","))
	}
	u := c.URL + "/_localstack/pods"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return c.post(ctx, u, "application/zip", r)
}

// Reset empties the services named (all when none).
func (c *Client) Reset(ctx context.Context, services []string) ([]Result, error) {
	if len(services) == 0 {
		return c.post(ctx, c.URL+"/_localstack/state/reset", "", nil)
	}
	var out []Result
	for _, s := range services {
		res, err := c.post(ctx, c.URL+"/_localstack/state/"+url.PathEscape(s)+"/reset", "", nil)
		if err != nil {
			return out, err
		}
		out = append(out, res...)
	}
	return out, nil
}

func (c *Client) post(ctx context.Context, u, contentType string, body io.Reader) ([]Result, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, body)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, httpError("POST", u, resp)
	}
	out := []Result{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return out, fmt.Errorf("POST %s: bad answer line %q", u, line)
		}
		if r.Event != "" && r.Event != "service" {
			continue // other stream events (LocalStack's "completion", ...)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

// Failed returns an error naming the services whose status is not "ok".
func Failed(results []Result) error {
	var bad []string
	for _, r := range results {
		if r.Status != "ok" {
			bad = append(bad, r.Service+": "+r.Error)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("failed: %s", strings.Join(bad, "; "))
}

func httpError(method, u string, resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	msg := strings.TrimSpace(string(b))
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(b, &e) == nil && e.Error != "" {
		msg = e.Error
	}
	if resp.StatusCode == http.StatusNotFound && msg == "" {
		msg = "this emulator has no state endpoints (LocalStack community? they are Pro-only there)"
	}
	return fmt.Errorf("%s %s: HTTP %d: %s", method, u, resp.StatusCode, msg)
}
