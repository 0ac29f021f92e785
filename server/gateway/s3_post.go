package gateway

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
)

// Browser-based uploads: POST /{bucket} with multipart/form-data, as
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html and
// sigv4-HTTPPOSTConstructPolicy.html describe. The S3 model has no such
// operation, so the gateway turns the form into a PutObject (streaming the
// file field, never holding it) and answers as POST does: 204 by default,
// 200 or 201 (a PostResponse document) with success_action_status, 303
// with success_action_redirect. A policy's expiration and conditions are
// always checked; its signature only when S3_SKIP_SIGNATURE_VALIDATION=0.

// maxPostFields bounds the form fields before the file (AWS: 20 KB).
const maxPostFields = 20 << 10

// isS3PostObject reports whether r (path style) is a form upload to a bucket.
func isS3PostObject(r *http.Request) bool {
	if r.Method != http.MethodPost {
		return false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return false
	}
	p := strings.Trim(r.URL.Path, "/")
	return p != "" && !strings.Contains(p, "/")
}

func postError(status int, code, msg string) *awsapi.Error {
	return &awsapi.Error{Code: code, Message: msg, Status: status, Sender: status < 500}
}

// postForm is a form upload's fields (names lower-cased) and its file.
type postForm struct {
	fields   map[string]string
	file     *multipart.Part
	filename string
}

// readPostForm reads fields up to the file part.
func readPostForm(r *http.Request) (*postForm, *awsapi.Error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, postError(http.StatusBadRequest, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.")
	}
	f := &postForm{fields: map[string]string{}}
	total := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, postError(http.StatusBadRequest, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.")
		}
		name := strings.ToLower(p.FormName())
		if name == "file" {
			f.file, f.filename = p, p.FileName()
			return f, nil
		}
		v, err := io.ReadAll(io.LimitReader(p, maxPostFields+1))
		total += len(v)
		if err != nil || total > maxPostFields {
			return nil, postError(http.StatusBadRequest, "MaxPostPreDataLengthExceeded",
				"Your POST request fields preceeding the upload file was too large.")
		}
		f.fields[name] = string(v)
	}
	return nil, postError(http.StatusBadRequest, "InvalidArgument", "POST requires exactly one file upload per request.")
}

// postPolicy is a decoded policy document.
type postPolicy struct {
	Expiration string `json:"expiration"`
	Conditions []any  `json:"conditions"`
}

// checkPostPolicy verifies expiration and conditions; min/max are the
// content-length-range (max < 0: none).
func checkPostPolicy(f *postForm, bucketName string, now time.Time) (minLen, maxLen int64, e *awsapi.Error) {
	maxLen = -1
	raw, ok := f.fields["policy"]
	if !ok {
		return 0, -1, nil
	}
	doc, err := base64.StdEncoding.DecodeString(raw)
	var p postPolicy
	if err != nil || json.Unmarshal(doc, &p) != nil {
		return 0, -1, postError(http.StatusBadRequest, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.")
	}
	exp, err := time.Parse(time.RFC3339, p.Expiration)
	if err != nil {
		return 0, -1, postError(http.StatusBadRequest, "InvalidPolicyDocument", "Invalid Policy: Invalid 'expiration' value: '"+p.Expiration+"'")
	}
	if now.After(exp) {
		return 0, -1, postError(http.StatusForbidden, "AccessDenied", "Invalid according to Policy: Policy expired.")
	}
	value := func(field string) string {
		field = strings.ToLower(strings.TrimPrefix(field, "$"))
		if field == "bucket" {
			return bucketName
		}
		return f.fields[field]
	}
	failed := func(c any) *awsapi.Error {
		b, _ := json.Marshal(c)
		return postError(http.StatusForbidden, "AccessDenied", "Invalid according to Policy: Policy Condition failed: "+string(b))
	}
	for _, c := range p.Conditions {
		switch c := c.(type) {
		case map[string]any:
			for k, v := range c {
				if s, _ := v.(string); value(k) != s {
					return 0, -1, failed(c)
				}
			}
		case []any:
			if len(c) != 3 {
				return 0, -1, postError(http.StatusBadRequest, "InvalidPolicyDocument", "Invalid Policy: Invalid Condition: wrong number of arguments.")
			}
			op, _ := c[0].(string)
			switch strings.ToLower(op) {
			case "eq":
				f, _ := c[1].(string)
				v, _ := c[2].(string)
				if value(f) != v {
					return 0, -1, failed(c)
				}
			case "starts-with":
				f, _ := c[1].(string)
				v, _ := c[2].(string)
				if !strings.HasPrefix(value(f), v) {
					return 0, -1, failed(c)
				}
			case "content-length-range":
				lo, ok1 := c[1].(float64)
				hi, ok2 := c[2].(float64)
				if !ok1 || !ok2 {
					return 0, -1, postError(http.StatusBadRequest, "InvalidPolicyDocument", "Invalid Policy: Invalid content-length-range.")
				}
				minLen, maxLen = int64(lo), int64(hi)
			default:
				return 0, -1, postError(http.StatusBadRequest, "InvalidPolicyDocument", "Invalid Policy: Invalid Condition: unknown operation "+op+".")
			}
		}
	}
	return minLen, maxLen, nil
}

// checkPostSignature verifies the policy's SigV2 (signature) or SigV4
// (x-amz-signature) signature with the secret "test".
func checkPostSignature(f *postForm) *awsapi.Error {
	policy := f.fields["policy"]
	if policy == "" {
		return nil
	}
	mismatch := postError(http.StatusForbidden, "SignatureDoesNotMatch",
		"The request signature we calculated does not match the signature you provided. Check your key and signing method.")
	if sig := f.fields["x-amz-signature"]; sig != "" {
		scope := strings.Split(f.fields["x-amz-credential"], "/")
		if len(scope) != 5 {
			return postError(http.StatusBadRequest, "InvalidArgument", "Invalid argument: x-amz-credential")
		}
		key := []byte("AWS4" + presignSecret)
		for _, part := range []string{scope[1], scope[2], scope[3], "aws4_request"} {
			key = hmacSHA256(key, part)
		}
		if !hmac.Equal([]byte(hex.EncodeToString(hmacSHA256(key, policy))), []byte(sig)) {
			return mismatch
		}
		return nil
	}
	mac := hmac.New(sha1.New, []byte(presignSecret))
	mac.Write([]byte(policy))
	if !hmac.Equal([]byte(base64.StdEncoding.EncodeToString(mac.Sum(nil))), []byte(f.fields["signature"])) {
		return mismatch
	}
	return nil
}

func hmacSHA256(key []byte, s string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

// lengthChecked enforces a content-length-range while streaming.
type lengthChecked struct {
	r        io.Reader
	n        int64
	min, max int64
}

func (l *lengthChecked) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.max >= 0 && l.n > l.max {
		return n, postError(http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
	}
	if err == io.EOF && l.n < l.min {
		return n, postError(http.StatusBadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
	}
	return n, err
}

// postHeaders maps form fields onto PutObject's headers.
var postHeaders = map[string]string{
	"content-type": "Content-Type", "cache-control": "Cache-Control", "content-disposition": "Content-Disposition",
	"content-encoding": "Content-Encoding", "expires": "Expires", "acl": "X-Amz-Acl",
}

// postResponseWriter holds back a successful PutObject answer so that the
// POST can answer in its own way; errors pass through.
type postResponseWriter struct {
	w      http.ResponseWriter
	status int
	held   bool
}

func (p *postResponseWriter) Header() http.Header { return p.w.Header() }

func (p *postResponseWriter) WriteHeader(code int) {
	if p.status != 0 {
		return
	}
	p.status = code
	if code == http.StatusOK {
		p.held = true
		return
	}
	p.w.WriteHeader(code)
}

func (p *postResponseWriter) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.WriteHeader(http.StatusOK)
	}
	if p.held {
		return len(b), nil
	}
	return p.w.Write(b)
}

// postResponse is the 201 document (RESTObjectPOST.html, "Responses").
type postResponse struct {
	XMLName  xml.Name `xml:"PostResponse"`
	Location string   `xml:"Location"`
	Bucket   string   `xml:"Bucket"`
	Key      string   `xml:"Key"`
	ETag     string   `xml:"ETag"`
}

// serveS3PostObject answers a form upload; false when r is not one.
// r is path style (after movePathBucket).
func (g *Gateway) serveS3PostObject(w http.ResponseWriter, r *http.Request, info *model.Info, req *awsapi.Request) bool {
	if !isS3PostObject(r) {
		return false
	}
	bucketName := strings.Trim(r.URL.Path, "/")
	fail := func(e *awsapi.Error) bool {
		writeS3Error(w, e, r.URL.Path, req.ID)
		return true
	}
	f, e := readPostForm(r)
	if e != nil {
		return fail(e)
	}
	key, ok := f.fields["key"]
	if !ok || key == "" {
		return fail(postError(http.StatusBadRequest, "InvalidArgument",
			"Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields."))
	}
	key = strings.ReplaceAll(key, "${filename}", f.filename)
	minLen, maxLen, e := checkPostPolicy(f, bucketName, g.cfg.Env.Now())
	if e != nil {
		return fail(e)
	}
	if g.verifyPresign {
		if e := checkPostSignature(f); e != nil {
			return fail(e)
		}
	}

	put := r.Clone(r.Context())
	put.Method = http.MethodPut
	put.URL = &url.URL{Path: "/" + bucketName + "/" + key}
	put.Header = http.Header{}
	for name, v := range f.fields {
		if h, ok := postHeaders[name]; ok {
			put.Header.Set(h, v)
		} else if strings.HasPrefix(name, "x-amz-meta-") || name == "x-amz-storage-class" || name == "x-amz-website-redirect-location" ||
			name == "x-amz-server-side-encryption" || strings.HasPrefix(name, "x-amz-checksum-") {
			put.Header.Set(name, v)
		}
	}
	if auth := r.Header.Get("Authorization"); auth != "" {
		put.Header.Set("Authorization", auth)
	}
	put.Body = io.NopCloser(&lengthChecked{r: f.file, min: minLen, max: maxLen})
	put.ContentLength = -1
	put.TransferEncoding = []string{"chunked"}

	pw := &postResponseWriter{w: w}
	g.serveAWS(pw, put, info, req)
	if !pw.held {
		return true
	}
	etag := w.Header().Get("ETag")
	location := strings.TrimSuffix(g.cfg.BaseURL, "/") + "/" + bucketName + "/" + url.PathEscape(key)
	w.Header().Set("Location", location)
	if redirect := f.fields["success_action_redirect"]; redirect != "" {
		if u, err := url.Parse(redirect); err == nil {
			q := u.Query()
			q.Set("bucket", bucketName)
			q.Set("key", key)
			q.Set("etag", etag)
			u.RawQuery = q.Encode()
			w.Header().Set("Location", u.String())
			w.WriteHeader(http.StatusSeeOther)
			return true
		}
	}
	switch f.fields["success_action_status"] {
	case "200":
		w.WriteHeader(http.StatusOK)
	case "201":
		body, _ := xml.Marshal(postResponse{Location: location, Bucket: bucketName, Key: key, ETag: etag})
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Content-Length", strconv.Itoa(len(xml.Header)+len(body)))
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, xml.Header)
		w.Write(body)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
	return true
}

// writeS3Error writes an S3 <Error> document for the errors the gateway
// answers itself (form uploads, presigned URLs, bucket CORS).
func writeS3Error(w http.ResponseWriter, e *awsapi.Error, resource, requestID string) {
	type errorDoc struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string   `xml:"Code"`
		Message   string   `xml:"Message"`
		Resource  string   `xml:"Resource"`
		RequestID string   `xml:"RequestId"`
	}
	body, _ := xml.Marshal(errorDoc{Code: e.Code, Message: e.Message, Resource: resource, RequestID: requestID})
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", fmt.Sprint(len(xml.Header)+len(body)))
	w.WriteHeader(e.Status)
	io.WriteString(w, xml.Header)
	w.Write(body)
}
