package restxml

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// failingWriter fails every body write, as a dropped connection does.
type failingWriter struct{ *httptest.ResponseRecorder }

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("connection reset") }

func (failingWriter) WriteString(string) (int, error) { return 0, errors.New("connection reset") }

// TestEncodeClosesStreamingBody: a provider hands over an open stream (a
// file, a pipe); the codec closes it exactly once whether the copy succeeds,
// the copy fails, or a header member fails to encode before the copy.
func TestEncodeClosesStreamingBody(t *testing.T) {
	svc := protocoltest.LoadService(t, "s3")
	op := svc.Operations["GetObject"]
	for _, tc := range []struct {
		name    string
		w       http.ResponseWriter
		extra   map[string]any
		wantErr bool
	}{
		{"copied", httptest.NewRecorder(), nil, false},
		{"copy_fails", failingWriter{httptest.NewRecorder()}, nil, true},
		{"header_fails", httptest.NewRecorder(), map[string]any{"ContentType": struct{}{}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := protocoltest.NewCloseCounter("data")
			out := map[string]any{"Body": body}
			for k, v := range tc.extra {
				out[k] = v
			}
			err := New().Encode(tc.w, svc, op, out, protocol.Meta{})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if body.Closed != 1 {
				t.Errorf("Close called %d times, want 1", body.Closed)
			}
		})
	}
}

// TestEncodeRangedHeadObject: a ranged HeadObject answers 206 like GetObject
// (S3 HeadObject API reference: Range, and ContentRange in the response;
// RFC 9110 15.3.7), with no body.
func TestEncodeRangedHeadObject(t *testing.T) {
	svc := protocoltest.LoadService(t, "s3")
	op := svc.Operations["HeadObject"]
	if op.Output.Shape.Members["ContentRange"] == nil {
		t.Skip("this s3 model's HeadObjectOutput has no ContentRange")
	}
	rec := httptest.NewRecorder()
	out := map[string]any{"ContentRange": "bytes 0-3/10", "ContentLength": int64(4)}
	if err := New().Encode(rec, svc, op, out, protocol.Meta{}); err != nil {
		t.Fatal(err)
	}
	if rec.Code != http.StatusPartialContent || rec.Header().Get("Content-Range") != "bytes 0-3/10" || rec.Body.Len() != 0 {
		t.Errorf("got %d %v %q", rec.Code, rec.Header(), rec.Body.String())
	}
}
