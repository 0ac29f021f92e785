package server_test

import (
	"strings"
	"testing"
)

// CloudWatch's model lists smithy-rpc-v2-cbor, json and query: each request
// is answered in the protocol it came in, all on one store. A metric put
// over query is listed over JSON and over CBOR.
func TestMultiProtocolService(t *testing.T) {
	url := newServer(t, nil)
	sig := "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=x"
	status, _, body := get(t, "POST", url+"/", "Action=PutMetricData&Version=2010-08-01&Namespace=App&MetricData.member.1.MetricName=Hits&MetricData.member.1.Value=1",
		map[string]string{"Authorization": sig, "Content-Type": "application/x-www-form-urlencoded"})
	if status != 200 || !strings.Contains(body, "<PutMetricDataResponse") {
		t.Fatalf("query PutMetricData: %d %s", status, body)
	}
	status, hdr, body := get(t, "POST", url+"/", `{"Namespace": "App"}`,
		map[string]string{"Authorization": sig, "X-Amz-Target": "GraniteServiceVersion20100801.ListMetrics", "Content-Type": "application/x-amz-json-1.0"})
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/x-amz-json") || !strings.Contains(body, `"MetricName":"Hits"`) {
		t.Errorf("json ListMetrics: %d %v %s", status, hdr, body)
	}
	// rpc-v2-cbor: POST /service/<service>/operation/<op>, an empty CBOR map (0xa0).
	status, hdr, body = get(t, "POST", url+"/service/GraniteServiceVersion20100801/operation/ListMetrics", "\xa0",
		map[string]string{"Authorization": sig, "Smithy-Protocol": "rpc-v2-cbor", "Content-Type": "application/cbor", "Accept": "application/cbor"})
	if status != 200 || hdr.Get("Smithy-Protocol") != "rpc-v2-cbor" || !strings.Contains(body, "Hits") {
		t.Errorf("cbor ListMetrics: %d %v %q", status, hdr, body)
	}
	// Errors come in the protocol of the request: an unknown query Action.
	status, _, body = get(t, "POST", url+"/", "Action=Nope&Version=2010-08-01",
		map[string]string{"Authorization": sig, "Content-Type": "application/x-www-form-urlencoded"})
	if status != 400 || !strings.Contains(body, "<ErrorResponse") || !strings.Contains(body, "InvalidAction") {
		t.Errorf("query unknown action: %d %s", status, body)
	}
}

// Kinesis answers the AWS SDK for Java's default wire format: JSON 1.1
// targets with CBOR bodies (Content-Type application/x-amz-cbor-1.1).
func TestKinesisLegacyCBOR(t *testing.T) {
	url := newServer(t, nil)
	sig := "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=x"
	status, hdr, body := get(t, "POST", url+"/", "\xa0", map[string]string{"Authorization": sig,
		"X-Amz-Target": "Kinesis_20131202.ListStreams", "Content-Type": "application/x-amz-cbor-1.1"})
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/x-amz-cbor-1.1") || len(body) == 0 || body[0]&0xe0 != 0xa0 {
		t.Errorf("ListStreams over CBOR: %d %v %q", status, hdr, body)
	}
}
