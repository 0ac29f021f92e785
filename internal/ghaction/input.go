package ghaction

import (
	"strings"

	githubactions "github.com/sethvargo/go-githubactions"
)

// Input reads an input the composite steps pass as INPUT_<NAME> with '-'
// turned into '_' (INPUT_INSTALL_AWSLOCAL). GitHub sets no INPUT_* for
// composite run steps, so our action.yml files map every input through
// env: explicitly, and underscores survive every shell (dash and Git Bash
// on Windows drop or mangle names with '-').
func Input(a *githubactions.Action, name string) string {
	return strings.TrimSpace(a.Getenv("INPUT_" + strings.ToUpper(strings.NewReplacer("-", "_", " ", "_").Replace(name))))
}
