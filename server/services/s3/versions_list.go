package s3

import (
	"context"
	"strings"
)

// ListObjectVersions lists every version and delete marker in key order,
// newest first within a key, from KeyMarker/VersionIdMarker, with Prefix
// and Delimiter roll-up; MaxKeys counts versions, markers and common
// prefixes. The null version's VersionId is "null". Errors: NoSuchBucket,
// InvalidArgument (MaxKeys, EncodingType, a VersionIdMarker without
// KeyMarker). Source:
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
func (s *Service) ListObjectVersions(ctx context.Context, in *ListObjectVersionsRequest) (*ListObjectVersionsOutput, error) {
	b, err := s.bucket(ctx, in.Bucket, in.ExpectedBucketOwner)
	if err != nil {
		return nil, err
	}
	li, err := checkListInput(in.MaxKeys, in.EncodingType)
	if err != nil {
		return nil, err
	}
	keyMarker, idMarker := valueOf(in.KeyMarker), valueOf(in.VersionIdMarker)
	if idMarker != "" && keyMarker == "" {
		return nil, errInvalidArgument("A version-id marker cannot be specified without a key marker.",
			"version-id-marker", idMarker)
	}
	prefix, delim := valueOf(in.Prefix), valueOf(in.Delimiter)
	limit := int(min(li.maxKeys, maxListKeys))
	out := &ListObjectVersionsOutput{Name: ptr(b.name), Prefix: ptr(li.encode(prefix)), KeyMarker: ptr(li.encode(keyMarker)),
		VersionIdMarker: ptr(idMarker), MaxKeys: ptr(li.maxKeys), IsTruncated: ptr(false),
		Delimiter: li.encodePtr(nonEmpty(in.Delimiter)), EncodingType: in.EncodingType}
	count := 0
	full := func(key, id string) bool {
		if count < limit {
			return false
		}
		out.IsTruncated = ptr(true)
		out.NextKeyMarker = ptr(li.encode(key))
		if id != "" {
			out.NextVersionIdMarker = ptr(id)
		}
		return true
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	from := max(keyMarker, prefix)
	if keyMarker != "" && idMarker == "" {
		from = max(keyAfter(keyMarker), prefix)
	}
	var lastKey, lastID string
	for n := b.objects.Seek(from); n != nil && strings.HasPrefix(n.key, prefix); {
		if delim != "" {
			if i := strings.Index(n.key[len(prefix):], delim); i >= 0 {
				cp := n.key[:len(prefix)+i+len(delim)]
				if keyMarker != "" && strings.HasPrefix(keyMarker, cp) && keyMarker != cp {
					// the previous page ended inside this prefix
				} else if cp != keyMarker {
					if full(lastKey, lastID) {
						return out, nil
					}
					out.CommonPrefixes = append(out.CommonPrefixes, CommonPrefix{Prefix: ptr(li.encode(cp))})
					count++
					lastKey, lastID = cp, ""
				}
				next, ok := prefixSuccessor(cp)
				if !ok {
					break
				}
				n = b.objects.Seek(next)
				continue
			}
		}
		versions := b.allVersions(n.key)
		skipping := n.key == keyMarker && idMarker != ""
		for i, v := range versions {
			id := versionString(v.versionID)
			if skipping {
				if id == idMarker {
					skipping = false
				}
				continue
			}
			if full(lastKey, lastID) {
				return out, nil
			}
			li.addVersion(out, v, i == 0)
			count++
			lastKey, lastID = n.key, id
		}
		n = n.Next()
	}
	return out, nil
}

// addVersion appends a version or delete marker entry.
func (li listInput) addVersion(out *ListObjectVersionsOutput, v *object, latest bool) {
	if v.deleteMarker {
		out.DeleteMarkers = append(out.DeleteMarkers, DeleteMarkerEntry{Owner: owner(), Key: ptr(li.encode(v.key)),
			VersionId: ptr(versionString(v.versionID)), IsLatest: ptr(latest), LastModified: ptr(v.lastModified)})
		return
	}
	out.Versions = append(out.Versions, ObjectVersion{ETag: ptr(v.etag), ChecksumAlgorithm: []string{v.checksums.algorithm},
		ChecksumType: ptr(checksumFull), Size: ptr(v.size), StorageClass: ptr(v.storageClass), Key: ptr(li.encode(v.key)),
		VersionId: ptr(versionString(v.versionID)), IsLatest: ptr(latest), LastModified: ptr(v.lastModified), Owner: owner()})
}
