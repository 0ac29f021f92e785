package events

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

// sink records what the service delivers to queues and topics.
type sink struct {
	mu     sync.Mutex
	queue  []sent
	topic  []sent
	signal chan struct{}
}

type sent struct{ arn, body, group, dedup string }

func newSink() *sink { return &sink{signal: make(chan struct{}, 1000)} }

func (k *sink) DeliverToQueue(_ context.Context, arn, body string, _ map[string]sqs.MessageAttributeValue, group, dedup string) error {
	k.mu.Lock()
	k.queue = append(k.queue, sent{arn, body, group, dedup})
	k.mu.Unlock()
	k.signal <- struct{}{}
	return nil
}

func (k *sink) PublishToTopic(_ context.Context, arn, body, group, dedup string) (string, error) {
	k.mu.Lock()
	k.topic = append(k.topic, sent{arn, body, group, dedup})
	k.mu.Unlock()
	k.signal <- struct{}{}
	return "id", nil
}

func (k *sink) queued() []sent {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]sent(nil), k.queue...)
}

var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newTestService(t testing.TB) (*Service, *sink) {
	t.Helper()
	k := newSink()
	var mu sync.Mutex
	n := 0
	s := New(awsapi.Env{
		Now: func() time.Time { return testNow },
		NewID: func() string {
			mu.Lock()
			defer mu.Unlock()
			n++
			return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		},
	}, k, k)
	t.Cleanup(func() { s.ResetState(context.Background()) })
	return s, k
}

var ctx = awsapi.WithRequest(context.Background(), &awsapi.Request{Account: "000000000000", Region: "us-east-1"})

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
