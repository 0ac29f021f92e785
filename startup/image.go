package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"time"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
)

// buildImage builds the image from the action's own source with the
// Makefile (`make image`: host-built static binary in a FROM scratch
// image, no registry needed) and returns its tag.
func buildImage(ctx context.Context, a *githubactions.Action) (string, error) {
	src := a.Getenv(ghaction.EnvActionPath)
	if src == "" {
		return "", fmt.Errorf("input build: %s is unset, so the action's source is unknown", ghaction.EnvActionPath)
	}
	makeBin, err := exec.LookPath("make")
	if err != nil {
		return "", fmt.Errorf("input build needs make and Go on the runner: %w", err)
	}
	version := a.Getenv(ghaction.EnvVersion)
	if version == "" {
		version = "dev"
	}
	tag := "setup-emulator:action-" + version
	a.Group("Building " + tag + " from " + src)
	defer a.EndGroup()
	cmd := exec.CommandContext(ctx, makeBin, "-C", src, "image", "IMAGE="+tag, "VERSION="+version)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the image (make -C %s image): %w", src, err)
	}
	return tag, nil
}

// awaitPull waits for prepare's background `docker pull`, at most limit,
// and shows its output. `emulator start` then finds the image present.
func awaitPull(ctx context.Context, a *githubactions.Action, limit time.Duration) {
	pid := a.Getenv(ghaction.EnvPullPID)
	if pid == "" {
		return
	}
	deadline := time.Now().Add(limit)
	for alive(pid) && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(200 * time.Millisecond)
	}
	if b, err := os.ReadFile(a.Getenv(ghaction.EnvPullLog)); err == nil && len(b) > 0 {
		a.Group("docker pull (started by prepare)")
		a.Infof("%s", b)
		a.EndGroup()
	}
}
