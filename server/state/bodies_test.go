package state_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// Small bodies stay in memory, large ones go to files; a reader opened
// before Delete reads the whole body and the file goes with its last reader.
func TestSpoolBodyStore(t *testing.T) {
	dir := t.TempDir()
	s := state.NewSpoolBodyStore(dir, 10)
	ctx := context.Background()
	small, n, err := s.Put(ctx, bytes.NewReader([]byte("0123456789")))
	if err != nil || n != 10 {
		t.Fatal(n, err)
	}
	big := bytes.Repeat([]byte("abc"), 1000)
	ref, n, err := s.Put(ctx, bytes.NewReader(big))
	if err != nil || n != int64(len(big)) {
		t.Fatal(n, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files %v, want the big body only", entries)
	}
	rc, err := s.Open(ctx, ref, 5, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, ref, 0, 1); err == nil {
		t.Error("opened a deleted body")
	}
	got, err := io.ReadAll(rc)
	if err != nil || !bytes.Equal(got, big[5:105]) {
		t.Fatalf("reader after delete: %d bytes, %v", len(got), err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Error("file removed while a reader is open")
	}
	rc.Close()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("file left after the last reader closed: %v", entries)
	}
	r2, _ := s.Open(ctx, small, 2, 3)
	b, _ := io.ReadAll(r2)
	if string(b) != "234" {
		t.Errorf("small range %q", b)
	}
	if _, err := s.Open(ctx, small, 8, 5); err == nil {
		t.Error("range past the end accepted")
	}
}

// hinted is a body that declares its length (as the S3 provider's reader
// passes Content-Length).
type hinted struct {
	io.Reader
	hint int64
}

func (h hinted) SizeHint() int64 { return h.hint }

// A body whose size hint is over the threshold goes straight to a file; one
// under it stays in memory; both keep exactly their bytes, and a hint that
// is wrong changes only where the bytes live.
func TestSpoolBodyStoreSizeHint(t *testing.T) {
	dir := t.TempDir()
	s := state.NewSpoolBodyStore(dir, 10)
	ctx := context.Background()
	big := bytes.Repeat([]byte("xyz"), 100)
	ref, n, err := s.Put(ctx, hinted{bytes.NewReader(big), int64(len(big))})
	if err != nil || n != int64(len(big)) {
		t.Fatal(n, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files %v, want the hinted big body", entries)
	}
	rc, _ := s.Open(ctx, ref, 0, n)
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, big) {
		t.Fatalf("hinted body %d bytes", len(got))
	}
	if _, n, err := s.Put(ctx, hinted{bytes.NewReader([]byte("tiny")), 4}); err != nil || n != 4 {
		t.Fatal(n, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("a small hinted body made a file: %v", entries)
	}
	// The hint said large, the body is small: still exactly its bytes.
	ref, n, err = s.Put(ctx, hinted{bytes.NewReader([]byte("short")), 1 << 20})
	if err != nil || n != 5 {
		t.Fatal(n, err)
	}
	rc, _ = s.Open(ctx, ref, 0, 5)
	got, _ = io.ReadAll(rc)
	rc.Close()
	if string(got) != "short" {
		t.Fatalf("mis-hinted body %q", got)
	}
}
