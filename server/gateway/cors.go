package gateway

import (
	"net/http"
	"strings"
)

// CORSConfig is LocalStack's CORS configuration (localstack-runtime.md §4, §8).
type CORSConfig struct {
	DisableChecks  bool     // DISABLE_CORS_CHECKS
	DisableHeaders bool     // DISABLE_CORS_HEADERS
	ExtraOrigins   []string // EXTRA_CORS_ALLOWED_ORIGINS ("*" allows any)
	ExtraHeaders   []string // EXTRA_CORS_ALLOWED_HEADERS
	ExtraExpose    []string // EXTRA_CORS_EXPOSE_HEADERS
}

// corsExposeHeaders are the response headers browsers may read (LocalStack's list).
var corsExposeHeaders = []string{"etag", "x-amz-version-id", "x-amz-request-id", "x-amzn-requestid",
	"x-amz-delete-marker", "x-amz-meta-*", "x-amz-server-side-encryption", "x-amz-id-2", "x-localstack"}

const corsAllowMethods = "HEAD,GET,PUT,POST,DELETE,OPTIONS,PATCH"

// corsAllowedOrigin reports whether a browser origin may call the gateway.
// No Origin (and no Referer) is always allowed: CLIs and SDKs send none.
func (g *Gateway) corsAllowedOrigin(origin string) bool {
	if origin == "" || g.cfg.CORS.DisableChecks {
		return true
	}
	for _, o := range g.cfg.CORS.ExtraOrigins {
		if o == "*" || o == origin {
			return true
		}
	}
	if strings.HasPrefix(origin, "file://") {
		return true
	}
	switch origin {
	case "http://app.localstack.cloud", "https://app.localstack.cloud", "https://localhost", "https://localhost.localstack.cloud":
		return true
	}
	for _, port := range g.cfg.ListenPorts {
		for _, scheme := range []string{"http://", "https://"} {
			for _, host := range []string{"localhost", "localhost.localstack.cloud", "127.0.0.1"} {
				if origin == scheme+host+":"+port {
					return true
				}
			}
		}
	}
	return false
}

// requestOrigin is the Origin header, or the scheme and host of Referer.
func requestOrigin(r *http.Request) string {
	if o := r.Header.Get("Origin"); o != "" {
		return o
	}
	ref := r.Header.Get("Referer")
	if ref == "" {
		return ""
	}
	scheme, rest, ok := strings.Cut(ref, "://")
	if !ok {
		return ""
	}
	host, _, _ := strings.Cut(rest, "/")
	return scheme + "://" + host
}

// applyCORS writes the CORS response headers; it returns false when the
// request was answered (blocked origin: 403 empty; preflight: 204).
func (g *Gateway) applyCORS(w http.ResponseWriter, r *http.Request) bool {
	origin := requestOrigin(r)
	if !g.corsAllowedOrigin(origin) {
		w.WriteHeader(http.StatusForbidden)
		return false
	}
	if !g.cfg.CORS.DisableHeaders && r.Header.Get("Origin") != "" {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Access-Control-Allow-Methods", corsAllowMethods)
		allow := r.Header.Get("Access-Control-Request-Headers")
		if allow == "" {
			allow = "authorization,cache-control,content-length,content-md5,content-type,etag,location,x-amz-acl,x-amz-content-sha256,x-amz-date,x-amz-request-id,x-amz-security-token,x-amz-tagging,x-amz-target,x-amz-user-agent,x-amz-version-id,x-amzn-requestid,x-localstack-target,amz-sdk-invocation-id,amz-sdk-request"
		}
		if len(g.cfg.CORS.ExtraHeaders) > 0 {
			allow += "," + strings.Join(g.cfg.CORS.ExtraHeaders, ",")
		}
		h.Set("Access-Control-Allow-Headers", allow)
		h.Set("Access-Control-Expose-Headers", strings.Join(append(corsExposeHeaders[:len(corsExposeHeaders):len(corsExposeHeaders)], g.cfg.CORS.ExtraExpose...), ","))
		h.Add("Vary", "Origin")
	}
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		w.WriteHeader(http.StatusNoContent)
		return false
	}
	return true
}
