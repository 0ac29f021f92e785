// Package kinesis is the Amazon Kinesis Data Streams provider: provisioned
// and on-demand streams whose shards own real 128-bit hash-key ranges,
// records ordered per shard with increasing sequence numbers, every shard
// iterator type, resharding (SplitShard, MergeShards, UpdateShardCount) with
// parent and child shards, enhanced fan-out consumers (recorded), retention,
// encryption settings, tags and resource policies, kept in memory per
// account and region.
//
// Differences from AWS: streams, consumers and reshards become ACTIVE at
// once (AWS passes through CREATING/UPDATING); SubscribeToShard (HTTP/2
// event stream) is not served; throughput limits are not enforced.
package kinesis

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env awsapi.Env

	mu     sync.Mutex
	stores map[storeKey]*store
}

type storeKey struct{ account, region string }

// store is one account's streams in one region; one mutex guards it all.
type store struct {
	mu   sync.Mutex
	data storeData
}

// storeData is the snapshot form of a store too (state.go).
type storeData struct {
	Streams  map[string]*stream `json:"streams"`            // by name
	Policies map[string]string  `json:"policies,omitempty"` // resource policy by stream or consumer ARN
	// BillingCommitment is UpdateAccountSettings' recorded status.
	BillingCommitment string    `json:"billing_commitment,omitempty"`
	BillingStarted    time.Time `json:"billing_started,omitzero"`
}

var _ Provider = (*Service)(nil)

// New returns a Kinesis provider with no streams.
func New(env awsapi.Env) *Service {
	return &Service{env: env, stores: map[storeKey]*store{}}
}

func (s *Service) store(account, region string) *store {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := storeKey{account, region}
	st := s.stores[k]
	if st == nil {
		st = &store{data: storeData{Streams: map[string]*stream{}, Policies: map[string]string{}}}
		s.stores[k] = st
	}
	return st
}

// scope is the account and region of the request in ctx.
func scope(ctx context.Context) (string, string) {
	r := awsapi.RequestFrom(ctx)
	return r.Account, r.Region
}

func ptr[T any](v T) *T { return &v }

func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func streamARN(region, account, name string) string {
	return fmt.Sprintf("arn:aws:kinesis:%s:%s:stream/%s", region, account, name)
}

// parseStreamARN splits arn:aws:kinesis:<region>:<account>:stream/<name>
// (optionally followed by /consumer/...).
func parseStreamARN(arn string) (region, account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kinesis" || !strings.HasPrefix(parts[5], "stream/") {
		return "", "", "", false
	}
	name, _, _ = strings.Cut(strings.TrimPrefix(parts[5], "stream/"), "/")
	return parts[3], parts[4], name, name != ""
}

func errNotFound(format string, args ...any) error {
	return &ResourceNotFoundException{Message: ptr(fmt.Sprintf(format, args...))}
}

func errInvalid(format string, args ...any) error {
	return &InvalidArgumentException{Message: ptr(fmt.Sprintf(format, args...))}
}

func errInUse(format string, args ...any) error {
	return &ResourceInUseException{Message: ptr(fmt.Sprintf(format, args...))}
}

func errLimit(format string, args ...any) error {
	return &LimitExceededException{Message: ptr(fmt.Sprintf(format, args...))}
}

func streamNotFound(name, account string) error {
	// AWS's message: "Stream <name> under account <account> not found."
	return errNotFound("Stream %s under account %s not found.", name, account)
}

// locate resolves a stream named by StreamName or StreamARN (the ARN's
// account and region win) and returns its store, locked; the caller unlocks.
// Neither given is AWS's ValidationException.
func (s *Service) locate(ctx context.Context, name, arn *string) (*store, *stream, error) {
	account, region := scope(ctx)
	n := valueOf(name)
	if arn != nil {
		r, a, nm, ok := parseStreamARN(*arn)
		if !ok {
			return nil, nil, errInvalid("Invalid StreamARN %s.", *arn)
		}
		if n != "" && n != nm {
			return nil, nil, errInvalid("StreamName %s and StreamARN %s do not name the same stream.", n, *arn)
		}
		region, account, n = r, a, nm
	}
	if n == "" {
		return nil, nil, &ValidationException{Message: ptr("Either StreamName or StreamARN should be provided.")}
	}
	st := s.store(account, region)
	st.mu.Lock()
	str := st.data.Streams[n]
	if str == nil {
		st.mu.Unlock()
		return nil, nil, streamNotFound(n, account)
	}
	return st, str, nil
}

// awsEmpty is the output of operations the model gives none.
type awsEmpty = awsapi.Empty
