package ghaction

import (
	"errors"
	"fmt"
	"strings"

	githubactions "github.com/sethvargo/go-githubactions"
)

// Fail writes err as one ::error:: annotation titled title. A CLI error
// carries its code, the emulator's exit code and its log tail, so the
// annotation on the workflow page says why, not just "timeout".
func Fail(a *githubactions.Action, title string, err error) {
	msg := err.Error()
	var ce *CLIError
	if errors.As(err, &ce) && ce.Body != nil {
		b := ce.Body
		msg = fmt.Sprintf("%s (%s, CLI exit code %d)", b.Message, b.Code, b.ExitCode)
		if b.EmulatorExitCode != nil {
			msg += fmt.Sprintf("; the emulator exited with code %d", *b.EmulatorExitCode)
		}
		if len(b.LogTail) > 0 {
			msg += fmt.Sprintf("\nLast %d log lines:\n%s", len(b.LogTail), strings.Join(b.LogTail, "\n"))
		}
	}
	a.WithFieldsMap(map[string]string{"title": title}).Errorf("%s", msg)
}
