// Package endpoint talks to a running emulator over HTTP the way users do:
// LocalStack's /_localstack/health document.
package endpoint

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Health is LocalStack's GET /_localstack/health document:
// {"services": {"s3": "running", ...}, "edition": "...", "version": "..."}.
// Raw keeps the whole document so `status --format json` loses nothing.
type Health struct {
	Services map[string]string `json:"services"`
	Edition  string            `json:"edition"`
	Version  string            `json:"version"`
	Raw      json.RawMessage   `json:"-"`
}

// Client reaches one gateway. The zero HTTP client is replaced by one with a
// short timeout so a hung server never hangs a CLI command.
type Client struct {
	URL  string
	HTTP *http.Client
}

// New returns a client for url with a per-request timeout.
func New(url string, timeout time.Duration) *Client {
	return &Client{URL: url, HTTP: &http.Client{Timeout: timeout}}
}

// Health fetches the health document. A non-200 status is an error that
// names the status.
func (c *Client) Health(ctx context.Context) (*Health, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.URL+"/_localstack/health", nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s/_localstack/health: HTTP %d", c.URL, resp.StatusCode)
	}
	var h Health
	if err := json.Unmarshal(body, &h); err != nil {
		return nil, fmt.Errorf("GET %s/_localstack/health: invalid JSON: %w", c.URL, err)
	}
	h.Raw = body
	return &h, nil
}

// Kill asks the server to shut down: POST {"action":"kill"} to the health
// endpoint, as LocalStack's HealthResource accepts.
func (c *Client) Kill(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL+"/_localstack/health",
		bytes.NewBufferString(`{"action":"kill"}`))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s/_localstack/health kill: HTTP %d", c.URL, resp.StatusCode)
	}
	return nil
}
