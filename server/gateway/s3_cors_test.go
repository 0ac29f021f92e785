package gateway

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
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
func TestApplyS3BucketCORS(t *testing.T) {
	g, svc := s3Gateway(t, nil)
	match := matchFrom(svc)
	pre := httptest.NewRequest(http.MethodOptions, "http://localhost:4566/bkt/k", nil)
	pre.Header.Set("Origin", "https://site.example")
	pre.Header.Set("Access-Control-Request-Method", "PUT")
	if answered, applied := g.applyS3BucketCORS(httptest.NewRecorder(), pre, match); answered || applied {
		t.Error("bucket without CORS rules took the preflight")
	}
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: awsapi.DefaultAccount, Region: "us-east-1"})
	if _, err := svc.PutBucketCors(ctx, &s3.PutBucketCorsRequest{Bucket: ptrTo("bkt"), CORSConfiguration: &s3.CORSConfiguration{
		CORSRules: []s3.CORSRule{{AllowedOrigins: []string{"https://site.example"}, AllowedMethods: []string{"PUT"}, AllowedHeaders: []string{"*"}}}}}); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	pre.Header.Set("Access-Control-Request-Headers", "content-type")
	if answered, _ := g.applyS3BucketCORS(w, pre, match); !answered || w.Code != http.StatusOK ||
		w.Header().Get("Access-Control-Allow-Origin") != "https://site.example" || w.Header().Get("Access-Control-Allow-Methods") != "PUT" {
		t.Errorf("allowed preflight: %d %v", w.Code, w.Header())
	}
	pre.Header.Set("Access-Control-Request-Method", "DELETE")
	w = httptest.NewRecorder()
	if answered, _ := g.applyS3BucketCORS(w, pre, match); !answered || w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "AccessForbidden") {
		t.Errorf("denied preflight: %d %s", w.Code, w.Body)
	}
	// Virtual-host style names the bucket by host.
	get := httptest.NewRequest(http.MethodGet, "http://bkt.s3.localhost.localstack.cloud:4566/k", nil)
	get.Header.Set("Origin", "https://site.example")
	w = httptest.NewRecorder()
	if answered, applied := g.applyS3BucketCORS(w, get, match); answered || !applied || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("GET (method not allowed by the rule): answered=%v applied=%v %v", answered, applied, w.Header())
	}
}
