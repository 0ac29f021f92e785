package s3

import (
	"net/http"
	"strings"
	"testing"
)

// Source: default-bucket-encryption.html ("all new object uploads to
// Amazon S3 are automatically encrypted" with SSE-S3 unless the bucket's
// default or the request says SSE-KMS) and API_PutObject.html
// (x-amz-server-side-encryption values).
func TestServerSideEncryptionHeaders(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	if p := mustPut(t, s, ctx, "bkt", "a", "x"); valueOf(p.ServerSideEncryption) != "AES256" || p.SSEKMSKeyId != nil {
		t.Errorf("default SSE %+v", p)
	}
	_, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("b"), Body: strings.NewReader("x"), ServerSideEncryption: ptr("DES")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	_, err = s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("b"), Body: strings.NewReader("x"), SSEKMSKeyId: ptr("k")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	s.PutBucketEncryption(ctx, &PutBucketEncryptionRequest{Bucket: ptr("bkt"), ServerSideEncryptionConfiguration: &ServerSideEncryptionConfiguration{
		Rules: []ServerSideEncryptionRule{{ApplyServerSideEncryptionByDefault: &ServerSideEncryptionByDefault{
			SSEAlgorithm: ptr("aws:kms"), KMSMasterKeyID: ptr("arn:aws:kms:us-east-1:000000000000:key/k1")}, BucketKeyEnabled: ptr(true)}}}})
	mustPut(t, s, ctx, "bkt", "c", "x")
	h, _ := s.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("bkt"), Key: ptr("c")})
	if valueOf(h.ServerSideEncryption) != "aws:kms" || valueOf(h.SSEKMSKeyId) != "arn:aws:kms:us-east-1:000000000000:key/k1" || !valueOf(h.BucketKeyEnabled) {
		t.Errorf("bucket default KMS %+v", h)
	}
	cp, err := s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("d"), CopySource: ptr("bkt/c"), ServerSideEncryption: ptr("AES256")})
	if err != nil || valueOf(cp.ServerSideEncryption) != "AES256" {
		t.Errorf("copy with SSE-S3 %+v %v", cp, err)
	}
	s2 := snapshotRoundTrip(t, s)
	h, _ = s2.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("bkt"), Key: ptr("c")})
	if valueOf(h.ServerSideEncryption) != "aws:kms" || !valueOf(h.BucketKeyEnabled) {
		t.Errorf("after snapshot %+v", h)
	}
}
