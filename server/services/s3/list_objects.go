package s3

import (
	"context"
	"encoding/base64"
	"strconv"
)

// listInput is what ListObjects and ListObjectsV2 validate alike.
type listInput struct {
	maxKeys int32
	url     bool // EncodingType url
}

// encode applies EncodingType to a key, prefix, delimiter or marker.
func (li listInput) encode(s string) string {
	if li.url {
		return urlEncode(s)
	}
	return s
}

// encodePtr is encode for an optional member.
func (li listInput) encodePtr(p *string) *string {
	if p == nil {
		return nil
	}
	return ptr(li.encode(*p))
}

// checkListInput validates MaxKeys (default 1000, at least 0) and
// EncodingType ("url" only). Errors: InvalidArgument.
func checkListInput(maxKeys *int32, encodingType *string) (listInput, error) {
	li := listInput{maxKeys: maxListKeys}
	if maxKeys != nil {
		if *maxKeys < 0 {
			return li, errInvalidArgument("Argument maxKeys must be an integer between 0 and 2147483647",
				"maxKeys", strconv.Itoa(int(*maxKeys)))
		}
		li.maxKeys = *maxKeys
	}
	if encodingType != nil {
		if *encodingType != EncodingTypeUrl {
			return li, errInvalidArgument("Invalid Encoding Method specified in Request",
				"encoding-type", *encodingType)
		}
		li.url = true
	}
	return li, nil
}

// entries renders a page's keys and common prefixes.
func (li listInput) entries(p listPage, withOwner bool) ([]Object, []CommonPrefix) {
	contents := make([]Object, 0, len(p.contents))
	for _, o := range p.contents {
		e := Object{
			Key: ptr(li.encode(o.key)), LastModified: ptr(o.lastModified), ETag: ptr(o.etag),
			Size: ptr(o.size), StorageClass: ptr(o.storageClass),
			ChecksumAlgorithm: []string{o.checksums.algorithm}, ChecksumType: ptr(checksumFull),
		}
		if withOwner {
			e.Owner = owner()
		}
		contents = append(contents, e)
	}
	var prefixes []CommonPrefix
	for _, cp := range p.prefixes {
		prefixes = append(prefixes, CommonPrefix{Prefix: ptr(li.encode(cp))})
	}
	return contents, prefixes
}

// nonEmpty drops an empty optional member (S3 omits an empty Delimiter).
func nonEmpty(p *string) *string {
	if p == nil || *p == "" {
		return nil
	}
	return p
}

// ListObjects (version 1) lists keys after Marker in binary order, rolling
// keys that contain Delimiter after Prefix into CommonPrefixes. NextMarker is
// returned only when Delimiter is given and the page is truncated ("This
// element is returned only if you have the delimiter request parameter
// specified"); without it the client resumes after the last key. Errors:
// NoSuchBucket, InvalidArgument. Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html
func (s *Service) ListObjects(ctx context.Context, in *ListObjectsRequest) (*ListObjectsOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	li, err := checkListInput(in.MaxKeys, in.EncodingType)
	if err != nil {
		return nil, err
	}
	q := listQuery{
		prefix: valueOf(in.Prefix), delimiter: valueOf(in.Delimiter),
		max: int(min(li.maxKeys, maxListKeys)),
	}
	if m := valueOf(in.Marker); m != "" {
		q.from, q.skipPrefix = keyAfter(m), m
	}
	page := b.list(q)
	out := &ListObjectsOutput{
		Name: ptr(b.name), Prefix: ptr(li.encode(q.prefix)), Marker: ptr(li.encode(valueOf(in.Marker))),
		MaxKeys: ptr(li.maxKeys), IsTruncated: ptr(page.truncated),
		Delimiter: li.encodePtr(nonEmpty(in.Delimiter)), EncodingType: in.EncodingType,
	}
	out.Contents, out.CommonPrefixes = li.entries(page, true)
	if page.truncated && q.delimiter != "" {
		out.NextMarker = ptr(li.encode(page.last))
	}
	return out, nil
}

// ListObjectsV2 lists keys in binary order from StartAfter or an opaque
// ContinuationToken (which wins when both are given), with Delimiter roll-up
// into CommonPrefixes. KeyCount counts keys plus common prefixes; Owner is
// returned only with FetchOwner. Errors: NoSuchBucket, InvalidArgument
// (MaxKeys, EncodingType, a continuation token this service did not issue).
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
func (s *Service) ListObjectsV2(ctx context.Context, in *ListObjectsV2Request) (*ListObjectsV2Output, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	li, err := checkListInput(in.MaxKeys, in.EncodingType)
	if err != nil {
		return nil, err
	}
	q := listQuery{
		prefix: valueOf(in.Prefix), delimiter: valueOf(in.Delimiter),
		max: int(min(li.maxKeys, maxListKeys)),
	}
	switch {
	case in.ContinuationToken != nil:
		from, err := base64.RawURLEncoding.DecodeString(*in.ContinuationToken)
		if err != nil || len(from) == 0 {
			return nil, errInvalidArgument("The continuation token provided is incorrect",
				"continuation-token", *in.ContinuationToken)
		}
		q.from = string(from)
	case valueOf(in.StartAfter) != "":
		q.from, q.skipPrefix = keyAfter(*in.StartAfter), *in.StartAfter
	}
	page := b.list(q)
	out := &ListObjectsV2Output{
		Name: ptr(b.name), Prefix: ptr(li.encode(q.prefix)), MaxKeys: ptr(li.maxKeys),
		KeyCount: ptr(int32(len(page.contents) + len(page.prefixes))), IsTruncated: ptr(page.truncated),
		Delimiter: li.encodePtr(nonEmpty(in.Delimiter)), EncodingType: in.EncodingType,
		ContinuationToken: in.ContinuationToken, StartAfter: li.encodePtr(nonEmpty(in.StartAfter)),
	}
	out.Contents, out.CommonPrefixes = li.entries(page, valueOf(in.FetchOwner))
	if page.truncated {
		out.NextContinuationToken = ptr(base64.RawURLEncoding.EncodeToString([]byte(page.resumeFrom())))
	}
	return out, nil
}
