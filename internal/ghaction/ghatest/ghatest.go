// Package ghatest runs a sub-action's run function the way the runner
// would, without a runner: temp files for GITHUB_OUTPUT, GITHUB_ENV,
// GITHUB_PATH and GITHUB_STEP_SUMMARY, a RUNNER_TEMP, captured stdout, and
// a strict environment: reading a variable the test did not declare fails
// the test, so a program cannot quietly depend on the host's environment.
//
// It tests the Go programs' contract only; action.yml (expressions, env
// mapping, if:) is exercised by the act runs in test/act.
package ghatest

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	githubactions "github.com/sethvargo/go-githubactions"
)

// Env is one fake step environment.
type Env struct {
	t    *testing.T
	mu   sync.Mutex
	vars map[string]string
	Out  bytes.Buffer // what the program wrote to stdout (workflow commands)
	Dir  string       // RUNNER_TEMP
}

// New declares the variables a step sees: the runner files, RUNNER_TEMP and
// vars. A value of "" declares a variable as unset.
func New(t *testing.T, vars map[string]string) *Env {
	t.Helper()
	dir := t.TempDir()
	e := &Env{t: t, Dir: filepath.Join(dir, "runner-temp"), vars: map[string]string{}}
	if err := os.MkdirAll(e.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_STATE"} {
		p := filepath.Join(dir, strings.ToLower(k))
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		e.vars[k] = p
	}
	e.vars["RUNNER_TEMP"] = e.Dir
	for k, v := range vars {
		e.vars[k] = v
	}
	return e
}

// Set declares or changes a variable.
func (e *Env) Set(k, v string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.vars[k] = v
}

// Getenv is the strict lookup handed to githubactions.WithGetenv.
func (e *Env) Getenv(k string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.vars[k]
	if !ok {
		e.t.Errorf("the program read undeclared variable %s", k)
	}
	return v
}

// Action builds the *githubactions.Action a run function receives.
func (e *Env) Action() *githubactions.Action {
	return githubactions.New(githubactions.WithGetenv(e.Getenv), githubactions.WithWriter(&e.Out))
}

// Outputs parses $GITHUB_OUTPUT.
func (e *Env) Outputs() map[string]string { return e.parse("GITHUB_OUTPUT") }

// Exported parses $GITHUB_ENV.
func (e *Env) Exported() map[string]string { return e.parse("GITHUB_ENV") }

// Paths lists $GITHUB_PATH's lines.
func (e *Env) Paths() []string {
	b := e.read("GITHUB_PATH")
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Summary is $GITHUB_STEP_SUMMARY's content.
func (e *Env) Summary() string { return string(e.read("GITHUB_STEP_SUMMARY")) }

// Commands lists the ::name:: workflow commands written to stdout, e.g.
// "error", "warning", "group".
func (e *Env) Commands(name string) []string {
	var out []string
	for _, l := range strings.Split(e.Out.String(), "\n") {
		if strings.HasPrefix(l, "::"+name+" ") || strings.HasPrefix(l, "::"+name+"::") {
			out = append(out, l)
		}
	}
	return out
}

func (e *Env) read(k string) []byte {
	e.t.Helper()
	b, err := os.ReadFile(e.vars[k])
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// parse reads the runner's file-command format: name<<DELIM, value lines,
// DELIM (what go-githubactions writes), or name=value.
func (e *Env) parse(k string) map[string]string {
	e.t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(e.read(k)))
	for sc.Scan() {
		line := sc.Text()
		if name, delim, ok := strings.Cut(line, "<<"); ok {
			var val []string
			for sc.Scan() && sc.Text() != delim {
				val = append(val, sc.Text())
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		if name, val, ok := strings.Cut(line, "="); ok {
			out[name] = val
		}
	}
	return out
}

// Keys returns a map's keys sorted, for messages.
func Keys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
