package ghaction

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	githubactions "github.com/sethvargo/go-githubactions"
)

// CLI runs the emulator command line, the same program users run, so the
// action and a local `emulator start -d && emulator wait` behave alike.
type CLI struct {
	Path string   // the emulator binary
	Args []string // global flags put before every command (--native, --name, --volume)
	// Stderr receives the CLI's progress and error text as it runs.
	Stderr io.Writer
	// Env is added to the inherited environment of the CLI process.
	Env []string
}

// Result is the CLI's --json envelope (internal/cli.Result).
type Result struct {
	Command string          `json:"command"`
	Status  string          `json:"status"`
	Data    json.RawMessage `json:"data"`
	Error   *ErrorBody      `json:"error"`
}

// ErrorBody is the envelope's error (internal/cli.ErrorBody).
type ErrorBody struct {
	Code             string   `json:"code"`
	ExitCode         int      `json:"exitCode"`
	Message          string   `json:"message"`
	EmulatorExitCode *int     `json:"emulatorExitCode"`
	LogTail          []string `json:"logTail"`
}

// CLIError is a failed CLI command with what it reported.
type CLIError struct {
	Args     []string
	ExitCode int
	Body     *ErrorBody // nil when the CLI printed no JSON error
	Stderr   string
}

func (e *CLIError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if e.Body != nil {
		msg = e.Body.Message
	}
	return fmt.Sprintf("emulator %s: exit code %d: %s", strings.Join(e.Args, " "), e.ExitCode, msg)
}

// FindCLI locates the emulator binary: in the directory prepare exported,
// else on PATH.
func FindCLI(a *githubactions.Action) (string, error) {
	name := "emulator"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if dir := a.Getenv(EnvCLIDir); dir != "" {
		return filepath.Join(dir, name), nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("no emulator CLI: %s is unset and emulator is not on PATH (run the prepare step first)", EnvCLIDir)
}

// JSON runs `emulator --json <args>` and decodes the envelope's data into
// out (which may be nil). A failure is a *CLIError.
func (c *CLI) JSON(ctx context.Context, out interface{}, args ...string) error {
	full := append(append(append([]string{}, c.Args...), "--json"), args...)
	stdout, err := c.run(ctx, full, nil)
	var res Result
	jerr := json.Unmarshal(stdout, &res)
	if err != nil {
		ce := asCLIError(err, args)
		if jerr == nil && res.Error != nil {
			ce.Body = res.Error
		}
		return ce
	}
	if jerr != nil {
		return fmt.Errorf("emulator %s: unreadable JSON output: %v", strings.Join(args, " "), jerr)
	}
	if out != nil && len(res.Data) > 0 {
		return json.Unmarshal(res.Data, out)
	}
	return nil
}

// Output runs `emulator <args>` and returns its stdout.
func (c *CLI) Output(ctx context.Context, args ...string) ([]byte, error) {
	full := append(append([]string{}, c.Args...), args...)
	out, err := c.run(ctx, full, nil)
	if err != nil {
		return out, asCLIError(err, args)
	}
	return out, nil
}

// Raw runs `emulator <args>` and copies its stdout to w.
func (c *CLI) Raw(ctx context.Context, w io.Writer, args ...string) error {
	full := append(append([]string{}, c.Args...), args...)
	if _, err := c.run(ctx, full, w); err != nil {
		return asCLIError(err, args)
	}
	return nil
}

type runError struct {
	code   int
	stderr string
	err    error
}

func (e *runError) Error() string { return e.err.Error() }

func (c *CLI) run(ctx context.Context, args []string, stdout io.Writer) ([]byte, error) {
	cmd := exec.CommandContext(ctx, c.Path, args...)
	if len(c.Env) > 0 {
		cmd.Env = append(cmd.Environ(), c.Env...)
	}
	var out, errBuf bytes.Buffer
	cmd.Stdout = &out
	if stdout != nil {
		cmd.Stdout = stdout
	}
	cmd.Stderr = &errBuf
	if c.Stderr != nil {
		cmd.Stderr = io.MultiWriter(&errBuf, c.Stderr)
	}
	err := cmd.Run()
	if err != nil {
		code := -1
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		return out.Bytes(), &runError{code: code, stderr: errBuf.String(), err: err}
	}
	return out.Bytes(), nil
}

func asCLIError(err error, args []string) *CLIError {
	ce := &CLIError{Args: args, ExitCode: -1, Stderr: err.Error()}
	var re *runError
	if errors.As(err, &re) {
		ce.ExitCode, ce.Stderr = re.code, re.stderr
		if ce.Stderr == "" {
			ce.Stderr = re.err.Error()
		}
	}
	return ce
}
