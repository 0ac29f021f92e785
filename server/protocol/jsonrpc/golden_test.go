package jsonrpc

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// checkGolden compares got with testdata/<name>.golden (rewritten with -update).
func checkGolden(t *testing.T, name string, got string) {
	t.Helper()
	protocoltest.Golden(t, filepath.Join("testdata", name+".golden"), []byte(got), *update)
}

func newRequest(target, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	r.Header.Set("Content-Type", "application/x-amz-json-1.0")
	return r
}
