package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// testNow is the fixed clock of every test service.
var testNow = time.Date(2026, 11, 29, 12, 30, 45, 678_000_000, time.UTC)

func newTestService(t testing.TB) *Service {
	t.Helper()
	var n atomic.Int64
	return New(awsapi.Env{
		Now:   func() time.Time { return testNow },
		NewID: func() string { return fmt.Sprintf("id-%d", n.Add(1)) },
	})
}

// ctxIn is a request context for account 000000000000 in region.
func ctxIn(region string) context.Context {
	return awsapi.WithRequest(context.Background(), &awsapi.Request{
		ID: "req-1", Account: awsapi.DefaultAccount, Region: region,
		BaseURL: "http://localhost.localstack.cloud:4566",
	})
}

func ctxAccount(account string) context.Context {
	return awsapi.WithRequest(context.Background(), &awsapi.Request{
		Account: account, Region: usEast1, BaseURL: "http://localhost.localstack.cloud:4566",
	})
}

// wantError checks err is an AWS error with code, status and fields.
func wantError(t *testing.T, err error, code string, status int, fields map[string]string) {
	t.Helper()
	var ae awsapi.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v, want AWS error %s", err, code)
	}
	if ae.ErrorCode() != code || ae.HTTPStatusCode() != status {
		t.Fatalf("error = %s (%d), want %s (%d)", ae.ErrorCode(), ae.HTTPStatusCode(), code, status)
	}
	if ae.ErrorMessage() == "" {
		t.Errorf("%s has no message", code)
	}
	var e *awsapi.Error
	if errors.As(err, &e) {
		for k, v := range fields {
			if e.Fields[k] != v {
				t.Errorf("%s field %s = %q, want %q", code, k, e.Fields[k], v)
			}
		}
	}
}

func mustCreateBucket(t *testing.T, s *Service, ctx context.Context, name string) {
	t.Helper()
	if _, err := s.CreateBucket(ctx, &CreateBucketRequest{Bucket: ptr(name)}); err != nil {
		t.Fatalf("CreateBucket(%s): %v", name, err)
	}
}

func mustPut(t *testing.T, s *Service, ctx context.Context, bucket, key, body string) *PutObjectOutput {
	t.Helper()
	out, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr(bucket), Key: ptr(key), Body: strings.NewReader(body)})
	if err != nil {
		t.Fatalf("PutObject(%s/%s): %v", bucket, key, err)
	}
	return out
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	if r == nil {
		t.Fatal("nil body")
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := r.(io.Closer); ok {
		c.Close()
	}
	return string(b)
}
