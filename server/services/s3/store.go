package s3

import (
	"sort"
	"sync"
	"time"
)

// accountStore holds one account's buckets: one namespace across regions.
type accountStore struct {
	mu      sync.RWMutex
	buckets map[string]*bucket
}

// get returns the bucket named name, or nil.
func (a *accountStore) get(name string) *bucket {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.buckets[name]
}

// sorted returns the buckets ordered by name.
func (a *accountStore) sorted() []*bucket {
	a.mu.RLock()
	out := make([]*bucket, 0, len(a.buckets))
	for _, b := range a.buckets {
		out = append(out, b)
	}
	a.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// bucket is one bucket; name, region and created never change.
type bucket struct {
	name    string
	region  string
	created time.Time

	mu      sync.RWMutex
	deleted bool // set under mu once DeleteBucket removed it
	// objects holds each key's current version (possibly a delete marker).
	objects *keyIndex
	// versions holds each key's noncurrent versions, newest first.
	versions map[string][]*object
	// versioning is the bucket's versioning state: "" (never enabled),
	// Enabled or Suspended.
	versioning string
	mfaDelete  string
	// configs holds the bucket's subresource configurations by name
	// (configKinds), each a pointer to its generated shape.
	configs map[string]any
	// uploads holds the multipart uploads in progress by upload id.
	uploads map[string]*upload
	// objectLock is set when the bucket was created with object lock.
	objectLock bool
}

// newBucket returns an empty bucket.
func newBucket(name, region string, created time.Time) *bucket {
	return &bucket{name: name, region: region, created: created, objects: newKeyIndex(),
		versions: map[string][]*object{}, configs: map[string]any{}, uploads: map[string]*upload{}}
}

// object is one stored object version; immutable once stored, so readers
// keep using it after an overwrite.
type object struct {
	key          string
	versionID    string // "" is the null version
	deleteMarker bool   // a delete marker has no body, size or etag
	size         int64
	etag         string // quoted hex MD5
	lastModified time.Time
	bodyRef      string

	contentType        string
	contentEncoding    string
	contentDisposition string
	contentLanguage    string
	cacheControl       string
	expires            string
	websiteRedirect    string
	storageClass       string
	metadata           map[string]string
	checksums          checksums
	encryption         encryption
	// parts is the part count of an object made by CompleteMultipartUpload
	// (0 for a single PUT); partSizes their sizes in order.
	partSizes []int64

	// Subresources; changing one replaces the object with a copy.
	tags      []Tag
	acl       *AccessControlPolicy // nil: the private canned ACL
	retention *ObjectLockRetention
	legalHold string // ON, OFF or ""
	restored  bool
}

// clone is a shallow copy for changing a subresource.
func (o *object) clone() *object {
	c := *o
	return &c
}
