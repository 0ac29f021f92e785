package restxml

import (
	"flag"
	"net/http"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestDecodeGolden decodes every testdata/decode/<service>/*.http and
// compares {operation, input} or {error} with the .json beside it. Request
// forms follow what aws-sdk-go-v2 and the AWS CLI send (S3 API reference
// request syntax; "Signature Calculations for the Authorization Header:
// Transferring Payload in Multiple Chunks" for aws-chunked bodies).
func TestDecodeGolden(t *testing.T) {
	reg := model.NewRegistry()
	c := New()
	protocoltest.DecodeFiles(t, *update, func(t *testing.T, service string, r *http.Request) map[string]any {
		svc, err := reg.Service(service)
		if err != nil {
			t.Fatal(err)
		}
		return protocoltest.TaggedDecode(c, svc, r, func(in, got map[string]any) {
			if cr, ok := in["Body"].(*ChunkedReader); ok && len(cr.Trailer()) > 0 {
				got["trailer"] = cr.Trailer()
			}
		})
	})
}
