package s3

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// putKeys creates bucket "bkt" holding keys (body = key).
func putKeys(t *testing.T, keys ...string) *Service {
	t.Helper()
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	if _, err := s.CreateBucket(ctx, &CreateBucketRequest{Bucket: ptr("bkt")}); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if _, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr(k), Body: strings.NewReader(k)}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func objectKeys(objs []Object) []string {
	out := []string{}
	for _, o := range objs {
		out = append(out, valueOf(o.Key))
	}
	return out
}

func prefixList(cps []CommonPrefix) []string {
	out := []string{}
	for _, cp := range cps {
		out = append(out, valueOf(cp.Prefix))
	}
	return out
}

func TestListObjectsV2DocExample(t *testing.T) {
	// Source: API_ListObjectsV2.html, "Example 2: Listing keys using the
	// prefix and delimiter parameters" and ListingKeysHierarchy.html: with
	// prefix "photos/2006/" and delimiter "/", the sub-folders come back as
	// CommonPrefixes and sample.jpg (outside the prefix) not at all.
	s := putKeys(t, "sample.jpg", "photos/2006/January/sample.jpg", "photos/2006/February/sample2.jpg",
		"photos/2006/February/sample3.jpg", "photos/2006/February/sample4.jpg")
	out, err := s.ListObjectsV2(ctxIn(usEast1), &ListObjectsV2Request{
		Bucket: ptr("bkt"), Prefix: ptr("photos/2006/"), Delimiter: ptr("/")})
	if err != nil {
		t.Fatal(err)
	}
	if got := prefixList(out.CommonPrefixes); !slices.Equal(got, []string{"photos/2006/February/", "photos/2006/January/"}) {
		t.Errorf("CommonPrefixes = %v", got)
	}
	if len(out.Contents) != 0 || valueOf(out.KeyCount) != 2 || valueOf(out.IsTruncated) ||
		valueOf(out.Name) != "bkt" || valueOf(out.Prefix) != "photos/2006/" || valueOf(out.Delimiter) != "/" ||
		valueOf(out.MaxKeys) != 1000 {
		t.Errorf("output = %+v", out)
	}

	out, _ = s.ListObjectsV2(ctxIn(usEast1), &ListObjectsV2Request{Bucket: ptr("bkt"), Delimiter: ptr("/")})
	if got := objectKeys(out.Contents); !slices.Equal(got, []string{"sample.jpg"}) {
		t.Errorf("top-level Contents = %v", got)
	}
	if got := prefixList(out.CommonPrefixes); !slices.Equal(got, []string{"photos/"}) {
		t.Errorf("top-level CommonPrefixes = %v", got)
	}
	c := out.Contents[0]
	// Contents: ETag, Size, StorageClass STANDARD; Owner only with FetchOwner.
	if valueOf(c.Size) != 10 || valueOf(c.StorageClass) != "STANDARD" || c.Owner != nil || valueOf(c.ETag) == "" {
		t.Errorf("Contents[0] = %+v", c)
	}
	out, _ = s.ListObjectsV2(ctxIn(usEast1), &ListObjectsV2Request{Bucket: ptr("bkt"), FetchOwner: ptr(true), MaxKeys: ptr(int32(1))})
	if out.Contents[0].Owner == nil || valueOf(out.Contents[0].Owner.ID) != ownerID {
		t.Errorf("FetchOwner: %+v", out.Contents[0])
	}
}

func TestListObjectsBinaryOrder(t *testing.T) {
	// Source: ListingKeysUsingAPIs.html: "List results are always returned in
	// UTF-8 binary order."
	s := putKeys(t, "z", "é", "a/b", "B", "a", "a-", "~")
	out, err := s.ListObjects(ctxIn(usEast1), &ListObjectsRequest{Bucket: ptr("bkt")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"B", "a", "a-", "a/b", "z", "~", "é"}
	if got := objectKeys(out.Contents); !slices.Equal(got, want) {
		t.Errorf("keys = %v, want %v", got, want)
	}
	// V1 always names the owner, and echoes an empty Prefix and Marker.
	if out.Contents[0].Owner == nil || out.Prefix == nil || out.Marker == nil || out.Delimiter != nil {
		t.Errorf("output = %+v", out)
	}
}

func TestListObjectsNextMarker(t *testing.T) {
	// Source: API_ListObjects.html, NextMarker: "This element is returned only
	// if you have the delimiter request parameter specified. If the response
	// does not include the NextMarker element and it is truncated, you can use
	// the value of the last Key element in the response as the marker".
	s := putKeys(t, "a", "b/1", "b/2", "c", "d")
	ctx := ctxIn(usEast1)
	out, _ := s.ListObjects(ctx, &ListObjectsRequest{Bucket: ptr("bkt"), MaxKeys: ptr(int32(2))})
	if !valueOf(out.IsTruncated) || out.NextMarker != nil || !slices.Equal(objectKeys(out.Contents), []string{"a", "b/1"}) {
		t.Errorf("no delimiter: %+v", out)
	}
	out, _ = s.ListObjects(ctx, &ListObjectsRequest{Bucket: ptr("bkt"), MaxKeys: ptr(int32(2)), Delimiter: ptr("/")})
	if !valueOf(out.IsTruncated) || valueOf(out.NextMarker) != "b/" {
		t.Errorf("delimiter: truncated=%v NextMarker=%v", valueOf(out.IsTruncated), out.NextMarker)
	}
	// Resuming from a common prefix does not return it again.
	out, _ = s.ListObjects(ctx, &ListObjectsRequest{Bucket: ptr("bkt"), Marker: ptr("b/"), Delimiter: ptr("/")})
	if got := objectKeys(out.Contents); !slices.Equal(got, []string{"c", "d"}) || len(out.CommonPrefixes) != 0 ||
		valueOf(out.IsTruncated) || out.NextMarker != nil || valueOf(out.Marker) != "b/" {
		t.Errorf("after marker b/: %v %v", got, prefixList(out.CommonPrefixes))
	}
	// Exactly MaxKeys entries left: not truncated.
	out, _ = s.ListObjects(ctx, &ListObjectsRequest{Bucket: ptr("bkt"), Marker: ptr("b/2"), MaxKeys: ptr(int32(2))})
	if valueOf(out.IsTruncated) || !slices.Equal(objectKeys(out.Contents), []string{"c", "d"}) {
		t.Errorf("last page: %+v", out)
	}
}

func TestListObjectsMaxKeys(t *testing.T) {
	// Source: API_ListObjectsV2.html, MaxKeys: "By default, the action returns
	// up to 1,000 key names. The response might contain fewer keys but will
	// never contain more."; ceph s3-tests test_bucket_list_maxkeys_zero (AWS:
	// max-keys=0 is an empty, untruncated page).
	keys := make([]string, 1005)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%04d", i)
	}
	s := putKeys(t, keys...)
	ctx := ctxIn(usEast1)
	out, _ := s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("bkt")})
	if len(out.Contents) != 1000 || !valueOf(out.IsTruncated) || out.NextContinuationToken == nil {
		t.Errorf("default page: %d keys, truncated %v", len(out.Contents), valueOf(out.IsTruncated))
	}
	next, _ := s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("bkt"), ContinuationToken: out.NextContinuationToken})
	if len(next.Contents) != 5 || valueOf(next.Contents[0].Key) != "k1000" || valueOf(next.IsTruncated) ||
		valueOf(next.ContinuationToken) != valueOf(out.NextContinuationToken) {
		t.Errorf("second page: %+v", next)
	}
	out, _ = s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("bkt"), MaxKeys: ptr(int32(5000))})
	if len(out.Contents) != 1000 {
		t.Errorf("MaxKeys 5000: %d keys", len(out.Contents))
	}
	out, _ = s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("bkt"), MaxKeys: ptr(int32(0))})
	if len(out.Contents) != 0 || valueOf(out.IsTruncated) || valueOf(out.KeyCount) != 0 {
		t.Errorf("MaxKeys 0: %+v", out)
	}
	_, err := s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("bkt"), MaxKeys: ptr(int32(-1))})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, nil)
	_, err = s.ListObjects(ctx, &ListObjectsRequest{Bucket: ptr("bkt"), EncodingType: ptr("base64")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, map[string]string{"ArgumentName": "encoding-type"})
	_, err = s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("bkt"), ContinuationToken: ptr("*not a token*")})
	wantError(t, err, "InvalidArgument", http.StatusBadRequest, map[string]string{"ArgumentName": "continuation-token"})
	_, err = s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("nope")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, map[string]string{"BucketName": "nope"})
}

func TestListObjectsV2StartAfter(t *testing.T) {
	// Source: API_ListObjectsV2.html, StartAfter: "Amazon S3 starts listing
	// after this specified key. StartAfter can be any key in the bucket."
	s := putKeys(t, "a", "b", "c")
	out, _ := s.ListObjectsV2(ctxIn(usEast1), &ListObjectsV2Request{Bucket: ptr("bkt"), StartAfter: ptr("a")})
	if got := objectKeys(out.Contents); !slices.Equal(got, []string{"b", "c"}) || valueOf(out.StartAfter) != "a" {
		t.Errorf("StartAfter a: %v", got)
	}
	out, _ = s.ListObjectsV2(ctxIn(usEast1), &ListObjectsV2Request{Bucket: ptr("bkt"), StartAfter: ptr("bb")})
	if got := objectKeys(out.Contents); !slices.Equal(got, []string{"c"}) {
		t.Errorf("StartAfter bb: %v", got)
	}
}

func TestListObjectsEncodingURL(t *testing.T) {
	// Source: API_ListObjectsV2.html, EncodingType: with encoding-type=url S3
	// encodes Delimiter, Prefix, Key and StartAfter; "/" stays literal and a
	// space becomes "+" as real S3 answers (botocore decodes with unquote_plus).
	s := putKeys(t, "a b/x", "a+b", "c%d", "é")
	ctx := ctxIn(usEast1)
	out, err := s.ListObjectsV2(ctx, &ListObjectsV2Request{Bucket: ptr("bkt"), EncodingType: ptr("url"), Delimiter: ptr("/")})
	if err != nil {
		t.Fatal(err)
	}
	if got := objectKeys(out.Contents); !slices.Equal(got, []string{"a%2Bb", "c%25d", "%C3%A9"}) {
		t.Errorf("Keys = %v", got)
	}
	if got := prefixList(out.CommonPrefixes); !slices.Equal(got, []string{"a+b/"}) {
		t.Errorf("CommonPrefixes = %v", got)
	}
	if valueOf(out.Delimiter) != "/" || valueOf(out.EncodingType) != "url" {
		t.Errorf("Delimiter %q EncodingType %q", valueOf(out.Delimiter), valueOf(out.EncodingType))
	}
	v1, _ := s.ListObjects(ctx, &ListObjectsRequest{Bucket: ptr("bkt"), EncodingType: ptr("url"), Marker: ptr("a b/x")})
	if valueOf(v1.Marker) != "a+b/x" || !slices.Equal(objectKeys(v1.Contents), []string{"a%2Bb", "c%25d", "%C3%A9"}) {
		t.Errorf("V1 Marker %q keys %v", valueOf(v1.Marker), objectKeys(v1.Contents))
	}
}

// TestListObjectsPaginationModel pages through random buckets with every
// listing variant and compares with a brute-force listing over sorted keys.
func TestListObjectsPaginationModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "b", "/", "-", "é", "\x7f", "z"}
	for round := range 40 {
		var keys []string
		seen := map[string]bool{}
		for range rng.IntN(60) {
			var sb strings.Builder
			for range 1 + rng.IntN(6) {
				sb.WriteString(alphabet[rng.IntN(len(alphabet))])
			}
			if k := sb.String(); !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
		s := putKeys(t, keys...)
		sort := slices.Clone(keys)
		slices.Sort(sort)
		prefix := []string{"", "a", "a/", "b"}[rng.IntN(4)]
		delim := []string{"", "/", "-", "é"}[rng.IntN(4)]
		maxKeys := int32(1 + rng.IntN(5))
		want := bruteList(sort, prefix, delim)

		// V2 with continuation tokens.
		var got []string
		var token *string
		for range 200 {
			out, err := s.ListObjectsV2(ctxIn(usEast1), &ListObjectsV2Request{Bucket: ptr("bkt"), Prefix: ptr(prefix),
				Delimiter: ptr(delim), MaxKeys: ptr(maxKeys), ContinuationToken: token})
			if err != nil {
				t.Fatal(err)
			}
			if int(valueOf(out.KeyCount)) != len(out.Contents)+len(out.CommonPrefixes) || valueOf(out.KeyCount) > maxKeys {
				t.Fatalf("KeyCount %d for %d+%d", valueOf(out.KeyCount), len(out.Contents), len(out.CommonPrefixes))
			}
			got = append(got, pageEntries(out.Contents, out.CommonPrefixes)...)
			if !valueOf(out.IsTruncated) {
				break
			}
			token = out.NextContinuationToken
		}
		if !slices.Equal(got, want) {
			t.Fatalf("round %d V2 prefix %q delim %q max %d:\n got %q\nwant %q", round, prefix, delim, maxKeys, got, want)
		}

		// V1 with NextMarker, or the last key without a delimiter.
		got = nil
		marker := ""
		for range 200 {
			out, err := s.ListObjects(ctxIn(usEast1), &ListObjectsRequest{Bucket: ptr("bkt"), Prefix: ptr(prefix),
				Delimiter: ptr(delim), MaxKeys: ptr(maxKeys), Marker: ptr(marker)})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, pageEntries(out.Contents, out.CommonPrefixes)...)
			if !valueOf(out.IsTruncated) {
				break
			}
			if delim != "" {
				marker = valueOf(out.NextMarker)
			} else {
				marker = valueOf(out.Contents[len(out.Contents)-1].Key)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("round %d V1 prefix %q delim %q max %d:\n got %q\nwant %q", round, prefix, delim, maxKeys, got, want)
		}
	}
}

// bruteList is the whole listing: keys, and common prefixes marked "P:",
// in order of their first key.
func bruteList(sorted []string, prefix, delim string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range sorted {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if delim != "" {
			if i := strings.Index(k[len(prefix):], delim); i >= 0 {
				cp := k[:len(prefix)+i+len(delim)]
				if !seen[cp] {
					seen[cp] = true
					out = append(out, "P:"+cp)
				}
				continue
			}
		}
		out = append(out, k)
	}
	return out
}

// pageEntries merges a page's keys and prefixes in key order.
func pageEntries(objs []Object, cps []CommonPrefix) []string {
	type entry struct{ sortKey, label string }
	var es []entry
	for _, o := range objs {
		es = append(es, entry{valueOf(o.Key), valueOf(o.Key)})
	}
	for _, cp := range cps {
		es = append(es, entry{valueOf(cp.Prefix), "P:" + valueOf(cp.Prefix)})
	}
	slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.sortKey, b.sortKey) })
	var out []string
	for _, e := range es {
		out = append(out, e.label)
	}
	return out
}
