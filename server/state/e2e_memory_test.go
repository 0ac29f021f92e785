//go:build e2e

package state_test

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// rssSampler polls a process's VmRSS every 20 ms and keeps the maximum.
type rssSampler struct {
	p    *proc
	stop chan struct{}
	done sync.WaitGroup
	max  int64
}

func sampleRSS(p *proc) *rssSampler {
	s := &rssSampler{p: p, stop: make(chan struct{})}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		for {
			if rss, _ := p.rssKB(); rss > s.max {
				s.max = rss
			}
			select {
			case <-s.stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return s
}

func (s *rssSampler) Stop() int64 { close(s.stop); s.done.Wait(); return s.max }

// TestExportImport1GiBMemory: 1 GiB of S3 objects (64 x 16 MiB) exported
// with `emulator state export`, reset, imported with `emulator state
// import`; the real binary's VmRSS, sampled every 20 ms during export and
// import, stays under 100 MB, and every body comes back byte-identical.
func TestExportImport1GiBMemory(t *testing.T) {
	const objects, size = 64, 16 << 20
	base := make([]byte, size)
	rand.Read(base)
	body := func(i int) []byte { // object i: base with its index in front
		b := bytes.Clone(base)
		binary.BigEndian.PutUint64(b, uint64(i))
		return b
	}
	p := startEmulator(t, map[string]string{"VOLUME_DIR": t.TempDir()}, filepath.Join(t.TempDir(), "emulator.log"))
	c := s3Client(p.url, "000000000000", "us-east-1")
	if _, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String("big")}); err != nil {
		t.Fatal(err)
	}
	want := make([][16]byte, objects)
	for i := range objects {
		b := body(i)
		want[i] = md5.Sum(b)
		if _, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("big"), Key: aws.String(fmt.Sprintf("obj-%02d", i)), Body: bytes.NewReader(b)}); err != nil {
			t.Fatal(err)
		}
	}
	rssAfterPut, _ := p.rssKB()

	file := filepath.Join(t.TempDir(), "state.zip")
	cli := func(args ...string) {
		t.Helper()
		cmd := exec.Command(emulatorBinary(t), append(args, "--endpoint-url", p.url)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("emulator %v: %v\n%s", args, err, out)
		}
		t.Logf("emulator %v: %s", args, bytes.TrimSpace(out))
	}
	s := sampleRSS(p)
	start := time.Now()
	cli("state", "export", file)
	exportRSS, exportTime := s.Stop(), time.Since(start)
	st, err := os.Stat(file)
	if err != nil || st.Size() < objects*size {
		t.Fatalf("export file: %v %v", st, err)
	}
	cli("state", "reset")
	if out, _ := c.ListBuckets(ctx(t), &s3.ListBucketsInput{}); len(out.Buckets) != 0 {
		t.Fatal("buckets left after reset")
	}
	s = sampleRSS(p)
	start = time.Now()
	cli("state", "import", file)
	importRSS, importTime := s.Stop(), time.Since(start)
	_, hwm := p.rssKB()

	for i := range objects {
		out, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("big"), Key: aws.String(fmt.Sprintf("obj-%02d", i))})
		if err != nil {
			t.Fatal(err)
		}
		h := md5.New()
		io.Copy(h, out.Body)
		out.Body.Close()
		if [16]byte(h.Sum(nil)) != want[i] {
			t.Fatalf("obj-%02d differs after import", i)
		}
	}
	t.Logf("1 GiB (%d x %d MiB): RSS after puts %d KiB; export %s max RSS %d KiB; import %s max RSS %d KiB; VmHWM (whole life) %d KiB; archive %d bytes",
		objects, size>>20, rssAfterPut, exportTime.Round(time.Millisecond), exportRSS, importTime.Round(time.Millisecond), importRSS, hwm, st.Size())
	const limitKB = 100 * 1000 // 100 MB
	if exportRSS > limitKB || importRSS > limitKB {
		t.Errorf("resident memory over 100 MB: export %d KiB, import %d KiB", exportRSS, importRSS)
	}
}
