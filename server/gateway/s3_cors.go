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

// serveS3BucketCORS applies a bucket's CORS rules to a request carrying
// Origin, as S3 does (cors.html): a preflight (OPTIONS with
// Access-Control-Request-Method) is answered here, 200 with the matching
// rule's headers or 403 AccessForbidden; any other request gets the rule's
// headers in place of the gateway's defaults. answered is true when the
// response was written. It must run before the gateway's own CORS
// handling answers preflights, with the path-style bucket name.
func serveS3BucketCORS(w http.ResponseWriter, r *http.Request, match S3BucketCORS, account, bucket, requestID string) (answered bool) {
	origin := r.Header.Get("Origin")
	if match == nil || origin == "" || bucket == "" {
		return false
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
	configured, h, err := match(r.Context(), account, bucket, origin, method, preflight, headers)
	if !configured {
		return false
	}
	for k := range w.Header() {
		if strings.HasPrefix(k, "Access-Control-") {
			w.Header().Del(k)
		}
	}
	for k, v := range h {
		w.Header()[k] = v
	}
	if !preflight {
		return false
	}
	if err != nil {
		e, ok := err.(*awsapi.Error)
		if !ok {
			e = &awsapi.Error{Code: "AccessForbidden", Message: err.Error(), Status: http.StatusForbidden}
		}
		writeS3PostError(w, e, r.URL.Path, requestID)
		return true
	}
	w.WriteHeader(http.StatusOK)
	return true
}
