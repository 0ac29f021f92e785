package s3

import (
	"net/http"
	"strings"
	"testing"
)

func enableVersioning(t *testing.T, s *Service, bucket, status string) {
	t.Helper()
	_, err := s.PutBucketVersioning(ctxIn(usEast1), &PutBucketVersioningRequest{Bucket: ptr(bucket),
		VersioningConfiguration: &VersioningConfiguration{Status: ptr(status)}})
	if err != nil {
		t.Fatal(err)
	}
}

// Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html,
// DeletingObjectVersions.html and API_GetObject.html ("If the current
// version of the object is a delete marker, Amazon S3 behaves as if the
// object was deleted" → 404; a delete marker by version id → 405).
func TestVersioningLifecycle(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")

	// Unversioned: no version header; GetBucketVersioning has no Status.
	if put := mustPut(t, s, ctx, "bkt", "k", "v0"); put.VersionId != nil {
		t.Errorf("unversioned put VersionId = %v", *put.VersionId)
	}
	gv, _ := s.GetBucketVersioning(ctx, &GetBucketVersioningRequest{Bucket: ptr("bkt")})
	if gv.Status != nil {
		t.Errorf("Status = %v", *gv.Status)
	}

	enableVersioning(t, s, "bkt", "Enabled")
	p1 := mustPut(t, s, ctx, "bkt", "k", "v1")
	p2 := mustPut(t, s, ctx, "bkt", "k", "v2")
	if p1.VersionId == nil || p2.VersionId == nil || *p1.VersionId == *p2.VersionId {
		t.Fatalf("version ids %v %v", p1.VersionId, p2.VersionId)
	}
	get, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if err != nil || readAll(t, get.Body) != "v2" || valueOf(get.VersionId) != *p2.VersionId {
		t.Fatalf("latest: %v %v", get, err)
	}
	old, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), VersionId: p1.VersionId})
	if err != nil || readAll(t, old.Body) != "v1" {
		t.Fatalf("by version: %v", err)
	}
	// The pre-versioning object is the null version.
	null, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), VersionId: ptr("null")})
	if err != nil || readAll(t, null.Body) != "v0" || valueOf(null.VersionId) != "null" {
		t.Fatalf("null version: %v", err)
	}

	del, err := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if err != nil || !valueOf(del.DeleteMarker) || del.VersionId == nil {
		t.Fatalf("delete: %+v %v", del, err)
	}
	_, err = s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	wantError(t, err, "NoSuchKey", http.StatusNotFound, nil)
	_, err = s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), VersionId: del.VersionId})
	wantError(t, err, "MethodNotAllowed", http.StatusMethodNotAllowed, nil)
	_, err = s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), VersionId: ptr("nope")})
	wantError(t, err, "NoSuchVersion", http.StatusNotFound, nil)

	// ListObjects hides the key; ListObjectVersions shows 3 versions and
	// the marker, newest first, marker IsLatest.
	lo, _ := s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("bkt")})
	if len(lo.Contents) != 0 {
		t.Errorf("deleted key listed: %+v", lo.Contents)
	}
	lv, err := s.ListObjectVersions(ctx, &ListObjectVersionsRequest{Bucket: ptr("bkt")})
	if err != nil || len(lv.Versions) != 3 || len(lv.DeleteMarkers) != 1 {
		t.Fatalf("versions %+v %v", lv, err)
	}
	if !valueOf(lv.DeleteMarkers[0].IsLatest) || valueOf(lv.Versions[0].IsLatest) ||
		valueOf(lv.Versions[0].VersionId) != *p2.VersionId || valueOf(lv.Versions[2].VersionId) != "null" {
		t.Errorf("order/IsLatest wrong: %+v", lv.Versions)
	}
	// A bucket holding only versions is not empty.
	_, err = s.DeleteBucket(ctx, &DeleteBucketRequest{Bucket: ptr("bkt")})
	wantError(t, err, "BucketNotEmpty", http.StatusConflict, nil)

	// Deleting the marker by id restores v2 as current.
	if _, err := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), VersionId: del.VersionId}); err != nil {
		t.Fatal(err)
	}
	get, err = s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if err != nil || readAll(t, get.Body) != "v2" {
		t.Fatalf("after removing marker: %v", err)
	}
}

// Suspended: "Amazon S3 adds a null version ID to the object. If a null
// version already exists, it is overwritten" (VersionSuspendedBehavior.html).
func TestSuspendedVersioningNullVersion(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	enableVersioning(t, s, "bkt", "Enabled")
	v1 := mustPut(t, s, ctx, "bkt", "k", "v1")
	enableVersioning(t, s, "bkt", "Suspended")
	if p := mustPut(t, s, ctx, "bkt", "k", "n1"); valueOf(p.VersionId) != "null" {
		t.Errorf("suspended put VersionId = %v", p.VersionId)
	}
	mustPut(t, s, ctx, "bkt", "k", "n2")
	lv, _ := s.ListObjectVersions(ctx, &ListObjectVersionsRequest{Bucket: ptr("bkt")})
	if len(lv.Versions) != 2 || valueOf(lv.Versions[0].VersionId) != "null" || valueOf(lv.Versions[1].VersionId) != *v1.VersionId {
		t.Fatalf("versions: %+v", lv.Versions)
	}
	get, _ := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if readAll(t, get.Body) != "n2" {
		t.Error("null version not replaced")
	}
	// A delete adds a null delete marker in place of the null version.
	del, _ := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if valueOf(del.VersionId) != "null" || !valueOf(del.DeleteMarker) {
		t.Errorf("delete: %+v", del)
	}
	lv, _ = s.ListObjectVersions(ctx, &ListObjectVersionsRequest{Bucket: ptr("bkt")})
	if len(lv.Versions) != 1 || len(lv.DeleteMarkers) != 1 {
		t.Errorf("after delete: %+v %+v", lv.Versions, lv.DeleteMarkers)
	}
}

func TestListObjectVersionsPagination(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	enableVersioning(t, s, "bkt", "Enabled")
	for _, k := range []string{"a", "b", "c"} {
		for i := 0; i < 3; i++ {
			mustPut(t, s, ctx, "bkt", k, k)
		}
	}
	mustPut(t, s, ctx, "bkt", "d/x", "x")
	var got []string
	req := &ListObjectVersionsRequest{Bucket: ptr("bkt"), MaxKeys: ptr(int32(2)), Delimiter: ptr("/")}
	for pages := 0; pages < 10; pages++ {
		out, err := s.ListObjectVersions(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range out.Versions {
			got = append(got, *v.Key)
		}
		for _, p := range out.CommonPrefixes {
			got = append(got, *p.Prefix)
		}
		if !valueOf(out.IsTruncated) {
			break
		}
		req.KeyMarker, req.VersionIdMarker = out.NextKeyMarker, out.NextVersionIdMarker
	}
	if strings.Join(got, ",") != "a,a,a,b,b,b,c,c,c,d/" {
		t.Errorf("pages = %v", got)
	}
	_, err := s.ListObjectVersions(ctx, &ListObjectVersionsRequest{Bucket: ptr("bkt"), VersionIdMarker: ptr("x")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
}

func TestPutBucketVersioningValidation(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	_, err := s.PutBucketVersioning(ctx, &PutBucketVersioningRequest{Bucket: ptr("bkt"),
		VersioningConfiguration: &VersioningConfiguration{Status: ptr("On")}})
	wantError(t, err, "MalformedXML", http.StatusBadRequest, nil)
	// Object lock buckets cannot suspend (API_PutBucketVersioning.html).
	if _, err := s.CreateBucket(ctx, &CreateBucketRequest{Bucket: ptr("locked"), ObjectLockEnabledForBucket: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	_, err = s.PutBucketVersioning(ctx, &PutBucketVersioningRequest{Bucket: ptr("locked"),
		VersioningConfiguration: &VersioningConfiguration{Status: ptr("Suspended")}})
	wantError(t, err, "InvalidBucketState", http.StatusConflict, nil)
}
