package server_test

import (
	"strings"
	"testing"
)

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

// Bad input gets a clear AWS-shaped 4xx with a request id, never a crash, a
// hang or an empty 500.
func TestBadInput(t *testing.T) {
	url := newServer(t, nil)
	json10 := map[string]string{"Content-Type": "application/x-amz-json-1.0"}
	with := func(m map[string]string, k, v string) map[string]string {
		out := map[string]string{k: v}
		for a, b := range m {
			out[a] = b
		}
		return out
	}
	cases := []struct {
		name, method, path, body string
		hdr                      map[string]string
		status                   int
		want                     []string
	}{
		{"malformed JSON", "POST", "/", `{"TableName": `, with(json10, "X-Amz-Target", "DynamoDB_20120810.DescribeTable"), 400, []string{"SerializationException"}},
		{"JSON of the wrong type", "POST", "/", `{"TableName": 5}`, with(json10, "X-Amz-Target", "DynamoDB_20120810.DescribeTable"), 400, []string{"SerializationException"}},
		{"unknown target", "POST", "/", `{}`, with(json10, "X-Amz-Target", "DynamoDB_20120810.Dance"), 400, []string{"UnknownOperationException"}},
		{"malformed S3 XML", "PUT", "/bad-xml-bucket", `<CreateBucketConfiguration><LocationConstraint>`, map[string]string{"Content-Type": "application/xml"}, 400, []string{"<Code>MalformedXML</Code>"}},
		{"unknown query action", "POST", "/", "Action=Dance&Version=2011-06-15", map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Authorization": "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=x"}, 400, []string{"<ErrorResponse", "InvalidAction"}},
		{"oversized headers", "GET", "/some-bucket/key", "", map[string]string{"X-Big": strings.Repeat("a", 70<<10)}, 400, []string{"RequestHeaderSectionTooLarge"}},
		{"unimplemented operation", "GET", "/2015-03-31/functions/", "", map[string]string{"Authorization": "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=x"}, 501, []string{"InternalFailure", "ListFunctions", "lambda"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, hdr, body := get(t, c.method, url+c.path, c.body, c.hdr)
			if status != c.status || !containsAll(body, c.want...) {
				t.Errorf("%d %s", status, body)
			}
			if hdr.Get("x-amzn-RequestId") == "" && hdr.Get("x-amz-request-id") == "" {
				t.Errorf("no request id header: %v", hdr)
			}
		})
	}
	// SERVICES excludes a service: 501 saying so.
	only := newServer(t, map[string]string{"SERVICES": "s3"})
	status, _, body := get(t, "POST", only+"/", `{}`, with(json10, "X-Amz-Target", "DynamoDB_20120810.ListTables"))
	if status != 501 || !strings.Contains(body, "Service 'dynamodb' is not enabled. Please check your 'SERVICES' configuration variable.") {
		t.Errorf("disabled service: %d %s", status, body)
	}
}
