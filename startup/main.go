// Command startup is the setup-emulator action's second step: it builds
// the image (input build) or waits for prepare's background pull, starts
// the emulator with `emulator start -d` (docker or native mode) passing the
// configuration input as literal -e KEY=VALUE arguments, and, unless
// skip-wait, waits with `emulator wait`: health plus "Ready." plus exit
// detection. A failure is an ::error:: annotation with the emulator's exit
// code and log tail, and the step exits with the emulator's exit code.
//
// Inputs: mode, image, image-tag, build, configuration, skip-wait,
// wait-timeout (LS_WAIT_TIMEOUT honoured), port, export-endpoint, use-pro.
// Outputs: endpoint-url, container-id, pid, version, services (JSON),
// ready-seconds.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	a := githubactions.New()
	err := run(ctx, a)
	stop()
	if err != nil {
		ghaction.Fail(a, "setup-emulator startup", err)
		os.Exit(exitCode(err))
	}
}

// exitCode is the emulator's own exit code when it died before ready, so
// the failed step shows it; 1 otherwise.
func exitCode(err error) int {
	var ce *ghaction.CLIError
	if errors.As(err, &ce) && ce.Body != nil && ce.Body.EmulatorExitCode != nil && *ce.Body.EmulatorExitCode > 0 {
		return *ce.Body.EmulatorExitCode
	}
	return 1
}

// settings are the parsed inputs.
type settings struct {
	mode      string
	image     string
	build     bool
	config    []ghaction.Pair
	skipWait  bool
	timeout   time.Duration
	exportEnv bool
	port      int
}

func parse(a *githubactions.Action) (*settings, error) {
	s := &settings{image: ghaction.Image(a)}
	var err error
	if s.mode, err = ghaction.Mode(a); err != nil {
		return nil, err
	}
	if s.build, err = ghaction.Bool(a, "build", false); err != nil {
		return nil, err
	}
	if s.skipWait, err = ghaction.Bool(a, "skip-wait", false); err != nil {
		return nil, err
	}
	if s.exportEnv, err = ghaction.Bool(a, "export-endpoint", true); err != nil {
		return nil, err
	}
	if s.timeout, err = ghaction.Seconds(a, "wait-timeout", "LS_WAIT_TIMEOUT", 30*time.Second); err != nil {
		return nil, err
	}
	s.port = 4566
	if v := ghaction.Input(a, "port"); v != "" {
		if s.port, err = strconv.Atoi(v); err != nil || s.port < 1 || s.port > 65535 {
			return nil, fmt.Errorf("input port: %q is not a port number (1-65535)", v)
		}
	}
	pairs, warnings, err := ghaction.ParseConfiguration(ghaction.Input(a, "configuration"))
	if err != nil {
		return nil, err
	}
	for _, w := range warnings {
		a.Warningf("%s", w)
	}
	s.config = pairs
	if pro, err := ghaction.Bool(a, "use-pro", false); err != nil {
		return nil, err
	} else if pro {
		a.Warningf("use-pro has no effect: setup-emulator has one edition and needs no auth token")
	}
	return s, nil
}

// startResult is `emulator start --json`'s data.
type startResult struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	ID       string `json:"id"`
	Image    string `json:"image"`
	Endpoint string `json:"endpoint"`
	Started  bool   `json:"started"`
}

func run(ctx context.Context, a *githubactions.Action) error {
	if err := ghaction.Check(a); err != nil {
		return err
	}
	s, err := parse(a)
	if err != nil {
		return err
	}
	bin, err := ghaction.FindCLI(a)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(a.Getenv("MAIN_CONTAINER_NAME"))
	if name == "" {
		name = ghaction.DefaultName
	}
	volume := strings.TrimSpace(a.Getenv("LOCALSTACK_VOLUME_DIR"))
	if volume == "" {
		volume = ghaction.Dir(a, "volume")
	}
	cli := &ghaction.CLI{
		Path: bin, Stderr: os.Stderr,
		Args: []string{"--name", name, "--volume", volume, "--port", strconv.Itoa(s.port)},
		// The user's AWS_ENDPOINT_URL may point at real AWS; the CLI must
		// manage the local emulator, so blank it for the CLI only.
		Env: []string{"AWS_ENDPOINT_URL=", "LOCALSTACK_VOLUME_DIR=" + volume},
	}
	if s.mode == "native" {
		cli.Args = append(cli.Args, "--native")
	}

	if s.mode == "docker" {
		if s.build {
			if s.image, err = buildImage(ctx, a); err != nil {
				return err
			}
		} else {
			awaitPull(ctx, a, 5*time.Minute)
		}
	}

	begin := time.Now()
	args := []string{"start", "-d"}
	if s.mode == "docker" {
		args = append(args, "--image", s.image)
	}
	for _, p := range s.config {
		args = append(args, "-e", p.String())
	}
	// Exported before starting, so finish can report and clean up even
	// when start or wait fails.
	a.SetEnv(ghaction.EnvMode, s.mode)
	a.SetEnv(ghaction.EnvName, name)
	a.SetEnv(ghaction.EnvVolume, volume)
	a.SetEnv(ghaction.EnvStarted, begin.UTC().Format(time.RFC3339))
	if s.mode == "docker" {
		a.SetEnv(ghaction.EnvImage, s.image)
	}
	var st startResult
	a.Group("Starting the emulator (" + s.mode + ")")
	err = cli.JSON(ctx, &st, args...)
	a.EndGroup()
	if err != nil {
		var ce *ghaction.CLIError
		if errors.As(err, &ce) && ce.ExitCode == 6 {
			return fmt.Errorf("%w\nDocker is not reachable on this runner; use `mode: native` to run the emulator as a host process", err)
		}
		return err
	}
	endpoint := st.Endpoint
	if endpoint == "" {
		endpoint = "http://localhost:" + strconv.Itoa(s.port)
	}
	a.SetEnv(ghaction.EnvEndpoint, endpoint)
	if s.mode == "docker" {
		a.SetOutput("container-id", st.ID)
	} else {
		a.SetOutput("pid", st.ID)
	}
	a.SetOutput("endpoint-url", endpoint)
	if s.exportEnv {
		exportEndpoint(a, endpoint)
	}

	if !s.skipWait {
		if err := cli.JSON(ctx, nil, "wait", "--timeout", strconv.FormatFloat(s.timeout.Seconds(), 'f', -1, 64)); err != nil {
			return err
		}
		took := time.Since(begin).Seconds()
		a.SetEnv(ghaction.EnvReady, strconv.FormatFloat(took, 'f', 2, 64))
		a.SetOutput("ready-seconds", strconv.FormatFloat(took, 'f', 2, 64))
		a.Infof("Emulator ready at %s after %.1fs", endpoint, took)
	}
	return reportHealth(ctx, a, cli, s.skipWait)
}

// reportHealth sets the version and services outputs from
// `emulator status --json`. With skip-wait the emulator may not answer
// yet; that is not an error then.
func reportHealth(ctx context.Context, a *githubactions.Action, cli *ghaction.CLI, skipWait bool) error {
	var h struct {
		Services map[string]string `json:"services"`
		Version  string            `json:"version"`
	}
	out, err := cli.Output(ctx, "status", "--format", "json")
	if err == nil {
		err = json.Unmarshal(out, &h)
	}
	if err != nil {
		if skipWait {
			a.SetOutput("services", "{}")
			return nil
		}
		return err
	}
	if h.Services == nil {
		h.Services = map[string]string{}
	}
	b, err := json.Marshal(h.Services)
	if err != nil {
		return err
	}
	a.SetOutput("version", h.Version)
	a.SetOutput("services", string(b))
	return nil
}

// exportEndpoint points later steps' AWS SDKs and CLIs at the emulator and
// gives them test credentials and a region where none are set.
func exportEndpoint(a *githubactions.Action, endpoint string) {
	a.SetEnv("AWS_ENDPOINT_URL", endpoint)
	for _, kv := range [][2]string{
		{"AWS_ACCESS_KEY_ID", "test"}, {"AWS_SECRET_ACCESS_KEY", "test"}, {"AWS_DEFAULT_REGION", "us-east-1"},
	} {
		if a.Getenv(kv[0]) == "" {
			a.SetEnv(kv[0], kv[1])
		}
	}
}
