package s3

import (
	"context"
	"net/http"
	"strconv"
	"strings"
)

// Serving a bucket's CORS configuration, as
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html ("How
// does Amazon S3 evaluate the CORS configuration on a bucket?") describes:
// the first rule whose AllowedOrigins match Origin, whose AllowedMethods
// hold the (requested) method and whose AllowedHeaders cover every header
// of Access-Control-Request-Headers applies. The gateway calls MatchCORS
// for requests to a bucket that carry an Origin header.

// CORSRequest is what a browser request says about itself.
type CORSRequest struct {
	Account, Bucket string
	Origin          string
	// Method is the request's method, or Access-Control-Request-Method for
	// a preflight (OPTIONS) request.
	Method    string
	Preflight bool
	// Headers are the Access-Control-Request-Headers of a preflight.
	Headers []string
}

// CORSResult is how to answer: Configured is false when the bucket has no
// CORS configuration (or does not exist): the gateway's default CORS
// handling applies, as in LocalStack. Otherwise Header holds the
// Access-Control-* headers of the matching rule (none when no rule
// matches), and a preflight that matched no rule is Err, 403 AccessForbidden.
type CORSResult struct {
	Configured bool
	Header     http.Header
	Err        error
}

// MatchCORS evaluates a bucket's CORS rules for one request.
func (s *Service) MatchCORS(ctx context.Context, in CORSRequest) CORSResult {
	s.mu.Lock()
	a := s.accounts[in.Account]
	s.mu.Unlock()
	if a == nil {
		return CORSResult{}
	}
	b := a.get(in.Bucket)
	if b == nil {
		return CORSResult{}
	}
	c := configOf[CORSConfiguration](b, cfgCORS)
	if c == nil {
		return CORSResult{}
	}
	res := CORSResult{Configured: true, Header: http.Header{}}
	for _, r := range c.CORSRules {
		star, ok := matchOrigin(r.AllowedOrigins, in.Origin)
		if !ok || !containsFold(r.AllowedMethods, in.Method) || !headersAllowed(r.AllowedHeaders, in.Headers) {
			continue
		}
		h := res.Header
		if star {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", in.Origin)
			h.Set("Access-Control-Allow-Credentials", "true")
		}
		h.Set("Access-Control-Allow-Methods", strings.Join(r.AllowedMethods, ", "))
		if len(in.Headers) > 0 {
			h.Set("Access-Control-Allow-Headers", strings.ToLower(strings.Join(in.Headers, ", ")))
		}
		if len(r.ExposeHeaders) > 0 {
			h.Set("Access-Control-Expose-Headers", strings.Join(r.ExposeHeaders, ", "))
		}
		if r.MaxAgeSeconds != nil {
			h.Set("Access-Control-Max-Age", strconv.Itoa(int(*r.MaxAgeSeconds)))
		}
		h.Set("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")
		return res
	}
	if in.Preflight {
		res.Err = s3Error(http.StatusForbidden, "AccessForbidden",
			"CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
			map[string]string{"Method": in.Method, "ResourceType": "OBJECT"})
	}
	return res
}

// matchOrigin matches an origin against AllowedOrigins, each of which may
// hold one "*" wildcard; star is true when the rule allows any origin.
func matchOrigin(allowed []string, origin string) (star, ok bool) {
	for _, a := range allowed {
		if a == "*" {
			return true, true
		}
		if wildcardMatch(a, origin) {
			return false, true
		}
	}
	return false, false
}

// headersAllowed reports whether every requested header matches an
// AllowedHeader (case-insensitive, "*" wildcards).
func headersAllowed(allowed, requested []string) bool {
	for _, h := range requested {
		ok := false
		for _, a := range allowed {
			if wildcardMatch(strings.ToLower(a), strings.ToLower(strings.TrimSpace(h))) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// wildcardMatch matches s against a pattern with at most one "*".
func wildcardMatch(pattern, s string) bool {
	before, after, found := strings.Cut(pattern, "*")
	if !found {
		return pattern == s
	}
	return len(s) >= len(before)+len(after) && strings.HasPrefix(s, before) && strings.HasSuffix(s, after)
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}
