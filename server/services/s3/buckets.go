package s3

import (
	"context"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// CreateBucket creates a bucket in the region LocationConstraint names (or
// the request's region). Errors: InvalidBucketName, InvalidLocationConstraint,
// IllegalLocationConstraintException, BucketAlreadyOwnedByYou (409).
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
func (s *Service) CreateBucket(ctx context.Context, in *CreateBucketRequest) (*CreateBucketOutput, error) {
	name := valueOf(in.Bucket)
	if !validBucketName(name) {
		return nil, errInvalidBucketName(name)
	}
	var constraint string
	if in.CreateBucketConfiguration != nil {
		constraint = valueOf(in.CreateBucketConfiguration.LocationConstraint)
	}
	req := awsapi.RequestFrom(ctx)
	region, err := bucketRegion(req.Region, constraint)
	if err != nil {
		return nil, err
	}
	out := &CreateBucketOutput{Location: ptr(bucketLocation(req, name, region))}
	ownership := valueOf(in.ObjectOwnership)
	if ownership == "" {
		ownership = ObjectOwnershipBucketOwnerEnforced
	} else if !validOwnership(ownership) {
		return nil, errInvalidArgument("Invalid x-amz-object-ownership header: "+ownership, "x-amz-object-ownership", ownership)
	}
	var acl *AccessControlPolicy
	if in.ACL != nil || in.GrantFullControl != nil || in.GrantRead != nil || in.GrantReadACP != nil || in.GrantWrite != nil || in.GrantWriteACP != nil {
		if acl, err = requestACL(in.ACL, nil, in.GrantFullControl, in.GrantRead, in.GrantReadACP, in.GrantWrite, in.GrantWriteACP); err != nil {
			return nil, err
		}
	}

	a := s.account(ctx)
	// Bucket names are one namespace across all accounts: another account's
	// bucket makes the name taken (409 BucketAlreadyExists, CreateBucket API
	// Reference, Errors). createMu makes the check and the insert one step.
	s.createMu.Lock()
	defer s.createMu.Unlock()
	if s.ownedElsewhere(a, name) {
		return nil, errBucketAlreadyExists(name)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if b, ok := a.buckets[name]; ok {
		// "If you create a bucket that already exists and you own it in the
		// North Virginia Region, Amazon S3 returns 200 OK" (CreateBucket,
		// API Reference, Errors); everywhere else BucketAlreadyOwnedByYou.
		if b.region == usEast1 && region == usEast1 {
			return out, nil
		}
		return nil, errBucketAlreadyOwnedByYou(name)
	}
	b := newBucket(name, region, s.now())
	// New buckets have ACLs disabled and public access blocked
	// (create-bucket-overview.html, "Object Ownership" and "Block Public
	// Access settings").
	b.configs[cfgOwnership] = &OwnershipControls{Rules: []OwnershipControlsRule{{ObjectOwnership: ptr(ownership)}}}
	b.configs[cfgPublicAccess] = &PublicAccessBlockConfiguration{BlockPublicAcls: ptr(true), IgnorePublicAcls: ptr(true),
		BlockPublicPolicy: ptr(true), RestrictPublicBuckets: ptr(true)}
	if acl != nil {
		b.configs[cfgACL] = acl
	}
	if valueOf(in.ObjectLockEnabledForBucket) {
		b.objectLock, b.versioning = true, BucketVersioningStatusEnabled
		b.configs[cfgObjectLock] = &ObjectLockConfiguration{ObjectLockEnabled: ptr(ObjectLockEnabledEnabled)}
	}
	a.buckets[name] = b
	return out, nil
}

// bucketLocation is CreateBucket's Location header: "/name" in us-east-1,
// else the bucket's virtual-host URL, as S3 answers
// ("http://name.s3.amazonaws.com/"), on the emulator's external host.
func bucketLocation(req *awsapi.Request, name, region string) string {
	if region == usEast1 {
		return "/" + name
	}
	u, err := url.Parse(req.BaseURL)
	if err != nil || u.Host == "" {
		return "/" + name
	}
	return u.Scheme + "://" + name + ".s3." + u.Host + "/"
}

// HeadBucket answers whether the bucket exists, with its region
// (x-amz-bucket-region). Errors: NoSuchBucket (404; HEAD has no body).
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
func (s *Service) HeadBucket(ctx context.Context, in *HeadBucketRequest) (*HeadBucketOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	return &HeadBucketOutput{BucketRegion: ptr(b.region), AccessPointAlias: ptr(false)}, nil
}

// DeleteBucket deletes an empty bucket (204). Errors: NoSuchBucket,
// BucketNotEmpty (409).
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html
func (s *Service) DeleteBucket(ctx context.Context, in *DeleteBucketRequest) (*awsapi.Empty, error) {
	name := valueOf(in.Bucket)
	if err := checkOwner(ctx, in.ExpectedBucketOwner); err != nil {
		return nil, err
	}
	a := s.account(ctx)
	a.mu.Lock()
	defer a.mu.Unlock()
	b, ok := a.buckets[name]
	if !ok {
		return nil, errNoSuchBucket(name)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.objects.Len() > 0 {
		return nil, errBucketNotEmpty(name)
	}
	b.deleted = true
	delete(a.buckets, name)
	// Uploads in progress go with the bucket.
	for _, u := range b.uploads {
		for _, p := range u.parts {
			s.dropBody(ctx, p.bodyRef)
		}
	}
	b.uploads = map[string]*upload{}
	return &awsapi.Empty{}, nil
}

// ListBuckets lists the account's buckets by name, all regions unless
// BucketRegion filters, paginated by MaxBuckets (1 to 10000) and an opaque
// ContinuationToken. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
func (s *Service) ListBuckets(ctx context.Context, in *ListBucketsRequest) (*ListBucketsOutput, error) {
	limit := -1
	if in.MaxBuckets != nil {
		if *in.MaxBuckets < 1 || *in.MaxBuckets > 10000 {
			return nil, errInvalidArgument("Argument max-buckets must be an integer between 1 and 10000.",
				"max-buckets", itoa(int64(*in.MaxBuckets)))
		}
		limit = int(*in.MaxBuckets)
	}
	after := ""
	if in.ContinuationToken != nil {
		raw, err := base64.RawURLEncoding.DecodeString(*in.ContinuationToken)
		if err != nil || len(raw) == 0 {
			return nil, errInvalidArgument("The continuation token provided is incorrect",
				"continuation-token", *in.ContinuationToken)
		}
		after = string(raw)
	}
	prefix, region := valueOf(in.Prefix), valueOf(in.BucketRegion)
	out := &ListBucketsOutput{Owner: owner(), Buckets: []Bucket{}, Prefix: in.Prefix}
	for _, b := range s.account(ctx).sorted() {
		if b.name <= after || !strings.HasPrefix(b.name, prefix) || (region != "" && b.region != region) {
			continue
		}
		if limit >= 0 && len(out.Buckets) == limit {
			last := *out.Buckets[len(out.Buckets)-1].Name
			out.ContinuationToken = ptr(base64.RawURLEncoding.EncodeToString([]byte(last)))
			break
		}
		out.Buckets = append(out.Buckets, Bucket{
			Name: ptr(b.name), CreationDate: ptr(b.created), BucketRegion: ptr(b.region),
		})
	}
	return out, nil
}

// bucket returns the named bucket of the request's account, checking
// ExpectedBucketOwner. Errors: NoSuchBucket, AccessDenied.
func (s *Service) bucket(ctx context.Context, name, expectedOwner *string) (*bucket, error) {
	if err := checkOwner(ctx, expectedOwner); err != nil {
		return nil, err
	}
	b := s.account(ctx).get(valueOf(name))
	if b == nil {
		return nil, errNoSuchBucket(valueOf(name))
	}
	return b, nil
}

// checkOwner answers 403 AccessDenied when x-amz-expected-bucket-owner names
// another account than the bucket's (the request's) own.
func checkOwner(ctx context.Context, expected *string) error {
	if expected != nil && *expected != awsapi.RequestFrom(ctx).Account {
		return errAccessDenied()
	}
	return nil
}

// ownedElsewhere reports whether an account other than mine has a bucket
// called name.
func (s *Service) ownedElsewhere(mine *accountStore, name string) bool {
	s.mu.Lock()
	others := make([]*accountStore, 0, len(s.accounts))
	for _, a := range s.accounts {
		if a != mine {
			others = append(others, a)
		}
	}
	s.mu.Unlock()
	for _, a := range others {
		a.mu.Lock()
		_, ok := a.buckets[name]
		a.mu.Unlock()
		if ok {
			return true
		}
	}
	return false
}
