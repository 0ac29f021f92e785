package native

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/internal/config"
	"github.com/setup-emulator/setup-emulator/internal/instance"
)

func TestCopyTail(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"a\nb\nc\n", 2, "b\nc\n"},
		{"a\nb\nc", 5, "a\nb\nc\n"},
		{"a\nb\n", 0, ""},
		{"", 3, ""},
	} {
		var out bytes.Buffer
		if err := copyTail(strings.NewReader(tt.in), &out, tt.n); err != nil || out.String() != tt.want {
			t.Errorf("copyTail(%q, %d) = %q, %v; want %q", tt.in, tt.n, out.String(), err, tt.want)
		}
	}
}

func TestEnv(t *testing.T) {
	p := &Process{
		Config:  config.Config{Name: "n", Port: 5000, VolumeDir: "/v", Env: map[string]string{"SERVICES": "sqs"}},
		Environ: []string{"PATH=/bin", "SERVICES=s3"},
	}
	got := strings.Join(p.env(), " ")
	for _, want := range []string{"PATH=/bin", "SERVICES=sqs", "GATEWAY_LISTEN=127.0.0.1:5000", "MAIN_CONTAINER_NAME=n", "VOLUME_DIR=/v"} {
		if !strings.Contains(got, want) {
			t.Errorf("env %q lacks %s", got, want)
		}
	}
	p.Config.Env["GATEWAY_LISTEN"] = "0.0.0.0:6000"
	if got := strings.Join(p.env(), " "); !strings.Contains(got, "GATEWAY_LISTEN=0.0.0.0:6000") {
		t.Errorf("an explicit GATEWAY_LISTEN must win: %q", got)
	}
}

func TestStateFromFiles(t *testing.T) {
	dir := t.TempDir()
	p := &Process{Config: config.Config{VolumeDir: dir}}
	ctx := context.Background()
	if st, err := p.State(ctx); err != nil || st.Exists {
		t.Fatalf("no pid file: %+v, %v", st, err)
	}
	if err := p.Stop(ctx); !errors.Is(err, instance.ErrNotFound) {
		t.Errorf("Stop with no pid file = %v, want ErrNotFound", err)
	}
	if err := p.Logs(ctx, &bytes.Buffer{}, false, -1); !errors.Is(err, instance.ErrNotFound) {
		t.Errorf("Logs with no log file = %v, want ErrNotFound", err)
	}
	// Our own pid is alive; an exit file means the server ended.
	os.WriteFile(filepath.Join(dir, "emulator.pid"), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
	if st, _ := p.State(ctx); !st.Exists || !st.Running {
		t.Errorf("live pid: %+v", st)
	}
	os.WriteFile(filepath.Join(dir, "emulator.exit"), []byte("3\n"), 0o644)
	if st, _ := p.State(ctx); st.Running || st.ExitCode != 3 {
		t.Errorf("exit file: %+v, want exited with 3", st)
	}
	os.WriteFile(filepath.Join(dir, "emulator.pid"), []byte("garbage"), 0o644)
	if _, err := p.State(ctx); err == nil {
		t.Error("a corrupt pid file must be an error")
	}
}
