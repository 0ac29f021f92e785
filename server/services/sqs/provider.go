// Package sqs is the Amazon Simple Queue Service provider: standard and FIFO
// queues kept in memory per account and region.
//
// Each queue keeps its messages so that every operation costs O(1) or
// O(batch · log n) whatever the queue depth: ready messages sit in per-group
// lists (a standard queue has one group), invisible ones (delayed or in
// flight) in one min-heap ordered by the time they become visible, and in-flight
// messages are found by receipt handle through a map. Time-driven transitions
// are applied lazily at the start of each operation; long polls wait on a
// channel that is closed whenever a message becomes ready.
package sqs

import (
	"context"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env awsapi.Env

	mu        sync.Mutex
	stores    map[storeKey]*store
	moveTasks []*moveTask // StartMessageMoveTask's tasks, oldest first
}

type storeKey struct{ account, region string }

// store holds one account's queues in one region.
type store struct {
	mu      sync.RWMutex
	queues  map[string]*queue    // by queue name
	deleted map[string]time.Time // queue name -> when DeleteQueue removed it
}

var _ Provider = (*Service)(nil)

// New returns an SQS provider with no queues.
func New(env awsapi.Env) *Service {
	return &Service{env: env, stores: map[storeKey]*store{}}
}

// store returns (creating) the queues of account in region.
func (s *Service) store(account, region string) *store {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := storeKey{account, region}
	st := s.stores[k]
	if st == nil {
		st = &store{queues: map[string]*queue{}}
		s.stores[k] = st
	}
	return st
}

// lookup resolves a QueueUrl (any endpoint strategy's form) or bare queue name
// to its queue, or QueueDoesNotExist.
func (s *Service) lookup(ctx context.Context, queueURL *string) (*queue, error) {
	ref := parseQueueRef(awsapi.RequestFrom(ctx), deref(queueURL))
	st := s.store(ref.account, ref.region)
	st.mu.RLock()
	q := st.queues[ref.name]
	st.mu.RUnlock()
	if q == nil {
		return nil, errNoQueue()
	}
	return q, nil
}

func ptr[T any](v T) *T { return &v }

// valueOf returns *p, or the zero value for nil.
func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// errNoQueue is AWS's answer for an unknown queue; the query protocol renders
// it with code AWS.SimpleQueueService.NonExistentQueue.
func errNoQueue() error {
	return &QueueDoesNotExist{Message: ptr("The specified queue does not exist.")}
}

// errInvalidParameter is the unmodelled InvalidParameterValue client error.
func errInvalidParameter(format string, args ...any) error {
	return awsapi.NewError(400, "InvalidParameterValue", format, args...)
}

// errMissingParameter is the unmodelled MissingParameter client error.
func errMissingParameter(name string) error {
	return awsapi.NewError(400, "MissingParameter", "The request must contain the parameter %s.", name)
}
