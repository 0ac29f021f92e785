package cbor

import (
	"encoding/hex"
	"flag"
	"fmt"
	"path/filepath"
	"testing"

	fxcbor "github.com/fxamacker/cbor/v2"

	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// checkGolden compares got with testdata/<name>.golden (rewritten with -update).
func checkGolden(t *testing.T, name string, got string) {
	t.Helper()
	protocoltest.Golden(t, filepath.Join("testdata", name+".golden"), []byte(got), *update)
}

// dumpBody renders a CBOR body as its diagnostic notation and hex.
func dumpBody(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	diag, err := fxcbor.Diagnose(body)
	if err != nil {
		diag = "invalid CBOR: " + err.Error()
	}
	return fmt.Sprintf("%s\n%s\n", diag, hex.EncodeToString(body))
}
