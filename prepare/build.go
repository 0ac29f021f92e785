package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	githubactions "github.com/sethvargo/go-githubactions"
)

// buildFromSource compiles the emulator (and awslocal) from the action's
// checkout with the runner's Go, with the Makefile's flags so a later
// `make image` (input build) reuses the build cache.
func buildFromSource(ctx context.Context, a *githubactions.Action, src, dir, version string, p *platform, awslocal bool) error {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return fmt.Errorf("no release binaries for %s at this ref and no Go on PATH to build them: "+
			"pin a released version (uses: setup-emulator/setup-emulator@v1.x.y) or add actions/setup-go before this step", p)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	pkgs := []string{"./cmd/emulator"}
	if awslocal {
		pkgs = append(pkgs, "./cmd/awslocal")
	}
	args := append([]string{"build", "-trimpath", "-ldflags", "-s -w -X main.version=" + version,
		"-o", dir + string(os.PathSeparator)}, pkgs...)
	a.Infof("Building %v from %s", pkgs, src)
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Dir = src
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("go build in %s failed (exit code %d); see the output above", src, ee.ExitCode())
		}
		return fmt.Errorf("go build: %w", err)
	}
	return nil
}
