//go:build e2e

// End-to-end tests against the real Docker engine and real processes:
// go test -tags e2e ./cmd/emulator (make e2e). They build the binaries and
// the image from the Dockerfile, then drive the built CLI as users do.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const e2eImage = "setup-emulator:e2e"

// repoRoot is two levels up from this package.
func repoRoot(t *testing.T) string {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// buildBinaries compiles emulator and awslocal into a temp dir.
func buildBinaries(t *testing.T) (emulator, awslocal string) {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"emulator", "awslocal"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, name), "./cmd/"+name)
		cmd.Dir = repoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", name, err, out)
		}
	}
	return filepath.Join(dir, "emulator"), filepath.Join(dir, "awslocal")
}

func needDocker(t *testing.T) {
	t.Helper()
	if out, err := exec.Command("docker", "version", "--format", "{{.Server.Version}}").CombinedOutput(); err != nil {
		t.Skipf("no Docker engine: %v: %s", err, out)
	}
}

// buildImage runs `make image` (binaries on the host, then docker build).
func buildImage(t *testing.T, target, tag string) {
	t.Helper()
	begin := time.Now()
	cmd := exec.Command("make", target, "IMAGE="+e2eImage, "FULL_IMAGE="+tag)
	cmd.Dir = repoRoot(t)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make %s: %v\n%s", target, err, out)
	}
	t.Logf("make %s: %s", target, time.Since(begin).Round(time.Millisecond))
}

// freePort returns a loopback port nothing listens on now.
func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

type runner struct {
	t    *testing.T
	bin  string
	base []string // flags every command gets: --name, --port, --volume, ...
	env  []string
}

// run executes the CLI and returns its exit code and output.
func (c runner) run(args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	cmd := exec.Command(c.bin, append(append([]string{}, args...), c.base...)...)
	cmd.Env = append(os.Environ(), c.env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		c.t.Fatalf("%s %v: %v", c.bin, args, err)
	}
	return code, out.String(), errOut.String()
}

func (c runner) must(args ...string) string {
	c.t.Helper()
	code, out, errOut := c.run(args...)
	if code != 0 {
		c.t.Fatalf("emulator %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// flow is the Must-show sequence: start -d, wait, status services
// --format=json, AWS CLI calls through awslocal, logs, stop.
func flow(t *testing.T, c runner, awslocal, port string) {
	begin := time.Now()
	c.must("start", "-d")
	c.must("wait", "-t", "90")
	t.Logf("start -d + wait: %s", time.Since(begin).Round(time.Millisecond))

	// Idempotent: a second start leaves the running emulator alone.
	var res struct{ Data struct{ Started bool } }
	if err := json.Unmarshal([]byte(c.must("start", "-d", "--json")), &res); err != nil || res.Data.Started {
		t.Errorf("second start: started=%v err=%v, want a no-op", res.Data.Started, err)
	}

	var services map[string]string
	out := c.must("status", "services", "--format=json")
	if err := json.Unmarshal([]byte(out), &services); err != nil || len(services) == 0 {
		t.Fatalf("status services --format=json = %q: %v", out, err)
	}
	if _, ok := services["sqs"]; !ok {
		t.Errorf("services %v lack sqs", services)
	}

	awsCLI(t, awslocal, port)

	if logs := c.must("logs"); !strings.Contains(logs, "Ready.") {
		t.Errorf("logs = %q, want the Ready. line", logs)
	}
	if logs := c.must("logs", "-n", "1"); strings.Count(logs, "\n") > 1 {
		t.Errorf("logs -n 1 = %q", logs)
	}
	c.must("stop")
	if code, _, _ := c.run("status", "--quiet"); code != 3 {
		t.Errorf("status after stop: exit %d, want 3", code)
	}
	if code, _, _ := c.run("stop"); code != 3 {
		t.Errorf("second stop: exit %d, want 3", code)
	}
	// The log survives the stop.
	if logs := c.must("logs"); !strings.Contains(logs, "Ready.") {
		t.Errorf("logs after stop = %q", logs)
	}
}

// awsCLI runs the user's AWS CLI through awslocal, when there is one.
func awsCLI(t *testing.T, awslocal, port string) {
	t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Log("no aws CLI on PATH: skipping the awslocal calls")
		return
	}
	home := t.TempDir() // no ~/.aws: awslocal supplies test/test/us-east-1
	call := func(args ...string) string {
		cmd := exec.Command(awslocal, args...)
		cmd.Env = append(withoutAWS(os.Environ()), "HOME="+home, "AWS_ENDPOINT_URL=http://localhost:"+port)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("awslocal %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	// The access key "test" maps to account 000000000000 (LocalStack's
	// localstack/aws/accounts.py).
	if out := call("sts", "get-caller-identity", "--output", "text", "--query", "Account"); strings.TrimSpace(out) != "000000000000" {
		t.Errorf("sts get-caller-identity Account = %q", out)
	}
	if out := call("sqs", "create-queue", "--queue-name", "e2e-queue"); !strings.Contains(out, "e2e-queue") {
		t.Errorf("sqs create-queue = %q", out)
	}
	if out := call("sqs", "list-queues"); !strings.Contains(out, "e2e-queue") {
		t.Errorf("sqs list-queues = %q", out)
	}
}

// withoutAWS drops AWS_* settings (credentials, profile, region) but keeps
// AWS_CA_BUNDLE, so awslocal's defaults apply.
func withoutAWS(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "AWS_CA_BUNDLE=") {
			out = append(out, kv)
		}
	}
	return out
}

func TestDockerFlow(t *testing.T) {
	needDocker(t)
	emulator, awslocal := buildBinaries(t)
	buildImage(t, "image", "")
	size, _ := exec.Command("docker", "image", "inspect", "-f", "{{.Size}}", e2eImage).Output()
	t.Logf("%s size: %s bytes", e2eImage, strings.TrimSpace(string(size)))
	if n, _ := strconv.Atoi(strings.TrimSpace(string(size))); n > 25_000_000 {
		t.Errorf("image is %d bytes, want under 25 MB", n)
	}

	port := freePort(t)
	name := "e2e-" + port
	// A one-port service range on a free port: other packages' tests may run
	// emulators at the same time, and 4510-4559 can be taken only once.
	sp := freePort(t)
	c := runner{t: t, bin: emulator, base: []string{"--name", name, "--port", port, "--volume", t.TempDir(),
		"--service-ports", sp + "-" + sp},
		env: []string{"IMAGE_NAME=" + e2eImage, "AWS_ENDPOINT_URL=", "LOCALSTACK_HOST="}}
	t.Cleanup(func() { exec.Command("docker", "rm", "-f", name).Run() })
	flow(t, c, awslocal, port)
	if out, err := exec.Command("docker", "inspect", name).CombinedOutput(); err == nil {
		t.Errorf("container %s still exists after stop: %s", name, out)
	}
}

func TestDockerCrashFailsWaitFast(t *testing.T) {
	needDocker(t)
	emulator, _ := buildBinaries(t)
	buildImage(t, "image", "")
	port := freePort(t)
	name := "e2e-crash-" + port
	c := runner{t: t, bin: emulator, base: []string{"--name", name, "--port", port, "--volume", t.TempDir(), "--service-ports", "none"},
		env: []string{"IMAGE_NAME=" + e2eImage, "AWS_ENDPOINT_URL=", "LOCALSTACK_HOST="}}
	t.Cleanup(func() { exec.Command("docker", "rm", "-f", name).Run() })

	// A port above 65535 makes the server exit at once with code 1.
	c.must("start", "-d", "-e", "GATEWAY_LISTEN=0.0.0.0:70000")
	begin := time.Now()
	code, _, errOut := c.run("wait", "-t", "60")
	took := time.Since(begin)
	if code != 5 {
		t.Fatalf("wait: exit %d, want 5 (exited)\n%s", code, errOut)
	}
	if took > 20*time.Second {
		t.Errorf("wait took %s, want a fast failure", took)
	}
	if !strings.Contains(errOut, "exited with code 1") || !strings.Contains(errOut, "last") || !strings.Contains(errOut, "70000") {
		t.Errorf("wait stderr lacks exit code or log tail:\n%s", errOut)
	}
	var res struct {
		Error struct {
			EmulatorExitCode int
			LogTail          []string
		}
	}
	_, out, _ := c.run("wait", "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Error.EmulatorExitCode != 1 || len(res.Error.LogTail) == 0 {
		t.Errorf("wait --json = %s (%v)", out, err)
	}
	// The crashed container is still there for logs.
	if logs := c.must("logs"); !strings.Contains(logs, "70000") {
		t.Errorf("logs of the crashed container = %q", logs)
	}
	c.must("stop")
}

func TestStopNeverTouchesOthers(t *testing.T) {
	needDocker(t)
	emulator, _ := buildBinaries(t)
	buildImage(t, "image", "")
	name := "e2e-foreign-" + freePort(t)
	if out, err := exec.Command("docker", "create", "--name", name, e2eImage).CombinedOutput(); err != nil {
		t.Fatalf("docker create: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("docker", "rm", "-f", name).Run() })
	c := runner{t: t, bin: emulator, base: []string{"--name", name, "--volume", t.TempDir(), "--service-ports", "none"}}
	if code, _, errOut := c.run("stop"); code != 7 {
		t.Errorf("stop of a foreign container: exit %d, want 7\n%s", code, errOut)
	}
	if code, _, errOut := c.run("start", "-d"); code != 7 {
		t.Errorf("start over a foreign container: exit %d, want 7\n%s", code, errOut)
	}
	if err := exec.Command("docker", "inspect", name).Run(); err != nil {
		t.Errorf("foreign container was removed: %v", err)
	}
}

func TestNativeFlow(t *testing.T) {
	emulator, awslocal := buildBinaries(t)
	port := freePort(t)
	vol := t.TempDir()
	c := runner{t: t, bin: emulator, base: []string{"--native", "--port", port, "--volume", vol},
		env: []string{"AWS_ENDPOINT_URL=", "LOCALSTACK_HOST="}}
	t.Cleanup(func() { c.run("stop") })
	flow(t, c, awslocal, port)
	for _, f := range []string{"emulator.pid", "emulator.exit"} {
		if _, err := os.Stat(filepath.Join(vol, f)); err == nil {
			t.Errorf("%s left behind after stop", f)
		}
	}
}

func TestNativeCrashFailsWaitFast(t *testing.T) {
	emulator, _ := buildBinaries(t)
	c := runner{t: t, bin: emulator, base: []string{"--native", "--port", freePort(t), "--volume", t.TempDir()},
		env: []string{"AWS_ENDPOINT_URL=", "LOCALSTACK_HOST="}}
	t.Cleanup(func() { c.run("stop") })
	c.must("start", "-d", "-e", "GATEWAY_LISTEN=127.0.0.1:70000")
	code, _, errOut := c.run("wait", "-t", "60")
	if code != 5 || !strings.Contains(errOut, "exited with code 1") || !strings.Contains(errOut, "70000") {
		t.Errorf("wait: exit %d, want 5 with the log tail\n%s", code, errOut)
	}
}

func TestComposeExample(t *testing.T) {
	needDocker(t)
	buildImage(t, "image", "")
	compose, wait := composeCommand()
	if compose == nil {
		t.Skip("neither `docker compose` (v2) nor docker-compose is installed")
	}
	file := filepath.Join(repoRoot(t), "examples", "docker-compose.yml")
	var name string
	var env, project []string
	composeRun := func(args ...string) (string, error) {
		cmd := exec.Command(compose[0], append(append(append([]string{}, compose[1:]...), project...), args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	runCompose := func(args ...string) string {
		out, err := composeRun(args...)
		if err != nil {
			t.Fatalf("%v %v: %v\n%s", compose, args, err, out)
		}
		return out
	}
	up := []string{"up", "--wait"}
	if !wait {
		up = []string{"up", "-d"} // docker-compose v1 has no --wait: poll below
	}
	begin := time.Now()
	// freePort's port is free when probed, not when Docker binds it: under
	// parallel tests another socket can take it first, so a bind failure
	// gets a fresh port (up to three tries).
	for attempt := 1; ; attempt++ {
		port := freePort(t)
		name = "e2e-compose-" + port
		// A random block of 50 high ports for the service range, for the same
		// reason as in TestDockerFlow.
		lo := 20000 + 50*(int(time.Now().UnixNano()/1000)%400)
		env = append(os.Environ(), "EMULATOR_IMAGE="+e2eImage, "EMULATOR_PORT="+port, "MAIN_CONTAINER_NAME="+name,
			"LOCALSTACK_VOLUME_DIR="+t.TempDir(), fmt.Sprintf("EMULATOR_SERVICE_PORTS=%d-%d", lo, lo+49))
		project = []string{"-f", file, "-p", name}
		out, err := composeRun(up...)
		if err == nil {
			break
		}
		composeRun("down", "-v")
		if attempt < 3 && strings.Contains(out, "address already in use") {
			t.Logf("attempt %d: %s", attempt, strings.TrimSpace(out))
			continue
		}
		t.Fatalf("%v %v: %v\n%s", compose, up, err, out)
	}
	t.Cleanup(func() { composeRun("down", "-v") })
	if !wait {
		deadline := time.Now().Add(60 * time.Second)
		for {
			out, _ := exec.Command("docker", "inspect", "-f", "{{.State.Health.Status}}", name).Output()
			if strings.TrimSpace(string(out)) == "healthy" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not healthy after 60s: %s", name, out)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	t.Logf("compose up to healthy: %s", time.Since(begin).Round(time.Millisecond))
	// The dependent one-shot starts only once the emulator is healthy.
	if out := runCompose("--profile", "smoke", "run", "--rm", "smoke"); !strings.Contains(out, "sqs") {
		t.Errorf("smoke service output = %q", out)
	}
}

// composeCommand prefers Compose v2 (which has up --wait).
func composeCommand() (cmd []string, hasWait bool) {
	if exec.Command("docker", "compose", "version").Run() == nil {
		return []string{"docker", "compose"}, true
	}
	if _, err := exec.LookPath("docker-compose"); err == nil {
		out, _ := exec.Command("docker-compose", "version", "--short").Output()
		return []string{"docker-compose"}, strings.HasPrefix(strings.TrimSpace(string(out)), "2")
	}
	return nil, false
}

func TestFullImage(t *testing.T) {
	needDocker(t)
	emulator, _ := buildBinaries(t)
	tag := "setup-emulator:e2e-full"
	cmd := exec.Command("make", "image-full", "FULL_IMAGE="+tag)
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && strings.Contains(string(out), "skipping the full image base") {
			t.Skipf("full image not built: %s", out)
		}
		t.Fatalf("make image-full: %v\n%s", err, out)
	}
	port := freePort(t)
	name := "e2e-full-" + port
	c := runner{t: t, bin: emulator, base: []string{"--name", name, "--port", port, "--volume", t.TempDir(), "--service-ports", "none"},
		env: []string{"IMAGE_NAME=" + tag, "AWS_ENDPOINT_URL=", "LOCALSTACK_HOST="}}
	t.Cleanup(func() { exec.Command("docker", "rm", "-f", name).Run() })
	c.must("start", "-d")
	c.must("wait", "-t", "90")
	// Inside the drop-in image: bash, curl, and awslocal with the AWS CLI.
	for _, script := range []string{
		"curl -fsS http://localhost:4566/_localstack/health",
		"awslocal sts get-caller-identity --query Account --output text",
	} {
		out, err := exec.Command("docker", "exec", name, "bash", "-c", script).CombinedOutput()
		if err != nil {
			t.Errorf("docker exec %s: %v\n%s", script, err, out)
		}
	}
	c.must("stop")
}

// TestTestcontainersModule runs examples/testcontainers (its own module, so
// testcontainers' dependencies stay out of go.mod): the testcontainers-go
// LocalStack module starts our image and aws-sdk-go-v2 clients use it.
func TestTestcontainersModule(t *testing.T) {
	needDocker(t)
	buildImage(t, "image", "")
	cmd := exec.Command("go", "test", "-tags", "e2e", "-count=1", "-v", ".")
	cmd.Dir = filepath.Join(repoRoot(t), "examples", "testcontainers")
	cmd.Env = append(os.Environ(), "EMULATOR_IMAGE=setup-emulator:4.0.0")
	if out, err := exec.Command("docker", "tag", e2eImage, "setup-emulator:4.0.0").CombinedOutput(); err != nil {
		t.Fatalf("docker tag: %v\n%s", err, out)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test in examples/testcontainers: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
