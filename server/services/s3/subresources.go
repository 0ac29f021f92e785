package s3

import (
	"context"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"
)

// Object subresources: tagging, ACL, object lock retention and legal hold,
// restore. Changing one replaces the stored version with a changed copy, so
// readers holding the old version keep a consistent view.

// Tag limits from https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html:
// up to 10 tags per object, keys up to 128 and values up to 256 Unicode
// characters, keys unique.
const (
	maxObjectTags  = 10
	maxTagKeyRunes = 128
	maxTagValRunes = 256
)

// parseTagging reads the x-amz-tagging header (URL query encoded).
// Errors: InvalidArgument, InvalidTag.
func parseTagging(header *string) ([]Tag, error) {
	if header == nil || *header == "" {
		return nil, nil
	}
	q, err := url.ParseQuery(*header)
	if err != nil {
		return nil, errInvalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
			"x-amz-tagging", *header)
	}
	var tags []Tag
	for k, vs := range q {
		if len(vs) > 1 {
			return nil, errInvalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
				"x-amz-tagging", *header)
		}
		tags = append(tags, Tag{Key: ptr(k), Value: ptr(vs[0])})
	}
	sortTags(tags)
	return tags, checkTags(tags, maxObjectTags)
}

// checkTags validates a tag set. Errors: InvalidTag (BadRequest 400).
func checkTags(tags []Tag, limit int) error {
	if len(tags) > limit {
		return errInvalidTag("Object tags cannot be greater than 10")
	}
	seen := map[string]bool{}
	for _, t := range tags {
		k, v := valueOf(t.Key), valueOf(t.Value)
		switch {
		case k == "" || utf8.RuneCountInString(k) > maxTagKeyRunes:
			return errInvalidTag("The TagKey you have provided is invalid")
		case utf8.RuneCountInString(v) > maxTagValRunes:
			return errInvalidTag("The TagValue you have provided is invalid")
		case seen[k]:
			return errInvalidTag("Cannot provide multiple Tags with the same key")
		}
		seen[k] = true
	}
	return nil
}

func sortTags(tags []Tag) {
	for i := 1; i < len(tags); i++ {
		for j := i; j > 0 && valueOf(tags[j].Key) < valueOf(tags[j-1].Key); j-- {
			tags[j], tags[j-1] = tags[j-1], tags[j]
		}
	}
}

func errInvalidTag(msg string) error {
	return s3Error(http.StatusBadRequest, "InvalidTag", msg, nil)
}

func (o *object) tagCount() *int32 {
	if len(o.tags) == 0 {
		return nil
	}
	return ptr(int32(len(o.tags)))
}

// partsCount is x-amz-mp-parts-count, sent only for a part read
// (GetObject, API Reference: "This value is only returned if you specify
// partNumber in your request").
func (o *object) partsCount(partRead bool) *int32 {
	if !partRead {
		return nil
	}
	return ptr(int32(max(len(o.partSizes), 1)))
}

// lockFor applies a PUT's object lock headers, or the bucket's default
// retention (object-lock.html, "Bucket configuration"), to obj. Errors:
// InvalidRequest (lock headers for a bucket without object lock).
func (b *bucket) lockFor(obj *object, mode *string, until *time.Time, hold *string, now time.Time) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if (mode != nil || until != nil || hold != nil) && !b.objectLock {
		return errLockNotEnabled()
	}
	obj.legalHold = valueOf(hold)
	obj.retention = nil
	if mode != nil || until != nil {
		obj.retention = &ObjectLockRetention{Mode: mode, RetainUntilDate: until}
		return nil
	}
	c, _ := b.configs[cfgObjectLock].(*ObjectLockConfiguration)
	if c == nil || c.Rule == nil || c.Rule.DefaultRetention == nil {
		return nil
	}
	d := c.Rule.DefaultRetention
	t := now.AddDate(int(valueOf(d.Years)), 0, int(valueOf(d.Days)))
	obj.retention = &ObjectLockRetention{Mode: d.Mode, RetainUntilDate: &t}
	return nil
}

func (o *object) lockHeaders() (mode *string, until *time.Time, hold *string) {
	if o.retention != nil {
		mode, until = o.retention.Mode, o.retention.RetainUntilDate
	}
	return mode, until, optional(o.legalHold)
}

// restoreHeader is x-amz-restore after a RestoreObject.
func (o *object) restoreHeader() *string {
	if !o.restored {
		return nil
	}
	return ptr(`ongoing-request="false"`)
}

// lockedAgainstDelete refuses deleting a version under legal hold or an
// unexpired retention (COMPLIANCE always; GOVERNANCE unless bypassed).
// Source: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
func lockedAgainstDelete(o *object, bypass bool, now time.Time) error {
	if o.legalHold == ObjectLockLegalHoldStatusON {
		return errAccessDenied()
	}
	if r := o.retention; r != nil && r.RetainUntilDate != nil && r.RetainUntilDate.After(now) {
		if valueOf(r.Mode) == ObjectLockRetentionModeCOMPLIANCE || !bypass {
			return errAccessDenied()
		}
	}
	return nil
}

// changeVersion finds a version (the current one without versionID) and
// replaces it with change's result. Errors as lookup.
func (s *Service) changeVersion(ctx context.Context, bucketName, owner, key, versionID *string,
	change func(b *bucket, o *object) (*object, error),
) (*bucket, *object, error) {
	b, err := s.bucket(ctx, bucketName, owner)
	if err != nil {
		return nil, nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var o *object
	if versionID != nil {
		if o, err = b.version(valueOf(key), *versionID); err != nil {
			return nil, nil, err
		}
		if o.deleteMarker {
			return nil, nil, errDeleteMarker()
		}
	} else if o = b.live(valueOf(key)); o == nil {
		return nil, nil, errNoSuchKey(valueOf(key))
	}
	changed, err := change(b, o)
	if err != nil {
		return nil, nil, err
	}
	if changed != nil {
		b.replace(o, changed)
		return b, changed, nil
	}
	return b, o, nil
}

// PutObjectTagging replaces the tag set of an object version. Errors:
// NoSuchKey, NoSuchVersion, InvalidTag, MalformedXML. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
func (s *Service) PutObjectTagging(ctx context.Context, in *PutObjectTaggingRequest) (*PutObjectTaggingOutput, error) {
	if in.Tagging == nil {
		return nil, errMalformedXML()
	}
	tags := append([]Tag(nil), in.Tagging.TagSet...)
	if err := checkTags(tags, maxObjectTags); err != nil {
		return nil, err
	}
	b, o, err := s.changeVersion(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId, func(_ *bucket, o *object) (*object, error) {
		c := o.clone()
		c.tags = tags
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, b, eventTaggingPut, o)
	return &PutObjectTaggingOutput{VersionId: b.versionHeaderOf(o)}, nil
}

// GetObjectTagging returns an object version's tags (an empty TagSet when
// it has none). Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html
func (s *Service) GetObjectTagging(ctx context.Context, in *GetObjectTaggingRequest) (*GetObjectTaggingOutput, error) {
	b, o, err := s.lookup(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId)
	if err != nil {
		return nil, err
	}
	return &GetObjectTaggingOutput{VersionId: b.versionHeaderOf(o), TagSet: append([]Tag{}, o.tags...)}, nil
}

// DeleteObjectTagging removes an object version's tags (204). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjectTagging.html
func (s *Service) DeleteObjectTagging(ctx context.Context, in *DeleteObjectTaggingRequest) (*DeleteObjectTaggingOutput, error) {
	b, o, err := s.changeVersion(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId, func(_ *bucket, o *object) (*object, error) {
		c := o.clone()
		c.tags = nil
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, b, eventTaggingDelete, o)
	return &DeleteObjectTaggingOutput{VersionId: b.versionHeaderOf(o)}, nil
}

// PutObjectAcl stores a canned ACL (x-amz-acl) or an AccessControlPolicy.
// Errors: NoSuchKey, InvalidArgument (unknown canned ACL), MalformedACLError.
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectAcl.html
func (s *Service) PutObjectAcl(ctx context.Context, in *PutObjectAclRequest) (*PutObjectAclOutput, error) {
	acl, err := requestACL(in.ACL, in.AccessControlPolicy, in.GrantFullControl, in.GrantRead, in.GrantReadACP, in.GrantWrite, in.GrantWriteACP)
	if err != nil {
		return nil, err
	}
	b, o, err := s.changeVersion(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId, func(_ *bucket, o *object) (*object, error) {
		c := o.clone()
		c.acl = acl
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	s.notify(ctx, b, eventACLPut, o)
	return &PutObjectAclOutput{}, nil
}

// GetObjectAcl returns the object's ACL: the owner's FULL_CONTROL grant
// unless another was stored. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAcl.html
func (s *Service) GetObjectAcl(ctx context.Context, in *GetObjectAclRequest) (*GetObjectAclOutput, error) {
	_, o, err := s.lookup(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId)
	if err != nil {
		return nil, err
	}
	acl := o.acl
	if acl == nil {
		acl = cannedACL(ObjectCannedACLPrivate)
	}
	return &GetObjectAclOutput{Owner: acl.Owner, Grants: acl.Grants}, nil
}

// PutObjectRetention sets an object version's retention, in a bucket with
// object lock. Errors: InvalidRequest (bucket without object lock),
// MalformedXML, AccessDenied (shortening COMPLIANCE or GOVERNANCE without
// bypass). Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectRetention.html
func (s *Service) PutObjectRetention(ctx context.Context, in *PutObjectRetentionRequest) (*PutObjectRetentionOutput, error) {
	r := in.Retention
	if r == nil || (r.Mode != nil && *r.Mode != ObjectLockRetentionModeGOVERNANCE && *r.Mode != ObjectLockRetentionModeCOMPLIANCE) {
		return nil, errMalformedXML()
	}
	_, _, err := s.changeVersion(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId, func(b *bucket, o *object) (*object, error) {
		if !b.objectLock {
			return nil, errLockNotEnabled()
		}
		if old := o.retention; old != nil && old.RetainUntilDate != nil && old.RetainUntilDate.After(s.now()) {
			shorter := r.RetainUntilDate == nil || r.RetainUntilDate.Before(*old.RetainUntilDate)
			if shorter && (valueOf(old.Mode) == ObjectLockRetentionModeCOMPLIANCE || !valueOf(in.BypassGovernanceRetention)) {
				return nil, errAccessDenied()
			}
		}
		c := o.clone()
		c.retention = &ObjectLockRetention{Mode: r.Mode, RetainUntilDate: r.RetainUntilDate}
		if r.Mode == nil && r.RetainUntilDate == nil {
			c.retention = nil
		}
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return &PutObjectRetentionOutput{}, nil
}

// GetObjectRetention returns the retention. Errors: InvalidRequest (bucket
// without object lock), NoSuchObjectLockConfiguration (none set). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectRetention.html
func (s *Service) GetObjectRetention(ctx context.Context, in *GetObjectRetentionRequest) (*GetObjectRetentionOutput, error) {
	b, o, err := s.lookup(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId)
	if err != nil {
		return nil, err
	}
	if !b.objectLock {
		return nil, errLockNotEnabled()
	}
	if o.retention == nil {
		return nil, s3Error(http.StatusNotFound, "NoSuchObjectLockConfiguration",
			"The specified object does not have a ObjectLock configuration", nil)
	}
	return &GetObjectRetentionOutput{Retention: o.retention}, nil
}

// PutObjectLegalHold sets the legal hold (ON or OFF). Errors as
// PutObjectRetention. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLegalHold.html
func (s *Service) PutObjectLegalHold(ctx context.Context, in *PutObjectLegalHoldRequest) (*PutObjectLegalHoldOutput, error) {
	if in.LegalHold == nil {
		return nil, errMalformedXML()
	}
	status := valueOf(in.LegalHold.Status)
	if status != ObjectLockLegalHoldStatusON && status != ObjectLockLegalHoldStatusOFF {
		return nil, errMalformedXML()
	}
	_, _, err := s.changeVersion(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId, func(b *bucket, o *object) (*object, error) {
		if !b.objectLock {
			return nil, errLockNotEnabled()
		}
		c := o.clone()
		c.legalHold = status
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return &PutObjectLegalHoldOutput{}, nil
}

// GetObjectLegalHold returns the legal hold. Errors: InvalidRequest,
// NoSuchObjectLockConfiguration. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectLegalHold.html
func (s *Service) GetObjectLegalHold(ctx context.Context, in *GetObjectLegalHoldRequest) (*GetObjectLegalHoldOutput, error) {
	b, o, err := s.lookup(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId)
	if err != nil {
		return nil, err
	}
	if !b.objectLock {
		return nil, errLockNotEnabled()
	}
	if o.legalHold == "" {
		return nil, s3Error(http.StatusNotFound, "NoSuchObjectLockConfiguration",
			"The specified object does not have a ObjectLock configuration", nil)
	}
	return &GetObjectLegalHoldOutput{LegalHold: &ObjectLockLegalHold{Status: ptr(o.legalHold)}}, nil
}

func errLockNotEnabled() error {
	return s3Error(http.StatusBadRequest, "InvalidRequest", "Bucket is missing Object Lock Configuration", nil)
}

func errMalformedXML() error {
	return s3Error(http.StatusBadRequest, "MalformedXML",
		"The XML you provided was not well-formed or did not validate against our published schema", nil)
}

// RestoreObject is accepted (200) and marks the object restored
// (x-amz-restore on GetObject/HeadObject), notifying
// s3:ObjectRestore:Post and :Completed: the emulator has no archive tiers,
// so objects are always readable. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html
func (s *Service) RestoreObject(ctx context.Context, in *RestoreObjectRequest) (*RestoreObjectOutput, error) {
	b, o, err := s.changeVersion(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId, func(_ *bucket, o *object) (*object, error) {
		c := o.clone()
		c.restored = true
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	// Restores complete at once: there is no archive tier.
	s.notify(ctx, b, eventRestorePost, o)
	s.notify(ctx, b, eventRestoreCompleted, o)
	return &RestoreObjectOutput{}, nil
}

// GetObjectAttributes returns the attributes asked for (ETag without
// quotes, Checksum, ObjectParts, StorageClass, ObjectSize). Errors:
// NoSuchKey, NoSuchVersion, InvalidArgument (no or unknown attribute).
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
func (s *Service) GetObjectAttributes(ctx context.Context, in *GetObjectAttributesRequest) (*GetObjectAttributesOutput, error) {
	if len(in.ObjectAttributes) == 0 {
		return nil, s3Error(http.StatusBadRequest, "InvalidRequest",
			"The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty", nil)
	}
	b, o, err := s.lookup(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId)
	if err != nil {
		return nil, err
	}
	out := &GetObjectAttributesOutput{LastModified: ptr(o.lastModified), VersionId: b.versionHeaderOf(o)}
	for _, a := range in.ObjectAttributes {
		switch a {
		case ObjectAttributesETag:
			out.ETag = ptr(trimQuotes(o.etag))
		case ObjectAttributesChecksum:
			c := &Checksum{ChecksumType: ptr(checksumFull)}
			o.checksums.set(checksumMembers(&c.ChecksumCRC32, &c.ChecksumCRC32C, &c.ChecksumCRC64NVME, &c.ChecksumSHA1,
				&c.ChecksumSHA256, &c.ChecksumSHA512, &c.ChecksumMD5, &c.ChecksumXXHASH64, &c.ChecksumXXHASH3, &c.ChecksumXXHASH128))
			out.Checksum = c
		case ObjectAttributesObjectParts:
			if len(o.partSizes) > 0 {
				out.ObjectParts = objectParts(o.partSizes, in.MaxParts, in.PartNumberMarker)
			}
		case ObjectAttributesStorageClass:
			out.StorageClass = ptr(o.storageClass)
		case ObjectAttributesObjectSize:
			out.ObjectSize = ptr(o.size)
		default:
			return nil, errInvalidArgument("Invalid attribute name specified.", "x-amz-object-attributes", a)
		}
	}
	return out, nil
}

// objectParts pages a multipart object's parts for GetObjectAttributes.
func objectParts(sizes []int64, maxParts, marker *int32) *GetObjectAttributesParts {
	limit := int32(1000)
	if maxParts != nil && *maxParts >= 0 {
		limit = *maxParts
	}
	from := valueOf(marker)
	p := &GetObjectAttributesParts{TotalPartsCount: ptr(int32(len(sizes))), PartNumberMarker: ptr(from),
		MaxParts: ptr(limit), IsTruncated: ptr(false)}
	for i, n := range sizes {
		num := int32(i + 1)
		if num <= from {
			continue
		}
		if int32(len(p.Parts)) == limit {
			p.IsTruncated = ptr(true)
			break
		}
		p.Parts = append(p.Parts, ObjectPart{PartNumber: ptr(num), Size: ptr(n)})
		p.NextPartNumberMarker = ptr(num)
	}
	return p
}

func trimQuotes(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}
