package s3

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Object limits from
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html and
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html.
const (
	maxKeyBytes      = 1024
	maxMetadataBytes = 2048
	maxPutBytes      = 5 << 30 // one PUT: 5 GiB (upload-objects.html)
	defaultType      = "binary/octet-stream"
	storageStandard  = "STANDARD"
	checksumFull     = "FULL_OBJECT"
)

// PutObject stores Body under Key, streaming it into the body store while
// hashing it. ETag is the quoted hex MD5; Content-Type defaults to
// binary/octet-stream; user metadata keys are lower-cased. Errors:
// NoSuchBucket, KeyTooLongError, MetadataTooLarge, EntityTooLarge,
// IncompleteBody, InvalidDigest and BadDigest
// (Content-MD5 or x-amz-checksum-* mismatch), PreconditionFailed (If-Match,
// If-None-Match). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
func (s *Service) PutObject(ctx context.Context, in *PutObjectRequest) (*PutObjectOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	key := valueOf(in.Key)
	if len(key) > maxKeyBytes {
		return nil, s3Error(http.StatusBadRequest, "KeyTooLongError", "Your key is too long",
			map[string]string{"Size": itoa(int64(len(key))), "MaxSizeAllowed": itoa(maxKeyBytes)})
	}
	if in.ContentLength != nil && *in.ContentLength > maxPutBytes {
		return nil, s3Error(http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size",
			map[string]string{"ProposedSize": itoa(*in.ContentLength), "MaxSizeAllowed": itoa(maxPutBytes)})
	}
	var wantMD5 []byte
	if in.ContentMD5 != nil {
		wantMD5, err = base64.StdEncoding.DecodeString(*in.ContentMD5)
		if err != nil || len(wantMD5) != md5.Size {
			return nil, s3Error(http.StatusBadRequest, "InvalidDigest", "The Content-MD5 you specified was invalid.",
				map[string]string{"Content-MD5": *in.ContentMD5})
		}
	}
	alg, wantSum, err := requestedChecksum(in)
	if err != nil {
		return nil, err
	}
	meta, err := userMetadata(in.Metadata)
	if err != nil {
		return nil, err
	}

	body := in.Body
	if body == nil {
		body = bytes.NewReader(nil)
	}
	md5h, sumh := md5.New(), newChecksumHash(alg)
	ref, size, err := s.bodies.Put(ctx, io.TeeReader(body, io.MultiWriter(md5h, sumh)))
	if err != nil {
		var ae awsapi.APIError
		if errors.As(err, &ae) { // the codec's own framing error
			return nil, err
		}
		return nil, errIncompleteBody()
	}
	if wantSum == "" {
		wantSum = trailerChecksum(in.Body, alg)
	}
	sum := md5h.Sum(nil)
	gotSum := encodeChecksum(sumh)
	switch {
	case in.ContentLength != nil && *in.ContentLength != size:
		s.dropBody(ctx, ref)
		return nil, errIncompleteBody()
	case wantMD5 != nil && !bytes.Equal(wantMD5, sum):
		s.dropBody(ctx, ref)
		return nil, s3Error(http.StatusBadRequest, "BadDigest",
			"The Content-MD5 you specified did not match what we received.",
			map[string]string{"ExpectedDigest": *in.ContentMD5, "CalculatedDigest": base64.StdEncoding.EncodeToString(sum)})
	case wantSum != "" && wantSum != gotSum:
		s.dropBody(ctx, ref)
		return nil, s3Error(http.StatusBadRequest, "BadDigest",
			"The "+alg+" you specified did not match the calculated checksum.", nil)
	}

	obj := &object{
		key: key, size: size, etag: `"` + hex.EncodeToString(sum) + `"`, lastModified: s.now(), bodyRef: ref,
		contentType:        valueOf(in.ContentType),
		contentEncoding:    valueOf(in.ContentEncoding),
		contentDisposition: valueOf(in.ContentDisposition),
		contentLanguage:    valueOf(in.ContentLanguage),
		cacheControl:       valueOf(in.CacheControl),
		expires:            valueOf(in.Expires),
		websiteRedirect:    valueOf(in.WebsiteRedirectLocation),
		storageClass:       valueOf(in.StorageClass),
		metadata:           meta,
		checksums:          checksums{algorithm: alg, value: gotSum},
	}
	if obj.contentType == "" {
		obj.contentType = defaultType
	}
	if obj.storageClass == "" {
		obj.storageClass = storageStandard
	}

	old, err := b.store(obj, in.IfMatch, in.IfNoneMatch)
	if err != nil {
		s.dropBody(ctx, ref)
		return nil, err
	}
	if old != nil {
		s.dropBody(ctx, old.bodyRef)
	}
	out := &PutObjectOutput{ETag: ptr(obj.etag), ChecksumType: ptr(checksumFull)}
	obj.checksums.set(checksumMembers(&out.ChecksumCRC32, &out.ChecksumCRC32C, &out.ChecksumCRC64NVME, &out.ChecksumSHA1,
		&out.ChecksumSHA256, &out.ChecksumSHA512, &out.ChecksumMD5, &out.ChecksumXXHASH64, &out.ChecksumXXHASH3, &out.ChecksumXXHASH128))
	return out, nil
}

// store puts obj in the bucket under the conditional-write headers
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html),
// returning the object it replaced.
func (b *bucket) store(obj *object, ifMatch, ifNoneMatch *string) (*object, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.deleted {
		return nil, errNoSuchBucket(b.name)
	}
	cur := b.objects.Get(obj.key)
	if ifNoneMatch != nil && cur != nil && (*ifNoneMatch == "*" || etagMatches(*ifNoneMatch, cur.etag)) {
		return nil, errPreconditionFailed("If-None-Match")
	}
	if ifMatch != nil {
		if cur == nil {
			return nil, errNoSuchKey(obj.key)
		}
		if !etagMatches(*ifMatch, cur.etag) {
			return nil, errPreconditionFailed("If-Match")
		}
	}
	return b.objects.Put(obj.key, obj), nil
}

// dropBody deletes a body no object refers to any more.
func (s *Service) dropBody(ctx context.Context, ref string) {
	if err := s.bodies.Delete(ctx, ref); err != nil && s.env.Logger != nil {
		s.env.Logger.Warn("s3: deleting object body", "ref", ref, "error", err)
	}
}

// userMetadata lower-cases x-amz-meta-* names (S3 stores them in lower case)
// and enforces the 2 KB limit on names plus values. Error: MetadataTooLarge.
func userMetadata(in map[string]string) (map[string]string, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]string, len(in))
	total := 0
	for k, v := range in {
		out[strings.ToLower(k)] = v
		total += len(k) + len(v)
	}
	if total > maxMetadataBytes {
		return nil, s3Error(http.StatusBadRequest, "MetadataTooLarge",
			"Your metadata headers exceed the maximum allowed metadata size.",
			map[string]string{"Size": itoa(int64(total)), "MaxSizeAllowed": itoa(maxMetadataBytes)})
	}
	return out, nil
}

// DeleteObject removes Key (204). A missing key is not an error: "If there
// isn't a null version, Amazon S3 does not remove any objects but will still
// respond that the command was successful." Errors: NoSuchBucket. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
func (s *Service) DeleteObject(ctx context.Context, in *DeleteObjectRequest) (*DeleteObjectOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	key := valueOf(in.Key)
	b.mu.Lock()
	cur := b.objects.Get(key)
	switch {
	case cur == nil:
	case in.IfMatch != nil && !etagMatches(*in.IfMatch, cur.etag):
		b.mu.Unlock()
		return nil, errPreconditionFailed("If-Match")
	default:
		b.objects.Delete(key)
	}
	b.mu.Unlock()
	if cur != nil {
		s.dropBody(ctx, cur.bodyRef)
	}
	return &DeleteObjectOutput{}, nil
}

// lookup returns the object stored under key. Errors: NoSuchBucket, NoSuchKey.
func (s *Service) lookup(ctx context.Context, bucketName, expectedOwner, key *string) (*object, error) {
	b, err := s.bucket(ctx, bucketName, expectedOwner)
	if err != nil {
		return nil, err
	}
	b.mu.RLock()
	obj := b.objects.Get(valueOf(key))
	b.mu.RUnlock()
	if obj == nil {
		return nil, errNoSuchKey(valueOf(key))
	}
	return obj, nil
}

// etagMatches compares an If-Match/If-None-Match value (a list of quoted or
// bare ETags, or "*") with a stored quoted ETag.
func etagMatches(header, etag string) bool {
	for _, v := range strings.Split(header, ",") {
		v = strings.TrimSpace(v)
		v = strings.TrimPrefix(v, "W/")
		if v == "*" || strings.Trim(v, `"`) == strings.Trim(etag, `"`) {
			return true
		}
	}
	return false
}

// errIncompleteBody is S3's 400 for a body shorter than its Content-Length or
// cut off mid-stream (ErrorResponses.html).
func errIncompleteBody() error {
	return s3Error(http.StatusBadRequest, "IncompleteBody",
		"You did not provide the number of bytes specified by the Content-Length HTTP header", nil)
}

// trailerChecksum is the x-amz-checksum-<alg> value an aws-chunked body sent
// as a trailer (x-amz-trailer), readable once the body reached EOF: the
// rest-xml codec's body reader exposes Trailer() then. "" when there is none.
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
func trailerChecksum(body io.Reader, alg string) string {
	t, ok := body.(interface{ Trailer() http.Header })
	if !ok || t.Trailer() == nil {
		return ""
	}
	return t.Trailer().Get("x-amz-checksum-" + strings.ToLower(alg))
}
