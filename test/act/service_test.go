//go:build e2e

package act

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// testImage is the image under test: $SETUP_EMULATOR_TEST_IMAGE, else
// setup-emulator:dev (`make image`).
func testImage(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("docker"); err != nil {
		t.Skip("no docker")
	}
	img := os.Getenv("SETUP_EMULATOR_TEST_IMAGE")
	if img == "" {
		img = "setup-emulator:dev"
	}
	if exec.Command("docker", "image", "inspect", img).Run() != nil {
		t.Skipf("image %s missing: run make image", img)
	}
	return img
}

func docker(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("docker", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("docker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestServiceContainer starts the image the way GitHub's runner starts a
// job's `services:` container (actions/runner DockerCommandManager:
// `docker create --name --label --network --network-alias -p <ports>
// <options> -e ... <image>`, `docker start`, then poll
// `docker inspect --format '{{if .Config.Healthcheck}}{{print .State.Health.Status}}{{end}}'`
// until "healthy"), once with the image's own HEALTHCHECK and no options
// and once with the --health-* options the README recommends. It must be
// healthy within 5 s and answer AWS calls on the mapped port.
func TestServiceContainer(t *testing.T) {
	img := testImage(t)
	for _, c := range []struct {
		name    string
		options []string
	}{
		{"built-in healthcheck", nil},
		{"recommended options", []string{"--health-interval", "1s", "--health-timeout", "2s", "--health-retries", "10", "--health-start-period", "5s"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			suffix := fmt.Sprintf("%d", time.Now().UnixNano())
			network := "setup-emulator-svc-" + suffix
			name := "setup-emulator-svc-" + suffix
			docker(t, "network", "create", "--label", "setup-emulator-test", network)
			t.Cleanup(func() {
				exec.Command("docker", "rm", "-f", name).Run()
				exec.Command("docker", "network", "rm", network).Run()
			})
			args := []string{"create", "--name", name, "--label", "setup-emulator-test",
				"--network", network, "--network-alias", "emulator",
				// GitHub writes `ports: ['4566:4566']` as -p 4566:4566; a
				// random host port keeps parallel runs apart.
				"-p", "127.0.0.1::4566"}
			args = append(args, c.options...)
			args = append(args, "-e", "SERVICES=s3,sqs", img)
			id := docker(t, args...)
			begin := time.Now()
			docker(t, "start", id)
			status := ""
			for time.Since(begin) < 5*time.Second {
				status = docker(t, "inspect", "--format", "{{if .Config.Healthcheck}}{{print .State.Health.Status}}{{end}}", id)
				if status == "healthy" {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			took := time.Since(begin)
			if status != "healthy" {
				logs, _ := exec.Command("docker", "logs", id).CombinedOutput()
				t.Fatalf("health %q after %s, want healthy within 5s\n%s", status, took, logs)
			}
			t.Logf("healthy after %s", took.Round(10*time.Millisecond))

			hostPort := docker(t, "port", id, "4566/tcp")
			hostPort = strings.Split(hostPort, "\n")[0]
			url := "http://" + hostPort
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/_localstack/health", nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("GET %s/_localstack/health: %v", url, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), `"s3"`) {
				t.Errorf("health on the mapped port: %d %s", resp.StatusCode, body)
			}
			// An AWS call on the mapped port (SQS query protocol, unsigned
			// is fine for the emulator).
			form := strings.NewReader("Action=CreateQueue&QueueName=svc&Version=2012-11-05")
			req, _ = http.NewRequestWithContext(ctx, http.MethodPost, url+"/", form)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0")
			resp, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("CreateQueue: %v", err)
			}
			body, _ = io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), "/svc") {
				t.Errorf("CreateQueue on the mapped port: %d %s", resp.StatusCode, body)
			}
		})
	}
}
