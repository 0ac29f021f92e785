package state

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// ErrIncompatible wraps every reason a snapshot cannot be read: not a zip,
// no manifest, another format, a newer format version. The endpoints answer
// it with 422, as LocalStack does for incompatible pods.
var ErrIncompatible = errors.New("incompatible snapshot")

// maxManifest bounds the manifest we read (it lists names only).
const maxManifest = 16 << 20

// Reader reads a snapshot archive with random access.
type Reader struct {
	zr       *zip.Reader
	manifest Manifest
	entries  map[string]*zip.File
}

// OpenReader checks the archive and its manifest. Errors wrap ErrIncompatible.
func OpenReader(ra io.ReaderAt, size int64) (*Reader, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("%w: not a zip archive: %v", ErrIncompatible, err)
	}
	r := &Reader{zr: zr, entries: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		r.entries[f.Name] = f
	}
	mf, ok := r.entries[ManifestName]
	if !ok {
		return nil, fmt.Errorf("%w: no %s", ErrIncompatible, ManifestName)
	}
	rc, err := mf.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrIncompatible, ManifestName, err)
	}
	defer rc.Close()
	if err := json.NewDecoder(io.LimitReader(rc, maxManifest)).Decode(&r.manifest); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrIncompatible, ManifestName, err)
	}
	m := r.manifest
	switch {
	case m.Format != FormatName:
		return nil, fmt.Errorf("%w: format %q, want %q", ErrIncompatible, m.Format, FormatName)
	case m.FormatVersion < 1 || m.FormatVersion > FormatVersion:
		return nil, fmt.Errorf("%w: format version %d written by emulator %s; this emulator reads versions 1 to %d",
			ErrIncompatible, m.FormatVersion, m.EmulatorVersion, FormatVersion)
	}
	return r, nil
}

// Manifest returns the snapshot's manifest.
func (r *Reader) Manifest() Manifest { return r.manifest }

// Has reports whether the snapshot holds the service (possibly empty).
func (r *Reader) Has(service string) bool {
	for _, s := range r.manifest.Services {
		if s == service {
			return true
		}
	}
	return false
}

// Service returns the reader of one service's state.
func (r *Reader) Service(name string) *ServiceReader { return &ServiceReader{r: r, service: name} }

// ServiceReader reads one service's documents and blobs.
type ServiceReader struct {
	r       *Reader
	service string
}

// Scopes lists the accounts and regions with a document, sorted.
func (s *ServiceReader) Scopes() []Scope {
	var out []Scope
	prefix := servicePrefix(s.service)
	for name := range s.r.entries {
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		parts := strings.Split(rest, "/")
		if len(parts) == 3 && parts[2] == "state.json" {
			out = append(out, Scope{Account: parts[0], Region: parts[1]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// Document decodes the scope's JSON document into v.
func (s *ServiceReader) Document(sc Scope, v any) error {
	f, ok := s.r.entries[documentName(s.service, sc)]
	if !ok {
		return fmt.Errorf("state: no %s document for %s", s.service, sc)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := json.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("state: %s: %w", f.Name, err)
	}
	return nil
}

// Blob opens a named blob; the reader checks the entry's CRC-32 at EOF.
// It returns the blob's size.
func (s *ServiceReader) Blob(sc Scope, name string) (io.ReadCloser, int64, error) {
	f, ok := s.r.entries[blobName(s.service, sc, name)]
	if !ok {
		return nil, 0, fmt.Errorf("state: no %s blob %q in %s", s.service, name, sc)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, 0, err
	}
	return rc, int64(f.UncompressedSize64), nil
}
