package state

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Writer streams a snapshot archive: documents and blobs go to the
// underlying writer as they are added, nothing is held in memory but the
// list of names. Close writes the manifest and the zip central directory.
type Writer struct {
	ctx      context.Context // cancels blob copies (a save past SHUTDOWN_TIMEOUT)
	zw       *zip.Writer
	version  string
	created  time.Time
	services map[string]map[Scope]bool
	names    map[string]bool
	closed   bool
}

// NewWriter starts a snapshot written by emulator version at created.
func NewWriter(w io.Writer, version string, created time.Time) *Writer {
	return &Writer{ctx: context.Background(), zw: zip.NewWriter(w), version: version, created: created.UTC(),
		services: map[string]map[Scope]bool{}, names: map[string]bool{}}
}

// Service returns the writer of one service's state. The service is listed
// in the manifest even if it writes nothing: importing the snapshot without
// merge then empties it.
func (w *Writer) Service(name string) *ServiceWriter {
	if w.services[name] == nil {
		w.services[name] = map[Scope]bool{}
	}
	return &ServiceWriter{w: w, service: name}
}

// ServiceWriter adds one service's entries to a Writer.
type ServiceWriter struct {
	w       *Writer
	service string
}

func (w *Writer) create(name string, method uint16) (io.Writer, error) {
	if w.closed {
		return nil, fmt.Errorf("state: writer closed")
	}
	if w.names[name] {
		return nil, fmt.Errorf("state: duplicate entry %s", name)
	}
	w.names[name] = true
	return w.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: w.created})
}

// Document writes v as the JSON state of one account and region. A scope
// has at most one document.
func (s *ServiceWriter) Document(sc Scope, v any) error {
	if err := checkScope(s.service, sc); err != nil {
		return err
	}
	f, err := s.w.create(documentName(s.service, sc), zip.Deflate)
	if err != nil {
		return err
	}
	s.w.services[s.service][sc] = true
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Blob streams r, stored uncompressed, as the named blob of one account and
// region (an S3 object body); it returns the bytes written.
func (s *ServiceWriter) Blob(sc Scope, name string, r io.Reader) (int64, error) {
	if err := checkScope(s.service, sc); err != nil {
		return 0, err
	}
	if !validPart(name) {
		return 0, fmt.Errorf("state: invalid blob name %q", name)
	}
	f, err := s.w.create(blobName(s.service, sc, name), zip.Store)
	if err != nil {
		return 0, err
	}
	return io.Copy(f, ctxReader{s.w.ctx, r})
}

// ctxReader stops a copy once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Copy carries a service's entries over from an older snapshot unchanged
// (used to save one service into an existing on-disk snapshot).
func (w *Writer) Copy(from *Reader, service string) error {
	sw := w.Service(service)
	for _, f := range from.zr.File {
		if !strings.HasPrefix(f.Name, servicePrefix(service)) {
			continue
		}
		if w.names[f.Name] {
			return fmt.Errorf("state: duplicate entry %s", f.Name)
		}
		w.names[f.Name] = true
		if err := w.zw.Copy(f); err != nil {
			return err
		}
	}
	for _, sc := range from.Service(service).Scopes() {
		sw.w.services[service][sc] = true
	}
	return nil
}

// Manifest is what Close will write.
func (w *Writer) Manifest() Manifest {
	m := Manifest{Format: FormatName, FormatVersion: FormatVersion, EmulatorVersion: w.version,
		Created: w.created, Services: []string{}, Accounts: []string{}, Regions: []string{}, Scopes: map[string][]string{}}
	accounts, regions := map[string]bool{}, map[string]bool{}
	for svc, scopes := range w.services {
		m.Services = append(m.Services, svc)
		list := []string{}
		for sc := range scopes {
			list = append(list, sc.String())
			accounts[sc.Account], regions[sc.Region] = true, true
		}
		sort.Strings(list)
		m.Scopes[svc] = list
	}
	for a := range accounts {
		m.Accounts = append(m.Accounts, a)
	}
	for r := range regions {
		m.Regions = append(m.Regions, r)
	}
	sort.Strings(m.Services)
	sort.Strings(m.Accounts)
	sort.Strings(m.Regions)
	return m
}

// Close writes the manifest and finishes the archive; it does not close
// the underlying writer.
func (w *Writer) Close() error {
	f, err := w.create(ManifestName, zip.Deflate)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(w.Manifest()); err != nil {
		return err
	}
	w.closed = true
	return w.zw.Close()
}
