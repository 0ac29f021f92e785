package act

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func findActionlint(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("actionlint"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "actionlint")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Skip("actionlint not installed: go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12")
	return ""
}

// TestActionlint lints every workflow: .github/workflows (found by
// actionlint itself) and the act test workflows.
func TestActionlint(t *testing.T) {
	bin := findActionlint(t)
	root := repoRoot(t)
	extra, _ := filepath.Glob(filepath.Join(root, "test/act/workflows/*.yml"))
	consumer, _ := filepath.Glob(filepath.Join(root, "test/act/consumer/.github/workflows/*.yml"))
	for _, args := range [][]string{{"-oneline"}, append([]string{"-oneline"}, append(extra, consumer...)...)} {
		cmd := exec.Command(bin, args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("actionlint %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// TestEverySubActionIsLinted: actionlint checks an action's metadata
// (inputs, outputs, YAML) only where a workflow uses it, so each
// sub-action must appear as `uses: ./<dir>` in .github/workflows.
func TestEverySubActionIsLinted(t *testing.T) {
	root := repoRoot(t)
	files, _ := filepath.Glob(filepath.Join(root, ".github/workflows/*.yml"))
	var all strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	for _, dir := range []string{"", "prepare", "startup", "state", "finish"} {
		re := regexp.MustCompile(`(?m)^\s*(-\s+)?uses:\s+\./` + regexp.QuoteMeta(dir) + `\s*$`)
		if !re.MatchString(all.String()) {
			t.Errorf("no workflow in .github/workflows says `uses: ./%s`", dir)
		}
	}
}
