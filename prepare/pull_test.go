package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
)

// fakeDocker puts a `docker` script first on PATH: `image inspect` says
// whether the image is local, `pull` logs and takes a moment.
func fakeDocker(t *testing.T, local bool) string {
	if runtime.GOOS == "windows" {
		t.Skip("shell script")
	}
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls")
	inspect := "exit 1"
	if local {
		inspect = "exit 0"
	}
	script := "#!/bin/sh\necho \"$*\" >> '" + calls + "'\ncase \"$1\" in\n  image) " + inspect + ";;\n  pull) echo \"pulling $2\"; sleep 0.3; echo \"Status: Downloaded newer image for $2\";;\nesac\n"
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return calls
}

// In docker mode prepare starts the pull before it downloads or builds
// the CLI, and leaves its pid and log for startup.
func TestPrepareStartsBackgroundPull(t *testing.T) {
	calls := fakeDocker(t, false)
	e := env(t, map[string]string{"INPUT_MODE": "docker", "INPUT_IMAGE": "ghcr.io/x/emu", "INPUT_IMAGE_TAG": "1.0",
		"INPUT_ACTION_REF": "main", ghaction.EnvActionPath: fakeSource(t)})
	if err := run(context.Background(), e.Action()); err != nil {
		t.Fatalf("run: %v", err)
	}
	exp := e.Exported()
	if exp[ghaction.EnvPullPID] == "" || exp[ghaction.EnvPullLog] == "" {
		t.Fatalf("pull not exported: %v", exp)
	}
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if b, _ := os.ReadFile(exp[ghaction.EnvPullLog]); strings.Contains(string(b), "Downloaded newer image for ghcr.io/x/emu:1.0") {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b, _ := os.ReadFile(calls)
	t.Errorf("the pull did not run to completion; docker calls:\n%s", b)
}

// A pinned image already on the runner is not pulled again; native mode
// and skip-startup never pull.
func TestPrepareSkipsNeedlessPull(t *testing.T) {
	for name, over := range map[string]map[string]string{
		"local pinned image": {"INPUT_MODE": "docker", "INPUT_IMAGE": "emu", "INPUT_IMAGE_TAG": "1.0"},
		"native":             {"INPUT_MODE": "native"},
		"skip-startup":       {"INPUT_MODE": "docker", "INPUT_SKIP_STARTUP": "true"},
	} {
		t.Run(name, func(t *testing.T) {
			calls := fakeDocker(t, true)
			over["INPUT_ACTION_REF"] = "main"
			over[ghaction.EnvActionPath] = fakeSource(t)
			e := env(t, over)
			if err := run(context.Background(), e.Action()); err != nil {
				t.Fatalf("run: %v", err)
			}
			if pid := e.Exported()[ghaction.EnvPullPID]; pid != "" {
				t.Errorf("pulled (pid %s)", pid)
			}
			if b, _ := os.ReadFile(calls); strings.Contains(string(b), "pull") {
				t.Errorf("docker calls: %s", b)
			}
		})
	}
}
