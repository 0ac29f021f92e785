package server_test

import (
	"strings"
	"testing"
)

// CloudWatch's model lists smithy-rpc-v2-cbor, json and query: each request
// is answered in the protocol it came in (here the 501 of an operation
// without a provider, in each protocol's error shape).
func TestMultiProtocolService(t *testing.T) {
	url := newServer(t, nil)
	sig := "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=x"
	// rpc-v2-cbor: POST /service/<service>/operation/<op>, an empty CBOR map (0xa0).
	status, hdr, body := get(t, "POST", url+"/service/GraniteServiceVersion20100801/operation/ListMetrics", "\xa0",
		map[string]string{"Authorization": sig, "Smithy-Protocol": "rpc-v2-cbor", "Content-Type": "application/cbor", "Accept": "application/cbor"})
	if status != 501 || hdr.Get("Smithy-Protocol") != "rpc-v2-cbor" || !strings.Contains(body, "InternalFailure") {
		t.Errorf("cbor: %d %v %q", status, hdr, body)
	}
	status, hdr, body = get(t, "POST", url+"/", "{}",
		map[string]string{"Authorization": sig, "X-Amz-Target": "GraniteServiceVersion20100801.ListMetrics", "Content-Type": "application/x-amz-json-1.0"})
	if status != 501 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/x-amz-json") || !strings.Contains(body, `"__type"`) {
		t.Errorf("json: %d %v %s", status, hdr, body)
	}
	status, _, body = get(t, "POST", url+"/", "Action=ListMetrics&Version=2010-08-01",
		map[string]string{"Authorization": sig, "Content-Type": "application/x-www-form-urlencoded"})
	if status != 501 || !strings.Contains(body, "<ErrorResponse") || !strings.Contains(body, "<Code>InternalFailure</Code>") {
		t.Errorf("query: %d %s", status, body)
	}
}
