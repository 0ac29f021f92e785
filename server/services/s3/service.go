// Package s3 is the Amazon S3 provider: buckets and objects per account,
// keys listed in binary order from a sorted index (index.go), bodies
// streamed through a BodyStore (bodystore.go; on disk with persistence),
// never held whole by the provider.
//
// Implemented (110 of the model's 111 operations): buckets (create, head,
// delete, list, location), every bucket configuration (versioning,
// tagging, policy and policy status, ACL, CORS, lifecycle, encryption,
// ownership controls, public access block, website, notification, object
// lock, accelerate, request payment, logging, replication, ABAC, the
// analytics/metrics/inventory/Intelligent-Tiering configurations by Id,
// and the S3 Metadata configurations, recorded: metadata.go), objects
// (put, get, head, delete, copy, DeleteObjects, tagging, ACL, retention,
// legal hold, GetObjectAttributes, RestoreObject, GetObjectTorrent:
// torrent.go, UpdateObjectEncryption), S3 Select (SelectObjectContent over CSV and JSON, answered
// as an event stream: select.go, select_sql.go, select_eval.go), listings
// (ListObjects, ListObjectsV2, ListObjectVersions, ListMultipartUploads,
// ListParts), multipart uploads (create, upload part, upload part copy,
// complete, abort) and event notifications to SQS (sqs.Deliverer), SNS
// (sns.Publisher) and EventBridge (EventBus). MatchCORS serves bucket CORS
// rules to the gateway. The deprecated GetBucketLifecycle/PutBucketLifecycle
// and GetBucketNotification/PutBucketNotification convert to and from the
// current configurations (deprecated.go). There are no directory buckets
// (directory.go): ListDirectoryBuckets lists none, CreateSession answers
// NoSuchBucket and RenameObject InvalidRequest. WriteGetObjectResponse
// (S3 Object Lambda) answers 501 through Unimplemented, as does S3
// Select's Parquet input.
//
// GetObject's Body is an io.ReadCloser: whoever writes it out closes it.
//
// Where it differs from AWS (as LocalStack does): bucket names are unique
// per account, not globally; every account has the same canonical owner;
// ACLs, policies, public access blocks and lifecycle rules are stored and
// returned but not enforced; XXHASH checksums are not computed
// (InvalidRequest); a multipart object's checksum is the full-object one.
package s3

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/sns"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// Service implements the S3 Provider. Operations it does not implement
// answer 501 through Unimplemented. It is safe for concurrent use.
type Service struct {
	Unimplemented

	env    awsapi.Env
	bodies BodyStore
	queues sqs.Deliverer // nil: queue notifications are dropped
	topics sns.Publisher // nil: topic notifications are dropped
	events EventBus      // nil: EventBridge notifications are dropped
	seq    atomic.Uint64 // event sequencer

	mu       sync.Mutex
	accounts map[string]*accountStore
	createMu sync.Mutex // serializes CreateBucket's global name check
}

// New returns an empty S3 service keeping bodies in memory.
func New(env awsapi.Env) *Service {
	return NewWithBodyStore(env, NewMemoryBodyStore())
}

// NewWithBodyStore returns an empty S3 service keeping bodies in bodies.
func NewWithBodyStore(env awsapi.Env, bodies BodyStore) *Service {
	return NewWithOptions(env, Options{Bodies: bodies})
}

// Options are what an S3 service is wired to.
type Options struct {
	// Bodies keeps object bodies (a MemoryBodyStore when nil).
	Bodies BodyStore
	// Queues receives event notifications for SQS destinations.
	Queues sqs.Deliverer
	// Topics receives event notifications for SNS destinations.
	Topics sns.Publisher
	// Events receives every event of buckets with EventBridge enabled.
	Events EventBus
}

// EventBusFunc adapts a function to EventBus.
type EventBusFunc func(ctx context.Context, source, detailType, detail string, resources []string) error

// PutDefaultBusEvent implements EventBus.
func (f EventBusFunc) PutDefaultBusEvent(ctx context.Context, source, detailType, detail string, resources []string) error {
	return f(ctx, source, detailType, detail, resources)
}

// NewWithOptions returns an empty S3 service wired as opts says.
func NewWithOptions(env awsapi.Env, opts Options) *Service {
	if env.Now == nil {
		env.Now = time.Now
	}
	if opts.Bodies == nil {
		opts.Bodies = NewMemoryBodyStore()
	}
	return &Service{env: env, bodies: opts.Bodies, queues: opts.Queues, topics: opts.Topics, events: opts.Events,
		accounts: make(map[string]*accountStore)}
}

// Owner of every bucket and object: LocalStack answers with this canonical
// user id for every account.
const (
	ownerID          = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
	ownerDisplayName = "webfile"
)

func owner() *Owner {
	return &Owner{ID: ptr(ownerID), DisplayName: ptr(ownerDisplayName)}
}

// account returns the store of the request's account, creating it.
func (s *Service) account(ctx context.Context) *accountStore {
	id := awsapi.RequestFrom(ctx).Account
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[id]
	if !ok {
		a = &accountStore{buckets: make(map[string]*bucket)}
		s.accounts[id] = a
	}
	return a
}

// now is the current time at S3's precision: whole seconds (listings show
// LastModified as "2009-10-12T17:50:30.000Z").
func (s *Service) now() time.Time { return s.env.Now().UTC().Truncate(time.Second) }

func ptr[T any](v T) *T { return &v }

// valueOf is *p, or the zero value for nil.
func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
