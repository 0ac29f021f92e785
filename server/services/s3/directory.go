package s3

import (
	"context"
	"net/http"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Operations of S3 Express One Zone directory buckets. The emulator has
// only general-purpose buckets, so these answer as S3 does for those.

// ListDirectoryBuckets lists the account's directory buckets: none, since
// every bucket here is a general-purpose one (ListBuckets lists those).
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListDirectoryBuckets.html
func (s *Service) ListDirectoryBuckets(ctx context.Context, in *ListDirectoryBucketsRequest) (*ListDirectoryBucketsOutput, error) {
	if n := in.MaxDirectoryBuckets; n != nil && (*n < 0 || *n > 1000) {
		return nil, errInvalidArgument("Argument max-directory-buckets must be an integer between 0 and 1000",
			"max-directory-buckets", itoa(int64(*n)))
	}
	return &ListDirectoryBucketsOutput{Buckets: []Bucket{}}, nil
}

// CreateSession creates a session for a directory bucket. With no
// directory buckets, every name is unknown to the zonal endpoint that
// serves CreateSession: NoSuchBucket, the operation's only modelled error.
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateSession.html
// ("CreateSession ... for the Zonal endpoint API operations on directory
// buckets"; errors: NoSuchBucket).
func (s *Service) CreateSession(ctx context.Context, in *CreateSessionRequest) (*CreateSessionOutput, error) {
	if _, err := s.bucket(ctx, in.Bucket, nil); err != nil {
		return nil, err
	}
	return nil, errNoSuchBucket(valueOf(in.Bucket))
}

// RenameObject renames an object in a directory bucket. AWS supports it
// only there ("RenameObject is only supported for objects stored in the S3
// Express One Zone storage class"), so on a general-purpose bucket it is
// 400 InvalidRequest; an unknown bucket is NoSuchBucket. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_RenameObject.html
func (s *Service) RenameObject(ctx context.Context, in *RenameObjectRequest) (*RenameObjectOutput, error) {
	if _, err := s.bucket(ctx, in.Bucket, nil); err != nil {
		return nil, err
	}
	return nil, s3Error(http.StatusBadRequest, "InvalidRequest",
		"This operation is not supported for general purpose buckets.", nil)
}

// PutBucketAbac enables or disables attribute-based access control for
// the bucket (stored, not enforced). Errors: MalformedXML (no AbacStatus,
// a Status other than Enabled or Disabled), NoSuchBucket. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAbac.html
func (s *Service) PutBucketAbac(ctx context.Context, in *PutBucketAbacRequest) (*awsapi.Empty, error) {
	a := in.AbacStatus
	if a == nil || (valueOf(a.Status) != "Enabled" && valueOf(a.Status) != "Disabled") {
		return nil, errMalformedXML()
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgAbac, &AbacStatus{Status: a.Status}, nil)
}

// GetBucketAbac returns the bucket's ABAC status: Disabled until
// PutBucketAbac enables it. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketAbac.html
func (s *Service) GetBucketAbac(ctx context.Context, in *GetBucketAbacRequest) (*GetBucketAbacOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	if a := configOf[AbacStatus](b, cfgAbac); a != nil {
		return &GetBucketAbacOutput{AbacStatus: &AbacStatus{Status: a.Status}}, nil
	}
	return &GetBucketAbacOutput{AbacStatus: &AbacStatus{Status: ptr("Disabled")}}, nil
}
