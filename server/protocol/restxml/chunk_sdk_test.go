package restxml

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// TestS3ChunkedUploadWithSDK: with an unseekable body and a checksum, the
// SDK streams aws-chunked with a trailing x-amz-checksum-crc32 (over TLS;
// over plain HTTP it may compute the checksum into a header instead): both
// must decode to the plain bytes.
func TestS3ChunkedUploadWithSDK(t *testing.T) {
	h, calls := s3Handler(t, func(string, map[string]any) (map[string]any, awsapi.APIError) { return map[string]any{}, nil })
	srv := httptest.NewTLSServer(h)
	defer srv.Close()
	client := s3Client(srv.URL, func(o *s3.Options) { o.HTTPClient = srv.Client() })
	data := strings.Repeat("0123456789", 10000)
	_, err := client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("b"), Key: aws.String("k"),
		Body: io.NopCloser(strings.NewReader(data)), ContentLength: aws.Int64(int64(len(data))), ChecksumAlgorithm: s3types.ChecksumAlgorithmCrc32})
	if err != nil {
		t.Fatal(err)
	}
	c := calls()[0]
	if c.body != data {
		t.Errorf("body: got %d bytes, want %d", len(c.body), len(data))
	}
	if c.trailer.Get("X-Amz-Checksum-Crc32") == "" || c.in["ContentLength"] != int64(len(data)) || c.in["ContentEncoding"] != nil {
		t.Errorf("input %v trailer %v: want the crc32 trailer, the decoded length and no aws-chunked encoding", c.in, c.trailer)
	}
}
