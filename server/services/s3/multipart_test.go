package s3

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func createUpload(t *testing.T, s *Service, key string) string {
	t.Helper()
	out, err := s.CreateMultipartUpload(ctxIn(usEast1), &CreateMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr(key),
		ContentType: ptr("text/plain"), Metadata: map[string]string{"A": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	return *out.UploadId
}

func uploadPart(t *testing.T, s *Service, key, id string, n int32, body []byte) string {
	t.Helper()
	out, err := s.UploadPart(ctxIn(usEast1), &UploadPartRequest{Bucket: ptr("bkt"), Key: ptr(key), UploadId: ptr(id),
		PartNumber: ptr(n), Body: bytes.NewReader(body)})
	if err != nil {
		t.Fatal(err)
	}
	return *out.ETag
}

// Source: the composite ETag is the MD5 of the concatenated binary part
// MD5s, "-" and the part count (checking-object-integrity.html, "Using
// part-level checksums for multipart uploads"; mpuoverview.html); every
// part but the last is at least 5 MiB (qfacts.html).
func TestMultipartUpload(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	id := createUpload(t, s, "big")
	p1 := bytes.Repeat([]byte("a"), minPartSize)
	p2 := []byte("tail")
	e1 := uploadPart(t, s, "big", id, 1, p1)
	e2 := uploadPart(t, s, "big", id, 2, p2)

	lp, err := s.ListParts(ctx, &ListPartsRequest{Bucket: ptr("bkt"), Key: ptr("big"), UploadId: ptr(id), MaxParts: ptr(int32(1))})
	if err != nil || len(lp.Parts) != 1 || !valueOf(lp.IsTruncated) || valueOf(lp.NextPartNumberMarker) != 1 {
		t.Fatalf("ListParts %+v %v", lp, err)
	}
	mu, _ := s.ListMultipartUploads(ctx, &ListMultipartUploadsRequest{Bucket: ptr("bkt")})
	if len(mu.Uploads) != 1 || valueOf(mu.Uploads[0].UploadId) != id {
		t.Fatalf("ListMultipartUploads %+v", mu)
	}

	// Out of order, wrong ETag, small first part.
	_, err = s.CompleteMultipartUpload(ctx, &CompleteMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr("big"), UploadId: ptr(id),
		MultipartUpload: &CompletedMultipartUpload{Parts: []CompletedPart{{PartNumber: ptr(int32(2)), ETag: &e2}, {PartNumber: ptr(int32(1)), ETag: &e1}}}})
	wantError(t, err, "InvalidPartOrder", http.StatusBadRequest, nil)
	_, err = s.CompleteMultipartUpload(ctx, &CompleteMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr("big"), UploadId: ptr(id),
		MultipartUpload: &CompletedMultipartUpload{Parts: []CompletedPart{{PartNumber: ptr(int32(1)), ETag: ptr(`"00"`)}}}})
	wantError(t, err, "InvalidPart", http.StatusBadRequest, nil)
	_, err = s.CompleteMultipartUpload(ctx, &CompleteMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr("big"), UploadId: ptr(id),
		MultipartUpload: &CompletedMultipartUpload{Parts: []CompletedPart{{PartNumber: ptr(int32(2)), ETag: &e2}, {PartNumber: ptr(int32(3)), ETag: &e2}}}})
	wantError(t, err, "InvalidPart", http.StatusBadRequest, nil)

	out, err := s.CompleteMultipartUpload(ctx, &CompleteMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr("big"), UploadId: ptr(id),
		MultipartUpload: &CompletedMultipartUpload{Parts: []CompletedPart{{PartNumber: ptr(int32(1)), ETag: &e1}, {PartNumber: ptr(int32(2)), ETag: &e2}}}})
	if err != nil {
		t.Fatal(err)
	}
	m1, m2 := md5.Sum(p1), md5.Sum(p2)
	all := md5.Sum(append(m1[:], m2[:]...))
	want := fmt.Sprintf(`"%s-2"`, hex.EncodeToString(all[:]))
	if valueOf(out.ETag) != want {
		t.Errorf("ETag = %s, want %s", valueOf(out.ETag), want)
	}
	get, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("big"), PartNumber: ptr(int32(2))})
	if err != nil || readAll(t, get.Body) != "tail" || valueOf(get.PartsCount) != 2 || valueOf(get.ContentType) != "text/plain" ||
		get.Metadata["a"] != "1" {
		t.Fatalf("part 2: %+v %v", get, err)
	}
	head, _ := s.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("bkt"), Key: ptr("big")})
	if valueOf(head.ContentLength) != int64(len(p1)+len(p2)) || valueOf(head.ETag) != want {
		t.Errorf("head %+v", head)
	}
	attrs, err := s.GetObjectAttributes(ctx, &GetObjectAttributesRequest{Bucket: ptr("bkt"), Key: ptr("big"),
		ObjectAttributes: []string{"ETag", "ObjectParts", "ObjectSize", "StorageClass"}})
	if err != nil || valueOf(attrs.ETag) != strings.Trim(want, `"`) || valueOf(attrs.ObjectParts.TotalPartsCount) != 2 ||
		valueOf(attrs.ObjectSize) != int64(len(p1)+len(p2)) {
		t.Fatalf("attributes %+v %v", attrs, err)
	}
	// The upload is gone.
	_, err = s.UploadPart(ctx, &UploadPartRequest{Bucket: ptr("bkt"), Key: ptr("big"), UploadId: ptr(id), PartNumber: ptr(int32(3)), Body: strings.NewReader("x")})
	wantError(t, err, "NoSuchUpload", http.StatusNotFound, map[string]string{"UploadId": id})
}

func TestMultipartErrorsAndAbort(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	id := createUpload(t, s, "k")
	e1 := uploadPart(t, s, "k", id, 1, []byte("small"))
	uploadPart(t, s, "k", id, 2, []byte("x"))
	_, err := s.UploadPart(ctx, &UploadPartRequest{Bucket: ptr("bkt"), Key: ptr("k"), UploadId: ptr(id), PartNumber: ptr(int32(10001)), Body: strings.NewReader("x")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	_, err = s.CompleteMultipartUpload(ctx, &CompleteMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr("k"), UploadId: ptr(id),
		MultipartUpload: &CompletedMultipartUpload{Parts: []CompletedPart{{PartNumber: ptr(int32(1)), ETag: &e1}, {PartNumber: ptr(int32(2)), ETag: ptr(`"9dd4e461268c8034f5c8564e155c67a6"`)}}}})
	wantError(t, err, "EntityTooSmall", http.StatusBadRequest, nil)
	// A single small part is fine (the last part has no minimum).
	if _, err := s.UploadPartCopy(ctx, &UploadPartCopyRequest{Bucket: ptr("bkt"), Key: ptr("k"), UploadId: ptr(id), PartNumber: ptr(int32(3)),
		CopySource: ptr("bkt/nope")}); err == nil {
		t.Error("copy from a missing key succeeded")
	}
	if _, err := s.AbortMultipartUpload(ctx, &AbortMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr("k"), UploadId: ptr(id)}); err != nil {
		t.Fatal(err)
	}
	_, err = s.AbortMultipartUpload(ctx, &AbortMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr("k"), UploadId: ptr(id)})
	wantError(t, err, "NoSuchUpload", http.StatusNotFound, nil)
	_, err = s.ListParts(ctx, &ListPartsRequest{Bucket: ptr("bkt"), Key: ptr("k"), UploadId: ptr(id)})
	wantError(t, err, "NoSuchUpload", http.StatusNotFound, nil)
}

// Source: API_UploadPartCopy.html, x-amz-copy-source-range
// "bytes=first-last", zero-based and inclusive.
func TestUploadPartCopyRange(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	mustPut(t, s, ctx, "bkt", "src", "0123456789")
	id := createUpload(t, s, "dst")
	out, err := s.UploadPartCopy(ctx, &UploadPartCopyRequest{Bucket: ptr("bkt"), Key: ptr("dst"), UploadId: ptr(id),
		PartNumber: ptr(int32(1)), CopySource: ptr("/bkt/src"), CopySourceRange: ptr("bytes=2-5")})
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum([]byte("2345"))
	if valueOf(out.CopyPartResult.ETag) != `"`+hex.EncodeToString(sum[:])+`"` {
		t.Errorf("ETag %v", valueOf(out.CopyPartResult.ETag))
	}
	for _, r := range []string{"bytes=5-2", "2-5", "bytes=a-b"} {
		_, err = s.UploadPartCopy(ctx, &UploadPartCopyRequest{Bucket: ptr("bkt"), Key: ptr("dst"), UploadId: ptr(id),
			PartNumber: ptr(int32(1)), CopySource: ptr("bkt/src"), CopySourceRange: ptr(r)})
		wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	}
	_, err = s.UploadPartCopy(ctx, &UploadPartCopyRequest{Bucket: ptr("bkt"), Key: ptr("dst"), UploadId: ptr(id),
		PartNumber: ptr(int32(1)), CopySource: ptr("bkt/src"), CopySourceRange: ptr("bytes=0-10")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	_, err = s.CompleteMultipartUpload(ctx, &CompleteMultipartUploadRequest{Bucket: ptr("bkt"), Key: ptr("dst"), UploadId: ptr(id),
		MultipartUpload: &CompletedMultipartUpload{Parts: []CompletedPart{{PartNumber: ptr(int32(1)), ETag: out.CopyPartResult.ETag}}}})
	if err != nil {
		t.Fatal(err)
	}
	get, _ := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("dst")})
	if readAll(t, get.Body) != "2345" {
		t.Error("copied part body wrong")
	}
}
