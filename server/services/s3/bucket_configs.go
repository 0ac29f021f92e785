package s3

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Bucket configuration operations. Validation errors follow each
// operation's API Reference page and ErrorResponses.html.

var empty = &awsapi.Empty{}

// PutBucketVersioning sets Status (Enabled or Suspended) and MFADelete.
// A bucket with object lock cannot be suspended. Errors: MalformedXML,
// InvalidBucketState. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html
func (s *Service) PutBucketVersioning(ctx context.Context, in *PutBucketVersioningRequest) (*awsapi.Empty, error) {
	c := in.VersioningConfiguration
	if c == nil {
		return nil, errMalformedXML()
	}
	status, mfa := valueOf(c.Status), valueOf(c.MFADelete)
	if (status != BucketVersioningStatusEnabled && status != BucketVersioningStatusSuspended) ||
		(mfa != "" && mfa != MFADeleteEnabled && mfa != MFADeleteDisabled) {
		return nil, errMalformedXML()
	}
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.objectLock && status == BucketVersioningStatusSuspended {
		return nil, s3Error(http.StatusConflict, "InvalidBucketState",
			"An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.", nil)
	}
	b.versioning, b.mfaDelete = status, mfa
	return empty, nil
}

// GetBucketVersioning returns Status and MFADelete; neither for a bucket
// that never had versioning. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html
func (s *Service) GetBucketVersioning(ctx context.Context, in *GetBucketVersioningRequest) (*GetBucketVersioningOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	return &GetBucketVersioningOutput{Status: optional(b.versioning), MFADelete: optional(b.mfaDelete)}, nil
}

// PutBucketTagging replaces the bucket's tags (up to 50, no "aws:" keys).
// Errors: InvalidTag, MalformedXML. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketTagging.html
func (s *Service) PutBucketTagging(ctx context.Context, in *PutBucketTaggingRequest) (*awsapi.Empty, error) {
	if in.Tagging == nil {
		return nil, errMalformedXML()
	}
	tags := append([]Tag(nil), in.Tagging.TagSet...)
	if len(tags) > 50 {
		return nil, errInvalidTag("Bucket tag count cannot be greater than 50")
	}
	if err := checkTags(tags, 50); err != nil {
		return nil, err
	}
	for _, t := range tags {
		if strings.HasPrefix(valueOf(t.Key), "aws:") {
			return nil, errInvalidTag("System tags cannot be added/updated by requester")
		}
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgTagging, &Tagging{TagSet: tags}, nil)
}

// GetBucketTagging returns the tags. Errors: NoSuchTagSet.
func (s *Service) GetBucketTagging(ctx context.Context, in *GetBucketTaggingRequest) (*GetBucketTaggingOutput, error) {
	t, _, err := config[Tagging](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgTagging)
	if err != nil {
		return nil, err
	}
	return &GetBucketTaggingOutput{TagSet: t.TagSet}, nil
}

// DeleteBucketTagging removes the tags (204).
func (s *Service) DeleteBucketTagging(ctx context.Context, in *DeleteBucketTaggingRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgTagging, nil, nil)
}

// PutBucketPolicy stores the policy document as sent. Errors:
// MalformedPolicy (not a JSON object). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
func (s *Service) PutBucketPolicy(ctx context.Context, in *PutBucketPolicyRequest) (*awsapi.Empty, error) {
	p := valueOf(in.Policy)
	var doc map[string]any
	if !strings.HasPrefix(strings.TrimSpace(p), "{") || json.Unmarshal([]byte(p), &doc) != nil {
		return nil, s3Error(http.StatusBadRequest, "MalformedPolicy",
			"Policies must be valid JSON and the first byte must be '{'", nil)
	}
	if _, ok := doc["Statement"]; !ok {
		return nil, s3Error(http.StatusBadRequest, "MalformedPolicy", "Missing required field Statement", nil)
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgPolicy, &p, nil)
}

// GetBucketPolicy returns the policy as stored. Errors: NoSuchBucketPolicy.
func (s *Service) GetBucketPolicy(ctx context.Context, in *GetBucketPolicyRequest) (*GetBucketPolicyOutput, error) {
	p, _, err := config[string](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgPolicy)
	if err != nil {
		return nil, err
	}
	return &GetBucketPolicyOutput{Policy: p}, nil
}

// DeleteBucketPolicy removes the policy (204).
func (s *Service) DeleteBucketPolicy(ctx context.Context, in *DeleteBucketPolicyRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgPolicy, nil, nil)
}

// GetBucketPolicyStatus answers IsPublic false (policies are not
// evaluated). Errors: NoSuchBucketPolicy.
func (s *Service) GetBucketPolicyStatus(ctx context.Context, in *GetBucketPolicyStatusRequest) (*GetBucketPolicyStatusOutput, error) {
	if _, _, err := config[string](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgPolicy); err != nil {
		return nil, err
	}
	return &GetBucketPolicyStatusOutput{PolicyStatus: &PolicyStatus{IsPublic: ptr(false)}}, nil
}

// PutBucketAcl stores the bucket's ACL. Errors as PutObjectAcl. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html
func (s *Service) PutBucketAcl(ctx context.Context, in *PutBucketAclRequest) (*awsapi.Empty, error) {
	acl, err := requestACL(in.ACL, in.AccessControlPolicy, in.GrantFullControl, in.GrantRead, in.GrantReadACP, in.GrantWrite, in.GrantWriteACP)
	if err != nil {
		return nil, err
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgACL, acl, nil)
}

// GetBucketAcl returns the ACL: the owner's FULL_CONTROL by default.
func (s *Service) GetBucketAcl(ctx context.Context, in *GetBucketAclRequest) (*GetBucketAclOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	acl := configOf[AccessControlPolicy](b, cfgACL)
	if acl == nil {
		acl = cannedACL(cannedPrivate)
	}
	return &GetBucketAclOutput{Owner: acl.Owner, Grants: acl.Grants}, nil
}

// PutBucketCors stores 1 to 100 CORS rules. Errors: MalformedXML (no
// rules, no origins or methods), InvalidRequest (a method other than GET,
// PUT, HEAD, POST, DELETE). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html
func (s *Service) PutBucketCors(ctx context.Context, in *PutBucketCorsRequest) (*awsapi.Empty, error) {
	c := in.CORSConfiguration
	if c == nil || len(c.CORSRules) == 0 || len(c.CORSRules) > 100 {
		return nil, errMalformedXML()
	}
	for _, r := range c.CORSRules {
		if len(r.AllowedMethods) == 0 || len(r.AllowedOrigins) == 0 {
			return nil, errMalformedXML()
		}
		for _, m := range r.AllowedMethods {
			switch m {
			case http.MethodGet, http.MethodPut, http.MethodHead, http.MethodPost, http.MethodDelete:
			default:
				return nil, s3Error(http.StatusBadRequest, "InvalidRequest",
					"Found unsupported HTTP method in CORS config. Unsupported method is "+m, nil)
			}
		}
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgCORS, c, nil)
}

// GetBucketCors returns the rules. Errors: NoSuchCORSConfiguration.
func (s *Service) GetBucketCors(ctx context.Context, in *GetBucketCorsRequest) (*GetBucketCorsOutput, error) {
	c, _, err := config[CORSConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgCORS)
	if err != nil {
		return nil, err
	}
	return &GetBucketCorsOutput{CORSRules: c.CORSRules}, nil
}

// DeleteBucketCors removes the rules (204).
func (s *Service) DeleteBucketCors(ctx context.Context, in *DeleteBucketCorsRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgCORS, nil, nil)
}

// PutBucketLifecycleConfiguration stores up to 1000 rules. Errors:
// MalformedXML (no rules, bad Status), InvalidArgument (ID over 255
// characters, duplicate IDs), InvalidRequest (a rule without an action).
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLifecycleConfiguration.html
func (s *Service) PutBucketLifecycleConfiguration(ctx context.Context, in *PutBucketLifecycleConfigurationRequest) (*PutBucketLifecycleConfigurationOutput, error) {
	c := in.LifecycleConfiguration
	if c == nil || len(c.Rules) == 0 || len(c.Rules) > 1000 {
		return nil, errMalformedXML()
	}
	ids := map[string]bool{}
	for _, r := range c.Rules {
		st := valueOf(r.Status)
		if st != ExpirationStatusEnabled && st != ExpirationStatusDisabled {
			return nil, errMalformedXML()
		}
		id := valueOf(r.ID)
		if len(id) > 255 {
			return nil, errInvalidArgument("ID length should not exceed allowed limit of 255", "ID", id)
		}
		if id != "" && ids[id] {
			return nil, errInvalidArgument("Rule ID must be unique. Found same ID for more than one rule", "ID", id)
		}
		ids[id] = true
		if r.Expiration == nil && len(r.Transitions) == 0 && len(r.NoncurrentVersionTransitions) == 0 &&
			r.NoncurrentVersionExpiration == nil && r.AbortIncompleteMultipartUpload == nil {
			return nil, s3Error(http.StatusBadRequest, "InvalidRequest", "At least one action needs to be specified in a rule", nil)
		}
	}
	size := valueOf(in.TransitionDefaultMinimumObjectSize)
	if size == "" {
		size = TransitionDefaultMinimumObjectSizeAllStorageClasses128K
	}
	stored := &BucketLifecycleConfiguration{Rules: c.Rules}
	if err := s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgLifecycle, stored, nil); err != nil {
		return nil, err
	}
	return &PutBucketLifecycleConfigurationOutput{TransitionDefaultMinimumObjectSize: ptr(size)}, nil
}

// GetBucketLifecycleConfiguration returns the rules. Errors:
// NoSuchLifecycleConfiguration.
func (s *Service) GetBucketLifecycleConfiguration(ctx context.Context, in *GetBucketLifecycleConfigurationRequest) (*GetBucketLifecycleConfigurationOutput, error) {
	c, _, err := config[BucketLifecycleConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgLifecycle)
	if err != nil {
		return nil, err
	}
	return &GetBucketLifecycleConfigurationOutput{Rules: c.Rules,
		TransitionDefaultMinimumObjectSize: ptr(TransitionDefaultMinimumObjectSizeAllStorageClasses128K)}, nil
}

// DeleteBucketLifecycle removes the rules (204).
func (s *Service) DeleteBucketLifecycle(ctx context.Context, in *DeleteBucketLifecycleRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgLifecycle, nil, nil)
}

// PutBucketEncryption sets the default encryption. Errors: MalformedXML
// (no rule, unknown SSEAlgorithm), InvalidArgument (KMSMasterKeyID with
// AES256). Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketEncryption.html
func (s *Service) PutBucketEncryption(ctx context.Context, in *PutBucketEncryptionRequest) (*awsapi.Empty, error) {
	c := in.ServerSideEncryptionConfiguration
	if c == nil || len(c.Rules) != 1 || c.Rules[0].ApplyServerSideEncryptionByDefault == nil {
		return nil, errMalformedXML()
	}
	d := c.Rules[0].ApplyServerSideEncryptionByDefault
	switch valueOf(d.SSEAlgorithm) {
	case ServerSideEncryptionAES256:
		if d.KMSMasterKeyID != nil {
			return nil, errInvalidArgument("a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse",
				"ApplyServerSideEncryptionByDefault", "")
		}
	case ServerSideEncryptionAwsKms, ServerSideEncryptionAwsKmsDsse:
	default:
		return nil, errMalformedXML()
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgEncryption, c, nil)
}

// GetBucketEncryption returns the configuration, SSE-S3 (AES256) by
// default: "all Amazon S3 buckets have encryption configured by default"
// (default-bucket-encryption.html).
func (s *Service) GetBucketEncryption(ctx context.Context, in *GetBucketEncryptionRequest) (*GetBucketEncryptionOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	c := configOf[ServerSideEncryptionConfiguration](b, cfgEncryption)
	if c == nil {
		c = &ServerSideEncryptionConfiguration{Rules: []ServerSideEncryptionRule{{
			ApplyServerSideEncryptionByDefault: &ServerSideEncryptionByDefault{SSEAlgorithm: ptr(ServerSideEncryptionAES256)},
			BucketKeyEnabled:                   ptr(false),
		}}}
	}
	return &GetBucketEncryptionOutput{ServerSideEncryptionConfiguration: c}, nil
}

// DeleteBucketEncryption returns the bucket to the SSE-S3 default (204).
func (s *Service) DeleteBucketEncryption(ctx context.Context, in *DeleteBucketEncryptionRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgEncryption, nil, nil)
}

// PutBucketOwnershipControls sets ObjectOwnership (one rule). Errors:
// MalformedXML. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketOwnershipControls.html
func (s *Service) PutBucketOwnershipControls(ctx context.Context, in *PutBucketOwnershipControlsRequest) (*awsapi.Empty, error) {
	c := in.OwnershipControls
	if c == nil || len(c.Rules) != 1 || !validOwnership(valueOf(c.Rules[0].ObjectOwnership)) {
		return nil, errMalformedXML()
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgOwnership, c, nil)
}

func validOwnership(o string) bool {
	switch o {
	case ObjectOwnershipBucketOwnerEnforced, ObjectOwnershipBucketOwnerPreferred, ObjectOwnershipObjectWriter:
		return true
	}
	return false
}

// GetBucketOwnershipControls returns the controls (BucketOwnerEnforced for
// a new bucket). Errors: OwnershipControlsNotFoundError.
func (s *Service) GetBucketOwnershipControls(ctx context.Context, in *GetBucketOwnershipControlsRequest) (*GetBucketOwnershipControlsOutput, error) {
	c, _, err := config[OwnershipControls](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgOwnership)
	if err != nil {
		return nil, err
	}
	return &GetBucketOwnershipControlsOutput{OwnershipControls: c}, nil
}

// DeleteBucketOwnershipControls removes them (204).
func (s *Service) DeleteBucketOwnershipControls(ctx context.Context, in *DeleteBucketOwnershipControlsRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgOwnership, nil, nil)
}

// PutPublicAccessBlock stores the four flags. Errors: MalformedXML.
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutPublicAccessBlock.html
func (s *Service) PutPublicAccessBlock(ctx context.Context, in *PutPublicAccessBlockRequest) (*awsapi.Empty, error) {
	c := in.PublicAccessBlockConfiguration
	if c == nil {
		return nil, errMalformedXML()
	}
	stored := &PublicAccessBlockConfiguration{
		BlockPublicAcls: ptr(valueOf(c.BlockPublicAcls)), IgnorePublicAcls: ptr(valueOf(c.IgnorePublicAcls)),
		BlockPublicPolicy: ptr(valueOf(c.BlockPublicPolicy)), RestrictPublicBuckets: ptr(valueOf(c.RestrictPublicBuckets)),
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgPublicAccess, stored, nil)
}

// GetPublicAccessBlock returns the flags (all true for a new bucket).
// Errors: NoSuchPublicAccessBlockConfiguration.
func (s *Service) GetPublicAccessBlock(ctx context.Context, in *GetPublicAccessBlockRequest) (*GetPublicAccessBlockOutput, error) {
	c, _, err := config[PublicAccessBlockConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgPublicAccess)
	if err != nil {
		return nil, err
	}
	return &GetPublicAccessBlockOutput{PublicAccessBlockConfiguration: c}, nil
}

// DeletePublicAccessBlock removes the flags (204).
func (s *Service) DeletePublicAccessBlock(ctx context.Context, in *DeletePublicAccessBlockRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgPublicAccess, nil, nil)
}

// PutBucketWebsite stores the website configuration. Errors:
// InvalidArgument (neither IndexDocument nor RedirectAllRequestsTo, a
// suffix that is empty or contains "/"). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketWebsite.html
func (s *Service) PutBucketWebsite(ctx context.Context, in *PutBucketWebsiteRequest) (*awsapi.Empty, error) {
	c := in.WebsiteConfiguration
	if c == nil {
		return nil, errMalformedXML()
	}
	if c.RedirectAllRequestsTo == nil {
		if c.IndexDocument == nil {
			return nil, errInvalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty",
				"IndexDocument", "null")
		}
		if sfx := valueOf(c.IndexDocument.Suffix); sfx == "" || strings.Contains(sfx, "/") {
			return nil, errInvalidArgument("The IndexDocument Suffix is not well formed", "IndexDocument", sfx)
		}
	} else if c.IndexDocument != nil || c.ErrorDocument != nil || len(c.RoutingRules) > 0 {
		return nil, errInvalidArgument("RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.",
			"RedirectAllRequestsTo", "not null")
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgWebsite, c, nil)
}

// GetBucketWebsite returns it. Errors: NoSuchWebsiteConfiguration.
func (s *Service) GetBucketWebsite(ctx context.Context, in *GetBucketWebsiteRequest) (*GetBucketWebsiteOutput, error) {
	c, _, err := config[WebsiteConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgWebsite)
	if err != nil {
		return nil, err
	}
	return &GetBucketWebsiteOutput{IndexDocument: c.IndexDocument, ErrorDocument: c.ErrorDocument,
		RedirectAllRequestsTo: c.RedirectAllRequestsTo, RoutingRules: c.RoutingRules}, nil
}

// DeleteBucketWebsite removes it (204).
func (s *Service) DeleteBucketWebsite(ctx context.Context, in *DeleteBucketWebsiteRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgWebsite, nil, nil)
}

// PutBucketAccelerateConfiguration sets Status. Errors: MalformedXML,
// InvalidRequest (a bucket name with dots). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAccelerateConfiguration.html
func (s *Service) PutBucketAccelerateConfiguration(ctx context.Context, in *PutBucketAccelerateConfigurationRequest) (*awsapi.Empty, error) {
	c := in.AccelerateConfiguration
	if c == nil || (valueOf(c.Status) != BucketAccelerateStatusEnabled && valueOf(c.Status) != BucketAccelerateStatusSuspended) {
		return nil, errMalformedXML()
	}
	if strings.Contains(valueOf(in.Bucket), ".") {
		return nil, s3Error(http.StatusBadRequest, "InvalidRequest",
			"S3 Transfer Acceleration is not supported for buckets with periods (.) in their names", nil)
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgAccelerate, c, nil)
}

// GetBucketAccelerateConfiguration returns Status (none if never set).
func (s *Service) GetBucketAccelerateConfiguration(ctx context.Context, in *GetBucketAccelerateConfigurationRequest) (*GetBucketAccelerateConfigurationOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	out := &GetBucketAccelerateConfigurationOutput{}
	if c := configOf[AccelerateConfiguration](b, cfgAccelerate); c != nil {
		out.Status = c.Status
	}
	return out, nil
}

// PutBucketRequestPayment sets Payer (Requester or BucketOwner). Errors:
// MalformedXML. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketRequestPayment.html
func (s *Service) PutBucketRequestPayment(ctx context.Context, in *PutBucketRequestPaymentRequest) (*awsapi.Empty, error) {
	c := in.RequestPaymentConfiguration
	if c == nil || (valueOf(c.Payer) != PayerRequester && valueOf(c.Payer) != PayerBucketOwner) {
		return nil, errMalformedXML()
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgRequestPayment, c, nil)
}

// GetBucketRequestPayment returns Payer (BucketOwner by default).
func (s *Service) GetBucketRequestPayment(ctx context.Context, in *GetBucketRequestPaymentRequest) (*GetBucketRequestPaymentOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	out := &GetBucketRequestPaymentOutput{Payer: ptr(PayerBucketOwner)}
	if c := configOf[RequestPaymentConfiguration](b, cfgRequestPayment); c != nil {
		out.Payer = c.Payer
	}
	return out, nil
}

// PutBucketLogging enables (LoggingEnabled) or disables (empty status)
// server access logging. Errors: InvalidTargetBucketForLogging (no such
// target bucket), CrossLocationLoggingProhibitted (target in another
// region). Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketLogging.html
func (s *Service) PutBucketLogging(ctx context.Context, in *PutBucketLoggingRequest) (*awsapi.Empty, error) {
	c := in.BucketLoggingStatus
	if c == nil {
		return nil, errMalformedXML()
	}
	if c.LoggingEnabled == nil {
		return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgLogging, nil, nil)
	}
	target := valueOf(c.LoggingEnabled.TargetBucket)
	tb := s.account(ctx).get(target)
	if tb == nil {
		return nil, s3Error(http.StatusBadRequest, "InvalidTargetBucketForLogging",
			"The target bucket for logging does not exist", map[string]string{"TargetBucket": target})
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgLogging, c, func(b *bucket) error {
		if b.region != tb.region {
			return s3Error(http.StatusBadRequest, "CrossLocationLoggingProhibitted",
				"Cross S3 location logging not allowed. ",
				map[string]string{"TargetBucketLocation": tb.region, "SourceBucketLocation": b.region})
		}
		return nil
	})
}

// GetBucketLogging returns LoggingEnabled (none when logging is off).
func (s *Service) GetBucketLogging(ctx context.Context, in *GetBucketLoggingRequest) (*GetBucketLoggingOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	out := &GetBucketLoggingOutput{}
	if c := configOf[BucketLoggingStatus](b, cfgLogging); c != nil {
		out.LoggingEnabled = c.LoggingEnabled
	}
	return out, nil
}

// PutBucketReplication stores the configuration; the source bucket must
// have versioning enabled. Errors: InvalidRequest. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html
func (s *Service) PutBucketReplication(ctx context.Context, in *PutBucketReplicationRequest) (*awsapi.Empty, error) {
	c := in.ReplicationConfiguration
	if c == nil || len(c.Rules) == 0 {
		return nil, errMalformedXML()
	}
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgReplication, c, func(b *bucket) error {
		if b.versioning != BucketVersioningStatusEnabled {
			return s3Error(http.StatusBadRequest, "InvalidRequest",
				"Versioning must be 'Enabled' on the bucket to apply a replication configuration", nil)
		}
		return nil
	})
}

// GetBucketReplication returns it. Errors: ReplicationConfigurationNotFoundError.
func (s *Service) GetBucketReplication(ctx context.Context, in *GetBucketReplicationRequest) (*GetBucketReplicationOutput, error) {
	c, _, err := config[ReplicationConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgReplication)
	if err != nil {
		return nil, err
	}
	return &GetBucketReplicationOutput{ReplicationConfiguration: c}, nil
}

// DeleteBucketReplication removes it (204).
func (s *Service) DeleteBucketReplication(ctx context.Context, in *DeleteBucketReplicationRequest) (*awsapi.Empty, error) {
	return empty, s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgReplication, nil, nil)
}

// PutObjectLockConfiguration sets the bucket's default retention; the
// bucket must have versioning enabled. Errors: MalformedXML (ObjectLockEnabled
// not "Enabled", a retention with both or neither of Days and Years),
// InvalidArgument (a period that is not positive), InvalidBucketState
// (versioning not enabled). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLockConfiguration.html
func (s *Service) PutObjectLockConfiguration(ctx context.Context, in *PutObjectLockConfigurationRequest) (*PutObjectLockConfigurationOutput, error) {
	c := in.ObjectLockConfiguration
	if c == nil || valueOf(c.ObjectLockEnabled) != ObjectLockEnabledEnabled {
		return nil, errMalformedXML()
	}
	if c.Rule != nil {
		d := c.Rule.DefaultRetention
		if d == nil || (d.Days == nil) == (d.Years == nil) ||
			(valueOf(d.Mode) != ObjectLockRetentionModeGOVERNANCE && valueOf(d.Mode) != ObjectLockRetentionModeCOMPLIANCE) {
			return nil, errMalformedXML()
		}
		if valueOf(d.Days) < 0 || valueOf(d.Years) < 0 || (d.Days != nil && *d.Days == 0) || (d.Years != nil && *d.Years == 0) {
			return nil, errInvalidArgument("Default retention period must be a positive integer value", "DefaultRetention", "")
		}
	}
	err := s.setConfig(ctx, in.Bucket, in.ExpectedBucketOwner, cfgObjectLock, c, func(b *bucket) error {
		if b.versioning != BucketVersioningStatusEnabled {
			return s3Error(http.StatusConflict, "InvalidBucketState",
				"Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration", nil)
		}
		b.objectLock = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &PutObjectLockConfigurationOutput{}, nil
}

// GetObjectLockConfiguration returns it. Errors:
// ObjectLockConfigurationNotFoundError.
func (s *Service) GetObjectLockConfiguration(ctx context.Context, in *GetObjectLockConfigurationRequest) (*GetObjectLockConfigurationOutput, error) {
	c, _, err := config[ObjectLockConfiguration](s, ctx, in.Bucket, in.ExpectedBucketOwner, cfgObjectLock)
	if err != nil {
		return nil, err
	}
	return &GetObjectLockConfigurationOutput{ObjectLockConfiguration: c}, nil
}

// GetBucketLocation returns the region's LocationConstraint: empty for
// us-east-1 ("Buckets in Region us-east-1 have a LocationConstraint of
// null"). Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html
func (s *Service) GetBucketLocation(ctx context.Context, in *GetBucketLocationRequest) (*GetBucketLocationOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	if b.region == usEast1 {
		return &GetBucketLocationOutput{}, nil
	}
	return &GetBucketLocationOutput{LocationConstraint: ptr(b.region)}, nil
}
