package s3

import (
	"net/http"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Source: cors.html, "How does Amazon S3 evaluate the CORS configuration
// on a bucket?" and its example configuration (wildcard origins, headers).
func TestMatchCORS(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	acct := awsapi.DefaultAccount
	if r := s.MatchCORS(ctx, CORSRequest{Account: acct, Bucket: "bkt", Origin: "https://a.example", Method: "GET"}); r.Configured {
		t.Error("configured without rules")
	}
	s.PutBucketCors(ctx, &PutBucketCorsRequest{Bucket: ptr("bkt"), CORSConfiguration: &CORSConfiguration{CORSRules: []CORSRule{
		{AllowedOrigins: []string{"https://*.example.com"}, AllowedMethods: []string{"PUT", "GET"}, AllowedHeaders: []string{"x-amz-*", "content-type"},
			ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: ptr(int32(3000))},
		{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"GET"}},
	}}})
	r := s.MatchCORS(ctx, CORSRequest{Account: acct, Bucket: "bkt", Origin: "https://app.example.com", Method: "PUT", Preflight: true,
		Headers: []string{"Content-Type", "x-amz-meta-a"}})
	if !r.Configured || r.Err != nil || r.Header.Get("Access-Control-Allow-Origin") != "https://app.example.com" ||
		r.Header.Get("Access-Control-Allow-Methods") != "PUT, GET" || r.Header.Get("Access-Control-Max-Age") != "3000" ||
		r.Header.Get("Access-Control-Allow-Headers") != "content-type, x-amz-meta-a" || r.Header.Get("Access-Control-Expose-Headers") != "ETag" {
		t.Errorf("first rule: %+v", r)
	}
	r = s.MatchCORS(ctx, CORSRequest{Account: acct, Bucket: "bkt", Origin: "https://other.org", Method: "GET"})
	if r.Header.Get("Access-Control-Allow-Origin") != "*" || r.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("wildcard rule: %+v", r.Header)
	}
	r = s.MatchCORS(ctx, CORSRequest{Account: acct, Bucket: "bkt", Origin: "https://other.org", Method: "DELETE", Preflight: true})
	wantError(t, r.Err, "AccessForbidden", http.StatusForbidden, nil)
	r = s.MatchCORS(ctx, CORSRequest{Account: acct, Bucket: "bkt", Origin: "https://other.org", Method: "PUT"})
	if r.Err != nil || len(r.Header) != 0 {
		t.Errorf("non-preflight without a match gets no CORS headers: %+v", r)
	}
}
