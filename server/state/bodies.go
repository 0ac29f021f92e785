package state

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// DefaultSpoolThreshold is the body size above which SpoolBodyStore writes
// to a file: small bodies stay in memory (fast), large ones cost no memory,
// as LocalStack spools S3 bodies to temporary files.
const DefaultSpoolThreshold = 512 << 10

// SpoolBodyStore keeps S3 object bodies (the s3.BodyStore contract) in
// memory up to Threshold bytes and in files under Dir beyond, so the
// emulator's resident memory does not grow with the data it holds. Files
// are temporary: state survives restarts through snapshots, not through
// Dir. Safe for concurrent use.
//
// A reader opened before Delete still reads the whole body: the file is
// removed when its last reader closes. Readers open their file on first
// Read, so holding many unread readers (as a snapshot does) costs no file
// descriptors.
type SpoolBodyStore struct {
	Dir       string
	Threshold int64

	mu     sync.Mutex
	next   uint64
	bodies map[string]*spooled
}

type spooled struct {
	size    int64
	mem     []byte // nil when in a file
	path    string
	readers int
	deleted bool
}

// NewSpoolBodyStore returns an empty store spooling to dir, which must
// exist; threshold <= 0 means DefaultSpoolThreshold.
func NewSpoolBodyStore(dir string, threshold int64) *SpoolBodyStore {
	if threshold <= 0 {
		threshold = DefaultSpoolThreshold
	}
	return &SpoolBodyStore{Dir: dir, Threshold: threshold, bodies: map[string]*spooled{}}
}

// Put implements s3.BodyStore.
func (s *SpoolBodyStore) Put(_ context.Context, r io.Reader) (string, int64, error) {
	// A body that says how long it is (the S3 provider passes Content-Length
	// as SizeHint) goes straight to a file when it is large, and a small one
	// is buffered without regrowing.
	var hint int64 = -1
	if h, ok := r.(interface{ SizeHint() int64 }); ok {
		hint = h.SizeHint()
	}
	var head bytes.Buffer
	var n int64
	var err error
	if hint <= s.Threshold {
		if hint >= 0 {
			head.Grow(int(hint) + 1)
		}
		n, err = io.CopyN(&head, r, s.Threshold+1)
		if err != nil && err != io.EOF {
			return "", 0, err
		}
	} else {
		n = s.Threshold + 1 // spool: nothing read yet, head stays empty
	}
	s.mu.Lock()
	s.next++
	ref := strconv.FormatUint(s.next, 10)
	s.mu.Unlock()
	b := &spooled{size: n}
	if n <= s.Threshold {
		b.mem = head.Bytes()
	} else {
		b.path = filepath.Join(s.Dir, "body-"+ref)
		f, err := os.OpenFile(b.path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return "", 0, err
		}
		_, err = f.Write(head.Bytes())
		var rest int64
		if err == nil {
			rest, err = io.Copy(f, r)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(b.path)
			return "", 0, err
		}
		b.size = int64(head.Len()) + rest
	}
	s.mu.Lock()
	s.bodies[ref] = b
	s.mu.Unlock()
	return ref, b.size, nil
}

// Open implements s3.BodyStore.
func (s *SpoolBodyStore) Open(_ context.Context, ref string, offset, length int64) (io.ReadCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.bodies[ref]
	if !ok {
		return nil, fmt.Errorf("s3 body %q not found", ref)
	}
	if offset < 0 || length < 0 || offset+length > b.size {
		return nil, fmt.Errorf("s3 body %q: range %d+%d outside %d bytes", ref, offset, length, b.size)
	}
	if b.mem != nil || b.size == 0 {
		return io.NopCloser(bytes.NewReader(b.mem[offset : offset+length])), nil
	}
	b.readers++
	return &spoolReader{s: s, b: b, offset: offset, remaining: length}, nil
}

// Delete implements s3.BodyStore.
func (s *SpoolBodyStore) Delete(_ context.Context, ref string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.bodies[ref]
	if !ok {
		return nil
	}
	delete(s.bodies, ref)
	if b.path == "" {
		return nil
	}
	b.deleted = true
	if b.readers == 0 {
		return os.Remove(b.path)
	}
	return nil
}

// release ends one reader of b, removing a deleted body's file with its last reader.
func (s *SpoolBodyStore) release(b *spooled) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b.readers--
	if b.deleted && b.readers == 0 {
		os.Remove(b.path)
	}
}

type spoolReader struct {
	s         *SpoolBodyStore
	b         *spooled
	f         *os.File
	offset    int64
	remaining int64
	closed    bool
}

func (r *spoolReader) Read(p []byte) (int, error) {
	if r.closed {
		return 0, os.ErrClosed
	}
	if r.remaining <= 0 {
		return 0, io.EOF
	}
	if r.f == nil {
		f, err := os.Open(r.b.path)
		if err != nil {
			return 0, err
		}
		r.f = f
	}
	if int64(len(p)) > r.remaining {
		p = p[:r.remaining]
	}
	n, err := r.f.ReadAt(p, r.offset)
	r.offset += int64(n)
	r.remaining -= int64(n)
	if err == io.EOF && r.remaining > 0 {
		err = io.ErrUnexpectedEOF
	} else if err == io.EOF {
		err = nil
	}
	return n, err
}

func (r *spoolReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.f != nil {
		r.f.Close()
	}
	r.s.release(r.b)
	return nil
}
