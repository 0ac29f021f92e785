package s3

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Multipart uploads, from
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html and
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html: part
// numbers 1 to 10,000, every part but the last at least 5 MiB, the
// completed object's ETag the MD5 of the parts' binary MD5s followed by
// "-<number of parts>".

const (
	maxPartNumber = 10000
	minPartSize   = 5 << 20
)

// upload is a multipart upload in progress; guarded by its bucket's lock.
type upload struct {
	id        string
	key       string
	initiated time.Time
	// template holds the final object's metadata (no body yet).
	template *object
	parts    map[int32]*part
}

// part is one uploaded part; immutable.
type part struct {
	number       int32
	size         int64
	etag         string // quoted hex MD5
	md5          []byte
	bodyRef      string
	lastModified time.Time
	checksum     string
}

func errNoSuchUpload(id string) error {
	return s3Error(http.StatusNotFound, "NoSuchUpload",
		"The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
		map[string]string{"UploadId": id})
}

// CreateMultipartUpload starts an upload, keeping the object's metadata for
// CompleteMultipartUpload. Errors: NoSuchBucket, KeyTooLongError,
// MetadataTooLarge, InvalidRequest (unsupported checksum). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html
func (s *Service) CreateMultipartUpload(ctx context.Context, in *CreateMultipartUploadRequest) (*CreateMultipartUploadOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	key := valueOf(in.Key)
	if len(key) > maxKeyBytes {
		return nil, s3Error(http.StatusBadRequest, "KeyTooLongError", "Your key is too long",
			map[string]string{"Size": itoa(int64(len(key))), "MaxSizeAllowed": itoa(maxKeyBytes)})
	}
	meta, err := userMetadata(in.Metadata)
	if err != nil {
		return nil, err
	}
	alg := valueOf(in.ChecksumAlgorithm)
	if alg == "" {
		alg = algCRC64NVME
	} else if newChecksumHash(alg) == nil {
		return nil, s3Error(http.StatusBadRequest, "InvalidRequest", "Checksum algorithm provided is unsupported.", nil)
	}
	tags, err := parseTagging(in.Tagging)
	if err != nil {
		return nil, err
	}
	t := &object{
		key: key, contentType: valueOf(in.ContentType), contentEncoding: valueOf(in.ContentEncoding),
		contentDisposition: valueOf(in.ContentDisposition), contentLanguage: valueOf(in.ContentLanguage),
		cacheControl: valueOf(in.CacheControl), expires: valueOf(in.Expires),
		websiteRedirect: valueOf(in.WebsiteRedirectLocation), storageClass: valueOf(in.StorageClass),
		metadata: meta, checksums: checksums{algorithm: alg}, tags: tags, acl: cannedACL(valueOf(in.ACL)),
	}
	if t.encryption, err = b.encryptionFor(in.ServerSideEncryption, in.SSEKMSKeyId, in.BucketKeyEnabled); err != nil {
		return nil, err
	}
	if err := b.lockFor(t, in.ObjectLockMode, in.ObjectLockRetainUntilDate, in.ObjectLockLegalHoldStatus, s.now()); err != nil {
		return nil, err
	}
	if t.contentType == "" {
		t.contentType = defaultType
	}
	if t.storageClass == "" {
		t.storageClass = storageStandard
	}
	u := &upload{id: s.newUploadID(), key: key, initiated: s.now(), template: t, parts: map[int32]*part{}}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.deleted {
		return nil, errNoSuchBucket(b.name)
	}
	b.uploads[u.id] = u
	out := &CreateMultipartUploadOutput{Bucket: ptr(b.name), Key: ptr(key), UploadId: ptr(u.id),
		ChecksumAlgorithm: optional(valueOf(in.ChecksumAlgorithm)), ChecksumType: ptr(checksumFull)}
	out.ServerSideEncryption, out.SSEKMSKeyId, out.BucketKeyEnabled = t.encryption.headers()
	return out, nil
}

func (s *Service) newUploadID() string {
	return strings.ReplaceAll(s.newVersionID(), "-", "")
}

// findUpload returns an upload of key. Errors: NoSuchUpload.
func (b *bucket) findUpload(id, key string) (*upload, error) {
	u := b.uploads[id]
	if u == nil || u.key != key {
		return nil, errNoSuchUpload(id)
	}
	return u, nil
}

func checkPartNumber(n *int32) error {
	if n == nil || *n < 1 || *n > maxPartNumber {
		return errInvalidArgument("Part number must be an integer between 1 and 10000, inclusive",
			"partNumber", itoa(int64(valueOf(n))))
	}
	return nil
}

// UploadPart stores one part, replacing an earlier part of the same
// number. ETag is the part's quoted MD5. Errors: NoSuchUpload,
// InvalidArgument (part number), EntityTooLarge (over 5 GiB), InvalidDigest,
// BadDigest, IncompleteBody. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html
func (s *Service) UploadPart(ctx context.Context, in *UploadPartRequest) (*UploadPartOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	if err := checkPartNumber(in.PartNumber); err != nil {
		return nil, err
	}
	if in.ContentLength != nil && *in.ContentLength > maxPutBytes {
		return nil, s3Error(http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size",
			map[string]string{"ProposedSize": itoa(*in.ContentLength), "MaxSizeAllowed": itoa(maxPutBytes)})
	}
	b.mu.RLock()
	u, err := b.findUpload(valueOf(in.UploadId), valueOf(in.Key))
	b.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	members := checksumMembers(&in.ChecksumCRC32, &in.ChecksumCRC32C, &in.ChecksumCRC64NVME, &in.ChecksumSHA1,
		&in.ChecksumSHA256, new(*string), new(*string), new(*string), new(*string), new(*string))
	alg, wantSum, err := pickChecksum(members, in.ChecksumAlgorithm)
	if err != nil {
		return nil, err
	}
	if in.ChecksumAlgorithm == nil && wantSum == "" {
		alg = u.template.checksums.algorithm
	}
	rb, err := s.receive(ctx, in.Body, in.ContentLength, in.ContentMD5, alg, wantSum)
	if err != nil {
		return nil, err
	}
	p := &part{number: *in.PartNumber, size: rb.size, etag: `"` + hex.EncodeToString(rb.md5) + `"`, md5: rb.md5,
		bodyRef: rb.ref, lastModified: s.now()}
	if alg == u.template.checksums.algorithm {
		p.checksum = rb.checksum
	}
	if err := s.addPart(ctx, b, u, p); err != nil {
		return nil, err
	}
	out := &UploadPartOutput{ETag: ptr(p.etag)}
	out.ServerSideEncryption, out.SSEKMSKeyId, out.BucketKeyEnabled = u.template.encryption.headers()
	if alg != "" {
		checksums{algorithm: alg, value: rb.checksum}.set(checksumMembers(&out.ChecksumCRC32, &out.ChecksumCRC32C,
			&out.ChecksumCRC64NVME, &out.ChecksumSHA1, &out.ChecksumSHA256, new(*string), new(*string), new(*string), new(*string), new(*string)))
	}
	return out, nil
}

// addPart records p in u unless the upload ended meanwhile.
func (s *Service) addPart(ctx context.Context, b *bucket, u *upload, p *part) error {
	b.mu.Lock()
	if b.uploads[u.id] != u {
		b.mu.Unlock()
		s.dropBody(ctx, p.bodyRef)
		return errNoSuchUpload(u.id)
	}
	old := u.parts[p.number]
	u.parts[p.number] = p
	b.mu.Unlock()
	if old != nil {
		s.dropBody(ctx, old.bodyRef)
	}
	return nil
}

// CompleteMultipartUpload joins the listed parts into the object. Parts
// must be listed in ascending order, each with its ETag, and every part but
// the last must be at least 5 MiB. Errors: NoSuchUpload, MalformedXML (no
// parts), InvalidPartOrder, InvalidPart, EntityTooSmall, PreconditionFailed.
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
func (s *Service) CompleteMultipartUpload(ctx context.Context, in *CompleteMultipartUploadRequest) (*CompleteMultipartUploadOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	if in.MultipartUpload == nil || len(in.MultipartUpload.Parts) == 0 {
		return nil, s3Error(http.StatusBadRequest, "InvalidRequest", "You must specify at least one part", nil)
	}
	listed := in.MultipartUpload.Parts
	// Choose the parts and open their bodies under the lock, so a part
	// replaced meanwhile is still read whole (BodyStore's contract).
	var readers []io.Reader
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	md5s := md5.New()
	var sizes []int64
	var total int64
	b.mu.RLock()
	u, err := b.findUpload(valueOf(in.UploadId), valueOf(in.Key))
	var chosen []*part
	if err == nil {
		chosen, err = chooseParts(u, listed)
	}
	for _, p := range chosen {
		if err != nil {
			break
		}
		var rc io.ReadCloser
		if rc, err = s.bodies.Open(ctx, p.bodyRef, 0, p.size); err == nil {
			closers = append(closers, rc)
			readers = append(readers, rc)
			md5s.Write(p.md5)
			sizes = append(sizes, p.size)
			total += p.size
		}
	}
	b.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	if in.MpuObjectSize != nil && *in.MpuObjectSize != total {
		return nil, errInvalidArgument("The provided 'x-amz-mp-object-size' header value "+itoa(*in.MpuObjectSize)+
			" does not match what was computed: "+itoa(total), "x-amz-mp-object-size", itoa(*in.MpuObjectSize))
	}
	t := u.template
	sumh := newChecksumHash(t.checksums.algorithm)
	ref, size, err := s.bodies.Put(ctx, io.TeeReader(io.MultiReader(readers...), sumh))
	if err != nil {
		return nil, err
	}
	obj := t.clone()
	obj.size, obj.bodyRef, obj.lastModified, obj.partSizes = size, ref, s.now(), sizes
	obj.etag = fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(md5s.Sum(nil)), len(chosen))
	obj.checksums = checksums{algorithm: t.checksums.algorithm, value: encodeChecksum(sumh)}

	b.mu.Lock()
	if b.uploads[u.id] != u {
		b.mu.Unlock()
		s.dropBody(ctx, ref)
		return nil, errNoSuchUpload(u.id)
	}
	delete(b.uploads, u.id)
	b.mu.Unlock()
	vid, err := s.storeObject(ctx, b, obj, in.IfMatch, in.IfNoneMatch)
	if err != nil {
		// A failed condition leaves the upload to be completed again.
		s.dropBody(ctx, ref)
		b.mu.Lock()
		if !b.deleted {
			b.uploads[u.id] = u
		}
		b.mu.Unlock()
		return nil, err
	}
	for _, p := range u.parts {
		s.dropBody(ctx, p.bodyRef)
	}
	s.notify(ctx, b, eventCompleteMultipart, obj)
	out := &CompleteMultipartUploadOutput{Bucket: ptr(b.name), Key: ptr(obj.key), ETag: ptr(obj.etag),
		Location: ptr(objectLocation(ctx, b.name, obj.key)), VersionId: vid, ChecksumType: ptr(checksumFull)}
	out.ServerSideEncryption, out.SSEKMSKeyId, out.BucketKeyEnabled = obj.encryption.headers()
	obj.checksums.set(checksumMembers(&out.ChecksumCRC32, &out.ChecksumCRC32C, &out.ChecksumCRC64NVME, &out.ChecksumSHA1,
		&out.ChecksumSHA256, new(*string), new(*string), new(*string), new(*string), new(*string)))
	return out, nil
}

// chooseParts checks the listed parts against the uploaded ones.
func chooseParts(u *upload, listed []CompletedPart) ([]*part, error) {
	chosen := make([]*part, 0, len(listed))
	last := int32(0)
	for _, cp := range listed {
		n := valueOf(cp.PartNumber)
		if n <= last {
			return nil, s3Error(http.StatusBadRequest, "InvalidPartOrder",
				"The list of parts was not in ascending order. Parts must be ordered by part number.",
				map[string]string{"UploadId": u.id})
		}
		last = n
	}
	for _, cp := range listed {
		n := valueOf(cp.PartNumber)
		p := u.parts[n]
		if p == nil || trimQuotes(valueOf(cp.ETag)) != trimQuotes(p.etag) {
			return nil, s3Error(http.StatusBadRequest, "InvalidPart",
				"One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
				map[string]string{"UploadId": u.id, "PartNumber": itoa(int64(n)), "ETag": valueOf(cp.ETag)})
		}
		chosen = append(chosen, p)
	}
	for i, p := range chosen {
		n := p.number
		if i < len(chosen)-1 && p.size < minPartSize {
			return nil, s3Error(http.StatusBadRequest, "EntityTooSmall",
				"Your proposed upload is smaller than the minimum allowed object size.",
				map[string]string{"ProposedSize": itoa(p.size), "MinSizeAllowed": itoa(minPartSize),
					"PartNumber": itoa(int64(n)), "ETag": p.etag})
		}
	}
	return chosen, nil
}

// objectLocation is CompleteMultipartUpload's Location: the object's URL.
func objectLocation(ctx context.Context, bucketName, key string) string {
	base := strings.TrimSuffix(requestBase(ctx), "/")
	return base + "/" + bucketName + "/" + urlEncode(key)
}

// AbortMultipartUpload discards an upload and its parts (204). Errors:
// NoSuchUpload, PreconditionFailed (IfMatchInitiatedTime). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html
func (s *Service) AbortMultipartUpload(ctx context.Context, in *AbortMultipartUploadRequest) (*AbortMultipartUploadOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	u, err := b.findUpload(valueOf(in.UploadId), valueOf(in.Key))
	if err == nil && in.IfMatchInitiatedTime != nil && !in.IfMatchInitiatedTime.Equal(u.initiated) {
		err = errPreconditionFailed("x-amz-if-match-initiated-time")
	}
	if err != nil {
		b.mu.Unlock()
		return nil, err
	}
	delete(b.uploads, u.id)
	b.mu.Unlock()
	for _, p := range u.parts {
		s.dropBody(ctx, p.bodyRef)
	}
	return &AbortMultipartUploadOutput{}, nil
}

// ListParts pages an upload's parts by part number (MaxParts up to 1000).
// Errors: NoSuchUpload. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html
func (s *Service) ListParts(ctx context.Context, in *ListPartsRequest) (*ListPartsOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	limit := int32(maxListKeys)
	if in.MaxParts != nil && *in.MaxParts >= 0 && *in.MaxParts < limit {
		limit = *in.MaxParts
	}
	marker := valueOf(in.PartNumberMarker)
	b.mu.RLock()
	u, err := b.findUpload(valueOf(in.UploadId), valueOf(in.Key))
	var parts []*part
	if err == nil {
		for _, p := range u.parts {
			if p.number > marker {
				parts = append(parts, p)
			}
		}
	}
	b.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].number < parts[j].number })
	out := &ListPartsOutput{Bucket: ptr(b.name), Key: ptr(u.key), UploadId: ptr(u.id),
		PartNumberMarker: ptr(marker), MaxParts: ptr(limit), IsTruncated: ptr(false),
		Initiator: &Initiator{ID: ptr(ownerID), DisplayName: ptr(ownerDisplayName)}, Owner: owner(),
		StorageClass: ptr(u.template.storageClass), ChecksumAlgorithm: ptr(u.template.checksums.algorithm),
		ChecksumType: ptr(checksumFull), Parts: []Part{}}
	for _, p := range parts {
		if int32(len(out.Parts)) == limit {
			out.IsTruncated = ptr(true)
			break
		}
		e := Part{PartNumber: ptr(p.number), LastModified: ptr(p.lastModified), ETag: ptr(p.etag), Size: ptr(p.size)}
		if p.checksum != "" {
			checksums{algorithm: u.template.checksums.algorithm, value: p.checksum}.set(checksumMembers(&e.ChecksumCRC32,
				&e.ChecksumCRC32C, &e.ChecksumCRC64NVME, &e.ChecksumSHA1, &e.ChecksumSHA256, new(*string), new(*string), new(*string), new(*string), new(*string)))
		}
		out.Parts = append(out.Parts, e)
		out.NextPartNumberMarker = ptr(p.number)
	}
	return out, nil
}

// ListMultipartUploads lists uploads in progress by key, then initiation
// time, after KeyMarker/UploadIdMarker, with Prefix and Delimiter roll-up
// (MaxUploads up to 1000). Errors: InvalidArgument. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
func (s *Service) ListMultipartUploads(ctx context.Context, in *ListMultipartUploadsRequest) (*ListMultipartUploadsOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	li, err := checkListInput(in.MaxUploads, in.EncodingType)
	if err != nil {
		return nil, err
	}
	limit := int(min(li.maxKeys, maxListKeys))
	prefix, delim := valueOf(in.Prefix), valueOf(in.Delimiter)
	keyMarker, idMarker := valueOf(in.KeyMarker), valueOf(in.UploadIdMarker)
	b.mu.RLock()
	all := make([]*upload, 0, len(b.uploads))
	for _, u := range b.uploads {
		all = append(all, u)
	}
	b.mu.RUnlock()
	sort.Slice(all, func(i, j int) bool {
		if all[i].key != all[j].key {
			return all[i].key < all[j].key
		}
		if !all[i].initiated.Equal(all[j].initiated) {
			return all[i].initiated.Before(all[j].initiated)
		}
		return all[i].id < all[j].id
	})
	out := &ListMultipartUploadsOutput{Bucket: ptr(b.name), KeyMarker: ptr(li.encode(keyMarker)),
		UploadIdMarker: ptr(idMarker), Prefix: ptr(li.encode(prefix)), Delimiter: li.encodePtr(nonEmpty(in.Delimiter)),
		MaxUploads: ptr(li.maxKeys), IsTruncated: ptr(false), EncodingType: in.EncodingType}
	seenPrefix := map[string]bool{}
	count := 0
	var lastKey, lastID string
	for _, u := range all {
		if !strings.HasPrefix(u.key, prefix) {
			continue
		}
		if keyMarker != "" && (u.key < keyMarker || (u.key == keyMarker && (idMarker == "" || u.id <= idMarker))) {
			continue
		}
		if delim != "" {
			if i := strings.Index(u.key[len(prefix):], delim); i >= 0 {
				cp := u.key[:len(prefix)+i+len(delim)]
				if seenPrefix[cp] || (keyMarker != "" && strings.HasPrefix(keyMarker, cp)) {
					continue
				}
				if count == limit {
					out.IsTruncated = ptr(true)
					break
				}
				seenPrefix[cp] = true
				out.CommonPrefixes = append(out.CommonPrefixes, CommonPrefix{Prefix: ptr(li.encode(cp))})
				count++
				lastKey, lastID = cp, ""
				continue
			}
		}
		if count == limit {
			out.IsTruncated = ptr(true)
			break
		}
		out.Uploads = append(out.Uploads, MultipartUpload{UploadId: ptr(u.id), Key: ptr(li.encode(u.key)),
			Initiated: ptr(u.initiated), StorageClass: ptr(u.template.storageClass), Owner: owner(),
			Initiator:         &Initiator{ID: ptr(ownerID), DisplayName: ptr(ownerDisplayName)},
			ChecksumAlgorithm: ptr(u.template.checksums.algorithm), ChecksumType: ptr(checksumFull)})
		count++
		lastKey, lastID = u.key, u.id
	}
	if valueOf(out.IsTruncated) {
		out.NextKeyMarker, out.NextUploadIdMarker = ptr(li.encode(lastKey)), ptr(lastID)
	}
	return out, nil
}
