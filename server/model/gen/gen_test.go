package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedUpToDate regenerates every file in memory from the installed
// botocore and fails when a checked-in file differs or is missing:
// run `go generate ./server/model` and commit.
func TestGeneratedUpToDate(t *testing.T) {
	bc, err := BotocoreDir()
	if err != nil {
		t.Fatalf("botocore is needed to check generated code: %v", err)
	}
	root := filepath.Join("..", "..", "..")
	files, err := Generate(bc, filepath.Join(root, "server/model/patches"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is stale or missing: run `go generate ./server/model`", name)
		}
	}
	old, _ := filepath.Glob(filepath.Join(root, "server/model/models/*.json.gz"))
	for _, f := range old {
		rel, _ := filepath.Rel(root, f)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s is no longer generated: run `go generate ./server/model`", rel)
		}
	}
}
