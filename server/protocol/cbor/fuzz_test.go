package cbor

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// FuzzDecode feeds arbitrary operation names and CBOR bodies to Operation
// and Decode of CloudWatch: no panic, failures only as 4xx *awsapi.Error.
// Seeds: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	svc := protocoltest.LoadService(f, "cloudwatch")
	c := New()
	f.Add("PutMetricData", []byte{0xa1, 0x69, 'N', 'a', 'm', 'e', 's', 'p', 'a', 'c', 'e', 0x61, 'n'})
	f.Fuzz(func(t *testing.T, op string, body []byte) {
		r := httptest.NewRequest("POST", "/service/GraniteServiceVersion20100801/operation/x", bytes.NewReader(body))
		r.URL.Path = "/service/GraniteServiceVersion20100801/operation/" + op
		protocoltest.CheckDecode(t, c, svc, r)
	})
}
