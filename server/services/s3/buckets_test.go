package s3

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestValidBucketName(t *testing.T) {
	// Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
	// (its "valid" and "invalid" examples, and each rule in turn).
	valid := []string{
		"docexamplebucket1",
		"log-delivery-march-2020", "my-hosted-content", "docexamplewebsite.com",
		"www.docexamplewebsite.com", "my.example.s3.bucket", "abc", strings.Repeat("a", 63),
	}
	invalid := []string{
		"doc_example_bucket",          // underscores
		"DocExampleBucket",            // uppercase
		"doc-example-bucket-",         // ends with a hyphen
		"ab", strings.Repeat("a", 64), // 3 to 63 characters
		".abc", "abc.", "-abc", "a..b", // begin/end with letter or digit; no adjacent periods
		"192.168.5.4",                                  // IP address format
		"xn--abc", "sthree-abc", "amzn-s3-demo-bucket", // reserved prefixes
		"abc-s3alias", "abc--ol-s3", "abc.mrap", "abc--x-s3", "abc--table-s3", // reserved suffixes
		"", "a b c",
	}
	for _, n := range valid {
		if !validBucketName(n) {
			t.Errorf("validBucketName(%q) = false, want true", n)
		}
	}
	for _, n := range invalid {
		if validBucketName(n) {
			t.Errorf("validBucketName(%q) = true, want false", n)
		}
	}
}

func TestCreateBucketInvalidName(t *testing.T) {
	s := newTestService(t)
	_, err := s.CreateBucket(ctxIn(usEast1), &CreateBucketRequest{Bucket: ptr("Bad_Name")})
	// Source: ErrorResponses.html, "InvalidBucketName: The specified bucket is not valid." 400.
	wantError(t, err, "InvalidBucketName", http.StatusBadRequest, map[string]string{"BucketName": "Bad_Name"})
}

func TestCreateBucketLocation(t *testing.T) {
	// Source: API_CreateBucket.html (LocationConstraint: "If you don't specify a
	// Region, the bucket is created in the US East (N. Virginia) Region"; Location
	// response header) and ErrorResponses.html (InvalidLocationConstraint,
	// IllegalLocationConstraintException, both 400).
	tests := []struct {
		name, region, constraint string
		wantRegion, wantLocation string
		wantCode                 string
	}{
		{name: "us-east-1 without constraint", region: usEast1, wantRegion: usEast1, wantLocation: "/bkt1"},
		{name: "us-east-1 with us-east-1", region: usEast1, constraint: usEast1, wantCode: "InvalidLocationConstraint"},
		{name: "us-east-1 with unknown", region: usEast1, constraint: "moon-1", wantCode: "InvalidLocationConstraint"},
		{name: "us-east-1 endpoint creates elsewhere", region: usEast1, constraint: "eu-west-2",
			wantRegion: "eu-west-2", wantLocation: "http://bkt1.s3.localhost.localstack.cloud:4566/"},
		{name: "regional with own region", region: "eu-central-1", constraint: "eu-central-1",
			wantRegion: "eu-central-1", wantLocation: "http://bkt1.s3.localhost.localstack.cloud:4566/"},
		{name: "EU means eu-west-1", region: "eu-west-1", constraint: "EU",
			wantRegion: "eu-west-1", wantLocation: "http://bkt1.s3.localhost.localstack.cloud:4566/"},
		{name: "regional without constraint", region: "eu-central-1", wantCode: "IllegalLocationConstraintException"},
		{name: "regional with other region", region: "eu-central-1", constraint: "us-west-2", wantCode: "IllegalLocationConstraintException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestService(t)
			in := &CreateBucketRequest{Bucket: ptr("bkt1")}
			if tc.constraint != "" {
				in.CreateBucketConfiguration = &CreateBucketConfiguration{LocationConstraint: ptr(tc.constraint)}
			}
			out, err := s.CreateBucket(ctxIn(tc.region), in)
			if tc.wantCode != "" {
				wantError(t, err, tc.wantCode, http.StatusBadRequest, nil)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := valueOf(out.Location); got != tc.wantLocation {
				t.Errorf("Location = %q, want %q", got, tc.wantLocation)
			}
			head, err := s.HeadBucket(ctxIn(tc.region), &HeadBucketRequest{Bucket: ptr("bkt1")})
			if err != nil {
				t.Fatal(err)
			}
			if got := valueOf(head.BucketRegion); got != tc.wantRegion {
				t.Errorf("BucketRegion = %q, want %q", got, tc.wantRegion)
			}
		})
	}
}

func TestCreateBucketAgain(t *testing.T) {
	// Source: API_CreateBucket.html, Errors: BucketAlreadyOwnedByYou "If you
	// create a bucket that already exists and you own it in the North Virginia
	// Region, Amazon S3 returns 200 OK and resets the bucket access control
	// lists"; in other Regions the error is returned (409, ErrorResponses.html).
	s := newTestService(t)
	mustCreateBucket(t, s, ctxIn(usEast1), "bkt1")
	if _, err := s.CreateBucket(ctxIn(usEast1), &CreateBucketRequest{Bucket: ptr("bkt1")}); err != nil {
		t.Fatalf("re-create in us-east-1: %v", err)
	}

	eu := ctxIn("eu-west-1")
	conf := &CreateBucketConfiguration{LocationConstraint: ptr("eu-west-1")}
	if _, err := s.CreateBucket(eu, &CreateBucketRequest{Bucket: ptr("bkt2"), CreateBucketConfiguration: conf}); err != nil {
		t.Fatal(err)
	}
	_, err := s.CreateBucket(eu, &CreateBucketRequest{Bucket: ptr("bkt2"), CreateBucketConfiguration: conf})
	wantError(t, err, "BucketAlreadyOwnedByYou", http.StatusConflict, map[string]string{"BucketName": "bkt2"})

	// One namespace per account across regions: bkt1 (us-east-1) from eu-west-1.
	_, err = s.CreateBucket(eu, &CreateBucketRequest{Bucket: ptr("bkt1"), CreateBucketConfiguration: conf})
	wantError(t, err, "BucketAlreadyOwnedByYou", http.StatusConflict, nil)

	// One namespace across accounts: another account cannot take the name
	// (ErrorResponses.html, BucketAlreadyExists: "The requested bucket name is
	// not available. The bucket namespace is shared by all users of the
	// system."; LocalStack keeps a global bucket map for the same reason).
	_, err = s.CreateBucket(ctxAccount("111111111111"), &CreateBucketRequest{Bucket: ptr("bkt1")})
	wantError(t, err, "BucketAlreadyExists", http.StatusConflict, map[string]string{"BucketName": "bkt1"})
	// Deleted, the name is free for anyone.
	if _, err := s.DeleteBucket(ctxIn(usEast1), &DeleteBucketRequest{Bucket: ptr("bkt1")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateBucket(ctxAccount("111111111111"), &CreateBucketRequest{Bucket: ptr("bkt1")}); err != nil {
		t.Fatalf("other account after delete: %v", err)
	}
}

func TestListBuckets(t *testing.T) {
	// Source: API_ListBuckets.html: Buckets (Name, CreationDate, BucketRegion),
	// Owner, MaxBuckets 1-10000, ContinuationToken, Prefix, BucketRegion filter.
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	for _, n := range []string{"charlie", "alpha", "bravo"} {
		mustCreateBucket(t, s, ctx, n)
	}
	_, err := s.CreateBucket(ctx, &CreateBucketRequest{Bucket: ptr("delta"),
		CreateBucketConfiguration: &CreateBucketConfiguration{LocationConstraint: ptr("eu-west-1")}})
	if err != nil {
		t.Fatal(err)
	}
	mustCreateBucket(t, s, ctxAccount("111111111111"), "other-account")

	out, err := s.ListBuckets(ctx, &ListBucketsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if got := bucketNames(out.Buckets); got != "alpha,bravo,charlie,delta" {
		t.Errorf("Buckets = %s", got)
	}
	if out.ContinuationToken != nil {
		t.Errorf("ContinuationToken = %q without MaxBuckets", *out.ContinuationToken)
	}
	if valueOf(out.Owner.ID) != ownerID {
		t.Errorf("Owner = %+v", out.Owner)
	}
	b := out.Buckets[3]
	if !valueOf(b.CreationDate).Equal(testNow.Truncate(time.Second)) || valueOf(b.BucketRegion) != "eu-west-1" {
		t.Errorf("delta = %+v", b)
	}

	// Pages of two.
	var names []string
	var token *string
	for range 5 {
		page, err := s.ListBuckets(ctx, &ListBucketsRequest{MaxBuckets: ptr(int32(2)), ContinuationToken: token})
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, bucketNames(page.Buckets))
		if token = page.ContinuationToken; token == nil {
			break
		}
	}
	if got := strings.Join(names, "|"); got != "alpha,bravo|charlie,delta" {
		t.Errorf("pages = %s", got)
	}

	out, _ = s.ListBuckets(ctx, &ListBucketsRequest{Prefix: ptr("b")})
	if got := bucketNames(out.Buckets); got != "bravo" || valueOf(out.Prefix) != "b" {
		t.Errorf("Prefix b: %s, Prefix=%q", got, valueOf(out.Prefix))
	}
	out, _ = s.ListBuckets(ctx, &ListBucketsRequest{BucketRegion: ptr("eu-west-1")})
	if got := bucketNames(out.Buckets); got != "delta" {
		t.Errorf("BucketRegion eu-west-1: %s", got)
	}

	_, err = s.ListBuckets(ctx, &ListBucketsRequest{MaxBuckets: ptr(int32(0))})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	_, err = s.ListBuckets(ctx, &ListBucketsRequest{ContinuationToken: ptr("!!")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
}

func bucketNames(bs []Bucket) string {
	var n []string
	for _, b := range bs {
		n = append(n, valueOf(b.Name))
	}
	return strings.Join(n, ",")
}

func TestHeadBucket(t *testing.T) {
	// Source: API_HeadBucket.html: x-amz-bucket-region; "If the bucket does not
	// exist ... a 404 Not Found" (NoSuchBucket); ExpectedBucketOwner mismatch is
	// 403 Access Denied.
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	_, err := s.HeadBucket(ctx, &HeadBucketRequest{Bucket: ptr("nope")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, map[string]string{"BucketName": "nope"})
	mustCreateBucket(t, s, ctx, "bkt1")
	out, err := s.HeadBucket(ctx, &HeadBucketRequest{Bucket: ptr("bkt1"), ExpectedBucketOwner: ptr("000000000000")})
	if err != nil || valueOf(out.BucketRegion) != usEast1 {
		t.Fatalf("HeadBucket = %+v, %v", out, err)
	}
	_, err = s.HeadBucket(ctx, &HeadBucketRequest{Bucket: ptr("bkt1"), ExpectedBucketOwner: ptr("111111111111")})
	wantError(t, err, "AccessDenied", http.StatusForbidden, nil)
	// Another account does not see it.
	_, err = s.HeadBucket(ctxAccount("111111111111"), &HeadBucketRequest{Bucket: ptr("bkt1")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, nil)
}

func TestDeleteBucket(t *testing.T) {
	// Source: API_DeleteBucket.html ("All objects ... must be deleted before
	// the bucket itself can be deleted"); ErrorResponses.html: BucketNotEmpty
	// 409 "The bucket you tried to delete is not empty", NoSuchBucket 404.
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	_, err := s.DeleteBucket(ctx, &DeleteBucketRequest{Bucket: ptr("bkt1")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, map[string]string{"BucketName": "bkt1"})

	mustCreateBucket(t, s, ctx, "bkt1")
	mustPut(t, s, ctx, "bkt1", "k", "v")
	_, err = s.DeleteBucket(ctx, &DeleteBucketRequest{Bucket: ptr("bkt1")})
	wantError(t, err, "BucketNotEmpty", http.StatusConflict, map[string]string{"BucketName": "bkt1"})

	if _, err := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt1"), Key: ptr("k")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteBucket(ctx, &DeleteBucketRequest{Bucket: ptr("bkt1")}); err != nil {
		t.Fatal(err)
	}
	_, err = s.HeadBucket(ctx, &HeadBucketRequest{Bucket: ptr("bkt1")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, nil)
	_, err = s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt1"), Key: ptr("k"), Body: strings.NewReader("")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, nil)
}
