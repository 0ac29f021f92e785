package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"
)

// platform is an OS and architecture in Go's names, as the release
// workflow names its assets.
type platform struct{ GOOS, GOARCH string }

func hostPlatform() *platform { return &platform{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH} }

func (p *platform) String() string { return p.GOOS + "/" + p.GOARCH }

// exe is a program's file name on this platform.
func (p *platform) exe(name string) string {
	if p.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}

// asset is a binary's release asset name: emulator-linux-amd64,
// awslocal-windows-arm64.exe (.github/workflows/release.yml makes them).
func (p *platform) asset(name string) string {
	return p.exe(name + "-" + p.GOOS + "-" + p.GOARCH)
}

// releaseRef matches the tags the release workflow publishes: v1, v1.2,
// v1.2.3 and pre-releases like v1.2.3-rc.1. Branches and SHAs build from
// source.
var releaseRef = regexp.MustCompile(`^v[0-9]+(\.[0-9]+){0,2}(-[0-9A-Za-z.-]+)?$`)

func isReleaseRef(ref string) bool { return releaseRef.MatchString(ref) }

// errNoRelease means the release or the platform's asset does not exist;
// prepare then builds from source, as it does when the download fails. Only
// a checksum mismatch fails the step: that binary must never run.
var (
	errNoRelease = errors.New("no release asset")
	errChecksum  = errors.New("checksum mismatch")
)

// release downloads one tag's binaries from GitHub releases.
type release struct {
	BaseURL  string // default https://github.com; a mirror or test server
	Repo     string // owner/name
	Ref      string // tag
	Platform *platform
	HTTP     *http.Client
}

func httpClient() *http.Client { return &http.Client{Timeout: 2 * time.Minute} }

func (r *release) url(asset string) string {
	base := strings.TrimRight(r.BaseURL, "/")
	if base == "" {
		base = "https://github.com"
	}
	return fmt.Sprintf("%s/%s/releases/download/%s/%s", base, r.Repo, r.Ref, asset)
}

// Fetch downloads the binaries into dir, checks each against the
// release's checksums.txt (sha256sum format) and makes them executable.
func (r *release) Fetch(ctx context.Context, dir string, awslocal bool) error {
	sums, err := r.checksums(ctx)
	if err != nil {
		return err
	}
	names := []string{"emulator"}
	if awslocal {
		names = append(names, "awslocal")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, n := range names {
		asset := r.Platform.asset(n)
		want, ok := sums[asset]
		if !ok {
			return fmt.Errorf("%w: %s is not in checksums.txt of %s", errNoRelease, asset, r.Ref)
		}
		if err := r.download(ctx, asset, want, filepath.Join(dir, r.Platform.exe(n))); err != nil {
			return err
		}
	}
	return nil
}

// checksums fetches and parses checksums.txt: "<sha256>  <asset>" lines.
func (r *release) checksums(ctx context.Context) (map[string]string, error) {
	body, err := r.get(ctx, "checksums.txt")
	if err != nil {
		return nil, err
	}
	defer body.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(io.LimitReader(body, 1<<20))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 2 && len(f[0]) == 64 {
			sums[strings.TrimPrefix(f[1], "*")] = strings.ToLower(f[0])
		}
	}
	return sums, sc.Err()
}

func (r *release) get(ctx context.Context, asset string) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url(asset), nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", r.url(asset), err)
	}
	if resp.StatusCode == http.StatusNotFound {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: %s: HTTP 404", errNoRelease, r.url(asset))
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("download %s: HTTP %d", r.url(asset), resp.StatusCode)
	}
	return resp.Body, nil
}

// download writes the asset to path through a temp file, renamed into
// place only when its SHA-256 matches.
func (r *release) download(ctx context.Context, asset, wantSum, path string) error {
	body, err := r.get(ctx, asset)
	if err != nil {
		return err
	}
	defer body.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".download-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, h), body); err != nil {
		tmp.Close()
		return fmt.Errorf("download %s: %w", asset, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != wantSum {
		return fmt.Errorf("%w for %s: got sha256 %s, checksums.txt says %s", errChecksum, asset, got, wantSum)
	}
	if err := os.Chmod(tmp.Name(), 0o755); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
