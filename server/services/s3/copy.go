package s3

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// copySource is a parsed x-amz-copy-source: "bucket/key" or
// "/bucket/key", URL-encoded, optionally "?versionId=id"
// (API_CopyObject.html, "x-amz-copy-source").
type copySource struct {
	bucket, key string
	versionID   *string
}

// parseCopySource reads x-amz-copy-source. Errors: InvalidArgument.
func parseCopySource(raw *string) (copySource, error) {
	bad := errInvalidArgument("Invalid copy source object key", "x-amz-copy-source", valueOf(raw))
	src := strings.TrimPrefix(valueOf(raw), "/")
	path, query, _ := strings.Cut(src, "?")
	p, err := url.PathUnescape(path)
	if err != nil {
		return copySource{}, bad
	}
	bucketName, key, ok := strings.Cut(p, "/")
	if !ok || bucketName == "" || key == "" {
		return copySource{}, bad
	}
	cs := copySource{bucket: bucketName, key: key}
	if query != "" {
		q, err := url.ParseQuery(query)
		if err != nil {
			return copySource{}, bad
		}
		if v, ok := q["versionId"]; ok {
			cs.versionID = ptr(v[0])
		}
	}
	return cs, nil
}

// copyConditions applies the x-amz-copy-source-if-* headers: all failures
// are 412 PreconditionFailed (API_CopyObject.html: if-match true with
// if-unmodified-since false succeeds; if-none-match false with
// if-modified-since true fails).
func copyConditions(o *object, ifMatch, ifNoneMatch *string, ifModifiedSince, ifUnmodifiedSince *time.Time) error {
	if ifMatch != nil {
		if !etagMatches(*ifMatch, o.etag) {
			return errPreconditionFailed("x-amz-copy-source-If-Match")
		}
	} else if ifUnmodifiedSince != nil && o.lastModified.After(*ifUnmodifiedSince) {
		return errPreconditionFailed("x-amz-copy-source-If-Unmodified-Since")
	}
	if ifNoneMatch != nil {
		if etagMatches(*ifNoneMatch, o.etag) {
			return errPreconditionFailed("x-amz-copy-source-If-None-Match")
		}
	} else if ifModifiedSince != nil && !o.lastModified.After(*ifModifiedSince) {
		return errPreconditionFailed("x-amz-copy-source-If-Modified-Since")
	}
	return nil
}

// source finds a copy source object. Errors: NoSuchBucket, NoSuchKey,
// NoSuchVersion, InvalidRequest (a delete marker by version id).
func (s *Service) source(ctx context.Context, raw, expectedOwner *string) (*bucket, *object, copySource, error) {
	cs, err := parseCopySource(raw)
	if err != nil {
		return nil, nil, cs, err
	}
	b, o, err := s.lookup(ctx, &cs.bucket, expectedOwner, &cs.key, cs.versionID)
	if err != nil {
		if isCode(err, "MethodNotAllowed") {
			err = s3Error(http.StatusBadRequest, "InvalidRequest",
				"The source of a copy request may not specifically refer to a delete marker by version id.", nil)
		}
		return nil, nil, cs, err
	}
	return b, o, cs, nil
}

// CopyObject copies an object (a version with ?versionId) within or across
// buckets. MetadataDirective COPY (default) keeps the source's metadata and
// content headers, REPLACE takes the request's; TaggingDirective likewise.
// Copying an object onto itself must change something. Errors:
// NoSuchBucket, NoSuchKey, InvalidArgument (directives, copy source),
// InvalidRequest (self-copy without changes), PreconditionFailed (copy
// source conditions, If-Match/If-None-Match on the destination). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
func (s *Service) CopyObject(ctx context.Context, in *CopyObjectRequest) (*CopyObjectOutput, error) {
	dst, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	metaDir, tagDir := valueOf(in.MetadataDirective), valueOf(in.TaggingDirective)
	if metaDir != "" && metaDir != MetadataDirectiveCOPY && metaDir != MetadataDirectiveREPLACE {
		return nil, errInvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", metaDir)
	}
	if tagDir != "" && tagDir != TaggingDirectiveCOPY && tagDir != TaggingDirectiveREPLACE {
		return nil, errInvalidArgument("Unknown tagging directive.", "x-amz-tagging-directive", tagDir)
	}
	key := valueOf(in.Key)
	if len(key) > maxKeyBytes {
		return nil, s3Error(http.StatusBadRequest, "KeyTooLongError", "Your key is too long",
			map[string]string{"Size": itoa(int64(len(key))), "MaxSizeAllowed": itoa(maxKeyBytes)})
	}
	srcBucket, src, cs, err := s.source(ctx, in.CopySource, in.ExpectedSourceBucketOwner)
	if err != nil {
		return nil, err
	}
	if err := copyConditions(src, in.CopySourceIfMatch, in.CopySourceIfNoneMatch, in.CopySourceIfModifiedSince, in.CopySourceIfUnmodifiedSince); err != nil {
		return nil, err
	}
	if src.size > maxPutBytes {
		return nil, errInvalidRequest("The specified copy source is larger than the maximum allowable size for a copy source: 5368709120")
	}
	self := srcBucket == dst && cs.key == key
	if self && metaDir != MetadataDirectiveREPLACE && in.StorageClass == nil && in.WebsiteRedirectLocation == nil &&
		in.ServerSideEncryption == nil && in.ChecksumAlgorithm == nil {
		return nil, errInvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
	}

	obj := src.clone()
	obj.key, obj.versionID, obj.deleteMarker, obj.partSizes, obj.restored = key, "", false, nil, false
	obj.acl = cannedACL(valueOf(in.ACL))
	if obj.encryption, err = dst.encryptionFor(in.ServerSideEncryption, in.SSEKMSKeyId, in.BucketKeyEnabled); err != nil {
		return nil, err
	}
	if err := dst.lockFor(obj, in.ObjectLockMode, in.ObjectLockRetainUntilDate, in.ObjectLockLegalHoldStatus, s.now()); err != nil {
		return nil, err
	}
	if metaDir == MetadataDirectiveREPLACE {
		meta, err := userMetadata(in.Metadata)
		if err != nil {
			return nil, err
		}
		obj.metadata = meta
		obj.contentType, obj.contentEncoding = valueOf(in.ContentType), valueOf(in.ContentEncoding)
		obj.contentDisposition, obj.contentLanguage = valueOf(in.ContentDisposition), valueOf(in.ContentLanguage)
		obj.cacheControl, obj.expires = valueOf(in.CacheControl), valueOf(in.Expires)
		if obj.contentType == "" {
			obj.contentType = defaultType
		}
	}
	if in.WebsiteRedirectLocation != nil {
		obj.websiteRedirect = *in.WebsiteRedirectLocation
	}
	obj.storageClass = storageStandard
	if in.StorageClass != nil {
		obj.storageClass = *in.StorageClass
	}
	if tagDir == TaggingDirectiveREPLACE {
		if obj.tags, err = parseTagging(in.Tagging); err != nil {
			return nil, err
		}
	}
	alg := valueOf(in.ChecksumAlgorithm)
	if alg == "" {
		alg = src.checksums.algorithm
	}
	if newChecksumHash(alg) == nil {
		alg = algCRC64NVME
	}

	rc, err := s.bodies.Open(ctx, src.bodyRef, 0, src.size)
	if err != nil {
		return nil, err
	}
	md5h, sumh := md5.New(), newChecksumHash(alg)
	ref, size, err := s.bodies.Put(ctx, io.TeeReader(rc, io.MultiWriter(md5h, sumh)))
	rc.Close()
	if err != nil {
		return nil, err
	}
	obj.bodyRef, obj.size, obj.lastModified = ref, size, s.now()
	obj.etag = `"` + hex.EncodeToString(md5h.Sum(nil)) + `"`
	obj.checksums = checksums{algorithm: alg, value: encodeChecksum(sumh)}
	vid, err := s.storeObject(ctx, dst, obj, in.IfMatch, in.IfNoneMatch)
	if err != nil {
		s.dropBody(ctx, ref)
		return nil, err
	}
	s.notify(ctx, dst, eventCopy, obj)
	res := &CopyObjectResult{ETag: ptr(obj.etag), LastModified: ptr(obj.lastModified), ChecksumType: ptr(checksumFull)}
	obj.checksums.set(checksumMembers(&res.ChecksumCRC32, &res.ChecksumCRC32C, &res.ChecksumCRC64NVME, &res.ChecksumSHA1,
		&res.ChecksumSHA256, new(*string), new(*string), new(*string), new(*string), new(*string)))
	out := &CopyObjectOutput{CopyObjectResult: res, VersionId: vid}
	out.ServerSideEncryption, out.SSEKMSKeyId, out.BucketKeyEnabled = obj.encryption.headers()
	out.CopySourceVersionId = srcBucket.versionHeaderOf(src)
	return out, nil
}

// UploadPartCopy makes a part from a source object, or the byte range
// x-amz-copy-source-range ("bytes=first-last", both inclusive). Errors:
// as UploadPart and CopyObject, InvalidArgument (a malformed range),
// InvalidRange (a range outside the source). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html
func (s *Service) UploadPartCopy(ctx context.Context, in *UploadPartCopyRequest) (*UploadPartCopyOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	if err := checkPartNumber(in.PartNumber); err != nil {
		return nil, err
	}
	b.mu.RLock()
	u, err := b.findUpload(valueOf(in.UploadId), valueOf(in.Key))
	b.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	srcBucket, src, _, err := s.source(ctx, in.CopySource, in.ExpectedSourceBucketOwner)
	if err != nil {
		return nil, err
	}
	if err := copyConditions(src, in.CopySourceIfMatch, in.CopySourceIfNoneMatch, in.CopySourceIfModifiedSince, in.CopySourceIfUnmodifiedSince); err != nil {
		return nil, err
	}
	offset, length := int64(0), src.size
	if in.CopySourceRange != nil {
		if offset, length, err = copyRange(*in.CopySourceRange, src.size); err != nil {
			return nil, err
		}
	}
	rc, err := s.bodies.Open(ctx, src.bodyRef, offset, length)
	if err != nil {
		return nil, err
	}
	alg := u.template.checksums.algorithm
	md5h, sumh := md5.New(), newChecksumHash(alg)
	ref, size, err := s.bodies.Put(ctx, io.TeeReader(rc, io.MultiWriter(md5h, sumh)))
	rc.Close()
	if err != nil {
		return nil, err
	}
	sum := md5h.Sum(nil)
	p := &part{number: *in.PartNumber, size: size, etag: `"` + hex.EncodeToString(sum) + `"`, md5: sum,
		bodyRef: ref, lastModified: s.now(), checksum: encodeChecksum(sumh)}
	if err := s.addPart(ctx, b, u, p); err != nil {
		return nil, err
	}
	res := &CopyPartResult{ETag: ptr(p.etag), LastModified: ptr(p.lastModified)}
	checksums{algorithm: alg, value: p.checksum}.set(checksumMembers(&res.ChecksumCRC32, &res.ChecksumCRC32C,
		&res.ChecksumCRC64NVME, &res.ChecksumSHA1, &res.ChecksumSHA256, new(*string), new(*string), new(*string), new(*string), new(*string)))
	out := &UploadPartCopyOutput{CopyPartResult: res}
	out.CopySourceVersionId = srcBucket.versionHeaderOf(src)
	return out, nil
}

// copyRange parses x-amz-copy-source-range against a source of size bytes.
func copyRange(h string, size int64) (offset, length int64, err error) {
	bad := errInvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy",
		"x-amz-copy-source-range", h)
	spec, ok := strings.CutPrefix(h, "bytes=")
	if !ok {
		return 0, 0, bad
	}
	a, z, ok := strings.Cut(spec, "-")
	if !ok {
		return 0, 0, bad
	}
	first, err1 := parseDigits(a)
	last, err2 := parseDigits(z)
	if err1 != nil || err2 != nil || last < first {
		return 0, 0, bad
	}
	if last >= size {
		return 0, 0, errInvalidArgument("Range specified is not valid for source object of size: "+itoa(size),
			"x-amz-copy-source-range", h)
	}
	return first, last - first + 1, nil
}

func errInvalidRequest(msg string) error {
	return s3Error(http.StatusBadRequest, "InvalidRequest", msg, nil)
}
