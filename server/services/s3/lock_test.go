package s3

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// Source: object-lock.html ("Bucket configuration": a default retention
// applies to new object versions) and API_PutObject.html (lock headers
// need a bucket with Object Lock: InvalidRequest).
func TestObjectLockDefaults(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "plain")
	_, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("plain"), Key: ptr("k"), Body: strings.NewReader("x"),
		ObjectLockLegalHoldStatus: ptr("ON")})
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)

	if _, err := s.CreateBucket(ctx, &CreateBucketRequest{Bucket: ptr("locked"), ObjectLockEnabledForBucket: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	_, err = s.PutObjectLockConfiguration(ctx, &PutObjectLockConfigurationRequest{Bucket: ptr("locked"), ObjectLockConfiguration: &ObjectLockConfiguration{
		ObjectLockEnabled: ptr("Enabled"), Rule: &ObjectLockRule{DefaultRetention: &DefaultRetention{Mode: ptr("COMPLIANCE"), Days: ptr(int32(2))}}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.PutObjectLockConfiguration(ctx, &PutObjectLockConfigurationRequest{Bucket: ptr("locked"), ObjectLockConfiguration: &ObjectLockConfiguration{
		ObjectLockEnabled: ptr("Enabled"), Rule: &ObjectLockRule{DefaultRetention: &DefaultRetention{Mode: ptr("COMPLIANCE"), Days: ptr(int32(2)), Years: ptr(int32(1))}}}})
	wantError(t, err, "MalformedXML", http.StatusBadRequest, nil)
	p := mustPut(t, s, ctx, "locked", "k", "x")
	r, err := s.GetObjectRetention(ctx, &GetObjectRetentionRequest{Bucket: ptr("locked"), Key: ptr("k")})
	want := testNow.Truncate(time.Second).AddDate(0, 0, 2)
	if err != nil || valueOf(r.Retention.Mode) != "COMPLIANCE" || !valueOf(r.Retention.RetainUntilDate).Equal(want) {
		t.Fatalf("default retention %+v %v", r, err)
	}
	head, _ := s.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("locked"), Key: ptr("k")})
	if valueOf(head.ObjectLockMode) != "COMPLIANCE" {
		t.Errorf("x-amz-object-lock-mode %v", head.ObjectLockMode)
	}
	// COMPLIANCE cannot be bypassed.
	_, err = s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("locked"), Key: ptr("k"), VersionId: p.VersionId, BypassGovernanceRetention: ptr(true)})
	wantError(t, err, "AccessDenied", http.StatusForbidden, nil)
	// Without a version id a delete marker is added (allowed).
	if _, err := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("locked"), Key: ptr("k")}); err != nil {
		t.Errorf("delete marker in a locked bucket: %v", err)
	}
}
