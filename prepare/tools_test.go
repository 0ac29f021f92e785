package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// toolsRun runs prepare/tools.sh like the composite step does.
func toolsRun(t *testing.T, root string, env ...string) (outDir, log string, err error) {
	t.Helper()
	for _, tool := range []string{"bash", "curl", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	if runtime.GOOS == "windows" {
		t.Skip("tools.sh runs under Git Bash on Windows; not tested here")
	}
	tmp := t.TempDir()
	ghOut := filepath.Join(tmp, "output")
	cmd := exec.Command("bash", "tools.sh", root)
	cmd.Env = append([]string{"RUNNER_TEMP=" + tmp, "GITHUB_OUTPUT=" + ghOut, "RUNNER_OS=Linux", "RUNNER_ARCH=X64",
		"HOME=" + os.Getenv("HOME"), "GOCACHE=" + goEnv(t, "GOCACHE"), "GOPATH=" + goEnv(t, "GOPATH")}, env...)
	b, err := cmd.CombinedOutput()
	o, _ := os.ReadFile(ghOut)
	return strings.TrimPrefix(strings.TrimSpace(string(o)), "dir="), string(b), err
}

func goEnv(t *testing.T, k string) string {
	out, err := exec.Command("go", "env", k).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// actionRelease serves o/r's v1.2.3 with setup-emulator-action-linux-amd64.tar.gz.
func actionRelease(t *testing.T, corrupt bool) *httptest.Server {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, n := range []string{"prepare", "startup", "state", "finish"} {
		body := "#!/bin/sh\necho " + n + "\n"
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o755, Size: int64(len(body))})
		tw.Write([]byte(body))
	}
	tw.Close()
	gz.Close()
	archive := buf.Bytes()
	sum := sha256.Sum256(archive)
	if corrupt {
		sum[0] ^= 1
	}
	sums := fmt.Sprintf("%s  setup-emulator-action-linux-amd64.tar.gz\n", hex.EncodeToString(sum[:]))
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/o/r/releases/download/v1.2.3/checksums.txt":
			fmt.Fprint(w, sums)
		case "/o/r/releases/download/v1.2.3/setup-emulator-action-linux-amd64.tar.gz":
			w.Write(archive)
		default:
			http.NotFound(w, r)
		}
	}))
}

func TestToolsDownloadsReleasedPrograms(t *testing.T) {
	srv := actionRelease(t, false)
	defer srv.Close()
	// No go on PATH: a released ref must not need it.
	dir, log, err := toolsRun(t, t.TempDir(), "PATH=/usr/bin:/bin", "ACTION_REF=v1.2.3", "ACTION_REPOSITORY=o/r", "SETUP_EMULATOR_RELEASE_URL="+srv.URL)
	if err != nil {
		t.Fatalf("tools.sh: %v\n%s", err, log)
	}
	out, err := exec.Command(filepath.Join(dir, "finish")).Output()
	if err != nil || strings.TrimSpace(string(out)) != "finish" {
		t.Errorf("installed finish printed %q, %v", out, err)
	}
}

func TestToolsChecksumMismatchFails(t *testing.T) {
	srv := actionRelease(t, true)
	defer srv.Close()
	dir, log, err := toolsRun(t, t.TempDir(), "PATH="+os.Getenv("PATH"), "ACTION_REF=v1.2.3", "ACTION_REPOSITORY=o/r", "SETUP_EMULATOR_RELEASE_URL="+srv.URL)
	if err == nil || !strings.Contains(log, "checksum mismatch") {
		t.Fatalf("tools.sh: %v, want a checksum failure\n%s", err, log)
	}
	if dir != "" {
		t.Errorf("dir output %q set after a failure", dir)
	}
}

// Without a release it builds the four programs from the action's source;
// with neither a release nor Go it says what to do.
func TestToolsBuildsWithoutRelease(t *testing.T) {
	srv := actionRelease(t, false)
	defer srv.Close()
	root := t.TempDir()
	files := map[string]string{"go.mod": "module example.com/fake\n\ngo 1.21\n"}
	for _, n := range []string{"prepare", "startup", "state", "finish"} {
		files[n+"/main.go"] = "package main\n\nfunc main() { println(\"" + n + "\") }\n"
	}
	for name, body := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir, log, err := toolsRun(t, root, "PATH="+os.Getenv("PATH"), "ACTION_REF=v9.9.9", "ACTION_REPOSITORY=o/r", "SETUP_EMULATOR_RELEASE_URL="+srv.URL)
	if err != nil {
		t.Fatalf("tools.sh: %v\n%s", err, log)
	}
	if _, err := os.Stat(filepath.Join(dir, "state")); err != nil || !strings.Contains(log, "Built the action's programs") {
		t.Errorf("no build: %v\n%s", err, log)
	}
	_, log, err = toolsRun(t, root, "PATH=/usr/bin:/bin", "ACTION_REF=main")
	if err == nil || !strings.Contains(log, "no Go is on PATH") {
		t.Errorf("without Go or a release: %v\n%s", err, log)
	}
}
