package s3

import (
	"context"
	"net/http"
	"time"
)

// objectRead is what GetObject and HeadObject share: the object, the range
// asked for, if any.
type objectRead struct {
	b      *bucket
	obj    *object
	rng    byteRange
	ranged bool
}

// readConditions applies GetObject/HeadObject's conditional headers in S3's
// precedence (GetObject, API Reference: If-Match true wins over a false
// If-Unmodified-Since; If-None-Match false with If-Modified-Since true is 304):
// 412 PreconditionFailed for If-Match and If-Unmodified-Since, 304 for
// If-None-Match and If-Modified-Since.
func readConditions(obj *object, ifMatch, ifNoneMatch *string, ifModifiedSince, ifUnmodifiedSince *time.Time) error {
	if ifMatch != nil {
		if !etagMatches(*ifMatch, obj.etag) {
			return errPreconditionFailed("If-Match")
		}
	} else if ifUnmodifiedSince != nil && obj.lastModified.After(*ifUnmodifiedSince) {
		return errPreconditionFailed("If-Unmodified-Since")
	}
	if ifNoneMatch != nil {
		if etagMatches(*ifNoneMatch, obj.etag) {
			return errNotModified()
		}
	} else if ifModifiedSince != nil && !obj.lastModified.After(*ifModifiedSince) {
		return errNotModified()
	}
	return nil
}

// prepareRead finds the object and resolves conditions, part number and range.
func (s *Service) prepareRead(ctx context.Context, bucketName, owner, key, versionID *string,
	ifMatch, ifNoneMatch *string, ifModifiedSince, ifUnmodifiedSince *time.Time,
	partNumber *int32, rangeHeader *string,
) (*objectRead, error) {
	b, obj, err := s.lookup(ctx, bucketName, owner, key, versionID)
	if err != nil {
		return nil, err
	}
	if err := readConditions(obj, ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince); err != nil {
		return nil, err
	}
	if partNumber != nil && rangeHeader != nil {
		return nil, s3Error(http.StatusBadRequest, "InvalidRequest",
			"Cannot specify both Range header and partNumber query parameter", nil)
	}
	r := &objectRead{b: b, obj: obj}
	if partNumber != nil {
		// An object uploaded in one piece has one part: partNumber=1 is all
		// of it; a multipart object's part N is its byte range.
		count := max(len(obj.partSizes), 1)
		if *partNumber < 1 || int(*partNumber) > count {
			return nil, s3Error(http.StatusRequestedRangeNotSatisfiable, "InvalidPartNumber",
				"The requested partnumber is not satisfiable",
				map[string]string{"PartNumberRequested": itoa(int64(*partNumber)), "ActualPartCount": itoa(int64(count))})
		}
		if len(obj.partSizes) > 0 {
			var start int64
			for _, n := range obj.partSizes[:*partNumber-1] {
				start += n
			}
			r.rng, r.ranged = byteRange{start: start, length: obj.partSizes[*partNumber-1]}, true
		}
	}
	if rangeHeader != nil {
		r.rng, r.ranged, err = parseRange(*rangeHeader, obj.size)
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// GetObject streams an object's body (or the range asked for: the codec
// answers 206 when ContentRange is set). Checksums are returned only with
// ChecksumMode ENABLED on a whole-object read. Errors: NoSuchBucket,
// NoSuchKey, InvalidRange (416), InvalidPartNumber, PreconditionFailed (412),
// NotModified (304). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
func (s *Service) GetObject(ctx context.Context, in *GetObjectRequest) (*GetObjectOutput, error) {
	r, err := s.prepareRead(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId,
		in.IfMatch, in.IfNoneMatch, in.IfModifiedSince, in.IfUnmodifiedSince, in.PartNumber, in.Range)
	if err != nil {
		return nil, err
	}
	o := r.obj
	out := &GetObjectOutput{
		AcceptRanges: ptr("bytes"), ETag: ptr(o.etag), LastModified: ptr(o.lastModified),
		ContentLength: ptr(o.size), ContentType: ptr(o.contentType), Metadata: o.metadata,
		CacheControl: optional(o.cacheControl), ContentDisposition: optional(o.contentDisposition),
		ContentEncoding: optional(o.contentEncoding), ContentLanguage: optional(o.contentLanguage),
		Expires: optional(o.expires), WebsiteRedirectLocation: optional(o.websiteRedirect),
		StorageClass: storageClassHeader(o.storageClass),
	}
	out.VersionId = r.b.versionHeaderOf(o)
	out.PartsCount, out.TagCount = o.partsCount(in.PartNumber != nil), o.tagCount()
	out.ObjectLockMode, out.ObjectLockRetainUntilDate, out.ObjectLockLegalHoldStatus = o.lockHeaders()
	out.ServerSideEncryption, out.SSEKMSKeyId, out.BucketKeyEnabled = o.encryption.headers()
	out.Restore = o.restoreHeader()
	offset, length := int64(0), o.size
	if r.ranged {
		offset, length = r.rng.start, r.rng.length
		out.ContentLength = ptr(length)
		out.ContentRange = ptr(r.rng.contentRange(o.size))
	}
	if !r.ranged && valueOf(in.ChecksumMode) == ChecksumModeENABLED {
		out.ChecksumType = ptr(checksumFull)
		o.checksums.set(checksumMembers(&out.ChecksumCRC32, &out.ChecksumCRC32C, &out.ChecksumCRC64NVME, &out.ChecksumSHA1,
			&out.ChecksumSHA256, &out.ChecksumSHA512, &out.ChecksumMD5, &out.ChecksumXXHASH64, &out.ChecksumXXHASH3, &out.ChecksumXXHASH128))
	}
	overrideString(&out.CacheControl, in.ResponseCacheControl)
	overrideString(&out.ContentDisposition, in.ResponseContentDisposition)
	overrideString(&out.ContentEncoding, in.ResponseContentEncoding)
	overrideString(&out.ContentLanguage, in.ResponseContentLanguage)
	overrideString(&out.ContentType, in.ResponseContentType)
	if in.ResponseExpires != nil {
		out.Expires = ptr(in.ResponseExpires.UTC().Format(http.TimeFormat))
	}
	body, err := s.bodies.Open(ctx, o.bodyRef, offset, length)
	if err != nil {
		return nil, err
	}
	out.Body = body
	return out, nil
}

// HeadObject is GetObject without the body: the same headers, conditions
// and range. Errors as GetObject (the codec sends HEAD errors without a
// body). Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
func (s *Service) HeadObject(ctx context.Context, in *HeadObjectRequest) (*HeadObjectOutput, error) {
	r, err := s.prepareRead(ctx, in.Bucket, in.ExpectedBucketOwner, in.Key, in.VersionId,
		in.IfMatch, in.IfNoneMatch, in.IfModifiedSince, in.IfUnmodifiedSince, in.PartNumber, in.Range)
	if err != nil {
		return nil, err
	}
	o := r.obj
	out := &HeadObjectOutput{
		AcceptRanges: ptr("bytes"), ETag: ptr(o.etag), LastModified: ptr(o.lastModified),
		ContentLength: ptr(o.size), ContentType: ptr(o.contentType), Metadata: o.metadata,
		CacheControl: optional(o.cacheControl), ContentDisposition: optional(o.contentDisposition),
		ContentEncoding: optional(o.contentEncoding), ContentLanguage: optional(o.contentLanguage),
		Expires: optional(o.expires), WebsiteRedirectLocation: optional(o.websiteRedirect),
		StorageClass: storageClassHeader(o.storageClass),
	}
	out.VersionId = r.b.versionHeaderOf(o)
	out.PartsCount = o.partsCount(in.PartNumber != nil)
	out.ObjectLockMode, out.ObjectLockRetainUntilDate, out.ObjectLockLegalHoldStatus = o.lockHeaders()
	out.ServerSideEncryption, out.SSEKMSKeyId, out.BucketKeyEnabled = o.encryption.headers()
	out.Restore = o.restoreHeader()
	if r.ranged {
		out.ContentLength = ptr(r.rng.length)
		out.ContentRange = ptr(r.rng.contentRange(o.size))
	}
	if !r.ranged && valueOf(in.ChecksumMode) == ChecksumModeENABLED {
		out.ChecksumType = ptr(checksumFull)
		o.checksums.set(checksumMembers(&out.ChecksumCRC32, &out.ChecksumCRC32C, &out.ChecksumCRC64NVME, &out.ChecksumSHA1,
			&out.ChecksumSHA256, &out.ChecksumSHA512, &out.ChecksumMD5, &out.ChecksumXXHASH64, &out.ChecksumXXHASH3, &out.ChecksumXXHASH128))
	}
	overrideString(&out.CacheControl, in.ResponseCacheControl)
	overrideString(&out.ContentDisposition, in.ResponseContentDisposition)
	overrideString(&out.ContentEncoding, in.ResponseContentEncoding)
	overrideString(&out.ContentLanguage, in.ResponseContentLanguage)
	overrideString(&out.ContentType, in.ResponseContentType)
	if in.ResponseExpires != nil {
		out.Expires = ptr(in.ResponseExpires.UTC().Format(http.TimeFormat))
	}
	return out, nil
}

// optional is nil for "" (a header the object was stored without).
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// storageClassHeader is x-amz-storage-class, which S3 omits for STANDARD.
func storageClassHeader(class string) *string {
	if class == storageStandard {
		return nil
	}
	return optional(class)
}

// overrideString applies a response-* query parameter.
func overrideString(dst **string, override *string) {
	if override != nil {
		*dst = override
	}
}
