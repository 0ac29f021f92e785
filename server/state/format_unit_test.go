package state_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

func writeSample(t *testing.T) []byte {
	var buf bytes.Buffer
	w := state.NewWriter(&buf, "test", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	sw := w.Service("svc")
	sc := state.Scope{Account: "000000000000", Region: "us-east-1"}
	if _, err := sw.Blob(sc, "0", strings.NewReader("blob")); err != nil {
		t.Fatal(err)
	}
	if err := sw.Document(sc, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	w.Service("empty")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriterReader(t *testing.T) {
	b := writeSample(t)
	r, err := state.OpenReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	m := r.Manifest()
	if strings.Join(m.Services, ",") != "empty,svc" || m.Accounts[0] != "000000000000" || m.Regions[0] != "us-east-1" ||
		m.Scopes["svc"][0] != "000000000000/us-east-1" || len(m.Scopes["empty"]) != 0 || !r.Has("empty") {
		t.Errorf("manifest %+v", m)
	}
	var doc map[string]string
	sc := r.Service("svc").Scopes()[0]
	if err := r.Service("svc").Document(sc, &doc); err != nil || doc["k"] != "v" {
		t.Errorf("document %v %v", doc, err)
	}
	rc, n, err := r.Service("svc").Blob(sc, "0")
	if err != nil || n != 4 {
		t.Fatal(n, err)
	}
	got, _ := io.ReadAll(rc)
	if string(got) != "blob" {
		t.Errorf("blob %q", got)
	}
}

func TestWriterRejects(t *testing.T) {
	w := state.NewWriter(io.Discard, "test", time.Now())
	sw := w.Service("svc")
	for _, sc := range []state.Scope{{"", "r"}, {"a/b", "r"}, {"a", ".."}} {
		if err := sw.Document(sc, 1); err == nil {
			t.Errorf("scope %v accepted", sc)
		}
	}
	sc := state.Scope{Account: "a", Region: "r"}
	if _, err := sw.Blob(sc, "../x", strings.NewReader("")); err == nil {
		t.Error("blob name with a separator accepted")
	}
	sw.Document(sc, 1)
	if err := sw.Document(sc, 2); err == nil {
		t.Error("duplicate document accepted")
	}
}

// Archives a reader must refuse, all as ErrIncompatible: cut short (a
// crash while writing), no manifest, another format, a newer version.
func TestReaderRejects(t *testing.T) {
	good := writeSample(t)
	zipWith := func(name string, manifest any) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		f, _ := zw.Create(name)
		json.NewEncoder(f).Encode(manifest)
		zw.Close()
		return buf.Bytes()
	}
	cases := map[string][]byte{
		"truncated":    good[:len(good)-30],
		"half":         good[:len(good)/2],
		"no manifest":  zipWith("other.json", map[string]any{}),
		"other format": zipWith(state.ManifestName, map[string]any{"format": "localstack", "format_version": 1}),
		"newer":        zipWith(state.ManifestName, map[string]any{"format": state.FormatName, "format_version": state.FormatVersion + 1}),
		"version 0":    zipWith(state.ManifestName, map[string]any{"format": state.FormatName, "format_version": 0}),
	}
	for name, b := range cases {
		if _, err := state.OpenReader(bytes.NewReader(b), int64(len(b))); !errors.Is(err, state.ErrIncompatible) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
