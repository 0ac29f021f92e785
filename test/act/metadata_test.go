package act

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var actionFiles = []string{"action.yml", "prepare/action.yml", "startup/action.yml", "state/action.yml", "finish/action.yml"}

// TestCompositeStepsTakeInputsThroughEnv checks what actionlint does not
// (it skips composite steps): no run: script contains a ${{ }} expression
// (inputs reach scripts only through env:, so a configuration value can
// never become shell code), every inputs.X used is declared, and nothing
// reaches the action's files through the workspace.
func TestCompositeStepsTakeInputsThroughEnv(t *testing.T) {
	root := repoRoot(t)
	runLine := regexp.MustCompile(`^(\s*)(- )?run: ?(.*)$`)
	inputRef := regexp.MustCompile(`inputs\.([A-Za-z0-9_-]+)`)
	declared := regexp.MustCompile(`^  ([a-z][a-z0-9-]*):\s*$`)
	for _, f := range actionFiles {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		inputs := map[string]bool{}
		section := ""
		for _, l := range lines {
			if !strings.HasPrefix(l, " ") && strings.HasSuffix(l, ":") {
				section = strings.TrimSuffix(l, ":")
			}
			if m := declared.FindStringSubmatch(l); m != nil && section == "inputs" {
				inputs[m[1]] = true
			}
		}
		runIndent := -1
		for i, l := range lines {
			for _, m := range inputRef.FindAllStringSubmatch(l, -1) {
				if !inputs[m[1]] {
					t.Errorf("%s:%d: inputs.%s is not declared", f, i+1, m[1])
				}
			}
			if strings.Contains(l, "github.workspace") || strings.Contains(l, "GITHUB_WORKSPACE") {
				t.Errorf("%s:%d: reaches files through the workspace, not github.action_path", f, i+1)
			}
			if runIndent >= 0 {
				if strings.TrimSpace(l) == "" || indent(l) > runIndent {
					if strings.Contains(l, "${{") {
						t.Errorf("%s:%d: expression inside a run script: %s", f, i+1, strings.TrimSpace(l))
					}
					continue
				}
				runIndent = -1
			}
			if m := runLine.FindStringSubmatch(l); m != nil {
				if strings.Contains(m[3], "${{") {
					t.Errorf("%s:%d: expression inside a run script: %s", f, i+1, strings.TrimSpace(l))
				}
				runIndent = len(m[1])
				if m[2] != "" {
					runIndent += 2
				}
			}
		}
		if len(inputs) == 0 {
			t.Errorf("%s: no inputs found (parser out of date?)", f)
		}
	}
}

// TestRootActionKeepsSetupLocalstackInputs: the inputs users migrate with.
func TestRootActionKeepsSetupLocalstackInputs(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"image-tag", "install-awslocal", "configuration", "skip-startup", "skip-wait",
		"state-action", "state-backend", "state-name", "use-pro", "github-token",
		"mode", "build", "export-endpoint", "wait-timeout", "image"} {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(in) + `:\s*$`).Match(b) {
			t.Errorf("action.yml lacks input %s", in)
		}
	}
	for _, out := range []string{"endpoint-url", "container-id", "pid", "version", "services"} {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(out) + `:\s*$`).Match(b) {
			t.Errorf("action.yml lacks output %s", out)
		}
	}
}

func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }
