package s3

import (
	"net/url"
	"testing"
)

// FuzzParseRange: any Range header against any size either is ignored, is
// InvalidRange, or selects bytes inside the object.
func FuzzParseRange(f *testing.F) {
	for _, s := range []string{"bytes=0-1", "bytes=-5", "bytes=5-", "bytes=1-0", "bytes=0-1,2-3", "bytes=99999999999999999999-", ""} {
		f.Add(s, int64(10))
	}
	f.Fuzz(func(t *testing.T, header string, size int64) {
		if size < 0 {
			size = -size
		}
		if size < 0 { // MinInt64
			return
		}
		r, ok, err := parseRange(header, size)
		if err != nil && ok {
			t.Fatalf("both range and error")
		}
		if ok && (r.start < 0 || r.length < 1 || r.start+r.length > size) {
			t.Fatalf("parseRange(%q, %d) = %+v", header, size, r)
		}
	})
}

// FuzzURLEncode: encoding-type=url output decodes back (as botocore's
// unquote_plus and Go's QueryUnescape do) and holds only URL-safe bytes.
func FuzzURLEncode(f *testing.F) {
	for _, s := range []string{"a b/c", "a+b", "100%", "é", "\x00\x01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := urlEncode(s)
		dec, err := url.QueryUnescape(enc)
		if err != nil || dec != s {
			t.Fatalf("urlEncode(%q) = %q, decodes to %q, %v", s, enc, dec, err)
		}
		for i := 0; i < len(enc); i++ {
			if enc[i] <= ' ' || enc[i] >= 0x7f {
				t.Fatalf("urlEncode(%q) = %q has byte %#x", s, enc, enc[i])
			}
		}
	})
}
