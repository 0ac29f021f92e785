// Package ghaction holds what the GitHub Action's sub-actions (prepare,
// startup, state, finish) share: input parsing, the environment variables
// one step leaves for the next, the emulator CLI runner and annotations.
//
// Every value is read through githubactions.Action.Getenv, never os.Getenv,
// so tests drive the sub-actions with a fake environment
// (githubactions.WithGetenv) and see what they would leak.
package ghaction

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	githubactions "github.com/sethvargo/go-githubactions"
)

// Variables one step exports (through $GITHUB_ENV) for the later ones and
// for finish, which runs as its own `uses:` step.
const (
	EnvCLIDir   = "SETUP_EMULATOR_CLI_DIR"  // dir holding emulator and awslocal (prepare)
	EnvVersion  = "SETUP_EMULATOR_VERSION"  // version of the CLI (prepare)
	EnvPullPID  = "SETUP_EMULATOR_PULL_PID" // background `docker pull` started by prepare
	EnvPullLog  = "SETUP_EMULATOR_PULL_LOG" // its output
	EnvMode     = "SETUP_EMULATOR_MODE"     // docker or native (startup)
	EnvName     = "SETUP_EMULATOR_NAME"     // container or instance name (startup)
	EnvVolume   = "SETUP_EMULATOR_VOLUME"   // volume dir given to the CLI (startup)
	EnvImage    = "SETUP_EMULATOR_IMAGE"    // image it runs, docker mode (startup)
	EnvEndpoint = "SETUP_EMULATOR_ENDPOINT" // gateway URL (startup)
	EnvStarted  = "SETUP_EMULATOR_STARTED"  // RFC 3339 time startup began
	EnvReady    = "SETUP_EMULATOR_READY_S"  // seconds from start to ready
	// EnvActionPath is github.action_path of the root action, passed by
	// every composite step (GITHUB_ACTION_PATH differs per sub-action).
	EnvActionPath = "SETUP_EMULATOR_ACTION_PATH"
)

// Defaults shared with the CLI (internal/config) and LocalStack.
const (
	DefaultName     = "localstack-main"
	DefaultEndpoint = "http://localhost:4566"
	DefaultImage    = "ghcr.io/setup-emulator/setup-emulator"
)

// fileCommands are the runner's files; go-githubactions panics when it
// writes to one that is not set, so Check turns that into an error first.
var fileCommands = []string{"GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"}

// Check reports a missing runner file variable, e.g. when a program is run
// outside a workflow.
func Check(a *githubactions.Action) error {
	var missing []string
	for _, k := range fileCommands {
		if a.Getenv(k) == "" {
			missing = append(missing, k)
		}
	}
	if a.Getenv("RUNNER_TEMP") == "" {
		missing = append(missing, "RUNNER_TEMP")
	}
	if len(missing) > 0 {
		return fmt.Errorf("not running as a GitHub Actions step: %s unset", strings.Join(missing, ", "))
	}
	return nil
}

// Bool reads a boolean input the way GitHub's YAML 1.2 core schema spells
// them; "" gives def. Anything else is an error naming the input.
func Bool(a *githubactions.Action, name string, def bool) (bool, error) {
	switch strings.ToLower(Input(a, name)) {
	case "":
		return def, nil
	case "true", "yes", "on", "1":
		return true, nil
	case "false", "no", "off", "0":
		return false, nil
	}
	return false, fmt.Errorf("input %s: %q is not true or false", name, Input(a, name))
}

// Seconds reads a positive duration in seconds from the input, else from
// the env variable fallbackEnv, else def.
func Seconds(a *githubactions.Action, name, fallbackEnv string, def time.Duration) (time.Duration, error) {
	v, from := Input(a, name), "input "+name
	if v == "" && fallbackEnv != "" {
		v, from = strings.TrimSpace(a.Getenv(fallbackEnv)), fallbackEnv
	}
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("%s: %q is not a number of seconds > 0", from, v)
	}
	return time.Duration(f * float64(time.Second)), nil
}

// Mode reads the mode input: docker (default) or native.
func Mode(a *githubactions.Action) (string, error) {
	switch m := strings.ToLower(Input(a, "mode")); m {
	case "", "docker":
		return "docker", nil
	case "native":
		return "native", nil
	default:
		return "", fmt.Errorf("input mode: %q is not docker or native", m)
	}
}

// Image resolves the image to run: IMAGE_NAME wins (as in setup-localstack),
// then the image input with image-tag appended unless it already names a
// tag or digest.
func Image(a *githubactions.Action) string {
	if v := strings.TrimSpace(a.Getenv("IMAGE_NAME")); v != "" {
		return v
	}
	img := Input(a, "image")
	if img == "" {
		img = DefaultImage
	}
	tag := Input(a, "image-tag")
	if tag == "" {
		tag = "latest"
	}
	if HasTag(img) {
		return img
	}
	return img + ":" + tag
}

// HasTag reports whether an image reference names a tag or digest
// ("host:5000/repo" has neither: the colon is the port's).
func HasTag(ref string) bool {
	if strings.Contains(ref, "@") {
		return true
	}
	last := ref[strings.LastIndex(ref, "/")+1:]
	return strings.Contains(last, ":")
}

// Endpoint is the gateway URL startup exported, else AWS_ENDPOINT_URL,
// else LocalStack's default.
func Endpoint(a *githubactions.Action) string {
	for _, k := range []string{EnvEndpoint, "AWS_ENDPOINT_URL"} {
		if v := strings.TrimSpace(a.Getenv(k)); v != "" {
			return strings.TrimRight(v, "/")
		}
	}
	return DefaultEndpoint
}

// Dir is this action's scratch dir under RUNNER_TEMP.
func Dir(a *githubactions.Action, parts ...string) string {
	return filepath.Join(append([]string{a.Getenv("RUNNER_TEMP"), "setup-emulator"}, parts...)...)
}
