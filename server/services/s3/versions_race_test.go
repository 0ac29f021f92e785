package s3

import (
	"fmt"
	"sync"
	"testing"
)

// Concurrent writers, readers and versioning changes on one bucket (run
// with -race): every read sees a whole version or a clean 404.
func TestVersionsConcurrent(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				key := fmt.Sprintf("k%d", i%5)
				switch i % 5 {
				case 0:
					status := "Enabled"
					if w%2 == 1 {
						status = "Suspended"
					}
					s.PutBucketVersioning(ctx, &PutBucketVersioningRequest{Bucket: ptr("bkt"), VersioningConfiguration: &VersioningConfiguration{Status: ptr(status)}})
				case 1, 2:
					mustPut(t, s, ctx, "bkt", key, "body")
				case 3:
					s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr(key)})
				case 4:
					if g, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr(key)}); err == nil {
						if b := readAll(t, g.Body); b != "body" {
							t.Errorf("read %q", b)
						}
					}
					s.ListObjectVersions(ctx, &ListObjectVersionsRequest{Bucket: ptr("bkt")})
				}
			}
		}(w)
	}
	wg.Wait()
}
