package s3

import (
	"context"
	"io"
	"strings"
	"testing"
)

func TestMemoryBodyStore(t *testing.T) {
	ctx := context.Background()
	m := NewMemoryBodyStore()
	ref, n, err := m.Put(ctx, strings.NewReader("0123456789"))
	if err != nil || n != 10 {
		t.Fatalf("Put = %d, %v", n, err)
	}
	r, err := m.Open(ctx, ref, 2, 5)
	if err != nil {
		t.Fatal(err)
	}
	// Deleting while a reader is open leaves that reader whole.
	if err := m.Delete(ctx, ref); err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(r); string(b) != "23456" {
		t.Errorf("range read = %q", b)
	}
	if _, err := m.Open(ctx, ref, 0, 1); err == nil {
		t.Error("Open after Delete succeeded")
	}
	ref2, _, _ := m.Put(ctx, strings.NewReader("ab"))
	if ref2 == ref {
		t.Error("reference reused")
	}
	for _, rng := range [][2]int64{{-1, 1}, {0, 3}, {2, 1}, {1, -1}} {
		if _, err := m.Open(ctx, ref2, rng[0], rng[1]); err == nil {
			t.Errorf("Open(%d, %d) of 2 bytes succeeded", rng[0], rng[1])
		}
	}
	if err := m.Delete(ctx, "unknown"); err != nil {
		t.Errorf("Delete(unknown) = %v", err)
	}
}
