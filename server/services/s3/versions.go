package s3

import (
	"net/http"
)

// Versioning as in https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html:
// an unversioned bucket keeps one (null) version per key; with versioning
// Enabled every PUT adds a version with a fresh id and a DELETE without a
// version id adds a delete marker; Suspended adds null versions, replacing
// the key's previous null version. Every method here runs under b.mu.

const nullVersion = "null"

// versioned reports whether versioning was ever enabled: only then do
// responses carry x-amz-version-id.
func (b *bucket) versioned() bool { return b.versioning != "" }

// current is the key's current version, or nil.
func (b *bucket) current(key string) *object { return b.objects.Get(key) }

// live is the key's current version unless it is a delete marker.
func (b *bucket) live(key string) *object {
	if o := b.objects.Get(key); o != nil && !o.deleteMarker {
		return o
	}
	return nil
}

// putVersion makes obj the key's current version, returning the versions it
// replaced for good (whose bodies the caller frees).
func (b *bucket) putVersion(obj *object, newID func() string) (dropped []*object) {
	switch b.versioning {
	case BucketVersioningStatusEnabled:
		obj.versionID = newID()
	default:
		obj.versionID = ""
	}
	cur := b.objects.Put(obj.key, obj)
	if cur == nil {
		return nil
	}
	if b.versioning == "" {
		return []*object{cur}
	}
	older := b.versions[obj.key]
	if obj.versionID == "" { // suspended: the previous null version goes
		if cur.versionID == "" {
			return []*object{cur}
		}
		for i, o := range older {
			if o.versionID == "" {
				dropped = append(dropped, o)
				older = append(older[:i:i], older[i+1:]...)
				break
			}
		}
	}
	b.versions[obj.key] = append([]*object{cur}, older...)
	return dropped
}

// version finds a version of key by id ("null" or "" for the null
// version). Errors: NoSuchKey (no such key), NoSuchVersion.
func (b *bucket) version(key, id string) (*object, error) {
	if id == nullVersion {
		id = ""
	}
	if cur := b.objects.Get(key); cur != nil && cur.versionID == id {
		return cur, nil
	}
	for _, o := range b.versions[key] {
		if o.versionID == id {
			return o, nil
		}
	}
	return nil, errNoSuchVersion(key, id)
}

// removeVersion deletes one version, promoting the newest noncurrent version
// when it was the current one. It returns the removed version (nil if none).
func (b *bucket) removeVersion(key, id string) *object {
	if id == nullVersion {
		id = ""
	}
	if cur := b.objects.Get(key); cur != nil && cur.versionID == id {
		older := b.versions[key]
		if len(older) == 0 {
			b.objects.Delete(key)
		} else {
			b.objects.Put(key, older[0])
			b.setOlder(key, older[1:])
		}
		return cur
	}
	older := b.versions[key]
	for i, o := range older {
		if o.versionID == id {
			b.setOlder(key, append(older[:i:i], older[i+1:]...))
			return o
		}
	}
	return nil
}

func (b *bucket) setOlder(key string, older []*object) {
	if len(older) == 0 {
		delete(b.versions, key)
		return
	}
	b.versions[key] = older
}

// replace swaps a stored version for its changed copy (same key and id).
func (b *bucket) replace(old, changed *object) {
	if b.objects.Get(old.key) == old {
		b.objects.Put(old.key, changed)
		return
	}
	for i, o := range b.versions[old.key] {
		if o == old {
			b.versions[old.key][i] = changed
			return
		}
	}
}

// allVersions is every version of key, newest first.
func (b *bucket) allVersions(key string) []*object {
	cur := b.objects.Get(key)
	if cur == nil {
		return nil
	}
	return append([]*object{cur}, b.versions[key]...)
}

// versionHeaderOf is versionHeader for callers not holding b.mu.
func (b *bucket) versionHeaderOf(obj *object) *string {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.versionHeader(obj)
}

// versionHeader is the x-amz-version-id of obj: nil in a bucket that never
// had versioning, "null" for the null version. The caller holds b.mu.
func (b *bucket) versionHeader(obj *object) *string {
	if !b.versioned() {
		return nil
	}
	return ptr(versionString(obj.versionID))
}

func versionString(id string) string {
	if id == "" {
		return nullVersion
	}
	return id
}

func errNoSuchVersion(key, id string) error {
	return s3Error(http.StatusNotFound, "NoSuchVersion",
		"The specified version does not exist.", map[string]string{"Key": key, "VersionId": versionString(id)})
}

// errDeleteMarker is the 405 of reading a delete marker by version id
// (DeletingObjectVersions.html: "If you try to get a delete marker by
// version ID, Amazon S3 returns 405 Method Not Allowed").
func errDeleteMarker() error {
	return s3Error(http.StatusMethodNotAllowed, "MethodNotAllowed",
		"The specified method is not allowed against this resource.",
		map[string]string{"Method": "GET", "ResourceType": "DeleteMarker"})
}
