package cbor

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"

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
		o, err := c.Operation(svc, r)
		if err != nil {
			assert4xx(t, err)
			return
		}
		if _, err := c.Decode(svc, o, r); err != nil {
			assert4xx(t, err)
		}
	})
}

func assert4xx(t *testing.T, err error) {
	t.Helper()
	var ae *awsapi.Error
	if !errors.As(err, &ae) || ae.Status < 400 || ae.Status > 499 {
		t.Fatalf("error %v (%T) is not a 4xx *awsapi.Error", err, err)
	}
}
