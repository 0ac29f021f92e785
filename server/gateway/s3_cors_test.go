package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/s3"
)

// matchFrom adapts s3.Service.MatchCORS as the server would.
func matchFrom(svc *s3.Service) S3BucketCORS {
	return func(ctx context.Context, account, bucket, origin, method string, preflight bool, headers []string) (bool, http.Header, error) {
		r := svc.MatchCORS(ctx, s3.CORSRequest{Account: account, Bucket: bucket, Origin: origin, Method: method, Preflight: preflight, Headers: headers})
		return r.Configured, r.Header, r.Err
	}
}

// Source: cors.html: a preflight is answered from the bucket's rules (403
// when none matches); actual requests carry the matching rule's headers.
func TestServeS3BucketCORS(t *testing.T) {
	_, svc := s3Gateway(t, nil)
	match := matchFrom(svc)
	acct := awsapi.DefaultAccount
	pre := httptest.NewRequest(http.MethodOptions, "/bkt/k", nil)
	pre.Header.Set("Origin", "https://site.example")
	pre.Header.Set("Access-Control-Request-Method", "PUT")
	if serveS3BucketCORS(httptest.NewRecorder(), pre, match, acct, "bkt", "r") {
		t.Error("bucket without CORS rules answered the preflight")
	}
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: acct, Region: "us-east-1"})
	if _, err := svc.PutBucketCors(ctx, &s3.PutBucketCorsRequest{Bucket: ptrTo("bkt"), CORSConfiguration: &s3.CORSConfiguration{
		CORSRules: []s3.CORSRule{{AllowedOrigins: []string{"https://site.example"}, AllowedMethods: []string{"PUT"}, AllowedHeaders: []string{"*"}}}}}); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	w.Header().Set("Access-Control-Allow-Methods", "HEAD,GET,PUT,POST,DELETE,OPTIONS,PATCH") // the gateway's default
	pre.Header.Set("Access-Control-Request-Headers", "content-type")
	if !serveS3BucketCORS(w, pre, match, acct, "bkt", "r") || w.Code != http.StatusOK ||
		w.Header().Get("Access-Control-Allow-Origin") != "https://site.example" || w.Header().Get("Access-Control-Allow-Methods") != "PUT" {
		t.Errorf("allowed preflight: %d %v", w.Code, w.Header())
	}
	pre.Header.Set("Access-Control-Request-Method", "DELETE")
	w = httptest.NewRecorder()
	if !serveS3BucketCORS(w, pre, match, acct, "bkt", "r") || w.Code != http.StatusForbidden {
		t.Errorf("denied preflight: %d %s", w.Code, w.Body)
	}
	get := httptest.NewRequest(http.MethodGet, "/bkt/k", nil)
	get.Header.Set("Origin", "https://evil.example")
	w = httptest.NewRecorder()
	w.Header().Set("Access-Control-Allow-Origin", "https://evil.example")
	if serveS3BucketCORS(w, get, match, acct, "bkt", "r") || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("unmatched GET keeps CORS headers: %v", w.Header())
	}
}
