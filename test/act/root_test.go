// Package act holds the action's end-to-end tests: act runs of the real
// action.yml and the service-container check (build tag e2e), and the
// actionlint checks (always).
package act

import (
	"path/filepath"
	"testing"
)

// repoRoot is the repository root: this package lives in test/act.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}
