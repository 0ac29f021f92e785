package s3

import (
	"context"
	"encoding/hex"
	"encoding/json"
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
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// Objects lists every version: per key the current one first, then
	// the noncurrent ones newest first.
	Objects    []objectState              `json:"objects"`
	Versioning string                     `json:"versioning,omitempty"` // Enabled or Suspended
	MFADelete  string                     `json:"mfa_delete,omitempty"`
	ObjectLock bool                       `json:"object_lock,omitempty"`
	Configs    map[string]json.RawMessage `json:"configs,omitempty"` // by kind (configKinds), the shape as JSON
	Uploads    []uploadState              `json:"uploads,omitempty"`
}

// uploadState is a multipart upload in progress; Object holds the final
// object's metadata (no blob).
type uploadState struct {
	ID        string      `json:"id"`
	Key       string      `json:"key"`
	Initiated time.Time   `json:"initiated"`
	Object    objectState `json:"object"`
	Parts     []partState `json:"parts"`
}

type partState struct {
	Number       int32     `json:"number"`
	Blob         string    `json:"blob"`
	Size         int64     `json:"size"`
	ETag         string    `json:"etag"` // quoted hex MD5 of the part
	LastModified time.Time `json:"last_modified"`
	Checksum     string    `json:"checksum,omitempty"`
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

	VersionID    string               `json:"version_id,omitempty"` // "" is the null version
	DeleteMarker bool                 `json:"delete_marker,omitempty"`
	PartSizes    []int64              `json:"part_sizes,omitempty"`
	Tags         []Tag                `json:"tags,omitempty"`
	ACL          *AccessControlPolicy `json:"acl,omitempty"`
	Retention    *ObjectLockRetention `json:"retention,omitempty"`
	LegalHold    string               `json:"legal_hold,omitempty"`
	Restored     bool                 `json:"restored,omitempty"`
	SSE          string               `json:"sse,omitempty"` // AES256, aws:kms, aws:kms:dsse
	SSEKMSKeyID  string               `json:"sse_kms_key_id,omitempty"`
	BucketKey    bool                 `json:"bucket_key,omitempty"`
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

type capturedPart struct {
	p    *part
	body io.ReadCloser
}

type capturedUpload struct {
	u     *upload
	parts []capturedPart
}

type capturedBucket struct {
	b          *bucket
	objects    []capturedObject
	versioning string
	mfaDelete  string
	objectLock bool
	configs    map[string]any
	uploads    []capturedUpload
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
			err := s.captureBucket(ctx, &cb)
			b.mu.RUnlock()
			if err != nil {
				closeCaptured(out)
				closeBucket(cb)
				return nil, err
			}
			sc := state.Scope{Account: id, Region: b.region}
			out[sc] = append(out[sc], cb)
		}
	}
	return out, nil
}

// captureBucket takes a bucket's versions, configurations and uploads
// with opened body readers; the caller holds the bucket's read lock.
func (s *Service) captureBucket(ctx context.Context, cb *capturedBucket) error {
	b := cb.b
	cb.versioning, cb.mfaDelete, cb.objectLock = b.versioning, b.mfaDelete, b.objectLock
	cb.configs = make(map[string]any, len(b.configs))
	for k, v := range b.configs {
		cb.configs[k] = v
	}
	for n := b.objects.Seek(""); n != nil; n = n.Next() {
		for _, v := range b.allVersions(n.key) {
			co := capturedObject{obj: v}
			if !v.deleteMarker {
				body, err := s.bodies.Open(ctx, v.bodyRef, 0, v.size)
				if err != nil {
					return fmt.Errorf("s3: opening body of %s/%s: %w", b.name, n.key, err)
				}
				co.body = body
			}
			cb.objects = append(cb.objects, co)
		}
	}
	ids := make([]string, 0, len(b.uploads))
	for id := range b.uploads {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		u := b.uploads[id]
		cu := capturedUpload{u: u}
		nums := make([]int, 0, len(u.parts))
		for n := range u.parts {
			nums = append(nums, int(n))
		}
		sort.Ints(nums)
		for _, n := range nums {
			p := u.parts[int32(n)]
			body, err := s.bodies.Open(ctx, p.bodyRef, 0, p.size)
			if err != nil {
				cb.uploads = append(cb.uploads, cu)
				return fmt.Errorf("s3: opening part %d of upload %s: %w", n, id, err)
			}
			cu.parts = append(cu.parts, capturedPart{p: p, body: body})
		}
		cb.uploads = append(cb.uploads, cu)
	}
	return nil
}

func closeObjects(objs []capturedObject) {
	for _, o := range objs {
		if o.body != nil {
			o.body.Close()
		}
	}
}

func closeBucket(b capturedBucket) {
	closeObjects(b.objects)
	for _, u := range b.uploads {
		for _, p := range u.parts {
			p.body.Close()
		}
	}
}

func closeCaptured(m map[state.Scope][]capturedBucket) {
	for _, bs := range m {
		for _, b := range bs {
			closeBucket(b)
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
			bs, err := saveBucket(w, sc, cb, &blob)
			if err != nil {
				return err
			}
			doc.Buckets = append(doc.Buckets, bs)
		}
		if err := w.Document(sc, doc); err != nil {
			return err
		}
	}
	return nil
}

// saveBucket writes a captured bucket's bodies as blobs numbered from
// *blob and returns its document entry.
func saveBucket(w *state.ServiceWriter, sc state.Scope, cb capturedBucket, blob *int) (bucketState, error) {
	bs := bucketState{Name: cb.b.name, Created: cb.b.created, Objects: []objectState{},
		Versioning: cb.versioning, MFADelete: cb.mfaDelete, ObjectLock: cb.objectLock}
	writeBlob := func(what string, body io.Reader, size int64) (string, error) {
		name := strconv.Itoa(*blob)
		*blob++
		n, err := w.Blob(sc, name, body)
		if err != nil {
			return "", fmt.Errorf("s3: writing body of %s/%s: %w", cb.b.name, what, err)
		}
		if n != size {
			return "", fmt.Errorf("s3: body of %s/%s: wrote %d of %d bytes", cb.b.name, what, n, size)
		}
		return name, nil
	}
	for i := range cb.objects {
		o := cb.objects[i].obj
		name := ""
		if !o.deleteMarker {
			var err error
			if name, err = writeBlob(o.key, cb.objects[i].body, o.size); err != nil {
				return bs, err
			}
		}
		bs.Objects = append(bs.Objects, objectToState(o, name))
	}
	if len(cb.configs) > 0 {
		bs.Configs = make(map[string]json.RawMessage, len(cb.configs))
		for k, v := range cb.configs {
			raw, err := json.Marshal(v)
			if err != nil {
				return bs, fmt.Errorf("s3: bucket %s configuration %s: %w", cb.b.name, k, err)
			}
			bs.Configs[k] = raw
		}
	}
	for _, cu := range cb.uploads {
		us := uploadState{ID: cu.u.id, Key: cu.u.key, Initiated: cu.u.initiated.UTC(),
			Object: objectToState(cu.u.template, ""), Parts: []partState{}}
		for _, cp := range cu.parts {
			name, err := writeBlob(cu.u.key+" part "+itoa(int64(cp.p.number)), cp.body, cp.p.size)
			if err != nil {
				return bs, err
			}
			us.Parts = append(us.Parts, partState{Number: cp.p.number, Blob: name, Size: cp.p.size, ETag: cp.p.etag,
				LastModified: cp.p.lastModified.UTC(), Checksum: cp.p.checksum})
		}
		bs.Uploads = append(bs.Uploads, us)
	}
	return bs, nil
}

func objectToState(o *object, blob string) objectState {
	return objectState{
		Key: o.key, Blob: blob, Size: o.size, ETag: o.etag, LastModified: o.lastModified.UTC(),
		ContentType: o.contentType, ContentEncoding: o.contentEncoding, ContentDisposition: o.contentDisposition,
		ContentLanguage: o.contentLanguage, CacheControl: o.cacheControl, Expires: o.expires,
		WebsiteRedirectLocation: o.websiteRedirect, StorageClass: o.storageClass, Metadata: o.metadata,
		ChecksumAlgorithm: o.checksums.algorithm, Checksum: o.checksums.value,
		VersionID: o.versionID, DeleteMarker: o.deleteMarker, PartSizes: o.partSizes, Tags: o.tags, ACL: o.acl,
		Retention: o.retention, LegalHold: o.legalHold, Restored: o.restored,
		SSE: o.encryption.algorithm, SSEKMSKeyID: o.encryption.kmsKeyID, BucketKey: o.encryption.bucketKey,
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
			b := newBucket(bs.Name, sc.Region, bs.Created.UTC())
			b.versioning, b.mfaDelete, b.objectLock = bs.Versioning, bs.MFADelete, bs.ObjectLock
			for _, os := range bs.Objects {
				ref := ""
				if !os.DeleteMarker {
					var err error
					if ref, err = s.loadBody(ctx, r, sc, bs.Name, os.Key, os.Blob, os.Size); err != nil {
						return fail(err)
					}
					refs = append(refs, ref)
				}
				o := stateToObject(os, ref)
				if b.objects.Get(os.Key) == nil {
					b.objects.Put(os.Key, o)
				} else {
					b.versions[os.Key] = append(b.versions[os.Key], o)
				}
			}
			if err := loadConfigs(b, bs.Configs); err != nil {
				return fail(err)
			}
			for _, us := range bs.Uploads {
				u := &upload{id: us.ID, key: us.Key, initiated: us.Initiated.UTC(), template: stateToObject(us.Object, ""),
					parts: map[int32]*part{}}
				for _, ps := range us.Parts {
					ref, err := s.loadBody(ctx, r, sc, bs.Name, us.Key, ps.Blob, ps.Size)
					if err != nil {
						return fail(err)
					}
					refs = append(refs, ref)
					sum, _ := hex.DecodeString(trimQuotes(ps.ETag))
					u.parts[ps.Number] = &part{number: ps.Number, size: ps.Size, etag: ps.ETag, md5: sum, bodyRef: ref,
						lastModified: ps.LastModified.UTC(), checksum: ps.Checksum}
				}
				b.uploads[u.id] = u
			}
			loaded[sc.Account][bs.Name] = b
		}
	}
	s.install(ctx, loaded, merge)
	return nil
}

// loadConfigs decodes a bucket's configurations by kind.
func loadConfigs(b *bucket, raw map[string]json.RawMessage) error {
	for k, v := range raw {
		mk, ok := configKinds[kindOf(k)]
		if !ok {
			return fmt.Errorf("s3: bucket %s: unknown configuration %q", b.name, k)
		}
		c := mk()
		if err := json.Unmarshal(v, c); err != nil {
			return fmt.Errorf("s3: bucket %s configuration %s: %w", b.name, k, err)
		}
		b.configs[k] = c
	}
	return nil
}

func (s *Service) loadBody(ctx context.Context, r *state.ServiceReader, sc state.Scope, bucketName, key, blob string, want int64) (string, error) {
	rc, size, err := r.Blob(sc, blob)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	if size != want {
		return "", fmt.Errorf("s3: body of %s/%s has %d bytes, the snapshot says %d", bucketName, key, size, want)
	}
	ref, n, err := s.bodies.Put(ctx, rc)
	if err != nil {
		return "", fmt.Errorf("s3: body of %s/%s: %w", bucketName, key, err)
	}
	if n != want {
		s.dropBody(ctx, ref)
		return "", fmt.Errorf("s3: body of %s/%s: read %d of %d bytes", bucketName, key, n, want)
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
		versionID: o.VersionID, deleteMarker: o.DeleteMarker, partSizes: o.PartSizes, tags: o.Tags, acl: o.ACL,
		retention: o.Retention, legalHold: o.LegalHold, restored: o.Restored,
		encryption: encryption{algorithm: o.SSE, kmsKeyID: o.SSEKMSKeyID, bucketKey: o.BucketKey},
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
			for _, v := range b.allVersions(n.key) {
				if !v.deleteMarker {
					refs = append(refs, v.bodyRef)
				}
			}
		}
		for _, u := range b.uploads {
			for _, p := range u.parts {
				refs = append(refs, p.bodyRef)
			}
		}
		b.objects, b.versions, b.uploads = newKeyIndex(), map[string][]*object{}, map[string]*upload{}
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
