package s3

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// BodyStore keeps object bodies apart from their metadata, so that bodies can
// move to disk (and grow to 5 GiB) without the provider changing: bodies only
// ever pass through it as streams.
//
// A body is immutable once Put returns. Delete may race with a reader that
// opened the body earlier: that reader must still see the whole body.
type BodyStore interface {
	// Put reads r to EOF and stores what it read under a new reference,
	// returning the reference and the number of bytes stored. On a read error
	// nothing is kept.
	Put(ctx context.Context, r io.Reader) (ref string, size int64, err error)
	// Open returns a reader of length bytes of the body from offset
	// (0 <= offset, offset+length <= size). The caller closes it.
	Open(ctx context.Context, ref string, offset, length int64) (io.ReadCloser, error)
	// Delete forgets the body; deleting an unknown reference is not an error.
	Delete(ctx context.Context, ref string) error
}

// SizeHinter is optionally implemented by the reader PutObject hands to
// BodyStore.Put: SizeHint is the body's declared length in bytes
// (Content-Length, or the decoded length of an aws-chunked body), or -1
// when unknown. It is only a hint, as the client may send fewer or more
// bytes: a store may size its buffer with it (capped at maxSizeHint) instead
// of growing it by doubling.
type SizeHinter interface {
	SizeHint() int64
}

// maxSizeHint caps what a hint may preallocate, so that a request declaring
// 5 GiB and sending nothing costs no more than this.
const maxSizeHint = 16 << 20

// MemoryBodyStore is a BodyStore in memory, safe for concurrent use.
type MemoryBodyStore struct {
	mu   sync.RWMutex
	next uint64 // last reference handed out
	data map[string][]byte
}

// NewMemoryBodyStore returns an empty store.
func NewMemoryBodyStore() *MemoryBodyStore {
	return &MemoryBodyStore{data: make(map[string][]byte)}
}

// Put implements BodyStore.
func (m *MemoryBodyStore) Put(_ context.Context, r io.Reader) (string, int64, error) {
	var buf bytes.Buffer
	if h, ok := r.(SizeHinter); ok && h.SizeHint() >= 0 {
		// bytes.Buffer.ReadFrom wants MinRead free bytes before each read,
		// the one that sees EOF included.
		buf.Grow(int(min(h.SizeHint(), maxSizeHint)) + bytes.MinRead)
	}
	n, err := buf.ReadFrom(r)
	if err != nil {
		return "", 0, err
	}
	m.mu.Lock()
	m.next++
	ref := strconv.FormatUint(m.next, 10)
	m.data[ref] = buf.Bytes()
	m.mu.Unlock()
	return ref, n, nil
}

// Open implements BodyStore. The reader shares the immutable stored bytes.
func (m *MemoryBodyStore) Open(_ context.Context, ref string, offset, length int64) (io.ReadCloser, error) {
	m.mu.RLock()
	b, ok := m.data[ref]
	m.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("s3 body %q not found", ref)
	}
	if offset < 0 || length < 0 || offset+length > int64(len(b)) {
		return nil, fmt.Errorf("s3 body %q: range %d+%d outside %d bytes", ref, offset, length, len(b))
	}
	return io.NopCloser(bytes.NewReader(b[offset : offset+length])), nil
}

// Delete implements BodyStore.
func (m *MemoryBodyStore) Delete(_ context.Context, ref string) error {
	m.mu.Lock()
	delete(m.data, ref)
	m.mu.Unlock()
	return nil
}
