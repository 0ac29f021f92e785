package s3

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// Source: API_CopyObject.html: MetadataDirective COPY keeps the source's
// metadata, REPLACE takes the request's; copying to itself without a change
// is InvalidRequest; failed x-amz-copy-source-if-* is 412.
func TestCopyObject(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	_, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("a b+c%.txt"), Body: strings.NewReader("data"),
		ContentType: ptr("text/plain"), Metadata: map[string]string{"m": "1"}, Tagging: ptr("t=1")})
	if err != nil {
		t.Fatal(err)
	}
	src := ptr("bkt/a%20b%2Bc%25.txt")
	out, err := s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("copy"), CopySource: src})
	if err != nil {
		t.Fatal(err)
	}
	if valueOf(out.CopyObjectResult.ETag) != `"8d777f385d3dfec8815d20f7496026dc"` {
		t.Errorf("ETag %s", valueOf(out.CopyObjectResult.ETag))
	}
	get, _ := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("copy")})
	if readAll(t, get.Body) != "data" || get.Metadata["m"] != "1" || valueOf(get.ContentType) != "text/plain" || valueOf(get.TagCount) != 1 {
		t.Errorf("COPY directive: %+v", get)
	}
	_, err = s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("copy"), CopySource: src,
		MetadataDirective: ptr("REPLACE"), Metadata: map[string]string{"n": "2"}, TaggingDirective: ptr("REPLACE")})
	if err != nil {
		t.Fatal(err)
	}
	get, _ = s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("copy")})
	if get.Metadata["n"] != "2" || get.Metadata["m"] != "" || valueOf(get.ContentType) != defaultType || get.TagCount != nil {
		t.Errorf("REPLACE directive: %+v", get)
	}

	_, err = s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("copy"), CopySource: ptr("bkt/copy")})
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)
	if _, err = s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("copy"), CopySource: ptr("bkt/copy"),
		MetadataDirective: ptr("REPLACE")}); err != nil {
		t.Errorf("self copy with REPLACE: %v", err)
	}
	_, err = s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("x"), CopySource: src, MetadataDirective: ptr("MOVE")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	_, err = s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("x"), CopySource: src, CopySourceIfMatch: ptr(`"nope"`)})
	wantError(t, err, "PreconditionFailed", http.StatusPreconditionFailed, nil)
	_, err = s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("x"), CopySource: src,
		CopySourceIfModifiedSince: ptr(testNow.Add(time.Hour))})
	wantError(t, err, "PreconditionFailed", http.StatusPreconditionFailed, nil)
	_, err = s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("x"), CopySource: ptr("bkt/missing")})
	wantError(t, err, "NoSuchKey", http.StatusNotFound, nil)
	_, err = s.CopyObject(ctx, &CopyObjectRequest{Bucket: ptr("bkt"), Key: ptr("x"), CopySource: ptr("nobucket/k")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, nil)
}

// Source: API_DeleteObjects.html: per-key results, Quiet returns only
// errors; deleting a missing key is reported as deleted.
func TestDeleteObjects(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	mustPut(t, s, ctx, "bkt", "a", "1")
	mustPut(t, s, ctx, "bkt", "b", "2")
	out, err := s.DeleteObjects(ctx, &DeleteObjectsRequest{Bucket: ptr("bkt"), Delete: &Delete{Objects: []ObjectIdentifier{
		{Key: ptr("a")}, {Key: ptr("missing")}, {Key: ptr("b"), ETag: ptr(`"wrong"`)}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Deleted) != 2 || len(out.Errors) != 1 || valueOf(out.Errors[0].Code) != "PreconditionFailed" {
		t.Fatalf("verbose %+v", out)
	}
	out, _ = s.DeleteObjects(ctx, &DeleteObjectsRequest{Bucket: ptr("bkt"), Delete: &Delete{Quiet: ptr(true),
		Objects: []ObjectIdentifier{{Key: ptr("b")}}}})
	if len(out.Deleted) != 0 || len(out.Errors) != 0 {
		t.Errorf("quiet %+v", out)
	}
	lo, _ := s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("bkt")})
	if len(lo.Contents) != 0 {
		t.Errorf("left %+v", lo.Contents)
	}
	_, err = s.DeleteObjects(ctx, &DeleteObjectsRequest{Bucket: ptr("bkt"), Delete: &Delete{}})
	wantError(t, err, "MalformedXML", http.StatusBadRequest, nil)

	enableVersioning(t, s, "bkt", "Enabled")
	mustPut(t, s, ctx, "bkt", "v", "1")
	out, _ = s.DeleteObjects(ctx, &DeleteObjectsRequest{Bucket: ptr("bkt"), Delete: &Delete{Objects: []ObjectIdentifier{{Key: ptr("v")}}}})
	if len(out.Deleted) != 1 || !valueOf(out.Deleted[0].DeleteMarker) || out.Deleted[0].DeleteMarkerVersionId == nil {
		t.Errorf("versioned delete %+v", out.Deleted)
	}
}

// Source: object-tagging.html (up to 10 tags) and API_GetObjectTagging.html.
func TestObjectTaggingAclLock(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	mustPut(t, s, ctx, "bkt", "k", "x")
	_, err := s.PutObjectTagging(ctx, &PutObjectTaggingRequest{Bucket: ptr("bkt"), Key: ptr("k"),
		Tagging: &Tagging{TagSet: []Tag{{Key: ptr("a"), Value: ptr("1")}}}})
	if err != nil {
		t.Fatal(err)
	}
	gt, _ := s.GetObjectTagging(ctx, &GetObjectTaggingRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if len(gt.TagSet) != 1 || valueOf(gt.TagSet[0].Value) != "1" {
		t.Errorf("tags %+v", gt)
	}
	many := make([]Tag, 11)
	for i := range many {
		many[i] = Tag{Key: ptr(string(rune('a' + i))), Value: ptr("v")}
	}
	_, err = s.PutObjectTagging(ctx, &PutObjectTaggingRequest{Bucket: ptr("bkt"), Key: ptr("k"), Tagging: &Tagging{TagSet: many}})
	wantError(t, err, "InvalidTag", http.StatusBadRequest, nil)
	s.DeleteObjectTagging(ctx, &DeleteObjectTaggingRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	gt, _ = s.GetObjectTagging(ctx, &GetObjectTaggingRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if len(gt.TagSet) != 0 {
		t.Error("tags not deleted")
	}

	// ACL: private by default; a canned ACL adds its grants (acl-overview.html).
	acl, _ := s.GetObjectAcl(ctx, &GetObjectAclRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if len(acl.Grants) != 1 || valueOf(acl.Grants[0].Permission) != "FULL_CONTROL" {
		t.Errorf("default acl %+v", acl)
	}
	s.PutObjectAcl(ctx, &PutObjectAclRequest{Bucket: ptr("bkt"), Key: ptr("k"), ACL: ptr("public-read")})
	acl, _ = s.GetObjectAcl(ctx, &GetObjectAclRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if len(acl.Grants) != 2 || valueOf(acl.Grants[1].Grantee.URI) != groupAllUsers {
		t.Errorf("public-read acl %+v", acl.Grants)
	}
	_, err = s.PutObjectAcl(ctx, &PutObjectAclRequest{Bucket: ptr("bkt"), Key: ptr("k"), ACL: ptr("bogus")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)

	// Retention needs an object lock bucket.
	_, err = s.PutObjectRetention(ctx, &PutObjectRetentionRequest{Bucket: ptr("bkt"), Key: ptr("k"),
		Retention: &ObjectLockRetention{Mode: ptr("GOVERNANCE"), RetainUntilDate: ptr(testNow.Add(time.Hour))}})
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)
	s.CreateBucket(ctx, &CreateBucketRequest{Bucket: ptr("locked"), ObjectLockEnabledForBucket: ptr(true)})
	p := mustPut(t, s, ctx, "locked", "k", "x")
	_, err = s.GetObjectRetention(ctx, &GetObjectRetentionRequest{Bucket: ptr("locked"), Key: ptr("k")})
	wantError(t, err, "NoSuchObjectLockConfiguration", http.StatusNotFound, nil)
	if _, err = s.PutObjectLegalHold(ctx, &PutObjectLegalHoldRequest{Bucket: ptr("locked"), Key: ptr("k"),
		LegalHold: &ObjectLockLegalHold{Status: ptr("ON")}}); err != nil {
		t.Fatal(err)
	}
	lh, _ := s.GetObjectLegalHold(ctx, &GetObjectLegalHoldRequest{Bucket: ptr("locked"), Key: ptr("k")})
	if valueOf(lh.LegalHold.Status) != "ON" {
		t.Error("legal hold not stored")
	}
	// A version under legal hold cannot be deleted (object-lock.html).
	_, err = s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("locked"), Key: ptr("k"), VersionId: p.VersionId})
	wantError(t, err, "AccessDenied", http.StatusForbidden, nil)
	if _, err := s.RestoreObject(ctx, &RestoreObjectRequest{Bucket: ptr("locked"), Key: ptr("k")}); err != nil {
		t.Errorf("RestoreObject: %v", err)
	}
}
