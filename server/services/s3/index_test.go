package s3

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestKeyIndexModel runs random puts and deletes against a map and checks
// order, lookups and seeks after each batch.
func TestKeyIndexModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ix := newKeyIndex()
	model := map[string]*object{}
	for round := range 50 {
		for range 200 {
			k := fmt.Sprintf("%x", rng.IntN(500))
			if rng.IntN(3) == 0 {
				if got, want := ix.Delete(k), model[k]; got != want {
					t.Fatalf("Delete(%q) = %p, want %p", k, got, want)
				}
				delete(model, k)
				continue
			}
			o := &object{key: k}
			if got, want := ix.Put(k, o), model[k]; got != want {
				t.Fatalf("Put(%q) = %p, want %p", k, got, want)
			}
			model[k] = o
		}
		var want []string
		for k := range model {
			want = append(want, k)
		}
		slices.Sort(want)
		var got []string
		for n := ix.Seek(""); n != nil; n = n.Next() {
			got = append(got, n.key)
		}
		if !slices.Equal(got, want) || ix.Len() != len(want) {
			t.Fatalf("round %d: %d keys in order %v, want %d", round, ix.Len(), got, len(want))
		}
		from := fmt.Sprintf("%x", rng.IntN(500))
		i, _ := slices.BinarySearch(want, from)
		n := ix.Seek(from)
		if (i == len(want)) != (n == nil) || (n != nil && n.key != want[i]) {
			t.Fatalf("Seek(%q) wrong", from)
		}
		for _, k := range want[:min(5, len(want))] {
			if ix.Get(k) != model[k] {
				t.Fatalf("Get(%q) wrong", k)
			}
		}
	}
}

func TestPrefixSuccessor(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a/", "a0"}, {"a\xff", "b"}, {"", ""}, {"\xff\xff", ""},
	} {
		got, ok := prefixSuccessor(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("prefixSuccessor(%q) = %q, %v", tc.in, got, ok)
		}
	}
}

// TestListLargeBucket checks a page from the middle of a big bucket, and
// that a delimiter listing skips whole sub-trees instead of reading them.
func TestListLargeBucket(t *testing.T) {
	if testing.Short() {
		t.Skip("large bucket")
	}
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "big")
	b := s.account(ctx).get("big")
	// Fill the index directly: 200 directories of 1000 keys.
	for d := range 200 {
		for f := range 1000 {
			k := fmt.Sprintf("dir%03d/file%04d", d, f)
			b.objects.Put(k, &object{key: k, checksums: checksums{algorithm: algCRC64NVME}})
		}
	}
	start := time.Now()
	for range 100 {
		out, err := s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("big"), Delimiter: ptr("/")})
		if err != nil || len(out.CommonPrefixes) != 200 || len(out.Contents) != 0 {
			t.Fatalf("delimiter listing: %d prefixes, %v", len(out.CommonPrefixes), err)
		}
		out, err = s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("big"), StartAfter: ptr("dir150/file0499"), MaxKeys: ptr(int32(10))})
		if err != nil || valueOf(out.Contents[0].Key) != "dir150/file0500" {
			t.Fatalf("page from the middle: %v", err)
		}
	}
	// 200 listings each touching ~200 seeks or 10 keys: far below a scan of
	// 200,000 keys per request (which would take seconds here).
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("200 listings over 200,000 keys took %v", d)
	}
}

// TestConcurrentAccess exercises the service from many goroutines (run with
// -race): puts, gets, lists and deletes on shared keys and buckets.
func TestConcurrentAccess(t *testing.T) {
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "shared")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				key := fmt.Sprintf("k%02d", i%20)
				body := strings.Repeat("x", g+i%7)
				switch i % 5 {
				case 0, 1:
					if _, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("shared"), Key: ptr(key), Body: strings.NewReader(body)}); err != nil {
						t.Error(err)
					}
				case 2:
					out, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("shared"), Key: ptr(key)})
					if err == nil {
						if got := readAll(t, out.Body); int64(len(got)) != valueOf(out.ContentLength) {
							t.Errorf("body of %d bytes, ContentLength %d", len(got), valueOf(out.ContentLength))
						}
					}
				case 3:
					if _, err := s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("shared"), MaxKeys: ptr(int32(7))}); err != nil {
						t.Error(err)
					}
				case 4:
					if _, err := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("shared"), Key: ptr(key)}); err != nil {
						t.Error(err)
					}
				}
				name := fmt.Sprintf("tmp-%d", g)
				s.CreateBucket(ctx, &CreateBucketRequest{Bucket: ptr(name)})
				s.ListBuckets(ctx, &ListBucketsRequest{})
				s.DeleteBucket(ctx, &DeleteBucketRequest{Bucket: ptr(name)})
			}
		})
	}
	wg.Wait()
}

func BenchmarkListObjectsV2Page(b *testing.B) {
	s := newTestService(b)
	ctx := ctxIn(usEast1)
	if _, err := s.CreateBucket(ctx, &CreateBucketRequest{Bucket: ptr("big")}); err != nil {
		b.Fatal(err)
	}
	bk := s.account(ctx).get("big")
	for i := range 1_000_000 {
		k := fmt.Sprintf("key%07d", i)
		bk.objects.Put(k, &object{key: k})
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		after := fmt.Sprintf("key%07d", (i*7919)%1_000_000)
		s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("big"), StartAfter: ptr(after), MaxKeys: ptr(int32(100))})
	}
}
