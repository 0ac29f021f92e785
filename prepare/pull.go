package main

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"

	githubactions "github.com/sethvargo/go-githubactions"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
)

// startPull begins `docker pull image` as a detached process and exports
// its pid and log for startup, which waits for it. It does nothing when
// Docker is absent (startup reports that) or the image is already here
// under a pinned tag (the CLI pulls only missing or :latest images).
// Failures are left to startup: `emulator start` pulls again and reports.
func startPull(ctx context.Context, a *githubactions.Action, image string) {
	docker, err := exec.LookPath("docker")
	if err != nil {
		return
	}
	if !strings.HasSuffix(image, ":latest") && exec.CommandContext(ctx, docker, "image", "inspect", image).Run() == nil {
		return
	}
	logPath := ghaction.Dir(a, "pull.log")
	if err := os.MkdirAll(ghaction.Dir(a), 0o755); err != nil {
		return
	}
	log, err := os.Create(logPath)
	if err != nil {
		return
	}
	defer log.Close()
	cmd := exec.Command(docker, "pull", image)
	cmd.Stdout, cmd.Stderr = log, log
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return
	}
	a.SetEnv(ghaction.EnvPullPID, strconv.Itoa(cmd.Process.Pid))
	a.SetEnv(ghaction.EnvPullLog, logPath)
	a.Infof("Pulling %s in the background (pid %d)", image, cmd.Process.Pid)
	_ = cmd.Process.Release()
}
