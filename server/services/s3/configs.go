package s3

import (
	"context"
	"net/http"
	"strings"
)

// Bucket subresource configurations, stored as their generated shapes and
// returned as stored. Each kind names its shape (configKinds, for
// snapshots) and the 404 a Get answers when none is set.

const (
	cfgTagging        = "tagging"
	cfgPolicy         = "policy"
	cfgACL            = "acl"
	cfgCORS           = "cors"
	cfgLifecycle      = "lifecycle"
	cfgEncryption     = "encryption"
	cfgOwnership      = "ownership"
	cfgPublicAccess   = "public_access_block"
	cfgWebsite        = "website"
	cfgNotification   = "notification"
	cfgObjectLock     = "object_lock"
	cfgAccelerate     = "accelerate"
	cfgRequestPayment = "request_payment"
	cfgLogging        = "logging"
	cfgReplication    = "replication"
	cfgAbac           = "abac"
	cfgMetadata       = "metadata"
	cfgMetadataTable  = "metadata_table"
)

// configKinds makes an empty value of each kind's shape (read-only table).
var configKinds = map[string]func() any{
	cfgTagging:        func() any { return new(Tagging) },
	cfgPolicy:         func() any { return new(string) },
	cfgACL:            func() any { return new(AccessControlPolicy) },
	cfgCORS:           func() any { return new(CORSConfiguration) },
	cfgLifecycle:      func() any { return new(BucketLifecycleConfiguration) },
	cfgEncryption:     func() any { return new(ServerSideEncryptionConfiguration) },
	cfgOwnership:      func() any { return new(OwnershipControls) },
	cfgPublicAccess:   func() any { return new(PublicAccessBlockConfiguration) },
	cfgWebsite:        func() any { return new(WebsiteConfiguration) },
	cfgNotification:   func() any { return new(NotificationConfiguration) },
	cfgObjectLock:     func() any { return new(ObjectLockConfiguration) },
	cfgAccelerate:     func() any { return new(AccelerateConfiguration) },
	cfgRequestPayment: func() any { return new(RequestPaymentConfiguration) },
	cfgLogging:        func() any { return new(BucketLoggingStatus) },
	cfgReplication:    func() any { return new(ReplicationConfiguration) },
	cfgAnalytics:      func() any { return new(AnalyticsConfiguration) },
	cfgMetrics:        func() any { return new(MetricsConfiguration) },
	cfgInventory:      func() any { return new(InventoryConfiguration) },
	cfgTiering:        func() any { return new(IntelligentTieringConfiguration) },
	cfgAbac:           func() any { return new(AbacStatus) },
	cfgMetadata:       func() any { return new(MetadataConfiguration) },
	cfgMetadataTable:  func() any { return new(MetadataTableConfiguration) },
}

// kindOf is the configKinds key of a configs key ("<kind>/<id>" for the
// configurations kept by Id).
func kindOf(key string) string {
	kind, _, _ := strings.Cut(key, "/")
	return kind
}

// notFound is the error of a Get of a kind that is not set, from
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
func notFound(kind string) error {
	code, msg := "", ""
	switch kind {
	case cfgTagging:
		code, msg = "NoSuchTagSet", "The TagSet does not exist"
	case cfgPolicy:
		code, msg = "NoSuchBucketPolicy", "The bucket policy does not exist"
	case cfgCORS:
		code, msg = "NoSuchCORSConfiguration", "The CORS configuration does not exist"
	case cfgLifecycle:
		code, msg = "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist"
	case cfgEncryption:
		code, msg = "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found"
	case cfgOwnership:
		code, msg = "OwnershipControlsNotFoundError", "The bucket ownership controls were not found"
	case cfgPublicAccess:
		code, msg = "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"
	case cfgWebsite:
		code, msg = "NoSuchWebsiteConfiguration", "The specified bucket does not have a website configuration"
	case cfgObjectLock:
		code, msg = "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket"
	case cfgReplication:
		code, msg = "ReplicationConfigurationNotFoundError", "The replication configuration was not found"
	default:
		code, msg = "NoSuchConfiguration", "The specified configuration does not exist."
	}
	return s3Error(http.StatusNotFound, code, msg, nil)
}

// setConfig stores (v non-nil) or removes (v nil) a configuration after
// check, which runs under the bucket's lock. Errors: NoSuchBucket and
// check's.
func (s *Service) setConfig(ctx context.Context, name, owner *string, kind string, v any, check func(*bucket) error) error {
	b, err := s.bucket(ctx, name, owner)
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.deleted {
		return errNoSuchBucket(b.name)
	}
	if check != nil {
		if err := check(b); err != nil {
			return err
		}
	}
	if v == nil {
		delete(b.configs, kind)
	} else {
		b.configs[kind] = v
	}
	return nil
}

// config returns a stored configuration. Errors: NoSuchBucket and the
// kind's not-found error.
func config[T any](s *Service, ctx context.Context, name, owner *string, kind string) (*T, *bucket, error) {
	b, err := s.bucket(ctx, name, owner)
	if err != nil {
		return nil, nil, err
	}
	b.mu.RLock()
	v, ok := b.configs[kind].(*T)
	b.mu.RUnlock()
	if !ok {
		return nil, b, notFound(kind)
	}
	return v, b, nil
}

// configOf reads a configuration under the bucket's lock (nil if none).
func configOf[T any](b *bucket, kind string) *T {
	b.mu.RLock()
	defer b.mu.RUnlock()
	v, _ := b.configs[kind].(*T)
	return v
}
