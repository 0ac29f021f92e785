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
	objects *keyIndex
}

// object is one stored object version; immutable once stored, so readers
// keep using it after an overwrite.
type object struct {
	key          string
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
}
