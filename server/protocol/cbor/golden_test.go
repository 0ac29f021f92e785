package cbor

import (
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	fxcbor "github.com/fxamacker/cbor/v2"

	"github.com/setup-emulator/setup-emulator/server/model"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// checkGolden compares got with testdata/<name>.golden (rewritten with -update).
func checkGolden(t *testing.T, name string, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file (run go test -update): %v", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// dumpValue renders a generic value deterministically with its Go kind
// visible: time.Time as time(...), []byte as blob(base64), float64 as
// float(...), int64 as a bare number, strings quoted.
func dumpValue(v any) string {
	var b strings.Builder
	dump(&b, v, "")
	return b.String()
}

func dump(b *strings.Builder, v any, indent string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for _, k := range keys {
			fmt.Fprintf(b, "%s  %q: ", indent, k)
			dump(b, x[k], indent+"  ")
			b.WriteString("\n")
		}
		b.WriteString(indent + "}")
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for _, e := range x {
			b.WriteString(indent + "  ")
			dump(b, e, indent+"  ")
			b.WriteString("\n")
		}
		b.WriteString(indent + "]")
	case string:
		b.WriteString(strconv.Quote(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			fmt.Fprintf(b, "float(%v)", x)
		} else {
			fmt.Fprintf(b, "float(%s)", strconv.FormatFloat(x, 'g', -1, 64))
		}
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case time.Time:
		fmt.Fprintf(b, "time(%s)", x.Format(time.RFC3339Nano))
	case []byte:
		fmt.Fprintf(b, "blob(%s)", base64.StdEncoding.EncodeToString(x))
	case nil:
		b.WriteString("null")
	default:
		fmt.Fprintf(b, "%T(%v)", x, x)
	}
}

// dumpResponse renders a recorded response: status, sorted headers, body.
func dumpResponse(rec *httptest.ResponseRecorder) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\n", rec.Code)
	keys := make([]string, 0, len(rec.Header()))
	for k := range rec.Header() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(rec.Header()[k], ", "))
	}
	b.WriteString("\n")
	if body := rec.Body.Bytes(); len(body) > 0 {
		diag, err := fxcbor.Diagnose(body)
		if err != nil {
			diag = "invalid CBOR: " + err.Error()
		}
		fmt.Fprintf(&b, "%s\n%s\n", diag, hex.EncodeToString(body))
	}
	return b.String()
}

func loadService(t testing.TB, name string) *model.Service {
	t.Helper()
	svc, err := model.NewRegistry().Service(name)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}
