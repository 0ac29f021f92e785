package s3

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// snapshotRoundTrip saves s into a snapshot and loads it into a new service.
func snapshotRoundTrip(t *testing.T, s *Service) *Service {
	t.Helper()
	var buf bytes.Buffer
	w := state.NewWriter(&buf, "test", testNow)
	if err := s.SaveState(context.Background(), w.Service(ServiceName)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := state.OpenReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	s2 := newTestService(t)
	if err := s2.LoadState(context.Background(), r.Service(ServiceName), false); err != nil {
		t.Fatal(err)
	}
	return s2
}

// Versions (with delete markers and the null version), subresources,
// bucket configurations and multipart uploads in progress survive a
// snapshot.
func TestSnapshotKeepsVersionsConfigsUploads(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	mustPut(t, s, ctx, "bkt", "k", "null-version")
	enableVersioning(t, s, "bkt", "Enabled")
	v1 := mustPut(t, s, ctx, "bkt", "k", "v1")
	s.PutObjectTagging(ctx, &PutObjectTaggingRequest{Bucket: ptr("bkt"), Key: ptr("k"), Tagging: &Tagging{TagSet: []Tag{{Key: ptr("a"), Value: ptr("b")}}}})
	del, _ := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	s.PutBucketCors(ctx, &PutBucketCorsRequest{Bucket: ptr("bkt"), CORSConfiguration: &CORSConfiguration{CORSRules: []CORSRule{
		{AllowedMethods: []string{"GET"}, AllowedOrigins: []string{"*"}, MaxAgeSeconds: ptr(int32(5))}}}})
	s.PutBucketPolicy(ctx, &PutBucketPolicyRequest{Bucket: ptr("bkt"), Policy: ptr(`{"Statement":[]}`)})
	id := createUpload(t, s, "mp")
	uploadPart(t, s, "mp", id, 1, []byte("part-one"))
	s.CreateBucket(ctx, &CreateBucketRequest{Bucket: ptr("locked"), ObjectLockEnabledForBucket: ptr(true)})
	s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("locked"), Key: ptr("l"), Body: strings.NewReader("x"),
		ObjectLockMode: ptr("GOVERNANCE"), ObjectLockRetainUntilDate: ptr(testNow.Add(time.Hour).Truncate(time.Second))})

	s2 := snapshotRoundTrip(t, s)
	lv, err := s2.ListObjectVersions(ctx, &ListObjectVersionsRequest{Bucket: ptr("bkt")})
	if err != nil || len(lv.Versions) != 2 || len(lv.DeleteMarkers) != 1 ||
		valueOf(lv.DeleteMarkers[0].VersionId) != valueOf(del.VersionId) || valueOf(lv.Versions[0].VersionId) != valueOf(v1.VersionId) ||
		valueOf(lv.Versions[1].VersionId) != "null" {
		t.Fatalf("versions after load: %+v %v", lv, err)
	}
	g, err := s2.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), VersionId: ptr("null")})
	if err != nil || readAll(t, g.Body) != "null-version" {
		t.Fatalf("null version: %v", err)
	}
	tg, _ := s2.GetObjectTagging(ctx, &GetObjectTaggingRequest{Bucket: ptr("bkt"), Key: ptr("k"), VersionId: v1.VersionId})
	if len(tg.TagSet) != 1 {
		t.Errorf("tags %+v", tg)
	}
	gv, _ := s2.GetBucketVersioning(ctx, &GetBucketVersioningRequest{Bucket: ptr("bkt")})
	if valueOf(gv.Status) != "Enabled" {
		t.Errorf("versioning %+v", gv)
	}
	cors, err := s2.GetBucketCors(ctx, &GetBucketCorsRequest{Bucket: ptr("bkt")})
	if err != nil || valueOf(cors.CORSRules[0].MaxAgeSeconds) != 5 {
		t.Errorf("cors %+v %v", cors, err)
	}
	if p, err := s2.GetBucketPolicy(ctx, &GetBucketPolicyRequest{Bucket: ptr("bkt")}); err != nil || valueOf(p.Policy) != `{"Statement":[]}` {
		t.Errorf("policy %v", err)
	}
	lp, err := s2.ListParts(ctx, &ListPartsRequest{Bucket: ptr("bkt"), Key: ptr("mp"), UploadId: ptr(id)})
	if err != nil || len(lp.Parts) != 1 {
		t.Fatalf("upload after load: %+v %v", lp, err)
	}
	out, err := s2.CompleteMultipartUpload(ctx, &CompleteMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr("mp"), UploadId: ptr(id),
		MultipartUpload: &CompletedMultipartUpload{Parts: []CompletedPart{{PartNumber: ptr(int32(1)), ETag: lp.Parts[0].ETag}}}})
	if err != nil || !strings.HasSuffix(valueOf(out.ETag), `-1"`) {
		t.Fatalf("complete after load: %v %v", out, err)
	}
	r, err := s2.GetObjectRetention(ctx, &GetObjectRetentionRequest{Bucket: ptr("locked"), Key: ptr("l")})
	if err != nil || valueOf(r.Retention.Mode) != "GOVERNANCE" {
		t.Errorf("retention %+v %v", r, err)
	}
}
