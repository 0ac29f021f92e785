package restxml

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

type encodeCase struct {
	name, service, op string
	out               map[string]any
	err               awsapi.APIError
	fields            map[string]any
	resource          string
}

var when = time.Date(2026, 11, 29, 19, 30, 0, 123e6, time.UTC)

// encodeCases pin exact response bytes. Expected forms: the S3 API
// reference's response syntax for each operation (root elements, the
// unwrapped <Error> document with RequestId and HostId, HEAD errors without a
// body) and the Route 53 API reference (wrapped <ErrorResponse>).
func encodeCases() []encodeCase {
	return []encodeCase{
		{name: "s3-list-objects-v2", service: "s3", op: "ListObjectsV2", out: map[string]any{
			"Name": "b", "Prefix": "", "KeyCount": int64(1), "MaxKeys": int64(1000), "IsTruncated": false, "RequestCharged": "requester",
			"Contents":       []any{map[string]any{"Key": "a&b", "LastModified": when, "ETag": `"e"`, "Size": int64(3), "StorageClass": "STANDARD", "ChecksumAlgorithm": []any{"CRC32"}}},
			"CommonPrefixes": []any{map[string]any{"Prefix": "dir/"}}}},
		{name: "s3-list-buckets", service: "s3", op: "ListBuckets", out: map[string]any{
			"Owner":   map[string]any{"ID": "abc", "DisplayName": "webfile"},
			"Buckets": []any{map[string]any{"Name": "b", "CreationDate": when, "BucketRegion": "us-east-1"}}}},
		{name: "s3-get-object-stream", service: "s3", op: "GetObject", out: map[string]any{
			"Body": strings.NewReader("hello world"), "ContentLength": int64(11), "ContentType": "text/plain", "ETag": `"e"`,
			"LastModified": when, "Metadata": map[string]any{"color": "blue"}, "AcceptRanges": "bytes", "DeleteMarker": false, "TagCount": int64(2)}},
		{name: "s3-get-object-range-206", service: "s3", op: "GetObject", out: map[string]any{
			"Body": strings.NewReader("hel"), "ContentLength": int64(3), "ContentRange": "bytes 0-2/11", "ContentType": ""}},
		{name: "s3-head-object", service: "s3", op: "HeadObject", out: map[string]any{
			"ContentLength": int64(11), "ContentType": "text/plain", "ETag": `"e"`, "LastModified": when, "Metadata": map[string]any{"a": "1"}}},
		{name: "s3-put-object-headers-only", service: "s3", op: "PutObject", out: map[string]any{"ETag": `"e"`, "VersionId": "v1", "ChecksumCRC32": "DUoRhQ=="}},
		{name: "s3-delete-object-204", service: "s3", op: "DeleteObject", out: map[string]any{}},
		{name: "s3-copy-object-payload", service: "s3", op: "CopyObject", out: map[string]any{
			"CopyObjectResult": map[string]any{"ETag": `"e"`, "LastModified": when}, "VersionId": "v2"}},
		{name: "s3-get-bucket-acl-xsi-type", service: "s3", op: "GetBucketAcl", out: map[string]any{
			"Owner":  map[string]any{"ID": "abc"},
			"Grants": []any{map[string]any{"Grantee": map[string]any{"ID": "abc", "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}}}},
		{name: "s3-get-bucket-location", service: "s3", op: "GetBucketLocation", out: map[string]any{"LocationConstraint": "eu-west-1"}},
		{name: "s3-get-bucket-policy-string", service: "s3", op: "GetBucketPolicy", out: map[string]any{"Policy": `{"Version":"2012-10-17"}`}},
		{name: "s3-get-bucket-versioning-empty", service: "s3", op: "GetBucketVersioning", out: map[string]any{}},
		{name: "s3-create-multipart-upload", service: "s3", op: "CreateMultipartUpload", out: map[string]any{"Bucket": "b", "Key": "k", "UploadId": "u-1"}},
		{name: "s3-error-no-such-key", service: "s3", op: "GetObject", resource: "/b/missing",
			err: &awsapi.Error{Code: "NoSuchKey", Message: "The specified key does not exist.", Status: 404, Sender: true, Fields: map[string]string{"Key": "missing"}}},
		{name: "s3-error-head-no-body", service: "s3", op: "HeadObject",
			err: &awsapi.Error{Code: "NotFound", Message: "Not Found", Status: 404, Sender: true}},
		{name: "s3-error-method-not-allowed-no-op", service: "s3",
			err: &awsapi.Error{Code: "MethodNotAllowed", Message: "The specified method is not allowed against this resource.", Status: 405, Sender: true, Fields: map[string]string{"Method": "PATCH", "ResourceType": "OBJECT"}}},
		{name: "s3-error-internal", service: "s3", op: "PutObject", err: awsapi.InternalError("s3", "PutObject", "disk full")},
		{name: "route53-get-hosted-zone", service: "route53", op: "GetHostedZone", out: map[string]any{
			"HostedZone":    map[string]any{"Id": "/hostedzone/Z1", "Name": "example.com.", "CallerReference": "c", "ResourceRecordSetCount": int64(2)},
			"DelegationSet": map[string]any{"NameServers": []any{"ns1.example.com", "ns2.example.com"}}}},
		{name: "route53-create-hosted-zone-201", service: "route53", op: "CreateHostedZone", out: map[string]any{
			"Location":   "https://route53.amazonaws.com/2013-04-01/hostedzone/Z1",
			"HostedZone": map[string]any{"Id": "/hostedzone/Z1", "Name": "example.com.", "CallerReference": "c"},
			"ChangeInfo": map[string]any{"Id": "/change/C1", "Status": "PENDING", "SubmittedAt": when}}},
		{name: "route53-error-modelled", service: "route53", op: "GetHostedZone",
			err: &awsapi.Error{Code: "NoSuchHostedZone", Message: "No hosted zone found with ID: Z9", Status: 404, Sender: true}, fields: map[string]any{"message": "No hosted zone found with ID: Z9"}},
	}
}

func TestEncodeGolden(t *testing.T) {
	reg := model.NewRegistry()
	c := New()
	for _, tc := range encodeCases() {
		t.Run(tc.name, func(t *testing.T) {
			svc, err := reg.Service(tc.service)
			if err != nil {
				t.Fatal(err)
			}
			meta := protocol.Meta{RequestID: "4442587FB7D0A2F9", Resource: tc.resource}
			rec := protocoltest.Record(t, c, svc, tc.op, tc.out, tc.err, tc.fields, meta)
			protocoltest.Golden(t, filepath.Join("testdata/encode", tc.name+".golden"), protocoltest.DumpHTTP(rec), *update)
		})
	}
}

// TestEncodeStreamsWithoutBuffering: the payload reader is copied to the
// writer as it is read, so the first bytes are out before the reader ends.
func TestEncodeStreamsWithoutBuffering(t *testing.T) {
	svc, err := model.NewRegistry().Service("s3")
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := newPipe()
	rec := &flushRecorder{ResponseRecorder: httptest.NewRecorder(), wrote: make(chan struct{}, 1)}
	done := make(chan error, 1)
	go func() {
		done <- New().Encode(rec, svc, svc.Operations["GetObject"], map[string]any{"Body": pr}, protocol.Meta{})
	}()
	_, _ = pw.Write([]byte("first"))
	<-rec.wrote // the codec wrote "first" while the stream is still open
	_ = pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if rec.Body.String() != "first" || rec.Code != http.StatusOK {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}
