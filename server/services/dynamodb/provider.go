// Package dynamodb is the Amazon DynamoDB provider: tables and items kept in
// memory per account and region.
//
// A table keeps its items by partition key; within a partition items are held
// sorted by sort key (numbers compared as exact decimals, strings and binary
// by bytes), so GetItem, PutItem and DeleteItem cost O(log n) and Query
// O(log n + results). Secondary indexes keep their own sorted partitions
// (ixstore.go), built on the first index Query and then maintained by every
// write, so index queries cost O(log n + results) too.
//
// Also here: streams (stream.go, read by the dynamodbstreams provider
// through Streams and StreamRecords), TTL expiry (ttl.go), backups and
// Kinesis destinations (backup.go), capacity arithmetic (capacity.go),
// legacy conditional parameters (legacy.go) and PartiQL (partiql*.go).
//
// Recorded only, applied at once (pitr.go, insights.go, policy.go,
// global.go, export.go): RestoreTableToPointInTime restores the source's
// current items (no history is kept); Contributor Insights settings,
// resource-based policies and replicas (UpdateTable ReplicaUpdates and the
// 2017.11.29 global table API) are stored and described, but nothing is
// replicated to another region and no CloudWatch rule exists. Exports and
// imports are recorded as COMPLETED with AWS's ARNs and members, but move
// no data: writing to or reading from S3 needs an interface the S3
// provider does not export yet, so an export writes no objects and an
// import creates its table empty.
package dynamodb

import (
	"context"
	"sync"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Service implements Provider. Operations it does not override answer 501.
type Service struct {
	Unimplemented
	env awsapi.Env

	mu     sync.Mutex
	stores map[storeKey]*store
}

var _ Provider = (*Service)(nil)

type storeKey struct{ account, region string }

// store holds one account's tables in one region.
type store struct {
	mu       sync.RWMutex
	tables   map[string]*table
	streams  []*streamLog       // every stream ever enabled, oldest first
	backups  []*backup          // on-demand backups, oldest first
	txTokens map[string]txToken // TransactWriteItems ClientRequestToken, 10 minutes

	policies     map[string]resourcePolicy // by table or stream ARN (policy.go)
	globalTables []*GlobalTableDescription // 2017.11.29 global tables (global.go)
	exports      []*ExportDescription      // oldest first (export.go)
	imports      []*ImportTableDescription // oldest first (export.go)
}

// New returns a DynamoDB provider with no tables.
func New(env awsapi.Env) *Service {
	return &Service{env: env, stores: map[storeKey]*store{}}
}

func (s *Service) store(ctx context.Context) *store {
	r := awsapi.RequestFrom(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	k := storeKey{r.Account, r.Region}
	st := s.stores[k]
	if st == nil {
		st = &store{tables: map[string]*table{}}
		s.stores[k] = st
	}
	return st
}

// table returns the named table or DynamoDB's ResourceNotFoundException
// ("Requested resource not found", as the data-plane operations say it).
func (s *Service) table(ctx context.Context, name *string) (*table, error) {
	st := s.store(ctx)
	st.mu.RLock()
	t := st.tables[deref(name)]
	st.mu.RUnlock()
	if t == nil {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found")}
	}
	t.expire(s.env.Now())
	return t, nil
}

// requestRegion is the region of the request in ctx.
func requestRegion(ctx context.Context) string { return awsapi.RequestFrom(ctx).Region }

func ptr[T any](v T) *T { return &v }

// validation is DynamoDB's ValidationException.
func validation(format string, args ...any) error {
	return awsapi.ValidationError(format, args...)
}
