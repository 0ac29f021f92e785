package gateway

import (
	"context"
	"net/http"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// S3BucketCORS evaluates a bucket's CORS configuration for one browser
// request (s3.Service.MatchCORS, adapted by the server): configured is
// false when the bucket has none, and the gateway's own CORS handling
// stays; otherwise header holds the Access-Control-* headers to send (none
// when no rule matched) and err the 403 of a preflight no rule allows.
type S3BucketCORS func(ctx context.Context, account, bucket, origin, method string, preflight bool, headers []string) (configured bool, header http.Header, err error)

// applyS3BucketCORS applies a bucket's CORS rules to an S3 request
// carrying Origin, as S3 does (cors.html), in place of the gateway's own
// CORS handling: a preflight (OPTIONS with Access-Control-Request-Method)
// is answered here, 200 with the matching rule's headers or 403
// AccessForbidden; any other request gets the matching rule's headers (none
// when no rule matches). applied is false when match is nil, the request is
// not a browser request to a bucket, or the bucket has no CORS
// configuration: the gateway's CORS handling then runs as before.
// answered is true when the response was written.
func (g *Gateway) applyS3BucketCORS(w http.ResponseWriter, r *http.Request, match S3BucketCORS) (answered, applied bool) {
	origin := r.Header.Get("Origin")
	if match == nil || origin == "" {
		return false, false
	}
	cred := parseCredential(r)
	rt := g.detect(r, cred)
	if rt.info == nil || rt.info.Name != "s3" {
		return false, false
	}
	bucket := rt.bucket
	if bucket == "" {
		bucket, _, _ = strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	}
	if bucket == "" {
		return false, false
	}
	method := r.Method
	preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
	var headers []string
	if preflight {
		method = r.Header.Get("Access-Control-Request-Method")
		for _, h := range strings.Split(r.Header.Get("Access-Control-Request-Headers"), ",") {
			if h = strings.TrimSpace(h); h != "" {
				headers = append(headers, h)
			}
		}
	}
	configured, h, err := match(r.Context(), accountOf(cred.AccessKey), bucket, origin, method, preflight, headers)
	if !configured {
		return false, false
	}
	for k, v := range h {
		w.Header()[k] = v
	}
	if !preflight {
		return false, true
	}
	if err != nil {
		e, ok := err.(*awsapi.Error)
		if !ok {
			e = &awsapi.Error{Code: "AccessForbidden", Message: err.Error(), Status: http.StatusForbidden}
		}
		writeS3Error(w, e, r.URL.Path, g.cfg.Env.NewID())
		return true, true
	}
	w.WriteHeader(http.StatusOK)
	return true, true
}
