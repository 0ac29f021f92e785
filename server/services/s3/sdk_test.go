package s3_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/setup-emulator/setup-emulator/server"
)

// End-to-end tests with aws-sdk-go-v2 against the whole emulator
// (gateway, rest-xml codec, provider). Each expected value names its
// AWS documentation source.

func newEmulator(t testing.TB) string {
	t.Helper()
	srv, err := server.New(server.Config{Getenv: func(string) string { return "" }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL
}

func client(url string) *s3.Client {
	return s3.New(s3.Options{
		Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url), UsePathStyle: true,
	})
}

func bg(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return fmt.Sprint(err)
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readBody(t *testing.T, r io.ReadCloser) string {
	t.Helper()
	defer r.Close()
	b, err := io.ReadAll(r)
	mustOK(t, err)
	return string(b)
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// Versioning through the wire: version ids, delete markers (DeleteMarker
// in DeleteObject's response), 404 for a key whose current version is a
// delete marker and 405 for the marker by id (DeletingObjectVersions.html),
// ListObjectVersions with IsLatest (API_ListObjectVersions.html).
func TestSDKVersioning(t *testing.T) {
	c := client(newEmulator(t))
	ctx := bg(t)
	b := aws.String("versions")
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b})
	mustOK(t, err)
	_, err = c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: b,
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled}})
	mustOK(t, err)
	gv, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: b})
	mustOK(t, err)
	if gv.Status != types.BucketVersioningStatusEnabled {
		t.Errorf("status %q", gv.Status)
	}
	p1, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("k"), Body: strings.NewReader("one")})
	mustOK(t, err)
	p2, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("k"), Body: strings.NewReader("two")})
	mustOK(t, err)
	if aws.ToString(p1.VersionId) == "" || aws.ToString(p1.VersionId) == aws.ToString(p2.VersionId) {
		t.Fatalf("version ids %v %v", p1.VersionId, p2.VersionId)
	}
	g, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("k"), VersionId: p1.VersionId})
	mustOK(t, err)
	if readBody(t, g.Body) != "one" || aws.ToString(g.VersionId) != aws.ToString(p1.VersionId) {
		t.Error("old version")
	}
	d, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: b, Key: aws.String("k")})
	mustOK(t, err)
	if !aws.ToBool(d.DeleteMarker) || aws.ToString(d.VersionId) == "" {
		t.Errorf("delete marker %+v", d)
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: aws.String("k")})
	if code(err) != "NoSuchKey" {
		t.Errorf("get deleted: %v", err)
	}
	_, err = c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: aws.String("k"), VersionId: d.VersionId})
	var re interface{ HTTPStatusCode() int }
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusMethodNotAllowed {
		t.Errorf("head delete marker by id: %v", err)
	}
	lv, err := c.ListObjectVersions(ctx, &s3.ListObjectVersionsInput{Bucket: b})
	mustOK(t, err)
	if len(lv.Versions) != 2 || len(lv.DeleteMarkers) != 1 || !aws.ToBool(lv.DeleteMarkers[0].IsLatest) ||
		aws.ToBool(lv.Versions[0].IsLatest) || aws.ToString(lv.Versions[0].VersionId) != aws.ToString(p2.VersionId) {
		t.Errorf("ListObjectVersions %+v", lv)
	}
	// Removing every version by id empties the bucket (DeleteObjects with
	// version ids, API_DeleteObjects.html).
	var ids []types.ObjectIdentifier
	for _, v := range lv.Versions {
		ids = append(ids, types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
	}
	for _, m := range lv.DeleteMarkers {
		ids = append(ids, types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
	}
	do, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: b, Delete: &types.Delete{Objects: ids}})
	mustOK(t, err)
	if len(do.Deleted) != 3 || len(do.Errors) != 0 {
		t.Errorf("DeleteObjects %+v", do)
	}
	_, err = c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: b})
	mustOK(t, err)
}

// Multipart through the wire: 5 MiB part + UploadPartCopy of a range;
// composite ETag "md5-of-md5s-2" (checking-object-integrity.html);
// ListParts and ListMultipartUploads while in progress
// (API_ListParts.html, API_ListMultipartUploads.html).
func TestSDKMultipart(t *testing.T) {
	c := client(newEmulator(t))
	ctx := bg(t)
	b := aws.String("mpu")
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b})
	mustOK(t, err)
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("src"), Body: strings.NewReader("0123456789")})
	mustOK(t, err)
	cu, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: b, Key: aws.String("dir/obj ü"), ContentType: aws.String("text/plain")})
	mustOK(t, err)
	part1 := bytes.Repeat([]byte("x"), 5<<20)
	up, err := c.UploadPart(ctx, &s3.UploadPartInput{Bucket: b, Key: cu.Key, UploadId: cu.UploadId, PartNumber: aws.Int32(1), Body: bytes.NewReader(part1)})
	mustOK(t, err)
	upc, err := c.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: b, Key: cu.Key, UploadId: cu.UploadId, PartNumber: aws.Int32(2),
		CopySource: aws.String("mpu/src"), CopySourceRange: aws.String("bytes=3-6")})
	mustOK(t, err)
	lp, err := c.ListParts(ctx, &s3.ListPartsInput{Bucket: b, Key: cu.Key, UploadId: cu.UploadId})
	mustOK(t, err)
	if len(lp.Parts) != 2 || aws.ToInt64(lp.Parts[1].Size) != 4 {
		t.Errorf("ListParts %+v", lp.Parts)
	}
	lu, err := c.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: b})
	mustOK(t, err)
	if len(lu.Uploads) != 1 || aws.ToString(lu.Uploads[0].Key) != "dir/obj ü" {
		t.Errorf("ListMultipartUploads %+v", lu.Uploads)
	}
	done, err := c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: b, Key: cu.Key, UploadId: cu.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{
			{PartNumber: aws.Int32(1), ETag: up.ETag}, {PartNumber: aws.Int32(2), ETag: upc.CopyPartResult.ETag}}}})
	mustOK(t, err)
	m1, m2 := md5.Sum(part1), md5.Sum([]byte("3456"))
	want := fmt.Sprintf(`"%s-2"`, md5hex(append(m1[:], m2[:]...)))
	if aws.ToString(done.ETag) != want {
		t.Errorf("ETag %s want %s", aws.ToString(done.ETag), want)
	}
	g, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: cu.Key, Range: aws.String("bytes=5242878-")})
	mustOK(t, err)
	if got := readBody(t, g.Body); got != "xx3456" || aws.ToString(g.ContentRange) != "bytes 5242878-5242883/5242884" {
		t.Errorf("range %q %v", got, aws.ToString(g.ContentRange))
	}
	// Wrong part ETag → InvalidPart; upload gone after completion → NoSuchUpload.
	_, err = c.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: b, Key: cu.Key, UploadId: cu.UploadId,
		MultipartUpload: &types.CompletedMultipartUpload{Parts: []types.CompletedPart{{PartNumber: aws.Int32(1), ETag: up.ETag}}}})
	if code(err) != "NoSuchUpload" {
		t.Errorf("complete twice: %v", err)
	}
	cu2, err := c.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{Bucket: b, Key: aws.String("k2")})
	mustOK(t, err)
	_, err = c.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: b, Key: aws.String("k2"), UploadId: cu2.UploadId})
	mustOK(t, err)
}

// Presigned GET and PUT URLs are accepted (LocalStack default,
// S3_SKIP_SIGNATURE_VALIDATION=1).
func TestSDKPresign(t *testing.T) {
	url := newEmulator(t)
	c := client(url)
	ctx := bg(t)
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("pre")})
	mustOK(t, err)
	ps := s3.NewPresignClient(c)
	put, err := ps.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("pre"), Key: aws.String("a b.txt")}, s3.WithPresignExpires(time.Minute))
	mustOK(t, err)
	req, _ := http.NewRequest(http.MethodPut, put.URL, strings.NewReader("presigned"))
	resp, err := http.DefaultClient.Do(req)
	mustOK(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("presigned PUT: %d", resp.StatusCode)
	}
	get, err := ps.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("pre"), Key: aws.String("a b.txt")})
	mustOK(t, err)
	resp, err = http.Get(get.URL)
	mustOK(t, err)
	if body := readBody(t, resp.Body); resp.StatusCode != http.StatusOK || body != "presigned" {
		t.Errorf("presigned GET: %d %q", resp.StatusCode, body)
	}
}

// Bucket configurations round-trip through the XML codec as the SDK
// serializes them (each operation's API Reference page).
func TestSDKBucketConfigurations(t *testing.T) {
	c := client(newEmulator(t))
	ctx := bg(t)
	b := aws.String("conf")
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b})
	mustOK(t, err)

	_, err = c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: b})
	if code(err) != "NoSuchCORSConfiguration" {
		t.Errorf("cors before put: %v", err)
	}
	_, err = c.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: b, CORSConfiguration: &types.CORSConfiguration{CORSRules: []types.CORSRule{{
		AllowedMethods: []string{"GET", "PUT"}, AllowedOrigins: []string{"https://a.example"}, AllowedHeaders: []string{"*"},
		ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: aws.Int32(300)}}}})
	mustOK(t, err)
	cors, err := c.GetBucketCors(ctx, &s3.GetBucketCorsInput{Bucket: b})
	mustOK(t, err)
	if len(cors.CORSRules) != 1 || len(cors.CORSRules[0].AllowedMethods) != 2 || aws.ToInt32(cors.CORSRules[0].MaxAgeSeconds) != 300 {
		t.Errorf("cors %+v", cors.CORSRules)
	}

	_, err = c.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{Bucket: b,
		LifecycleConfiguration: &types.BucketLifecycleConfiguration{Rules: []types.LifecycleRule{{
			ID: aws.String("expire-logs"), Status: types.ExpirationStatusEnabled,
			Filter:     &types.LifecycleRuleFilter{Prefix: aws.String("logs/")},
			Expiration: &types.LifecycleExpiration{Days: aws.Int32(7)}}}}})
	mustOK(t, err)
	lc, err := c.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
	mustOK(t, err)
	if len(lc.Rules) != 1 || aws.ToString(lc.Rules[0].ID) != "expire-logs" || aws.ToInt32(lc.Rules[0].Expiration.Days) != 7 ||
		aws.ToString(lc.Rules[0].Filter.Prefix) != "logs/" {
		t.Errorf("lifecycle %+v", lc.Rules)
	}

	_, err = c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: b, Tagging: &types.Tagging{TagSet: []types.Tag{{Key: aws.String("team"), Value: aws.String("ci")}}}})
	mustOK(t, err)
	tg, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
	mustOK(t, err)
	if len(tg.TagSet) != 1 || aws.ToString(tg.TagSet[0].Value) != "ci" {
		t.Errorf("tags %+v", tg.TagSet)
	}

	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::conf/*"}]}`
	_, err = c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: b, Policy: aws.String(policy)})
	mustOK(t, err)
	gp, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: b})
	mustOK(t, err)
	if aws.ToString(gp.Policy) != policy {
		t.Errorf("policy %q", aws.ToString(gp.Policy))
	}

	enc, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
	mustOK(t, err)
	if enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm != types.ServerSideEncryptionAes256 {
		t.Errorf("default encryption %+v", enc.ServerSideEncryptionConfiguration)
	}
	_, err = c.PutBucketEncryption(ctx, &s3.PutBucketEncryptionInput{Bucket: b, ServerSideEncryptionConfiguration: &types.ServerSideEncryptionConfiguration{
		Rules: []types.ServerSideEncryptionRule{{ApplyServerSideEncryptionByDefault: &types.ServerSideEncryptionByDefault{
			SSEAlgorithm: types.ServerSideEncryptionAwsKms, KMSMasterKeyID: aws.String("alias/k")}, BucketKeyEnabled: aws.Bool(true)}}}})
	mustOK(t, err)
	enc, err = c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: b})
	mustOK(t, err)
	if r := enc.ServerSideEncryptionConfiguration.Rules[0]; aws.ToString(r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID) != "alias/k" || !aws.ToBool(r.BucketKeyEnabled) {
		t.Errorf("kms encryption %+v", r)
	}

	own, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: b})
	mustOK(t, err)
	if own.OwnershipControls.Rules[0].ObjectOwnership != types.ObjectOwnershipBucketOwnerEnforced {
		t.Errorf("ownership %+v", own.OwnershipControls)
	}
	pab, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: b})
	mustOK(t, err)
	if !aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicAcls) {
		t.Error("public access block default")
	}
	_, err = c.PutBucketWebsite(ctx, &s3.PutBucketWebsiteInput{Bucket: b, WebsiteConfiguration: &types.WebsiteConfiguration{
		IndexDocument: &types.IndexDocument{Suffix: aws.String("index.html")}, ErrorDocument: &types.ErrorDocument{Key: aws.String("404.html")}}})
	mustOK(t, err)
	ws, err := c.GetBucketWebsite(ctx, &s3.GetBucketWebsiteInput{Bucket: b})
	mustOK(t, err)
	if aws.ToString(ws.IndexDocument.Suffix) != "index.html" || aws.ToString(ws.ErrorDocument.Key) != "404.html" {
		t.Errorf("website %+v", ws)
	}
	acl, err := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: b})
	mustOK(t, err)
	if len(acl.Grants) != 1 || acl.Grants[0].Permission != types.PermissionFullControl {
		t.Errorf("acl %+v", acl.Grants)
	}
	_, err = c.PutBucketAcl(ctx, &s3.PutBucketAclInput{Bucket: b, ACL: types.BucketCannedACLPublicRead})
	mustOK(t, err)
	acl, err = c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: b})
	mustOK(t, err)
	if len(acl.Grants) != 2 || aws.ToString(acl.Grants[1].Grantee.URI) != "http://acs.amazonaws.com/groups/global/AllUsers" {
		t.Errorf("public-read acl %+v", acl.Grants)
	}
	_, err = c.PutBucketAccelerateConfiguration(ctx, &s3.PutBucketAccelerateConfigurationInput{Bucket: b,
		AccelerateConfiguration: &types.AccelerateConfiguration{Status: types.BucketAccelerateStatusEnabled}})
	mustOK(t, err)
	acc, err := c.GetBucketAccelerateConfiguration(ctx, &s3.GetBucketAccelerateConfigurationInput{Bucket: b})
	mustOK(t, err)
	if acc.Status != types.BucketAccelerateStatusEnabled {
		t.Errorf("accelerate %q", acc.Status)
	}
	rp, err := c.GetBucketRequestPayment(ctx, &s3.GetBucketRequestPaymentInput{Bucket: b})
	mustOK(t, err)
	if rp.Payer != types.PayerBucketOwner {
		t.Errorf("payer %q", rp.Payer)
	}
	_, err = c.PutBucketLogging(ctx, &s3.PutBucketLoggingInput{Bucket: b, BucketLoggingStatus: &types.BucketLoggingStatus{
		LoggingEnabled: &types.LoggingEnabled{TargetBucket: b, TargetPrefix: aws.String("logs/")}}})
	mustOK(t, err)
	lg, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: b})
	mustOK(t, err)
	if lg.LoggingEnabled == nil || aws.ToString(lg.LoggingEnabled.TargetPrefix) != "logs/" {
		t.Errorf("logging %+v", lg)
	}
	_, err = c.PutBucketMetricsConfiguration(ctx, &s3.PutBucketMetricsConfigurationInput{Bucket: b, Id: aws.String("all"),
		MetricsConfiguration: &types.MetricsConfiguration{Id: aws.String("all"), Filter: &types.MetricsFilterMemberPrefix{Value: "logs/"}}})
	mustOK(t, err)
	mc, err := c.ListBucketMetricsConfigurations(ctx, &s3.ListBucketMetricsConfigurationsInput{Bucket: b})
	mustOK(t, err)
	if len(mc.MetricsConfigurationList) != 1 || aws.ToString(mc.MetricsConfigurationList[0].Id) != "all" {
		t.Errorf("metrics configurations %+v", mc.MetricsConfigurationList)
	} else if f, ok := mc.MetricsConfigurationList[0].Filter.(*types.MetricsFilterMemberPrefix); !ok || f.Value != "logs/" {
		t.Errorf("metrics filter %#v", mc.MetricsConfigurationList[0].Filter)
	}
	_, err = c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: b})
	if code(err) != "ObjectLockConfigurationNotFoundError" {
		t.Errorf("object lock before put: %v", err)
	}
	_, err = c.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: b,
		NotificationConfiguration: &types.NotificationConfiguration{QueueConfigurations: []types.QueueConfiguration{{
			QueueArn: aws.String("arn:aws:sqs:us-east-1:000000000000:nowhere"), Events: []types.Event{"s3:ObjectCreated:*"},
			Filter: &types.NotificationConfigurationFilter{Key: &types.S3KeyFilter{FilterRules: []types.FilterRule{{Name: types.FilterRuleNamePrefix, Value: aws.String("in/")}}}}}}},
		SkipDestinationValidation: aws.Bool(true)})
	mustOK(t, err)
	nc, err := c.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: b})
	mustOK(t, err)
	if len(nc.QueueConfigurations) != 1 || nc.QueueConfigurations[0].Filter == nil ||
		aws.ToString(nc.QueueConfigurations[0].Filter.Key.FilterRules[0].Value) != "in/" {
		t.Errorf("notification %+v", nc.QueueConfigurations)
	}
}

// Objects: copy with REPLACE, tagging, GetObjectAttributes, checksums
// computed and returned with ChecksumMode ENABLED (the SDK validates the
// response checksum), conditional GET, range 416 (API_GetObject.html).
func TestSDKObjects(t *testing.T) {
	c := client(newEmulator(t))
	ctx := bg(t)
	b := aws.String("objs")
	_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: b})
	mustOK(t, err)
	key := aws.String("dir/ä %+=&?.txt")
	put, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: key, Body: strings.NewReader("hello"),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256, Tagging: aws.String("a=1&b=2"), Metadata: map[string]string{"x": "y"}})
	mustOK(t, err)
	if aws.ToString(put.ChecksumSHA256) != "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=" {
		t.Errorf("sha256 %v", aws.ToString(put.ChecksumSHA256))
	}
	g, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: key, ChecksumMode: types.ChecksumModeEnabled})
	mustOK(t, err)
	if readBody(t, g.Body) != "hello" || aws.ToString(g.ChecksumSHA256) != aws.ToString(put.ChecksumSHA256) || aws.ToInt32(g.TagCount) != 2 {
		t.Errorf("get %+v", g)
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: key, IfNoneMatch: put.ETag})
	var re interface{ HTTPStatusCode() int }
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusNotModified {
		t.Errorf("If-None-Match: %v", err)
	}
	_, err = c.GetObject(ctx, &s3.GetObjectInput{Bucket: b, Key: key, Range: aws.String("bytes=10-")})
	if code(err) != "InvalidRange" {
		t.Errorf("range past end: %v", err)
	}
	cp, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: b, Key: aws.String("copy"), CopySource: aws.String("objs/dir/%C3%A4%20%25%2B%3D%26%3F.txt"),
		MetadataDirective: types.MetadataDirectiveReplace, Metadata: map[string]string{"new": "1"}, ContentType: aws.String("text/plain")})
	mustOK(t, err)
	if aws.ToString(cp.CopyObjectResult.ETag) != `"`+md5hex([]byte("hello"))+`"` {
		t.Errorf("copy etag %v", aws.ToString(cp.CopyObjectResult.ETag))
	}
	h, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: aws.String("copy")})
	mustOK(t, err)
	if h.Metadata["new"] != "1" || h.Metadata["x"] != "" || aws.ToString(h.ContentType) != "text/plain" {
		t.Errorf("copied head %+v", h.Metadata)
	}
	_, err = c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: b, Key: aws.String("copy"), CopySource: aws.String("objs/copy")})
	if code(err) != "InvalidRequest" {
		t.Errorf("self copy: %v", err)
	}
	tg, err := c.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{Bucket: b, Key: key})
	mustOK(t, err)
	if len(tg.TagSet) != 2 {
		t.Errorf("tags %+v", tg.TagSet)
	}
	at, err := c.GetObjectAttributes(ctx, &s3.GetObjectAttributesInput{Bucket: b, Key: key,
		ObjectAttributes: []types.ObjectAttributes{types.ObjectAttributesEtag, types.ObjectAttributesObjectSize, types.ObjectAttributesChecksum}})
	mustOK(t, err)
	if aws.ToInt64(at.ObjectSize) != 5 || aws.ToString(at.ETag) != md5hex([]byte("hello")) || at.Checksum == nil ||
		aws.ToString(at.Checksum.ChecksumSHA256) != aws.ToString(put.ChecksumSHA256) {
		t.Errorf("attributes %+v", at)
	}
	// A wrong checksum stores nothing (checking-object-integrity.html).
	_, err = c.PutObject(ctx, &s3.PutObjectInput{Bucket: b, Key: aws.String("bad"), Body: strings.NewReader("x"),
		ChecksumCRC32: aws.String("AAAAAA==")})
	if code(err) != "BadDigest" {
		t.Errorf("bad checksum: %v", err)
	}
	if _, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: b, Key: aws.String("bad")}); err == nil {
		t.Error("object stored despite BadDigest")
	}
	_, err = c.RestoreObject(ctx, &s3.RestoreObjectInput{Bucket: b, Key: key, RestoreRequest: &types.RestoreRequest{Days: aws.Int32(1)}})
	mustOK(t, err)
	do, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: b, Delete: &types.Delete{Quiet: aws.Bool(true),
		Objects: []types.ObjectIdentifier{{Key: key}, {Key: aws.String("copy")}}}})
	mustOK(t, err)
	if len(do.Deleted) != 0 || len(do.Errors) != 0 {
		t.Errorf("quiet delete %+v", do)
	}
}
