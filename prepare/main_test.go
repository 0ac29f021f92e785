package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
	"github.com/setup-emulator/setup-emulator/internal/ghaction/ghatest"
)

func env(t *testing.T, over map[string]string) *ghatest.Env {
	vars := map[string]string{
		"INPUT_INSTALL_AWSLOCAL": "", "INPUT_MODE": "native", "INPUT_BUILD": "", "INPUT_SKIP_STARTUP": "",
		"INPUT_STATE_ACTION": "", "INPUT_STATE_BACKEND": "", "INPUT_STATE_NAME": "",
		"INPUT_ACTION_REF": "", "INPUT_ACTION_REPOSITORY": "", "INPUT_RELEASE_URL": "",
		"SETUP_EMULATOR_RELEASE_URL": "", ghaction.EnvActionPath: "",
		"IMAGE_NAME": "", "INPUT_IMAGE": "", "INPUT_IMAGE_TAG": "",
	}
	for k, v := range over {
		vars[k] = v
	}
	return ghatest.New(t, vars)
}

// releaseServer serves o/r's release v1.2.3 for this platform; corrupt
// makes the emulator binary differ from its checksum.
func releaseServer(t *testing.T, corrupt bool) *httptest.Server {
	p := hostPlatform()
	bins := map[string]string{p.asset("emulator"): "#!/bin/sh\necho emulator\n", p.asset("awslocal"): "#!/bin/sh\necho awslocal\n"}
	var sums strings.Builder
	for name, body := range bins {
		h := sha256.Sum256([]byte(body))
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(h[:]), name)
	}
	fmt.Fprintf(&sums, "%s  emulator-plan9-mips\n", strings.Repeat("0", 64))
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		prefix := "/o/r/releases/download/v1.2.3/"
		name, ok := strings.CutPrefix(r.URL.Path, prefix)
		switch {
		case !ok:
			http.NotFound(w, r)
		case name == "checksums.txt":
			fmt.Fprint(w, sums.String())
		case bins[name] != "":
			body := bins[name]
			if corrupt && strings.HasPrefix(name, "emulator") {
				body += "tampered"
			}
			fmt.Fprint(w, body)
		default:
			http.NotFound(w, r)
		}
	}))
}

func TestReleaseDownloadVerified(t *testing.T) {
	srv := releaseServer(t, false)
	defer srv.Close()
	e := env(t, map[string]string{"INPUT_ACTION_REF": "v1.2.3", "INPUT_ACTION_REPOSITORY": "o/r", "INPUT_RELEASE_URL": srv.URL})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run: %v\n%s", err, e.Out.String())
	}
	dir := filepath.Join(e.Dir, "setup-emulator", "bin")
	out := e.Outputs()
	if out["cli-dir"] != dir || out["source"] != "release" || out["version"] != "v1.2.3" {
		t.Errorf("outputs = %v", out)
	}
	if !slices.Contains(e.Paths(), dir) || e.Exported()[ghaction.EnvCLIDir] != dir {
		t.Errorf("PATH %q / env %v lack %s", e.Paths(), e.Exported(), dir)
	}
	for _, n := range []string{"emulator", "awslocal"} {
		fi, err := os.Stat(filepath.Join(dir, hostPlatform().exe(n)))
		if err != nil || (runtime.GOOS != "windows" && fi.Mode()&0o111 == 0) {
			t.Errorf("%s: %v (mode %v)", n, err, fi)
		}
	}
}

func TestChecksumMismatchFails(t *testing.T) {
	srv := releaseServer(t, true)
	defer srv.Close()
	e := env(t, map[string]string{"INPUT_ACTION_REF": "v1.2.3", "INPUT_ACTION_REPOSITORY": "o/r", "INPUT_RELEASE_URL": srv.URL})
	err := run(context.Background(), e.Action())
	if err == nil || !strings.Contains(err.Error(), "checksum mismatch") {
		t.Fatalf("run error = %v, want a checksum mismatch", err)
	}
	if _, err := os.Stat(filepath.Join(e.Dir, "setup-emulator", "bin", hostPlatform().exe("emulator"))); err == nil {
		t.Errorf("the tampered binary was installed")
	}
}

// fakeSource is a module with cmd/emulator and cmd/awslocal, standing in
// for the action's checkout.
func fakeSource(t *testing.T) string {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go on PATH")
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":               "module example.com/fake\n\ngo 1.21\n",
		"cmd/emulator/main.go": "package main\n\nvar version = \"x\"\n\nfunc main() { println(version) }\n",
		"cmd/awslocal/main.go": "package main\n\nfunc main() {}\n",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// No release for the ref (404): build from the action's source, without
// awslocal when install-awslocal is false.
func TestNoReleaseBuildsFromSource(t *testing.T) {
	srv := releaseServer(t, false)
	defer srv.Close()
	e := env(t, map[string]string{
		"INPUT_ACTION_REF": "v9.9.9", "INPUT_ACTION_REPOSITORY": "o/r", "INPUT_RELEASE_URL": srv.URL,
		"INPUT_INSTALL_AWSLOCAL": "false", ghaction.EnvActionPath: fakeSource(t),
	})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run: %v\n%s", err, e.Out.String())
	}
	dir := e.Outputs()["cli-dir"]
	if e.Outputs()["source"] != "build" {
		t.Errorf("source = %q, want build", e.Outputs()["source"])
	}
	out, err := exec.Command(filepath.Join(dir, hostPlatform().exe("emulator"))).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "v9.9.9" {
		t.Errorf("built emulator printed %q, %v; want the ref as its version", out, err)
	}
	if _, err := os.Stat(filepath.Join(dir, hostPlatform().exe("awslocal"))); err == nil {
		t.Errorf("awslocal installed with install-awslocal false")
	}
}

// A branch ref (uses: ./ or @main) never looks for a release.
func TestBranchRefBuilds(t *testing.T) {
	e := env(t, map[string]string{"INPUT_ACTION_REF": "main", "INPUT_ACTION_REPOSITORY": "o/r",
		"INPUT_RELEASE_URL": "http://127.0.0.1:1", ghaction.EnvActionPath: fakeSource(t)})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run: %v", err)
	}
	if w := e.Commands("warning"); len(w) > 0 {
		t.Errorf("a branch ref tried a download: %q", w)
	}
}

func TestStateInputsValidated(t *testing.T) {
	for _, c := range []struct{ action, backend, name, want string }{
		{"start", "", "x", "ephemeral"},
		{"lod", "", "x", "want load, save"},
		{"save", "cloud-pods", "x", "only local"},
		{"load", "", "", "needs a state-name"},
	} {
		e := env(t, map[string]string{"INPUT_STATE_ACTION": c.action, "INPUT_STATE_BACKEND": c.backend, "INPUT_STATE_NAME": c.name})
		err := run(context.Background(), e.Action())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("state-action %q backend %q name %q: error %v, want %q", c.action, c.backend, c.name, err, c.want)
		}
	}
}

func TestReleaseRefs(t *testing.T) {
	for ref, want := range map[string]bool{"v1": true, "v1.2": true, "v1.2.3": true, "v1.2.3-rc.1": true,
		"": false, "main": false, "1.2.3": false, "0123456789abcdef0123456789abcdef01234567": false, "v1/x": false} {
		if got := isReleaseRef(ref); got != want {
			t.Errorf("isReleaseRef(%q) = %v, want %v", ref, got, want)
		}
	}
}

func TestRefFromPath(t *testing.T) {
	for p, want := range map[string][2]string{
		"/home/runner/work/_actions/setup-emulator/setup-emulator/v1":            {"setup-emulator/setup-emulator", "v1"},
		"/home/runner/work/_actions/setup-emulator/setup-emulator/v1/prepare/..": {"setup-emulator/setup-emulator", "v1"},
		"/home/runner/work/repo/repo":                                            {"", ""},
		"":                                                                       {"", ""},
	} {
		repo, ref := refFromPath(p)
		if repo != want[0] || ref != want[1] {
			t.Errorf("refFromPath(%q) = %q, %q; want %q", p, repo, ref, want)
		}
	}
}
