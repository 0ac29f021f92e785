package sqs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newTestService returns a provider with a fixed clock, sequential UUIDs and
// the given environment variables.
func newTestService(t testing.TB, env map[string]string) (*Service, *clock) {
	t.Helper()
	c := &clock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	var mu sync.Mutex
	n := 0
	return New(awsapi.Env{
		Now: c.Now,
		NewID: func() string {
			mu.Lock()
			defer mu.Unlock()
			n++
			return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		},
		Getenv: func(k string) string { return env[k] },
	}), c
}

func reqCtx(account, region string) context.Context {
	return awsapi.WithRequest(context.Background(), &awsapi.Request{
		Account: account, Region: region, Host: "localhost:4566",
		BaseURL: "http://localhost.localstack.cloud:4566", Scheme: "http",
	})
}

var ctx = reqCtx("000000000000", "us-east-1")

func mustCreate(t *testing.T, s *Service, name string, attrs map[string]string) string {
	t.Helper()
	out, err := s.CreateQueue(ctx, &CreateQueueRequest{QueueName: ptr(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("CreateQueue %s: %v", name, err)
	}
	return *out.QueueUrl
}

// wantCode asserts err is an AWS error with the given shape name (modelled
// errors) or code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var api awsapi.APIError
	if !errors.As(err, &api) {
		t.Fatalf("error %v (%T) is not an APIError, want %s", err, err, code)
	}
	if awsapi.ShapeName(api) != code {
		t.Fatalf("code %s (%s), want %s", awsapi.ShapeName(api), api.ErrorMessage(), code)
	}
}
