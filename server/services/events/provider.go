// Package events is the Amazon EventBridge provider: event buses, rules with
// event patterns and schedules, targets (SQS, SNS), PutEvents, archives and
// replays, partner event sources, permissions and tags, kept in memory per
// account and region.
//
// One mutex guards a Service's resources; deliveries to targets run outside
// it, through the in-process sqs.Deliverer and sns.Publisher.
package events

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/kinesis"
	"github.com/setup-emulator/setup-emulator/server/services/sns"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env     awsapi.Env
	queues  sqs.Deliverer // nil: SQS targets are dropped
	topics  sns.Publisher // nil: SNS targets are dropped
	streams kinesis.Sink  // nil: Kinesis targets are dropped

	// after waits for a schedule's next firing (time.After; tests speed it up).
	after func(time.Duration) <-chan time.Time

	mu        sync.Mutex
	stores    map[storeKey]*store
	schedules map[string]chan struct{} // rule ARN -> closed to stop its scheduler
}

type storeKey struct{ account, region string }

// store holds one account's EventBridge resources in one region.
type store struct {
	account, region string
	buses           map[string]*bus // by name; "default" always present
	archives        map[string]*archive
	replays         map[string]*replay
	partnerSources  map[string]*partnerSource // by name
	connections     map[string]*connection    // by name; nil until used
	apiDestinations map[string]*apiDestination
	endpoints       map[string]*globalEndpoint // global endpoints, by name
}

var _ Provider = (*Service)(nil)

// New returns an EventBridge provider delivering to queues and topics
// (either may be nil).
func New(env awsapi.Env, queues sqs.Deliverer, topics sns.Publisher) *Service {
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Logger == nil {
		env.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{env: env, queues: queues, topics: topics, after: time.After,
		stores: map[storeKey]*store{}, schedules: map[string]chan struct{}{}}
}

// WithStreams makes Kinesis streams available as targets; it returns s.
// Call it before serving requests.
func (s *Service) WithStreams(k kinesis.Sink) *Service {
	s.streams = k
	return s
}

// scope returns the caller's account and region.
func scope(ctx context.Context) (string, string) {
	r := awsapi.RequestFrom(ctx)
	account, region := r.Account, r.Region
	if account == "" {
		account = awsapi.DefaultAccount
	}
	if region == "" {
		region = awsapi.DefaultRegion
	}
	return account, region
}

// storeLocked returns (creating, with its default bus) the resources of
// account in region. s.mu must be held.
func (s *Service) storeLocked(account, region string) *store {
	k := storeKey{account, region}
	st := s.stores[k]
	if st == nil {
		st = &store{account: account, region: region, buses: map[string]*bus{}, archives: map[string]*archive{},
			replays: map[string]*replay{}, partnerSources: map[string]*partnerSource{}}
		now := s.env.Now()
		st.buses[defaultBus] = newBus(st, defaultBus, now)
		s.stores[k] = st
	}
	return st
}

// storeFor locks s.mu and returns the caller's store; the caller unlocks.
func (s *Service) storeFor(ctx context.Context) *store {
	account, region := scope(ctx)
	s.mu.Lock()
	return s.storeLocked(account, region)
}

func (st *store) arn(resource string) string {
	return "arn:aws:events:" + st.region + ":" + st.account + ":" + resource
}

func ptr[T any](v T) *T { return &v }

// errNotFound is ResourceNotFoundException with AWS's message.
func errNotFound(format string, args ...any) error {
	return awsapi.NewError(400, "ResourceNotFoundException", format, args...)
}

// errExists is ResourceAlreadyExistsException with AWS's message.
func errExists(format string, args ...any) error {
	return awsapi.NewError(400, "ResourceAlreadyExistsException", format, args...)
}

// errValidation is the unmodelled ValidationException.
func errValidation(format string, args ...any) error {
	return awsapi.NewError(400, "ValidationException", format, args...)
}

// errPattern is InvalidEventPatternException.
func errPattern(reason string) error {
	return awsapi.NewError(400, "InvalidEventPatternException", "Event pattern is not valid. Reason: %s", reason)
}
