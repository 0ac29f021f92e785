// Command state is the Go half of the setup-emulator state sub-action; the
// composite action around it moves the archive with
// actions/upload-artifact@v4 and actions/download-artifact@v4. One phase
// per run (input phase):
//
//   - export: GET <endpoint>/_localstack/pods/state into <dir>/<name>.zip.
//     Outputs: path, dir.
//   - find: with github-token and no run-id, the id of the newest other run
//     of this workflow that has an unexpired artifact <name>. Outputs:
//     run-id ("" when none).
//   - import: POST <dir>/<name>.zip to <endpoint>/_localstack/pods and fail
//     on any service the emulator reports as not restored. A missing archive
//     is an error, or with allow-missing (searching earlier runs, where the
//     first run has none) a warning. Outputs: loaded.
//
// It talks to the emulator's HTTP endpoints (LocalStack's paths) directly,
// so it works against any emulator reachable from the runner.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
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
		ghaction.Fail(a, "setup-emulator state", err)
		os.Exit(1)
	}
}

// artifactName allows what upload-artifact accepts in a name, minus path
// separators: the name is also the file name.
var artifactName = regexp.MustCompile(`^[A-Za-z0-9._-][A-Za-z0-9 ._-]*$`)

func run(ctx context.Context, a *githubactions.Action) error {
	if err := ghaction.Check(a); err != nil {
		return err
	}
	name := ghaction.Input(a, "name")
	if name == "" {
		return fmt.Errorf("input state-name is required for state save or load")
	}
	if !artifactName.MatchString(name) {
		return fmt.Errorf("state-name %q: use letters, digits, '.', '_', '-' and spaces (it names the artifact and the zip)", name)
	}
	if b := ghaction.Input(a, "backend"); b != "" && b != "local" {
		return fmt.Errorf("state-backend %q is not supported: only local (workflow artifacts); cloud-pods and ephemeral are LocalStack Cloud features", b)
	}
	dir := ghaction.Input(a, "dir")
	if dir == "" {
		dir = ghaction.Dir(a, "state")
	}
	c := &client{Endpoint: ghaction.Endpoint(a), HTTP: &http.Client{Timeout: 10 * time.Minute}}
	zip := filepath.Join(dir, name+".zip")
	switch phase := ghaction.Input(a, "phase"); phase {
	case "export":
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		n, err := c.Export(ctx, zip)
		if err != nil {
			return err
		}
		a.SetOutput("path", zip)
		a.SetOutput("dir", dir)
		a.Infof("Exported the emulator's state from %s to %s (%d bytes)", c.Endpoint, zip, n)
	case "find":
		id, err := findRun(ctx, a, name)
		if err != nil {
			return err
		}
		a.SetOutput("run-id", id)
	case "import":
		allowMissing, err := ghaction.Bool(a, "allow-missing", false)
		if err != nil {
			return err
		}
		if _, err := os.Stat(zip); errors.Is(err, os.ErrNotExist) && allowMissing {
			a.Warningf("No state artifact %q found; the emulator starts empty", name)
			a.SetOutput("loaded", "false")
			return nil
		}
		results, err := c.Import(ctx, zip)
		if err != nil {
			return err
		}
		a.SetOutput("loaded", "true")
		a.Infof("Imported %s into %s: %s", zip, c.Endpoint, results)
	default:
		return fmt.Errorf("input phase %q: want export, find or import", phase)
	}
	return nil
}
