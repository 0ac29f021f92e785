package state_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/setup-emulator/setup-emulator/server"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// ON_REQUEST: every acknowledged change is on disk, and concurrent
// requests share saves (group commit) instead of one save each.
func TestOnRequestGroupCommit(t *testing.T) {
	vol := t.TempDir()
	env := map[string]string{"PERSISTENCE": "1", "VOLUME_DIR": vol, "SNAPSHOT_SAVE_STRATEGY": "ON_REQUEST"}
	logs := &lockedBuffer{}
	srv, err := server.New(server.Config{Getenv: func(k string) string { return env[k] }, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := s3Client(ts.URL, "000000000000", "us-east-1")
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String(fmt.Sprintf("b-%02d", i))}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	saves := strings.Count(logs.String(), `msg="state saved"`)
	if saves == 0 || saves > n {
		t.Errorf("%d saves for %d requests", saves, n)
	}
	t.Logf("%d concurrent requests, %d saves", n, saves)

	// A fresh server on the same volume loads every acknowledged bucket.
	srv2, _ := server.New(server.Config{Getenv: func(k string) string { return env[k] }})
	if err := srv2.State().LoadSnapshot(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts2 := httptest.NewServer(srv2)
	defer ts2.Close()
	if got := bucketCount(t, ts2.URL, "000000000000"); got != n {
		t.Errorf("%d buckets on disk, want %d", got, n)
	}
	// Reads do not save.
	before := strings.Count(logs.String(), `msg="state saved"`)
	c.ListBuckets(ctx(t), &s3.ListBucketsInput{})
	if after := strings.Count(logs.String(), `msg="state saved"`); after != before {
		t.Error("a read request saved")
	}
}
