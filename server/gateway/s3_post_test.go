package gateway

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/restxml"
	"github.com/setup-emulator/setup-emulator/server/services/s3"
)

func s3Gateway(t *testing.T, getenv func(string) string) (*Gateway, *s3.Service) {
	t.Helper()
	svc := s3.New(awsapi.Env{Now: time.Now})
	g := New(Config{Registry: model.NewRegistry(), Codecs: map[string]protocol.Codec{"rest-xml": restxml.New()},
		Providers: map[string]Provider{"s3": func(awsapi.Env) map[string]awsapi.Handler { return s3.Operations(svc) }},
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: "http://localhost:4566",
		Env: awsapi.Env{NewID: func() string { return "req-1" }, Now: time.Now, Getenv: getenv}})
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: awsapi.DefaultAccount, Region: "us-east-1"})
	if _, err := svc.CreateBucket(ctx, &s3.CreateBucketRequest{Bucket: ptrTo("bkt")}); err != nil {
		t.Fatal(err)
	}
	return g, svc
}

func ptrTo(s string) *string { return &s }

// postForm builds a form upload with fields in order, then the file.
func postFormRequest(t *testing.T, fields [][2]string, filename, body string) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		mw.WriteField(f[0], f[1])
	}
	fw, _ := mw.CreateFormFile("file", filename)
	io.WriteString(fw, body)
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, "http://localhost:4566/bkt", &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}

func signedPolicy(t *testing.T, conditions []any, expires time.Time) (policy, signature string) {
	doc, _ := json.Marshal(map[string]any{"expiration": expires.UTC().Format("2006-01-02T15:04:05Z"), "conditions": conditions})
	policy = base64.StdEncoding.EncodeToString(doc)
	mac := hmac.New(sha1.New, []byte("test"))
	mac.Write([]byte(policy))
	return policy, base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func servePost(g *Gateway, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	g.serveS3PostObject(w, r, g.detect(r, parseCredential(r)).info, &awsapi.Request{ID: "req-1", Account: awsapi.DefaultAccount, Region: "us-east-1"})
	return w
}

// Source: RESTObjectPOST.html (success_action_status 201 PostResponse,
// default 204, ${filename}) and sigv4-HTTPPOSTConstructPolicy.html
// (conditions: exact match, starts-with, content-length-range; an expired
// policy is AccessDenied).
func TestS3PostObject(t *testing.T) {
	g, svc := s3Gateway(t, func(k string) string {
		if k == "S3_SKIP_SIGNATURE_VALIDATION" {
			return "0"
		}
		return ""
	})
	policy, sig := signedPolicy(t, []any{map[string]any{"bucket": "bkt"}, []any{"starts-with", "$key", "up/"},
		[]any{"content-length-range", 1, 10}}, time.Now().Add(time.Hour))
	fields := [][2]string{{"key", "up/${filename}"}, {"Content-Type", "text/plain"}, {"x-amz-meta-who", "me"},
		{"AWSAccessKeyId", "test"}, {"policy", policy}, {"signature", sig}, {"success_action_status", "201"}}
	w := servePost(g, postFormRequest(t, fields, "a b.txt", "hello"))
	if w.Code != http.StatusCreated || !strings.Contains(w.Body.String(), "<Key>up/a b.txt</Key>") {
		t.Fatalf("201 upload: %d %s", w.Code, w.Body)
	}
	out, err := svc.GetObject(awsapi.WithRequest(context.Background(), &awsapi.Request{Account: awsapi.DefaultAccount, Region: "us-east-1"}),
		&s3.GetObjectRequest{Bucket: ptrTo("bkt"), Key: ptrTo("up/a b.txt")})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(out.Body)
	if string(b) != "hello" || *out.ContentType != "text/plain" || out.Metadata["who"] != "me" {
		t.Errorf("stored %q %v %v", b, *out.ContentType, out.Metadata)
	}

	cases := []struct {
		name   string
		fields [][2]string
		body   string
		status int
		code   string
	}{
		{"default 204", fields[:6], "x", http.StatusNoContent, ""},
		{"too large", fields, "01234567890", http.StatusBadRequest, "EntityTooLarge"},
		{"key outside prefix", append([][2]string{{"key", "other"}}, fields[1:]...), "x", http.StatusForbidden, "AccessDenied"},
		{"bad signature", append(append([][2]string{}, fields[:5]...), [2]string{"signature", "AAAA"}), "x", http.StatusForbidden, "SignatureDoesNotMatch"},
		{"no key", fields[1:], "x", http.StatusBadRequest, "InvalidArgument"},
	}
	for _, c := range cases {
		w := servePost(g, postFormRequest(t, c.fields, "f.txt", c.body))
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.code) {
			t.Errorf("%s: %d %s", c.name, w.Code, w.Body)
		}
	}
	expired, esig := signedPolicy(t, []any{}, time.Now().Add(-time.Minute))
	w = servePost(g, postFormRequest(t, [][2]string{{"key", "k"}, {"policy", expired}, {"signature", esig}}, "f", "x"))
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "Policy expired") {
		t.Errorf("expired policy: %d %s", w.Code, w.Body)
	}
	// Not a form upload: left to the normal path.
	if g.serveS3PostObject(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/bkt?delete", nil), nil, nil) {
		t.Error("POST ?delete taken as a form upload")
	}
}
