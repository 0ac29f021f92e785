// Command prepare is the first step of the setup-emulator action: it puts
// the emulator and awslocal binaries on the runner, without Python or pip.
// A release binary for the runner's OS and architecture is downloaded when
// the action's ref has a release, verified against the release's
// checksums.txt; otherwise both are built from the action's own source
// with the runner's Go. In docker mode it also starts pulling the image in
// the background so startup finds it ready.
//
// Inputs (INPUT_*, mapped by the composite step): install-awslocal, mode,
// image, image-tag, build, skip-startup, state-action, state-backend,
// state-name (validated here, before anything starts), action-repository,
// action-ref, release-url. Outputs: cli-dir, version, source (release or build).
// Exports SETUP_EMULATOR_CLI_DIR and SETUP_EMULATOR_VERSION to $GITHUB_ENV
// and the CLI dir to $GITHUB_PATH.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	a := githubactions.New()
	err := run(ctx, a)
	stop()
	if err != nil {
		ghaction.Fail(a, "setup-emulator prepare", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, a *githubactions.Action) error {
	if err := ghaction.Check(a); err != nil {
		return err
	}
	awslocal, err := ghaction.Bool(a, "install-awslocal", true)
	if err != nil {
		return err
	}
	mode, err := ghaction.Mode(a)
	if err != nil {
		return err
	}
	build, err := ghaction.Bool(a, "build", false)
	if err != nil {
		return err
	}
	skipStartup, err := ghaction.Bool(a, "skip-startup", false)
	if err != nil {
		return err
	}
	if err := checkState(a); err != nil {
		return err
	}
	p := hostPlatform()

	// Start the image pull first: it overlaps the download or build below.
	if mode == "docker" && !build && !skipStartup {
		startPull(ctx, a, ghaction.Image(a))
	}

	inst, err := install(ctx, a, p, awslocal)
	if err != nil {
		return err
	}
	a.AddPath(inst.dir)
	a.SetEnv(ghaction.EnvCLIDir, inst.dir)
	a.SetEnv(ghaction.EnvVersion, inst.version)
	a.SetOutput("cli-dir", inst.dir)
	a.SetOutput("version", inst.version)
	a.SetOutput("source", inst.source)
	a.Infof("emulator %s (%s) in %s", inst.version, inst.source, inst.dir)
	return nil
}

// checkState fails early on a state-action or state-backend the later
// steps would silently skip.
func checkState(a *githubactions.Action) error {
	switch v := ghaction.Input(a, "state-action"); v {
	case "", "load", "save":
	case "start", "stop":
		return fmt.Errorf("state-action %q is setup-localstack's ephemeral-instance feature (LocalStack Cloud); setup-emulator supports load and save", v)
	default:
		return fmt.Errorf("input state-action %q: want load, save or nothing", v)
	}
	if b := ghaction.Input(a, "state-backend"); b != "" && b != "local" {
		return fmt.Errorf("state-backend %q is not supported: only local (workflow artifacts); cloud-pods and ephemeral are LocalStack Cloud features", b)
	}
	if ghaction.Input(a, "state-action") != "" && ghaction.Input(a, "state-name") == "" {
		return fmt.Errorf("state-action %s needs a state-name", ghaction.Input(a, "state-action"))
	}
	return nil
}

// installed is where the binaries ended up.
type installed struct {
	dir, version, source string
}

func install(ctx context.Context, a *githubactions.Action, p *platform, awslocal bool) (*installed, error) {
	ref := ghaction.Input(a, "action-ref")
	repo := ghaction.Input(a, "action-repository")
	if ref == "" || repo == "" {
		repo, ref = refFromPath(a.Getenv(ghaction.EnvActionPath))
	}
	if isReleaseRef(ref) && repo != "" {
		r := &release{
			BaseURL: first(ghaction.Input(a, "release-url"), a.Getenv("SETUP_EMULATOR_RELEASE_URL")), Repo: repo, Ref: ref, Platform: p,
			HTTP: httpClient(),
		}
		dir := ghaction.Dir(a, "bin")
		err := r.Fetch(ctx, dir, awslocal)
		switch {
		case err == nil:
			return &installed{dir: dir, version: ref, source: "release"}, nil
		case errors.Is(err, errChecksum):
			return nil, err
		case errors.Is(err, errNoRelease):
			a.Infof("No release binaries for %s at %s@%s (%v); building from source", p, repo, ref, err)
		default:
			a.Warningf("Downloading the release binaries failed (%v); building from source instead", err)
		}
	}
	src := a.Getenv(ghaction.EnvActionPath)
	if src == "" {
		return nil, fmt.Errorf("no release for this ref and %s unset: cannot build from source", ghaction.EnvActionPath)
	}
	version := ref
	if version == "" {
		version = "dev"
	}
	dir := ghaction.Dir(a, "bin")
	if err := buildFromSource(ctx, a, src, dir, version, p, awslocal); err != nil {
		return nil, err
	}
	return &installed{dir: dir, version: version, source: "build"}, nil
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// refFromPath reads owner/repo and ref from where the runner unpacked the
// action (.../_actions/owner/repo/ref), for when github.action_repository
// and github.action_ref are empty in composite steps.
func refFromPath(p string) (repo, ref string) {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(p)), "/")
	n := len(parts)
	if n >= 4 && parts[n-4] == "_actions" {
		return parts[n-3] + "/" + parts[n-2], parts[n-1]
	}
	return "", ""
}
