package s3

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// S3 state in a snapshot (server/state/FORMAT.md, "s3"): one document per
// account and bucket region listing its buckets and their objects; each
// object body is a blob named by its position in the document.

type bucketState struct {
	Name    string        `json:"name"`
	Created time.Time     `json:"created"`
	Objects []objectState `json:"objects"`
}

type objectState struct {
	Key                     string            `json:"key"`
	Blob                    string            `json:"blob"` // blob entry holding the body
	Size                    int64             `json:"size"`
	ETag                    string            `json:"etag"` // quoted, as S3 returns it
	LastModified            time.Time         `json:"last_modified"`
	ContentType             string            `json:"content_type,omitempty"`
	ContentEncoding         string            `json:"content_encoding,omitempty"`
	ContentDisposition      string            `json:"content_disposition,omitempty"`
	ContentLanguage         string            `json:"content_language,omitempty"`
	CacheControl            string            `json:"cache_control,omitempty"`
	Expires                 string            `json:"expires,omitempty"`
	WebsiteRedirectLocation string            `json:"website_redirect_location,omitempty"`
	StorageClass            string            `json:"storage_class,omitempty"`
	Metadata                map[string]string `json:"metadata,omitempty"`
	ChecksumAlgorithm       string            `json:"checksum_algorithm,omitempty"`
	Checksum                string            `json:"checksum,omitempty"` // base64 digest
}

type scopeState struct {
	Buckets []bucketState `json:"buckets"`
}

// capturedObject is an object and its body reader, taken under the
// bucket's lock so later writes do not affect the snapshot.
type capturedObject struct {
	obj  *object
	body io.ReadCloser
}

type capturedBucket struct {
	b       *bucket
	objects []capturedObject
}

// capture takes every bucket of every account with its objects and opened
// body readers. Each bucket is consistent as of the moment its lock was held.
func (s *Service) capture(ctx context.Context) (map[state.Scope][]capturedBucket, error) {
	s.mu.Lock()
	ids := make([]string, 0, len(s.accounts))
	stores := make(map[string]*accountStore, len(s.accounts))
	for id, a := range s.accounts {
		ids = append(ids, id)
		stores[id] = a
	}
	s.mu.Unlock()
	sort.Strings(ids)
	out := map[state.Scope][]capturedBucket{}
	for _, id := range ids {
		for _, b := range stores[id].sorted() {
			cb := capturedBucket{b: b}
			b.mu.RLock()
			if b.deleted {
				b.mu.RUnlock()
				continue
			}
			for n := b.objects.Seek(""); n != nil; n = n.Next() {
				body, err := s.bodies.Open(ctx, n.obj.bodyRef, 0, n.obj.size)
				if err != nil {
					b.mu.RUnlock()
					closeCaptured(out)
					closeObjects(cb.objects)
					return nil, fmt.Errorf("s3: opening body of %s/%s: %w", b.name, n.key, err)
				}
				cb.objects = append(cb.objects, capturedObject{obj: n.obj, body: body})
			}
			b.mu.RUnlock()
			sc := state.Scope{Account: id, Region: b.region}
			out[sc] = append(out[sc], cb)
		}
	}
	return out, nil
}

func closeObjects(objs []capturedObject) {
	for _, o := range objs {
		if o.body != nil {
			o.body.Close()
		}
	}
}

func closeCaptured(m map[state.Scope][]capturedBucket) {
	for _, bs := range m {
		for _, b := range bs {
			closeObjects(b.objects)
		}
	}
}

// SaveState implements state.Service: bodies stream into the snapshot one
// after another, never whole in memory.
func (s *Service) SaveState(ctx context.Context, w *state.ServiceWriter) error {
	captured, err := s.capture(ctx)
	if err != nil {
		return err
	}
	defer closeCaptured(captured)
	scopes := make([]state.Scope, 0, len(captured))
	for sc := range captured {
		scopes = append(scopes, sc)
	}
	sort.Slice(scopes, func(i, j int) bool { return scopes[i].String() < scopes[j].String() })
	for _, sc := range scopes {
		doc := scopeState{Buckets: []bucketState{}}
		blob := 0
		for _, cb := range captured[sc] {
			bs := bucketState{Name: cb.b.name, Created: cb.b.created, Objects: []objectState{}}
			for i := range cb.objects {
				o := cb.objects[i].obj
				name := strconv.Itoa(blob)
				blob++
				n, err := w.Blob(sc, name, cb.objects[i].body)
				if err != nil {
					return fmt.Errorf("s3: writing body of %s/%s: %w", cb.b.name, o.key, err)
				}
				if n != o.size {
					return fmt.Errorf("s3: body of %s/%s: wrote %d of %d bytes", cb.b.name, o.key, n, o.size)
				}
				bs.Objects = append(bs.Objects, objectToState(o, name))
			}
			doc.Buckets = append(doc.Buckets, bs)
		}
		if err := w.Document(sc, doc); err != nil {
			return err
		}
	}
	return nil
}

func objectToState(o *object, blob string) objectState {
	return objectState{
		Key: o.key, Blob: blob, Size: o.size, ETag: o.etag, LastModified: o.lastModified.UTC(),
		ContentType: o.contentType, ContentEncoding: o.contentEncoding, ContentDisposition: o.contentDisposition,
		ContentLanguage: o.contentLanguage, CacheControl: o.cacheControl, Expires: o.expires,
		WebsiteRedirectLocation: o.websiteRedirect, StorageClass: o.storageClass, Metadata: o.metadata,
		ChecksumAlgorithm: o.checksums.algorithm, Checksum: o.checksums.value,
	}
}

// LoadState implements state.Service. The snapshot's buckets are built
// completely (bodies copied into the body store) before they replace the
// running ones, so a failed load changes nothing.
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[string]map[string]*bucket{} // account -> name -> bucket
	var refs []string
	fail := func(err error) error {
		for _, ref := range refs {
			s.dropBody(ctx, ref)
		}
		return err
	}
	for _, sc := range r.Scopes() {
		var doc scopeState
		if err := r.Document(sc, &doc); err != nil {
			return fail(err)
		}
		if loaded[sc.Account] == nil {
			loaded[sc.Account] = map[string]*bucket{}
		}
		for _, bs := range doc.Buckets {
			if !validBucketName(bs.Name) {
				return fail(fmt.Errorf("s3: snapshot has invalid bucket name %q", bs.Name))
			}
			b := &bucket{name: bs.Name, region: sc.Region, created: bs.Created.UTC(), objects: newKeyIndex()}
			for _, os := range bs.Objects {
				ref, err := s.loadBody(ctx, r, sc, bs.Name, os)
				if err != nil {
					return fail(err)
				}
				refs = append(refs, ref)
				b.objects.Put(os.Key, stateToObject(os, ref))
			}
			loaded[sc.Account][bs.Name] = b
		}
	}
	s.install(ctx, loaded, merge)
	return nil
}

func (s *Service) loadBody(ctx context.Context, r *state.ServiceReader, sc state.Scope, bucketName string, o objectState) (string, error) {
	rc, size, err := r.Blob(sc, o.Blob)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	if size != o.Size {
		return "", fmt.Errorf("s3: body of %s/%s has %d bytes, the snapshot says %d", bucketName, o.Key, size, o.Size)
	}
	ref, n, err := s.bodies.Put(ctx, rc)
	if err != nil {
		return "", fmt.Errorf("s3: body of %s/%s: %w", bucketName, o.Key, err)
	}
	if n != o.Size {
		s.dropBody(ctx, ref)
		return "", fmt.Errorf("s3: body of %s/%s: read %d of %d bytes", bucketName, o.Key, n, o.Size)
	}
	return ref, nil
}

func stateToObject(o objectState, ref string) *object {
	return &object{
		key: o.Key, size: o.Size, etag: o.ETag, lastModified: o.LastModified.UTC(), bodyRef: ref,
		contentType: o.ContentType, contentEncoding: o.ContentEncoding, contentDisposition: o.ContentDisposition,
		contentLanguage: o.ContentLanguage, cacheControl: o.CacheControl, expires: o.Expires,
		websiteRedirect: o.WebsiteRedirectLocation, storageClass: o.StorageClass, metadata: o.Metadata,
		checksums: checksums{algorithm: o.ChecksumAlgorithm, value: o.Checksum},
	}
}

// install puts loaded buckets in place: replacing everything, or (merge)
// replacing only same-named buckets. Replaced buckets are marked deleted
// so in-flight writes to them fail as NoSuchBucket, and their bodies freed.
func (s *Service) install(ctx context.Context, loaded map[string]map[string]*bucket, merge bool) {
	var replaced []*bucket
	s.mu.Lock()
	if !merge {
		for _, a := range s.accounts {
			a.mu.Lock()
			for _, b := range a.buckets {
				replaced = append(replaced, b)
			}
			a.mu.Unlock()
		}
		s.accounts = make(map[string]*accountStore)
	}
	for id, buckets := range loaded {
		a, ok := s.accounts[id]
		if !ok {
			a = &accountStore{buckets: make(map[string]*bucket)}
			s.accounts[id] = a
		}
		a.mu.Lock()
		for name, b := range buckets {
			if old, ok := a.buckets[name]; ok {
				replaced = append(replaced, old)
			}
			a.buckets[name] = b
		}
		a.mu.Unlock()
	}
	s.mu.Unlock()
	s.retire(ctx, replaced)
}

// retire marks buckets deleted and frees their bodies.
func (s *Service) retire(ctx context.Context, buckets []*bucket) {
	for _, b := range buckets {
		b.mu.Lock()
		b.deleted = true
		var refs []string
		for n := b.objects.Seek(""); n != nil; n = n.Next() {
			refs = append(refs, n.obj.bodyRef)
		}
		b.objects = newKeyIndex()
		b.mu.Unlock()
		for _, ref := range refs {
			s.dropBody(ctx, ref)
		}
	}
}

// ResetState implements state.Service: every bucket of every account goes.
func (s *Service) ResetState(ctx context.Context) error {
	s.install(ctx, nil, false)
	return nil
}
