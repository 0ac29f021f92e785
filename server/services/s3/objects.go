package s3

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash"
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
	alg, wantSum, err := requestedChecksum(in)
	if err != nil {
		return nil, err
	}
	meta, err := userMetadata(in.Metadata)
	if err != nil {
		return nil, err
	}
	rb, err := s.receive(ctx, in.Body, in.ContentLength, in.ContentMD5, alg, wantSum)
	if err != nil {
		return nil, err
	}
	ref, size, sum, gotSum := rb.ref, rb.size, rb.md5, rb.checksum

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

	obj.tags, err = parseTagging(in.Tagging)
	if err != nil {
		s.dropBody(ctx, ref)
		return nil, err
	}
	obj.acl = cannedACL(valueOf(in.ACL))
	if obj.encryption, err = b.encryptionFor(in.ServerSideEncryption, in.SSEKMSKeyId, in.BucketKeyEnabled); err != nil {
		s.dropBody(ctx, ref)
		return nil, err
	}
	if err := b.lockFor(obj, in.ObjectLockMode, in.ObjectLockRetainUntilDate, in.ObjectLockLegalHoldStatus, obj.lastModified); err != nil {
		s.dropBody(ctx, ref)
		return nil, err
	}

	vid, err := s.storeObject(ctx, b, obj, in.IfMatch, in.IfNoneMatch)
	if err != nil {
		s.dropBody(ctx, ref)
		return nil, err
	}
	s.notify(ctx, b, eventPut, obj)
	out := &PutObjectOutput{ETag: ptr(obj.etag), ChecksumType: ptr(checksumFull), VersionId: vid}
	out.ServerSideEncryption, out.SSEKMSKeyId, out.BucketKeyEnabled = obj.encryption.headers()
	obj.checksums.set(checksumMembers(&out.ChecksumCRC32, &out.ChecksumCRC32C, &out.ChecksumCRC64NVME, &out.ChecksumSHA1,
		&out.ChecksumSHA256, &out.ChecksumSHA512, &out.ChecksumMD5, &out.ChecksumXXHASH64, &out.ChecksumXXHASH3, &out.ChecksumXXHASH128))
	return out, nil
}

// received is a body stored by receive.
type received struct {
	ref      string
	size     int64
	md5      []byte
	checksum string // base64 digest of the algorithm asked for
}

// hashingReader feeds what it reads from r to both hashes (io.TeeReader
// over io.MultiWriter without their two indirections) and gives the
// declared length to the body store as a SizeHinter.
type hashingReader struct {
	r        io.Reader
	md5, sum hash.Hash
	hint     int64
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	if n > 0 {
		h.md5.Write(p[:n])
		h.sum.Write(p[:n])
	}
	return n, err
}

// SizeHint implements SizeHinter.
func (h *hashingReader) SizeHint() int64 { return h.hint }

// receive streams body into the body store while hashing it, and checks
// Content-Length, Content-MD5 and the x-amz-checksum-<alg> value (sent as a
// header, or as an aws-chunked trailer when wantSum is ""). On any error
// nothing is kept. Errors: InvalidDigest, BadDigest, IncompleteBody, the
// codec's framing errors.
func (s *Service) receive(ctx context.Context, body io.Reader, contentLength *int64, contentMD5 *string, alg, wantSum string) (received, error) {
	var wantMD5 []byte
	if contentMD5 != nil {
		var err error
		wantMD5, err = base64.StdEncoding.DecodeString(*contentMD5)
		if err != nil || len(wantMD5) != md5.Size {
			return received{}, s3Error(http.StatusBadRequest, "InvalidDigest", "The Content-MD5 you specified was invalid.",
				map[string]string{"Content-MD5": *contentMD5})
		}
	}
	src := body
	if src == nil {
		src = bytes.NewReader(nil)
	}
	md5h, sumh := md5.New(), newChecksumHash(alg)
	hint := int64(-1)
	if contentLength != nil {
		hint = *contentLength
	}
	ref, size, err := s.bodies.Put(ctx, &hashingReader{r: src, md5: md5h, sum: sumh, hint: hint})
	if err != nil {
		var ae awsapi.APIError
		if errors.As(err, &ae) { // the codec's own framing error
			return received{}, err
		}
		return received{}, errIncompleteBody()
	}
	if wantSum == "" {
		wantSum = trailerChecksum(body, alg)
	}
	r := received{ref: ref, size: size, md5: md5h.Sum(nil), checksum: encodeChecksum(sumh)}
	switch {
	case contentLength != nil && *contentLength != size:
		err = errIncompleteBody()
	case wantMD5 != nil && !bytes.Equal(wantMD5, r.md5):
		err = s3Error(http.StatusBadRequest, "BadDigest",
			"The Content-MD5 you specified did not match what we received.",
			map[string]string{"ExpectedDigest": *contentMD5, "CalculatedDigest": base64.StdEncoding.EncodeToString(r.md5)})
	case wantSum != "" && wantSum != r.checksum:
		err = s3Error(http.StatusBadRequest, "BadDigest",
			"The "+alg+" you specified did not match the calculated checksum.", nil)
	}
	if err != nil {
		s.dropBody(ctx, ref)
		return received{}, err
	}
	return r, nil
}

// storeObject stores obj as the key's new version under the
// conditional-write headers, freeing the bodies of versions it replaced,
// and returns its x-amz-version-id.
func (s *Service) storeObject(ctx context.Context, b *bucket, obj *object, ifMatch, ifNoneMatch *string) (*string, error) {
	dropped, vid, err := b.store(obj, ifMatch, ifNoneMatch, s.newVersionID)
	if err != nil {
		return nil, err
	}
	for _, o := range dropped {
		s.dropBody(ctx, o.bodyRef)
	}
	return vid, nil
}

// store puts obj in the bucket under the conditional-write headers
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html),
// returning the versions it replaced for good.
func (b *bucket) store(obj *object, ifMatch, ifNoneMatch *string, newID func() string) ([]*object, *string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.deleted {
		return nil, nil, errNoSuchBucket(b.name)
	}
	cur := b.live(obj.key)
	if ifNoneMatch != nil && cur != nil && (*ifNoneMatch == "*" || etagMatches(*ifNoneMatch, cur.etag)) {
		return nil, nil, errPreconditionFailed("If-None-Match")
	}
	if ifMatch != nil {
		if cur == nil {
			return nil, nil, errNoSuchKey(obj.key)
		}
		if !etagMatches(*ifMatch, cur.etag) {
			return nil, nil, errPreconditionFailed("If-Match")
		}
	}
	dropped := b.putVersion(obj, newID)
	return dropped, b.versionHeader(obj), nil
}

// newVersionID is an opaque version id.
func (s *Service) newVersionID() string {
	if s.env.NewID != nil {
		return s.env.NewID()
	}
	return itoa(s.now().UnixNano())
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

// DeleteObject removes Key (204). Without VersionId: in an unversioned
// bucket the object goes; with versioning Enabled a delete marker becomes the
// current version; Suspended adds a null delete marker in place of the null
// version. With VersionId that version goes for good. A missing key is not
// an error: "If there isn't a null version, Amazon S3 does not remove any
// objects but will still respond that the command was successful." Errors:
// NoSuchBucket, PreconditionFailed (If-Match). Sources:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html,
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
func (s *Service) DeleteObject(ctx context.Context, in *DeleteObjectRequest) (*DeleteObjectOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	res, err := s.deleteOne(ctx, b, valueOf(in.Key), in.VersionId, in.IfMatch, valueOf(in.BypassGovernanceRetention))
	if err != nil {
		return nil, err
	}
	out := &DeleteObjectOutput{VersionId: res.versionID}
	if res.deleteMarker {
		out.DeleteMarker = ptr(true)
	}
	return out, nil
}

// deleted is what one deletion did.
type deleted struct {
	versionID    *string
	deleteMarker bool
	markerID     *string
}

// deleteOne deletes key (or one of its versions), as DeleteObject and
// DeleteObjects do.
func (s *Service) deleteOne(ctx context.Context, b *bucket, key string, versionID, ifMatch *string, bypass bool) (deleted, error) {
	var res deleted
	var freed []*object
	b.mu.Lock()
	if b.deleted {
		b.mu.Unlock()
		return res, errNoSuchBucket(b.name)
	}
	if ifMatch != nil {
		if cur := b.live(key); cur != nil && !etagMatches(*ifMatch, cur.etag) {
			b.mu.Unlock()
			return res, errPreconditionFailed("If-Match")
		}
	}
	switch {
	case versionID != nil:
		if v, err := b.version(key, *versionID); err == nil {
			if err := lockedAgainstDelete(v, bypass, s.now()); err != nil {
				b.mu.Unlock()
				return res, err
			}
		}
		if o := b.removeVersion(key, *versionID); o != nil {
			freed = append(freed, o)
			res.deleteMarker = o.deleteMarker
		}
		res.versionID = ptr(*versionID)
	case b.versioning == "":
		if o := b.objects.Delete(key); o != nil {
			freed = append(freed, o)
		}
	default:
		marker := &object{key: key, deleteMarker: true, lastModified: s.now()}
		freed = b.putVersion(marker, s.newVersionID)
		res.deleteMarker = true
		res.versionID = ptr(versionString(marker.versionID))
		res.markerID = res.versionID
	}
	b.mu.Unlock()
	for _, o := range freed {
		if !o.deleteMarker {
			s.dropBody(ctx, o.bodyRef)
		}
	}
	if len(freed) > 0 || res.deleteMarker {
		kind := eventDelete
		if res.markerID != nil {
			kind = eventDeleteMarker
		}
		s.notify(ctx, b, kind, &object{key: key, versionID: valueOf(res.versionID)})
	}
	return res, nil
}

// lookup returns the current version of key, or the version asked for.
// Errors: NoSuchBucket, NoSuchKey (also when the current version is a
// delete marker), NoSuchVersion, MethodNotAllowed (a delete marker by id).
func (s *Service) lookup(ctx context.Context, bucketName, expectedOwner, key, versionID *string) (*bucket, *object, error) {
	b, err := s.bucket(ctx, bucketName, expectedOwner)
	if err != nil {
		return nil, nil, err
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	if versionID != nil {
		obj, err := b.version(valueOf(key), *versionID)
		if err != nil {
			return nil, nil, err
		}
		if obj.deleteMarker {
			return nil, nil, errDeleteMarker()
		}
		return b, obj, nil
	}
	obj := b.live(valueOf(key))
	if obj == nil {
		return nil, nil, errNoSuchKey(valueOf(key))
	}
	return b, obj, nil
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
