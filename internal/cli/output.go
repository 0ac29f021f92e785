package cli

import (
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/setup-emulator/setup-emulator/internal/wait"
)

// Result is the JSON document a command prints with --json. The envelope
// is stable: {"command", "status": "ok"|"error", "data", "error"}.
type Result struct {
	Command string      `json:"command"`
	Status  string      `json:"status"`
	Data    interface{} `json:"data,omitempty"`
	Error   *ErrorBody  `json:"error,omitempty"`
}

// ErrorBody describes a failure for machines.
type ErrorBody struct {
	Code             string   `json:"code"`     // e.g. TIMEOUT, see CodeName
	ExitCode         int      `json:"exitCode"` // the CLI's exit code
	Message          string   `json:"message"`
	EmulatorExitCode *int     `json:"emulatorExitCode,omitempty"` // for EXITED
	LogTail          []string `json:"logTail,omitempty"`
}

// WriteJSON prints v as one indented JSON document.
func WriteJSON(w io.Writer, v interface{}) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ErrorResult builds the --json error document for err.
func ErrorResult(command string, err error) Result {
	code := ExitCode(err)
	body := &ErrorBody{Code: CodeName(code), ExitCode: code, Message: err.Error(), LogTail: LogTail(err)}
	var exited *wait.ExitedError
	if errors.As(err, &exited) {
		c := exited.ExitCode
		body.EmulatorExitCode = &c
	}
	return Result{Command: command, Status: "error", Error: body}
}

// IsTerminal reports whether w is a character device and not in CI, where
// progress bars would only clutter the log.
func IsTerminal(w io.Writer, getenv func(string) string) bool {
	if getenv("CI") != "" || getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
