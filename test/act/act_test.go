//go:build e2e

// The act tests run the real action.yml end to end on this machine under
// nektos/act (-self-hosted: steps run on the host, Docker only for our
// image), with local stand-ins for actions/upload-artifact@v4 and
// actions/download-artifact@v4, which cannot be fetched offline.
//
//	go install github.com/nektos/act@v0.2.89
//	go test -tags e2e -run TestAct -v ./test/act/

package act

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// findAct returns the act binary: $ACT, PATH, then $GOPATH/bin.
func findAct(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ACT"); p != "" {
		return p
	}
	if p, err := exec.LookPath("act"); err == nil {
		return p
	}
	out, err := exec.Command("go", "env", "GOPATH").Output()
	if err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "act")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("act not installed: go install github.com/nektos/act@v0.2.89")
	return ""
}

// snapshot is the tree act runs: by default a copy of the committed HEAD
// (git archive), so other developers' half-edited files in a shared
// checkout cannot break the build inside the jobs. SETUP_EMULATOR_ACT_LIVE=1
// runs the working tree as it is.
func snapshot(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	if os.Getenv("SETUP_EMULATOR_ACT_LIVE") == "1" {
		return root
	}
	snap.once.Do(func() { snap.dir, snap.err = makeSnapshot(root) })
	if snap.err != nil {
		t.Fatal(snap.err)
	}
	return snap.dir
}

// snap is taken once per test binary, so every act test runs the same
// commit even while other developers commit.
var snap struct {
	once sync.Once
	dir  string
	err  error
}

func makeSnapshot(root string) (string, error) {
	tmp, err := os.MkdirTemp("", "setup-emulator-act-snapshot-")
	if err != nil {
		return "", err
	}
	dir := filepath.Join(tmp, "repo")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	archive := exec.Command("git", "-C", root, "archive", "--format=tar", "HEAD")
	extract := exec.Command("tar", "-x", "-C", dir)
	pipe, err := archive.StdoutPipe()
	if err != nil {
		return "", err
	}
	extract.Stdin = pipe
	if err := extract.Start(); err != nil {
		return "", err
	}
	if err := archive.Run(); err != nil {
		return "", fmt.Errorf("git archive HEAD: %w", err)
	}
	if err := extract.Wait(); err != nil {
		return "", fmt.Errorf("tar: %w", err)
	}
	// act reads the repository's git metadata (sha, ref) for the github context.
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"commit", "-q", "-m", "snapshot"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=act", "GIT_AUTHOR_EMAIL=act@example.com",
			"GIT_COMMITTER_NAME=act", "GIT_COMMITTER_EMAIL=act@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return dir, nil
}

// TestMain removes the snapshot.
func TestMain(m *testing.M) {
	code := m.Run()
	if snap.dir != "" {
		os.RemoveAll(filepath.Dir(snap.dir))
	}
	os.Exit(code)
}

// actRun is one act invocation and what it printed.
type actRun struct {
	log       string
	artifacts string // the stand-ins' artifact root
	took      time.Duration
	err       error
}

// runAct runs act in dir with the stand-ins and the given extra args and
// fails the test when act fails.
func runAct(t *testing.T, root, dir string, args ...string) *actRun {
	t.Helper()
	r := runActNoCheck(t, root, dir, args...)
	if r.err != nil {
		t.Errorf("act failed: %v\n%s", r.err, tail(r.log, 120))
	}
	return r
}

// runActNoCheck runs act in dir, which is inside root (a snapshot), with
// the artifact stand-ins of root.
func runActNoCheck(t *testing.T, root, dir string, args ...string) *actRun {
	t.Helper()
	tmp := t.TempDir()
	r := &actRun{artifacts: filepath.Join(tmp, "artifacts")}
	full := append([]string{
		"-P", "ubuntu-latest=-self-hosted",
		"--no-cache-server",
		"--artifact-server-addr", "127.0.0.1",
		"--artifact-server-path", filepath.Join(tmp, "artifact-server"),
		"--action-cache-path", filepath.Join(tmp, "action-cache"),
		"--local-repository", "actions/upload-artifact@v4=" + filepath.Join(root, "test/act/upload-artifact"),
		"--local-repository", "actions/download-artifact@v4=" + filepath.Join(root, "test/act/download-artifact"),
		"--env", "SETUP_EMULATOR_ACT_ARTIFACTS=" + r.artifacts,
	}, args...)
	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, findAct(t), full...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ACT_DISABLE_VERSION_CHECK=1",
		// Never let the runner's own endpoint settings leak into the jobs.
		"AWS_ENDPOINT_URL=", "IMAGE_NAME=", "LOCALSTACK_HOST=")
	begin := time.Now()
	out, err := cmd.CombinedOutput()
	r.took, r.log, r.err = time.Since(begin), string(out), err
	logPath := filepath.Join(os.TempDir(), "setup-emulator-act-"+strings.ReplaceAll(t.Name(), "/", "-")+".log")
	_ = os.WriteFile(logPath, out, 0o644)
	t.Logf("act %s: %v in %s (log %s)", strings.Join(args, " "), err, r.took.Round(time.Second), logPath)
	return r
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// jobResults maps "job-n" to "succeeded"/"failed" from act's text log.
func jobResults(log string) map[string]string {
	re := regexp.MustCompile(`^\[[^/]+/([^\]]+?)\s*\] 🏁  Job (succeeded|failed)`)
	res := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			res[m[1]] = m[2]
		}
	}
	return res
}

// cleanup removes what a failed run may leave: our containers (by their
// e2e names) and native processes on the e2e ports.
func cleanup(t *testing.T) {
	t.Cleanup(func() {
		for _, n := range []string{"setup-emulator-e2e-docker", "setup-emulator-e2e-native", "setup-emulator-e2e-sub", "setup-emulator-e2e-consumer", "setup-emulator-e2e-fail"} {
			_ = exec.Command("docker", "rm", "-f", n).Run()
		}
	})
}

// TestActActionE2E runs .github/workflows/action-e2e.yml: save (docker and
// native) → load (docker and native), and the sub-actions job.
func TestActActionE2E(t *testing.T) {
	cleanup(t)
	root := snapshot(t)
	args := []string{"workflow_dispatch", "-W", ".github/workflows/action-e2e.yml"}
	r := runActNoCheck(t, root, root, args...)
	if r.err != nil && strings.Contains(r.log, "port is already allocated") {
		// The CLI always binds 127.0.0.1:4510-4559 in docker mode, so on a
		// shared machine another emulator container can hold them for a
		// while. Retry once instead of failing on someone else's container.
		t.Logf("docker ports 4510-4559 were taken by another container; retrying in 30s")
		time.Sleep(30 * time.Second)
		r = runActNoCheck(t, root, root, args...)
	}
	if r.err != nil {
		t.Errorf("act failed: %v\n%s", r.err, tail(r.log, 120))
	}
	jobs := jobResults(r.log)
	for _, j := range []string{"save-1", "save-2", "load-1", "load-2", "subactions", "cli-only"} {
		if jobs[j] != "succeeded" {
			t.Errorf("job %s: %q, want succeeded (all: %v)", j, jobs[j], jobs)
		}
	}
	for _, name := range []string{"e2e-state-docker", "e2e-state-native", "e2e-sub-state"} {
		// The state zips really went through the artifact stand-in.
		zip := filepath.Join(r.artifacts, "1", name, name+".zip")
		if fi, err := os.Stat(zip); err != nil || fi.Size() == 0 {
			t.Errorf("state artifact %s: %v", zip, err)
		}
	}
	for _, want := range []string{
		"Summary - ### setup-emulator", // finish wrote the job summary
		"| mode | docker |", "| mode | native |",
		"Imported ", // the load job imported the state
		"Stopped emulator setup-emulator-e2e-docker",
		"Stopped emulator setup-emulator-e2e-native",
	} {
		if !strings.Contains(r.log, want) {
			t.Errorf("act log lacks %q", want)
		}
	}
	// The configuration's $() and backticks never ran.
	if _, err := os.Stat("/tmp/setup-emulator-e2e-pwned"); err == nil {
		t.Errorf("/tmp/setup-emulator-e2e-pwned exists: the configuration was executed")
	}
	if out, _ := exec.Command("docker", "ps", "-aq", "--filter", "name=setup-emulator-e2e-").Output(); len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("containers left behind: %s", out)
	}
}

// TestActConsumer runs the action as another repository uses it,
// `setup-emulator/setup-emulator@v1` and `.../finish@v1`, mapped to this
// checkout. The ref looks like a release, so prepare tries the release
// download first (pointed at a closed port) and falls back to building.
func TestActConsumer(t *testing.T) {
	cleanup(t)
	root := snapshot(t)
	r := runAct(t, root, filepath.Join(root, "test/act/consumer"), "workflow_dispatch", "-W", ".github/workflows/consumer.yml",
		"--local-repository", "setup-emulator/setup-emulator@v1="+root,
		"--env", "SETUP_EMULATOR_RELEASE_URL=http://127.0.0.1:1")
	if got := jobResults(r.log)["consume"]; got != "succeeded" {
		t.Errorf("job consume: %q, want succeeded", got)
	}
	for _, want := range []string{
		"No prebuilt action programs",  // tools.sh tried the release first
		"building from source instead", // so did prepare, for the emulator
		"Stopped emulator setup-emulator-e2e-consumer",
	} {
		if !strings.Contains(r.log, want) {
			t.Errorf("act log lacks %q", want)
		}
	}
}

// TestActStartupFails: an emulator that exits at once fails the startup
// step with its exit code and log tail as an annotation; finish still runs,
// uploads the log and leaves nothing running.
func TestActStartupFails(t *testing.T) {
	cleanup(t)
	root := snapshot(t)
	r := runActExpectFailure(t, root, root, "workflow_dispatch", "-W", "test/act/workflows/startup-fails.yml")
	if got := jobResults(r.log)["fail"]; got != "failed" {
		t.Errorf("job fail: %q, want failed", got)
	}
	var annotation string
	for _, l := range strings.Split(r.log, "\n") {
		if strings.Contains(l, "::error title=setup-emulator startup::") {
			annotation = l
		}
	}
	for _, want := range []string{"exited with code", "EXITED", "Last ", "GATEWAY_LISTEN"} {
		if !strings.Contains(annotation, want) {
			t.Errorf("startup annotation lacks %q: %q", want, annotation)
		}
	}
	if strings.Contains(r.log, "startup should have failed") {
		t.Errorf("the step after a failed startup ran")
	}
	logs, _ := filepath.Glob(filepath.Join(r.artifacts, "*", "emulator-log-fail-*", "*.log"))
	if len(logs) != 1 {
		t.Errorf("log artifacts = %q, want one", logs)
	}
}

// runActExpectFailure is runAct for a workflow that must fail.
func runActExpectFailure(t *testing.T, root, dir string, args ...string) *actRun {
	t.Helper()
	r := runActNoCheck(t, root, dir, args...)
	if r.err == nil {
		t.Errorf("act succeeded, want a failed workflow\n%s", tail(r.log, 80))
	}
	return r
}

// TestActReusableWorkflow calls .github/workflows/emulator.yml the way a
// user's workflow does, as a remote reusable workflow at @v1.
func TestActReusableWorkflow(t *testing.T) {
	cleanup(t)
	root := snapshot(t)
	r := runAct(t, root, filepath.Join(root, "test/act/consumer"), "workflow_dispatch", "-W", ".github/workflows/reusable.yml",
		"--local-repository", "setup-emulator/setup-emulator@v1="+root,
		"--env", "SETUP_EMULATOR_RELEASE_URL=http://127.0.0.1:1")
	for job, res := range jobResults(r.log) {
		if res != "succeeded" {
			t.Errorf("job %s: %s", job, res)
		}
	}
	if len(jobResults(r.log)) == 0 {
		t.Errorf("no job ran")
	}
}
