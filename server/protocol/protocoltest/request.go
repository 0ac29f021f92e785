package protocoltest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// ReadRequest parses a request file: request line, headers, a blank line and
// the body. A body ending in CRLF (aws-chunked framing) is taken verbatim;
// otherwise its final newline is dropped. Content-Length is not read from
// the file: the body's length is used.
func ReadRequest(t *testing.T, path string) *http.Request {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(data), "\n\n")
	if !strings.HasSuffix(body, "\r\n") {
		body = strings.TrimSuffix(body, "\n")
	}
	lines := strings.Split(head, "\n")
	parts := strings.Fields(lines[0])
	r := httptest.NewRequest(parts[0], parts[1], strings.NewReader(body))
	for _, l := range lines[1:] {
		k, v, _ := strings.Cut(l, ":")
		r.Header.Add(k, strings.TrimSpace(v))
	}
	return r
}

// ErrorJSON renders a decoding error for the XML protocols' golden files:
// {"error": {status, code, message, sender[, fields]}}, or {"error":
// {"untyped": ...}} when err is not an *awsapi.Error.
func ErrorJSON(err error) map[string]any {
	var ae *awsapi.Error
	if !errors.As(err, &ae) {
		return map[string]any{"error": map[string]any{"untyped": err.Error()}}
	}
	e := map[string]any{"status": ae.Status, "code": ae.Code, "message": ae.Message, "sender": ae.Sender}
	if len(ae.Fields) > 0 {
		e["fields"] = ae.Fields
	}
	return map[string]any{"error": e}
}

// DecodeFiles runs every testdata/decode/<service>/*.http as a subtest:
// decode renders the request (see TaggedDecode) and the result, as JSON, is
// compared with the .json file beside it (rewritten when update is set).
func DecodeFiles(t *testing.T, update bool, decode func(t *testing.T, service string, r *http.Request) map[string]any) {
	t.Helper()
	files, _ := filepath.Glob("testdata/decode/*/*.http")
	if len(files) == 0 {
		t.Fatal("no request files")
	}
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f))
		t.Run(name+"/"+filepath.Base(f), func(t *testing.T) {
			got := decode(t, name, ReadRequest(t, f))
			Golden(t, strings.TrimSuffix(f, ".http")+".json", JSON(got), update)
		})
	}
}

// TaggedDecode runs c's Operation and Decode on r and renders
// {"operation", "input" (Tagged, so streams are read)} or ErrorJSON. extra,
// when not nil, may add to the rendering after the input was tagged.
func TaggedDecode(c protocol.Codec, svc *model.Service, r *http.Request, extra func(in, got map[string]any)) map[string]any {
	op, err := c.Operation(svc, r)
	if err != nil {
		return ErrorJSON(err)
	}
	in, err := c.Decode(svc, op, r)
	if err != nil {
		return ErrorJSON(err)
	}
	got := map[string]any{"operation": op.Name, "input": Tagged(in)}
	if extra != nil {
		extra(in, got)
	}
	return got
}
