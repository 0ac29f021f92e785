package restjson

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// checkGolden compares got with testdata/<name>.golden (rewritten with -update).
func checkGolden(t *testing.T, name string, got string) {
	t.Helper()
	protocoltest.Golden(t, filepath.Join("testdata", name+".golden"), []byte(got), *update)
}
