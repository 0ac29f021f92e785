package runtime

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/setup-emulator/setup-emulator/server/gateway"
)

// Init hook stages in LocalStack's order (localstack-runtime.md §3).
const (
	StageBoot     = "BOOT"
	StageStart    = "START"
	StageReady    = "READY"
	StageShutdown = "SHUTDOWN"
)

var stages = []string{StageBoot, StageStart, StageReady, StageShutdown}

// Script states, LocalStack's names.
const (
	ScriptUnknown    = "UNKNOWN"
	ScriptRunning    = "RUNNING"
	ScriptSuccessful = "SUCCESSFUL"
	ScriptError      = "ERROR"
)

// DefaultInitDir is LocalStack's init hook root.
const DefaultInitDir = "/etc/localstack/init"

// script is one init hook file.
type script struct {
	stage, path string
	kind        scriptKind
	state       string
}

type scriptKind int

const (
	kindExec   scriptKind = iota // run directly (executable file or .sh)
	kindPython                   // a non-executable .py, run with python3
	kindYAML                     // a declarative init file
)

// hooks discovers and runs init hooks and reports their states for
// /_localstack/init.
type hooks struct {
	root    string
	env     []string // the scripts' environment
	logger  *slog.Logger
	runYAML func(ctx context.Context, path string) error

	mu        sync.Mutex
	scripts   []*script
	completed map[string]bool
}

func newHooks(root string, env []string, logger *slog.Logger) *hooks {
	h := &hooks{root: root, env: env, logger: logger, completed: map[string]bool{}}
	for _, st := range stages {
		h.completed[st] = false
		for _, p := range discover(filepath.Join(root, strings.ToLower(st)+".d")) {
			h.scripts = append(h.scripts, &script{stage: st, path: p.path, kind: p.kind, state: ScriptUnknown})
		}
	}
	return h
}

type found struct {
	path string
	kind scriptKind
}

// discover lists a stage directory's hooks recursively: a folder's files
// in name order first, then its subfolders in name order (LocalStack's
// order). Hooks are .sh and .py files (LocalStack's), any other executable
// file, and .yaml/.yml declarative init files.
func discover(dir string) []found {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	var files, subdirs []found
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		info, err := os.Stat(p) // follows symlinks, as Python's os.walk listing does
		if err != nil {
			continue
		}
		if info.IsDir() {
			subdirs = append(subdirs, found{path: p})
			continue
		}
		exe := info.Mode()&0o111 != 0 && info.Mode().IsRegular()
		switch ext := strings.ToLower(filepath.Ext(p)); {
		case ext == ".yaml" || ext == ".yml":
			files = append(files, found{p, kindYAML})
		case ext == ".py" && !exe:
			files = append(files, found{p, kindPython})
		case ext == ".sh" || ext == ".py" || exe:
			files = append(files, found{p, kindExec})
		}
	}
	for _, d := range subdirs {
		files = append(files, discover(d.path)...)
	}
	return files
}

// Report is the /_localstack/init document.
func (h *hooks) Report() gateway.InitReport {
	h.mu.Lock()
	defer h.mu.Unlock()
	rep := gateway.InitReport{Completed: map[string]bool{}, Scripts: []gateway.InitScript{}}
	for k, v := range h.completed {
		rep.Completed[k] = v
	}
	for _, s := range h.scripts {
		rep.Scripts = append(rep.Scripts, gateway.InitScript{Stage: s.stage, Name: filepath.Base(s.path), State: s.state})
	}
	return rep
}

func (h *hooks) setState(s *script, state string) {
	h.mu.Lock()
	s.state = state
	h.mu.Unlock()
}

// Run runs a stage's hooks in order. A failing hook is logged with its
// output and the others still run; the stage ends completed either way.
func (h *hooks) Run(ctx context.Context, stage string) {
	h.mu.Lock()
	var list []*script
	for _, s := range h.scripts {
		if s.stage == stage {
			list = append(list, s)
		}
	}
	h.mu.Unlock()
	for _, s := range list {
		h.setState(s, ScriptRunning)
		h.logger.Info("running init hook", "stage", stage, "script", s.path)
		out, err := h.runOne(ctx, s)
		if err != nil {
			h.setState(s, ScriptError)
			h.logger.Error("init hook failed", "stage", stage, "script", s.path, "err", err, "output", string(out))
			continue
		}
		h.setState(s, ScriptSuccessful)
		if len(out) > 0 {
			h.logger.Debug("init hook output", "script", s.path, "output", string(out))
		}
	}
	h.mu.Lock()
	h.completed[stage] = true
	h.mu.Unlock()
}

// Skip marks a stage completed without running its hooks (their states
// stay UNKNOWN).
func (h *hooks) Skip(stage string) {
	h.mu.Lock()
	h.completed[stage] = true
	h.mu.Unlock()
}

func (h *hooks) runOne(ctx context.Context, s *script) ([]byte, error) {
	var cmd *exec.Cmd
	switch s.kind {
	case kindYAML:
		if h.runYAML == nil {
			return nil, fs.ErrInvalid
		}
		return nil, h.runYAML(ctx, s.path)
	case kindPython:
		cmd = exec.CommandContext(ctx, "python3", s.path)
	default:
		cmd = exec.CommandContext(ctx, s.path)
	}
	cmd.Dir = filepath.Dir(s.path)
	cmd.Env = h.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// scriptEnv is the emulator's environment with AWS_ENDPOINT_URL pointing at
// this gateway, so hooks reach this emulator whatever the caller had set.
func scriptEnv(environ []string, endpoint string) []string {
	env := make([]string, 0, len(environ)+1)
	for _, kv := range environ {
		if !strings.HasPrefix(kv, "AWS_ENDPOINT_URL=") {
			env = append(env, kv)
		}
	}
	return append(env, "AWS_ENDPOINT_URL="+endpoint)
}
