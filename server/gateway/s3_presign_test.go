package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func presigner(t *testing.T, endpoint string, pathStyle bool) *s3.PresignClient {
	t.Helper()
	c := s3.New(s3.Options{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "test", ""),
		BaseEndpoint: aws.String(endpoint), UsePathStyle: pathStyle})
	return s3.NewPresignClient(c)
}

// Source: sigv4-query-string-auth.html: X-Amz-Expires counts from
// X-Amz-Date; an expired URL is 403 AccessDenied "Request has expired"; a
// changed URL no longer matches its signature (403 SignatureDoesNotMatch).
func TestVerifyPresignedV4(t *testing.T) {
	ctx := context.Background()
	for _, pathStyle := range []bool{true, false} {
		ps := presigner(t, "http://s3.localhost.localstack.cloud:4566", pathStyle)
		get, err := ps.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bkt"), Key: aws.String("dir/a b+c=ü%.txt"),
			ResponseContentType: aws.String("text/plain")}, s3.WithPresignExpires(10*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if e := verifyS3Presigned(httptest.NewRequest(http.MethodGet, get.URL, nil), "", now); e != nil {
			t.Errorf("pathStyle=%v valid URL rejected: %v\n%s", pathStyle, e, get.URL)
		}
		if e := verifyS3Presigned(httptest.NewRequest(http.MethodGet, get.URL, nil), "", now.Add(11*time.Minute)); e == nil || e.Code != "AccessDenied" || e.Status != 403 {
			t.Errorf("expired URL: %v", e)
		}
		tampered := strings.Replace(get.URL, "dir/", "dix/", 1)
		if e := verifyS3Presigned(httptest.NewRequest(http.MethodGet, tampered, nil), "", now); e == nil || e.Code != "SignatureDoesNotMatch" || e.Status != 403 {
			t.Errorf("tampered URL: %v", e)
		}
		if e := verifyS3Presigned(httptest.NewRequest(http.MethodPut, get.URL, nil), "", now); e == nil {
			t.Error("method change accepted")
		}
	}
	ps := presigner(t, "http://localhost:4566", true)
	put, err := ps.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("bkt"), Key: aws.String("k"), ContentType: aws.String("text/plain")})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPut, put.URL, strings.NewReader("x"))
	for k, v := range put.SignedHeader {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "curl") // unsigned headers do not matter
	if e := verifyS3Presigned(req, "", time.Now()); e != nil {
		t.Errorf("presigned PUT with signed Content-Type: %v", e)
	}
	req.Header.Set("Content-Type", "image/png")
	if e := verifyS3Presigned(req, "", time.Now()); e == nil {
		t.Error("changed signed header accepted")
	}
	// Not presigned: nothing to check.
	if e := verifyS3Presigned(httptest.NewRequest(http.MethodGet, "http://localhost:4566/bkt/k", nil), "", time.Now()); e != nil {
		t.Error(e)
	}
}

// SigV2 query authentication (RESTAuthentication.html), URLs made by
// botocore's "s3" signer.
func TestVerifyPresignedV2(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	script := `
import boto3, botocore.config
c = boto3.client("s3", endpoint_url="http://localhost:4566", region_name="us-east-1", aws_access_key_id="AKID",
    aws_secret_access_key="test", config=botocore.config.Config(signature_version="s3", s3={"addressing_style": "path"}))
print(c.generate_presigned_url("get_object", Params={"Bucket": "bkt", "Key": "a b/ü.txt", "VersionId": "v1"}, ExpiresIn=600))
`
	out, err := exec.Command("python3", "-c", script).CombinedOutput()
	if err != nil {
		t.Skipf("boto3 unavailable: %v %s", err, out)
	}
	u := strings.TrimSpace(string(out))
	if e := verifyS3Presigned(httptest.NewRequest(http.MethodGet, u, nil), "", time.Now()); e != nil {
		t.Fatalf("valid SigV2 URL rejected: %v\n%s", e, u)
	}
	if e := verifyS3Presigned(httptest.NewRequest(http.MethodGet, u, nil), "", time.Now().Add(11*time.Minute)); e == nil || e.Code != "AccessDenied" {
		t.Errorf("expired: %v", e)
	}
	if e := verifyS3Presigned(httptest.NewRequest(http.MethodGet, strings.Replace(u, "versionId=v1", "versionId=v2", 1), nil), "", time.Now()); e == nil || e.Code != "SignatureDoesNotMatch" {
		t.Errorf("tampered: %v", e)
	}
}

func TestS3PresignCheckSetting(t *testing.T) {
	for v, want := range map[string]bool{"": false, "1": false, "0": true, "false": true} {
		if got := s3PresignCheck(func(string) string { return v }); got != want {
			t.Errorf("S3_SKIP_SIGNATURE_VALIDATION=%q: check=%v", v, got)
		}
	}
}
