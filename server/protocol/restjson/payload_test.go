package restjson

import (
	"net/http/httptest"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// TestEncodeClosesStreamingPayload: the codec closes a streaming payload a
// provider hands it exactly once, when it is copied and when a header member
// fails to encode first.
func TestEncodeClosesStreamingPayload(t *testing.T) {
	svc := protocoltest.LoadService(t, "lambda")
	for _, tc := range []struct {
		name    string
		extra   map[string]any
		wantErr bool
	}{
		{"copied", nil, false},
		{"header_fails", map[string]any{"FunctionError": struct{}{}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := protocoltest.NewCloseCounter("streamed")
			out := map[string]any{"Payload": body}
			for k, v := range tc.extra {
				out[k] = v
			}
			rec := httptest.NewRecorder()
			err := New().Encode(rec, svc, svc.Operations["Invoke"], out, protocol.Meta{})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if body.Closed != 1 {
				t.Errorf("Close called %d times, want 1", body.Closed)
			}
			if !tc.wantErr && rec.Body.String() != "streamed" {
				t.Errorf("body %q", rec.Body.String())
			}
		})
	}
}
