// Package logs is the Amazon CloudWatch Logs provider: log groups (retention,
// KMS key, class, tags by both APIs), log streams, PutLogEvents with AWS's
// batch rules, GetLogEvents with f/ and b/ tokens, FilterLogEvents with the
// filter pattern syntax, metric filters that emit into CloudWatch,
// subscription filters that deliver to Kinesis, and Logs Insights queries
// (fields, filter, sort, limit, stats ... by, display) run at StartQuery,
// kept in memory per account and region.
//
// Differences from AWS: Insights queries complete at once; subscription
// deliveries to Lambda and Firehose are recorded, not made; retention is
// applied when events are read.
package logs

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// StreamSink delivers subscription-filter payloads to a Kinesis stream
// (kinesis.Service implements it).
type StreamSink interface {
	PutToStream(ctx context.Context, streamARN, partitionKey string, data []byte) error
}

// MetricSink receives metric-filter values (cloudwatch.Service implements it).
type MetricSink interface {
	EmitMetric(ctx context.Context, namespace, name string, dims map[string]string, value float64, unit string, at time.Time) error
}

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env     awsapi.Env
	streams StreamSink // nil: subscriptions to Kinesis fail their test message
	metrics MetricSink // nil: metric filters emit nothing

	mu     sync.Mutex
	stores map[storeKey]*store
}

type storeKey struct{ account, region string }

type store struct {
	mu   sync.Mutex
	data storeData
}

// storeData is the snapshot form of a store too (state.go).
type storeData struct {
	Groups          map[string]*group          `json:"groups"`
	Queries         map[string]*query          `json:"queries,omitempty"`
	Defs            map[string]*queryDef       `json:"query_definitions,omitempty"`
	Policies        map[string]*resourcePolicy `json:"resource_policies,omitempty"`
	Destinations    map[string]*destination    `json:"destinations,omitempty"`
	AccountPolicies map[string]*accountPolicy  `json:"account_policies,omitempty"`
	Deliveries      deliveryState              `json:"deliveries"`
}

var _ Provider = (*Service)(nil)

// New returns a Logs provider with no log groups; streams and metrics (both
// may be nil) receive subscription deliveries and metric-filter values.
func New(env awsapi.Env, streams StreamSink, metrics MetricSink) *Service {
	return &Service{env: env, streams: streams, metrics: metrics, stores: map[storeKey]*store{}}
}

func newStoreData() storeData {
	return storeData{Groups: map[string]*group{}, Queries: map[string]*query{}, Defs: map[string]*queryDef{},
		Policies: map[string]*resourcePolicy{}, Destinations: map[string]*destination{}, AccountPolicies: map[string]*accountPolicy{}}
}

func (s *Service) store(account, region string) *store {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := storeKey{account, region}
	st := s.stores[k]
	if st == nil {
		st = &store{data: newStoreData()}
		s.stores[k] = st
	}
	return st
}

// locked returns the request's store, locked; the caller unlocks.
func (s *Service) locked(ctx context.Context) (*store, *awsapi.Request) {
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	return st, r
}

func ptr[T any](v T) *T { return &v }

func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// The Logs model's errors carry no message member, so they are rendered from
// awsapi.Error with the modelled code.
func logsError(code, format string, args ...any) error {
	return awsapi.NewError(http.StatusBadRequest, code, format, args...)
}

func invalidParameter(format string, args ...any) error {
	return logsError("InvalidParameterException", format, args...)
}

func notFound(format string, args ...any) error {
	return logsError("ResourceNotFoundException", format, args...)
}

func alreadyExists(format string, args ...any) error {
	return logsError("ResourceAlreadyExistsException", format, args...)
}

func limitExceeded(format string, args ...any) error {
	return logsError("LimitExceededException", format, args...)
}

func groupARN(region, account, name string) string {
	return fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", region, account, name)
}

// awsEmpty is the output of operations the model gives none.
type awsEmpty = awsapi.Empty
