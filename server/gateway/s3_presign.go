package gateway

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// S3 presigned URL verification, enabled by S3_SKIP_SIGNATURE_VALIDATION=0
// (LocalStack skips it by default). The secret of every access key is
// "test", as in LocalStack. SigV4 signatures are recomputed with
// aws-sdk-go-v2's signer; SigV2 ones as "Signing and authenticating REST
// requests" (RESTAuthentication.html, "Query string request authentication
// alternative") describes. Only query-string (presigned) signatures are
// checked; Authorization headers are not.

// presignSecret is the secret key LocalStack assumes for every access key.
const presignSecret = "test"

// maxPresignExpires is SigV4's longest X-Amz-Expires: one week
// (sigv4-query-string-auth.html).
const maxPresignExpires = 604800

func errPresignExpired() *awsapi.Error {
	return &awsapi.Error{Code: "AccessDenied", Message: "Request has expired", Status: http.StatusForbidden, Sender: true}
}

func errSignatureMismatch() *awsapi.Error {
	return &awsapi.Error{Code: "SignatureDoesNotMatch", Status: http.StatusForbidden, Sender: true,
		Message: "The request signature we calculated does not match the signature you provided. Check your key and signing method."}
}

func errPresignQuery(msg string) *awsapi.Error {
	return &awsapi.Error{Code: "AuthorizationQueryParametersError", Message: msg, Status: http.StatusBadRequest, Sender: true}
}

// s3PresignCheck reports whether a request to S3 must have its presigned
// signature verified (S3_SKIP_SIGNATURE_VALIDATION set to 0 or false).
func s3PresignCheck(getenv func(string) string) bool {
	if getenv == nil {
		return false
	}
	v := strings.ToLower(strings.TrimSpace(getenv("S3_SKIP_SIGNATURE_VALIDATION")))
	return v == "0" || v == "false"
}

// verifyS3Presigned checks the query-string signature of r, as the client
// sent it (before any virtual-host rewrite); vhostBucket is the bucket named
// by the host ("" for path style). A request without a presigned signature
// passes. Errors: 403 AccessDenied (expired), 403 SignatureDoesNotMatch,
// 400 AuthorizationQueryParametersError (malformed X-Amz-* parameters).
func verifyS3Presigned(r *http.Request, vhostBucket string, now time.Time) *awsapi.Error {
	q := r.URL.Query()
	switch {
	case q.Get("X-Amz-Signature") != "":
		return verifyPresignedV4(r, q, now)
	case q.Get("Signature") != "" && q.Get("AWSAccessKeyId") != "":
		return verifyPresignedV2(r, q, vhostBucket, now)
	}
	return nil
}

func verifyPresignedV4(r *http.Request, q url.Values, now time.Time) *awsapi.Error {
	if q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" {
		return errPresignQuery("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")
	}
	scope := strings.Split(q.Get("X-Amz-Credential"), "/")
	if len(scope) != 5 || scope[4] != "aws4_request" {
		return errPresignQuery("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
	}
	signed, err := time.Parse("20060102T150405Z", q.Get("X-Amz-Date"))
	if err != nil {
		return errPresignQuery("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"")
	}
	expires, err := strconv.ParseInt(q.Get("X-Amz-Expires"), 10, 64)
	switch {
	case err != nil || expires < 0:
		return errPresignQuery("X-Amz-Expires should be a number")
	case expires > maxPresignExpires:
		return errPresignQuery("X-Amz-Expires must be less than a week (in seconds) that is; 604800")
	case now.After(signed.Add(time.Duration(expires) * time.Second)):
		return errPresignExpired()
	}

	// Rebuild the request as signed: the same method, host, path and query
	// (without the signature), and only the headers it says it signed.
	u := *r.URL
	unsigned := url.Values{}
	for k, v := range q {
		if k != "X-Amz-Signature" {
			unsigned[k] = v
		}
	}
	u.RawQuery = unsigned.Encode()
	req, _ := http.NewRequestWithContext(context.Background(), r.Method, u.String(), nil)
	req.URL = &u
	req.Host = r.Host
	for _, h := range strings.Split(q.Get("X-Amz-SignedHeaders"), ";") {
		switch h = strings.TrimSpace(h); h {
		case "", "host":
		case "content-length":
			req.ContentLength = r.ContentLength
		default:
			req.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	creds := aws.Credentials{AccessKeyID: scope[0], SecretAccessKey: presignSecret, SessionToken: q.Get("X-Amz-Security-Token")}
	signedURL, _, serr := v4.NewSigner().PresignHTTP(context.Background(), creds, req, "UNSIGNED-PAYLOAD", scope[3], scope[2], signed,
		func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true; o.DisableHeaderHoisting = true })
	if serr != nil {
		return errSignatureMismatch()
	}
	su, perr := url.Parse(signedURL)
	if perr != nil || !hmac.Equal([]byte(su.Query().Get("X-Amz-Signature")), []byte(q.Get("X-Amz-Signature"))) {
		return errSignatureMismatch()
	}
	return nil
}

// s3V2SubResources are the query parameters SigV2's CanonicalizedResource
// includes (RESTAuthentication.html, "Constructing the CanonicalizedResource
// Element").
var s3V2SubResources = map[string]bool{
	"acl": true, "cors": true, "delete": true, "lifecycle": true, "location": true, "logging": true,
	"notification": true, "partNumber": true, "policy": true, "requestPayment": true, "restore": true,
	"tagging": true, "torrent": true, "uploadId": true, "uploads": true, "versionId": true, "versioning": true,
	"versions": true, "website": true, "response-cache-control": true, "response-content-disposition": true,
	"response-content-encoding": true, "response-content-language": true, "response-content-type": true,
	"response-expires": true,
}

func verifyPresignedV2(r *http.Request, q url.Values, vhostBucket string, now time.Time) *awsapi.Error {
	exp, err := strconv.ParseInt(q.Get("Expires"), 10, 64)
	if err != nil {
		return errPresignQuery("Invalid date (should be seconds since epoch): " + q.Get("Expires"))
	}
	if now.Unix() > exp {
		return errPresignExpired()
	}
	var amz []string
	for k, v := range r.Header {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-amz-") {
			amz = append(amz, lk+":"+strings.Join(v, ","))
		}
	}
	sort.Strings(amz)
	resource := r.URL.EscapedPath()
	if vhostBucket != "" {
		resource = "/" + vhostBucket + resource
	}
	var subs []string
	for k, v := range q {
		if s3V2SubResources[k] {
			if v[0] == "" {
				subs = append(subs, k)
			} else {
				subs = append(subs, k+"="+v[0])
			}
		}
	}
	sort.Strings(subs)
	if len(subs) > 0 {
		resource += "?" + strings.Join(subs, "&")
	}
	var sts strings.Builder
	sts.WriteString(r.Method + "\n" + r.Header.Get("Content-MD5") + "\n" + r.Header.Get("Content-Type") + "\n" + q.Get("Expires") + "\n")
	for _, h := range amz {
		sts.WriteString(h + "\n")
	}
	sts.WriteString(resource)
	mac := hmac.New(sha1.New, []byte(presignSecret))
	mac.Write([]byte(sts.String()))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(q.Get("Signature"))) {
		return errSignatureMismatch()
	}
	return nil
}
