package sns

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// testNow is the fixed clock of the unit tests.
var testNow = time.Date(2026, 1, 2, 3, 4, 5, 678_000_000, time.UTC)

// queued is one DeliverToQueue call the fake SQS received.
type queued struct {
	queueARN, body   string
	attrs            map[string]sqs.MessageAttributeValue
	groupID, dedupID string
}

// fakeQueues records deliveries instead of sending them.
type fakeQueues struct {
	mu   sync.Mutex
	sent []queued
}

func (f *fakeQueues) DeliverToQueue(_ context.Context, queueARN, body string, attrs map[string]sqs.MessageAttributeValue, groupID, dedupID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, queued{queueARN, body, attrs, groupID, dedupID})
	return nil
}

func (f *fakeQueues) to(arn string) []queued {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []queued
	for _, q := range f.sent {
		if q.queueARN == arn {
			out = append(out, q)
		}
	}
	return out
}

// newTestService returns a provider with a fixed clock, sequential ids and a
// fake SQS.
func newTestService(t *testing.T) (*Service, *fakeQueues) {
	t.Helper()
	var mu sync.Mutex
	n := 0
	env := awsapi.Env{
		Now: func() time.Time { return testNow },
		NewID: func() string {
			mu.Lock()
			defer mu.Unlock()
			n++
			return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		},
	}
	q := &fakeQueues{}
	return New(env, q), q
}

func bg() context.Context { return context.Background() }

// mustTopic creates a topic and returns its ARN.
func mustTopic(t *testing.T, s *Service, name string, attrs map[string]string) string {
	t.Helper()
	out, err := s.CreateTopic(bg(), &CreateTopicInput{Name: ptr(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("CreateTopic %s: %v", name, err)
	}
	return *out.TopicArn
}

// mustSubscribe subscribes endpoint and returns the subscription ARN.
func mustSubscribe(t *testing.T, s *Service, topicArn, protocol, endpoint string, attrs map[string]string) string {
	t.Helper()
	out, err := s.Subscribe(bg(), &SubscribeInput{TopicArn: ptr(topicArn), Protocol: ptr(protocol), Endpoint: ptr(endpoint),
		Attributes: attrs, ReturnSubscriptionArn: ptr(true)})
	if err != nil {
		t.Fatalf("Subscribe %s %s: %v", protocol, endpoint, err)
	}
	return *out.SubscriptionArn
}

// wantErr checks err is an AWS error with code and message.
func wantErr(t *testing.T, err error, code, message string) {
	t.Helper()
	var ae awsapi.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want %s %q, got %v", code, message, err)
	}
	if ae.ErrorCode() != code || (message != "" && ae.ErrorMessage() != message) {
		t.Errorf("got %s %q, want %s %q", ae.ErrorCode(), ae.ErrorMessage(), code, message)
	}
}
