// Package protocoltest holds what the protocol codecs' tests share: golden
// files, deterministic dumps of generic values and recorded responses, a
// decode-or-error rendering, and a handler that serves a codec the way the
// gateway does for the SDK round-trip tests.
//
// Two golden formats live here because the codecs' testdata already uses
// them: the JSON protocols (jsonrpc, restjson, cbor) dump values with
// DumpValue and responses with DumpResponse; the XML protocols (query,
// restxml) render values as tagged JSON (Tagged, JSON) and responses with
// DumpHTTP.
package protocoltest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/model"
)

// Golden compares got with the file at path, or rewrites the file when
// update is set (each package's -update flag).
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// LoadService loads a botocore service model by its name in the registry.
func LoadService(t testing.TB, name string) *model.Service {
	t.Helper()
	svc, err := model.NewRegistry().Service(name)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}
