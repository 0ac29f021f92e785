package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/internal/ghaction"
	"github.com/setup-emulator/setup-emulator/internal/ghaction/ghatest"
)

// startup waits for prepare's background pull and shows its output.
func TestAwaitPull(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no background pull on Windows")
	}
	cmd := exec.Command("sleep", "0.5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Reap it as soon as it exits, as init would for the detached pull.
	go cmd.Wait()
	logPath := filepath.Join(t.TempDir(), "pull.log")
	os.WriteFile(logPath, []byte("latest: Pulling from setup-emulator\nStatus: Downloaded newer image\n"), 0o644)
	e := ghatest.New(t, map[string]string{ghaction.EnvPullPID: strconv.Itoa(cmd.Process.Pid), ghaction.EnvPullLog: logPath})
	begin := time.Now()
	awaitPull(context.Background(), e.Action(), 10*time.Second)
	if took := time.Since(begin); took < 400*time.Millisecond || took > 5*time.Second {
		t.Errorf("awaitPull returned after %s, want when the pull ended (~0.5s)", took)
	}
	if !strings.Contains(e.Out.String(), "Status: Downloaded newer image") {
		t.Errorf("pull log not shown: %q", e.Out.String())
	}
	// A limit bounds the wait on a pull that hangs.
	hung := exec.Command("sleep", "30")
	if err := hung.Start(); err != nil {
		t.Fatal(err)
	}
	defer hung.Process.Kill()
	e.Set(ghaction.EnvPullPID, strconv.Itoa(hung.Process.Pid))
	begin = time.Now()
	awaitPull(context.Background(), e.Action(), 300*time.Millisecond)
	if took := time.Since(begin); took > 3*time.Second {
		t.Errorf("awaitPull ignored its limit: %s", took)
	}
}
