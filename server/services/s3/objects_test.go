package s3

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

func TestPutGetObject(t *testing.T) {
	// Source: API_PutObject.html and API_GetObject.html: ETag is the quoted
	// MD5 of the object data (RFC 1321 test-style value: md5("hello world") =
	// 5eb63bbbe01eeed093cb22bb8f5acdc3); Content-Type defaults to
	// binary/octet-stream (UsingMetadata.html, "System-defined object
	// metadata"); user metadata names are stored in lower case.
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	put, err := s.PutObject(ctx, &PutObjectRequest{
		Bucket: ptr("bkt"), Key: ptr("dir/hello.txt"), Body: strings.NewReader("hello world"),
		Metadata: map[string]string{"Color": "blue"}, CacheControl: ptr("max-age=60"),
	})
	if err != nil {
		t.Fatal(err)
	}
	const etag = `"5eb63bbbe01eeed093cb22bb8f5acdc3"`
	if valueOf(put.ETag) != etag {
		t.Errorf("ETag = %s, want %s", valueOf(put.ETag), etag)
	}
	// No checksum sent: S3 computes CRC64NVME ("checking-object-integrity.html").
	if put.ChecksumCRC64NVME == nil || valueOf(put.ChecksumType) != "FULL_OBJECT" {
		t.Errorf("checksum = %v %v", put.ChecksumCRC64NVME, put.ChecksumType)
	}

	get, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("dir/hello.txt")})
	if err != nil {
		t.Fatal(err)
	}
	if body := readAll(t, get.Body); body != "hello world" {
		t.Errorf("Body = %q", body)
	}
	if valueOf(get.ETag) != etag || valueOf(get.ContentLength) != 11 ||
		valueOf(get.ContentType) != "binary/octet-stream" || valueOf(get.AcceptRanges) != "bytes" ||
		valueOf(get.CacheControl) != "max-age=60" || get.ContentRange != nil {
		t.Errorf("GetObject = %+v", get)
	}
	if !valueOf(get.LastModified).Equal(testNow.Truncate(time.Second)) {
		t.Errorf("LastModified = %v", get.LastModified)
	}
	if get.Metadata["color"] != "blue" || len(get.Metadata) != 1 {
		t.Errorf("Metadata = %v", get.Metadata)
	}
	if get.ChecksumCRC64NVME != nil {
		t.Error("checksum returned without ChecksumMode ENABLED")
	}

	head, err := s.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("bkt"), Key: ptr("dir/hello.txt"), ChecksumMode: ptr("ENABLED")})
	if err != nil {
		t.Fatal(err)
	}
	if valueOf(head.ETag) != etag || valueOf(head.ContentLength) != 11 || head.Metadata["color"] != "blue" ||
		valueOf(head.ChecksumCRC64NVME) != valueOf(put.ChecksumCRC64NVME) {
		t.Errorf("HeadObject = %+v", head)
	}

	// Overwrite replaces; content type kept as given.
	_, err = s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("dir/hello.txt"),
		Body: strings.NewReader(""), ContentType: ptr("text/plain")})
	if err != nil {
		t.Fatal(err)
	}
	get, _ = s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("dir/hello.txt")})
	if readAll(t, get.Body) != "" || valueOf(get.ETag) != `"d41d8cd98f00b204e9800998ecf8427e"` ||
		valueOf(get.ContentType) != "text/plain" || get.Metadata != nil {
		t.Errorf("after overwrite: %+v", get)
	}
}

func TestGetObjectErrors(t *testing.T) {
	// Source: ErrorResponses.html: NoSuchKey 404 "The specified key does not
	// exist.", NoSuchBucket 404.
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	_, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, map[string]string{"BucketName": "bkt"})
	mustCreateBucket(t, s, ctx, "bkt")
	_, err = s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	wantError(t, err, "NoSuchKey", http.StatusNotFound, map[string]string{"Key": "k"})
	_, err = s.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	wantError(t, err, "NoSuchKey", http.StatusNotFound, nil)
}

func TestPutObjectDigests(t *testing.T) {
	// Source: API_PutObject.html (Content-MD5, x-amz-checksum-*) and
	// ErrorResponses.html: InvalidDigest (the wire message reads "The
	// Content-MD5 you specified was invalid.") and BadDigest "The Content-MD5 you specified did not match what
	// we received.", both 400. Expected digests computed independently
	// (base64 md5("hello world") = XrY7u+Ae7tCTyyK7j1rNww==, crc32 = 0x0d4a1185).
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	put := func(in *PutObjectRequest) (*PutObjectOutput, error) {
		in.Bucket, in.Key, in.Body = ptr("bkt"), ptr("k"), strings.NewReader("hello world")
		return s.PutObject(ctx, in)
	}
	if _, err := put(&PutObjectRequest{ContentMD5: ptr("XrY7u+Ae7tCTyyK7j1rNww==")}); err != nil {
		t.Errorf("matching Content-MD5: %v", err)
	}
	_, err := put(&PutObjectRequest{ContentMD5: ptr("1B2M2Y8AsgTpgAmY7PhCfg==")}) // md5("")
	wantError(t, err, "BadDigest", http.StatusBadRequest, map[string]string{
		"ExpectedDigest": "1B2M2Y8AsgTpgAmY7PhCfg==", "CalculatedDigest": "XrY7u+Ae7tCTyyK7j1rNww=="})
	_, err = put(&PutObjectRequest{ContentMD5: ptr("not-base64")})
	wantError(t, err, "InvalidDigest", http.StatusBadRequest, nil)
	_, err = put(&PutObjectRequest{ContentMD5: ptr("aGVsbG8=")}) // 5 bytes, not 16
	wantError(t, err, "InvalidDigest", http.StatusBadRequest, nil)

	out, err := put(&PutObjectRequest{ChecksumCRC32: ptr("DUoRhQ==")})
	if err != nil || valueOf(out.ChecksumCRC32) != "DUoRhQ==" || out.ChecksumCRC64NVME != nil {
		t.Errorf("matching CRC32: %+v, %v", out, err)
	}
	_, err = put(&PutObjectRequest{ChecksumCRC32: ptr("AAAAAA==")})
	wantError(t, err, "BadDigest", http.StatusBadRequest, nil)
	out, err = put(&PutObjectRequest{ChecksumAlgorithm: ptr("SHA256")})
	if err != nil || valueOf(out.ChecksumSHA256) != "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=" {
		t.Errorf("SHA256 algorithm: %+v, %v", out, err)
	}
	out, err = put(&PutObjectRequest{ChecksumSHA512: ptr("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==")})
	if err != nil || out.ChecksumSHA512 == nil {
		t.Errorf("SHA512: %+v, %v", out, err)
	}
	out, err = put(&PutObjectRequest{ChecksumAlgorithm: ptr("MD5")})
	if err != nil || valueOf(out.ChecksumMD5) != "XrY7u+Ae7tCTyyK7j1rNww==" {
		t.Errorf("MD5 algorithm: %+v, %v", out, err)
	}
	_, err = put(&PutObjectRequest{ChecksumAlgorithm: ptr("XXHASH64")}) // not computed by this emulator
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)
	_, err = put(&PutObjectRequest{ChecksumCRC32: ptr("DUoRhQ=="), ChecksumSHA1: ptr("x")})
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)

	// A failed upload leaves the earlier object in place.
	get, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), ChecksumMode: ptr("ENABLED")})
	if err != nil || valueOf(get.ChecksumMD5) == "" || readAll(t, get.Body) != "hello world" {
		t.Errorf("after failed puts: %+v, %v", get, err)
	}
}

func TestCRC64NVME(t *testing.T) {
	// CRC-64/NVME check value for "123456789" is 0xae8b14860a799888 (NVM
	// Express NVM Command Set Specification, section 5.2.1.3.4; the
	// catalogue of parametrised CRC algorithms, "CRC-64/NVME").
	h := newChecksumHash(algCRC64NVME)
	h.Write([]byte("123456789"))
	if got := encodeChecksum(h); got != "rosUhgp5mIg=" { // base64 of ae8b14860a799888
		t.Errorf("CRC64NVME = %s", got)
	}
}

func TestPutObjectLimits(t *testing.T) {
	// Source: ErrorResponses.html: KeyTooLongError "Your key is too long" and
	// MetadataTooLarge "Your metadata headers exceed the maximum allowed
	// metadata size.", both 400; limits 1024 bytes of key (object-keys.html)
	// and 2 KB of user metadata (UsingMetadata.html).
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	_, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr(strings.Repeat("k", 1025))})
	wantError(t, err, "KeyTooLongError", http.StatusBadRequest, nil)
	if _, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr(strings.Repeat("k", 1024))}); err != nil {
		t.Errorf("1024-byte key: %v", err)
	}
	_, err = s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"),
		Metadata: map[string]string{"big": strings.Repeat("v", 2046)}})
	wantError(t, err, "MetadataTooLarge", http.StatusBadRequest, nil)
	// "Upload a single object up to 5 GB" (upload-objects.html);
	// ErrorResponses.html: EntityTooLarge 400.
	_, err = s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), ContentLength: ptr(int64(5<<30 + 1))})
	wantError(t, err, "EntityTooLarge", http.StatusBadRequest, map[string]string{"MaxSizeAllowed": "5368709120"})

	// A body that fails mid-stream stores nothing.
	_, err = s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("broken"),
		Body: iotest.ErrReader(errors.New("connection reset"))})
	wantError(t, err, "IncompleteBody", http.StatusBadRequest, nil)
	_, err = s.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("bkt"), Key: ptr("broken")})
	wantError(t, err, "NoSuchKey", http.StatusNotFound, nil)
}

func TestGetObjectRange(t *testing.T) {
	// Source: API_GetObject.html (Range: "Downloads the specified byte range
	// of an object ... Amazon S3 doesn't support retrieving multiple ranges"),
	// RFC 9110 section 14.1.2 (byte-range forms) and 14.4 (Content-Range), and
	// ErrorResponses.html: InvalidRange 416 "The requested range is not
	// satisfiable".
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	mustPut(t, s, ctx, "bkt", "k", "0123456789")
	mustPut(t, s, ctx, "bkt", "empty", "")
	tests := []struct {
		key, rng, body, contentRange string
		invalid                      bool
	}{
		{key: "k", rng: "bytes=0-3", body: "0123", contentRange: "bytes 0-3/10"},
		{key: "k", rng: "bytes=4-", body: "456789", contentRange: "bytes 4-9/10"},
		{key: "k", rng: "bytes=-3", body: "789", contentRange: "bytes 7-9/10"},
		{key: "k", rng: "bytes=-30", body: "0123456789", contentRange: "bytes 0-9/10"},
		{key: "k", rng: "bytes=8-100", body: "89", contentRange: "bytes 8-9/10"},
		{key: "k", rng: "bytes=9-9", body: "9", contentRange: "bytes 9-9/10"},
		{key: "k", rng: "bytes=10-", invalid: true},
		{key: "k", rng: "bytes=-0", invalid: true},
		{key: "empty", rng: "bytes=0-", invalid: true},
		// Ignored: the whole object with 200.
		{key: "k", rng: "bytes=0-1,3-4", body: "0123456789"},
		{key: "k", rng: "bytes=5-2", body: "0123456789"},
		{key: "k", rng: "items=0-1", body: "0123456789"},
		{key: "k", rng: "bytes=a-b", body: "0123456789"},
	}
	for _, tc := range tests {
		t.Run(tc.rng, func(t *testing.T) {
			out, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr(tc.key), Range: ptr(tc.rng)})
			if tc.invalid {
				wantError(t, err, "InvalidRange", http.StatusRequestedRangeNotSatisfiable,
					map[string]string{"RangeRequested": tc.rng})
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if body := readAll(t, out.Body); body != tc.body {
				t.Errorf("Body = %q, want %q", body, tc.body)
			}
			if got := valueOf(out.ContentRange); got != tc.contentRange {
				t.Errorf("ContentRange = %q, want %q", got, tc.contentRange)
			}
			if valueOf(out.ContentLength) != int64(len(tc.body)) {
				t.Errorf("ContentLength = %d", valueOf(out.ContentLength))
			}
			head, err := s.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("bkt"), Key: ptr(tc.key), Range: ptr(tc.rng)})
			if err != nil || valueOf(head.ContentRange) != tc.contentRange || valueOf(head.ContentLength) != int64(len(tc.body)) {
				t.Errorf("HeadObject = %+v, %v", head, err)
			}
		})
	}
}

func TestGetObjectConditions(t *testing.T) {
	// Source: API_GetObject.html, If-Match / If-None-Match /
	// If-Modified-Since / If-Unmodified-Since: 412 Precondition Failed and
	// 304 Not Modified, and their precedence when combined.
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	etag := valueOf(mustPut(t, s, ctx, "bkt", "k", "v").ETag)
	before, after := testNow.Add(-time.Hour), testNow.Add(time.Hour)
	tests := []struct {
		name                          string
		ifMatch, ifNoneMatch          *string
		ifModifiedSince, ifUnmodified *time.Time
		code                          string
		status                        int
	}{
		{name: "If-Match equal", ifMatch: ptr(etag)},
		{name: "If-Match unquoted", ifMatch: ptr(strings.Trim(etag, `"`))},
		{name: "If-Match star", ifMatch: ptr("*")},
		{name: "If-Match other", ifMatch: ptr(`"abc"`), code: "PreconditionFailed", status: 412},
		{name: "If-None-Match equal", ifNoneMatch: ptr(etag), code: "NotModified", status: 304},
		{name: "If-None-Match other", ifNoneMatch: ptr(`"abc"`)},
		{name: "If-Modified-Since before", ifModifiedSince: &before},
		{name: "If-Modified-Since after", ifModifiedSince: &after, code: "NotModified", status: 304},
		{name: "If-Unmodified-Since after", ifUnmodified: &after},
		{name: "If-Unmodified-Since before", ifUnmodified: &before, code: "PreconditionFailed", status: 412},
		// "If both of the If-Match and If-Unmodified-Since headers are present
		// ... If-Match condition evaluates to true, and; If-Unmodified-Since
		// condition evaluates to false; then, S3 returns 200 OK".
		{name: "If-Match wins", ifMatch: ptr(etag), ifUnmodified: &before},
		// "If-None-Match condition evaluates to false, and;
		// If-Modified-Since condition evaluates to true; then, S3 returns 304".
		{name: "If-None-Match wins", ifNoneMatch: ptr(etag), ifModifiedSince: &before, code: "NotModified", status: 304},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"),
				IfMatch: tc.ifMatch, IfNoneMatch: tc.ifNoneMatch,
				IfModifiedSince: tc.ifModifiedSince, IfUnmodifiedSince: tc.ifUnmodified})
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantError(t, err, tc.code, tc.status, nil)
		})
	}
}

func TestPutObjectConditional(t *testing.T) {
	// Source: conditional-writes.html: If-None-Match "*" fails with 412 when
	// the key exists; If-Match fails with 412 on another ETag and 404 NoSuchKey
	// when there is no object.
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	put := func(ifMatch, ifNoneMatch *string) error {
		_, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"),
			Body: strings.NewReader("v"), IfMatch: ifMatch, IfNoneMatch: ifNoneMatch})
		return err
	}
	wantError(t, put(ptr(`"x"`), nil), "NoSuchKey", http.StatusNotFound, nil)
	if err := put(nil, ptr("*")); err != nil {
		t.Fatal(err)
	}
	wantError(t, put(nil, ptr("*")), "PreconditionFailed", http.StatusPreconditionFailed, map[string]string{"Condition": "If-None-Match"})
	wantError(t, put(ptr(`"x"`), nil), "PreconditionFailed", http.StatusPreconditionFailed, map[string]string{"Condition": "If-Match"})
	if err := put(ptr(`"9e3669d19b675bd57058fd4664205d2a"`), nil); err != nil { // md5("v")
		t.Errorf("If-Match current ETag: %v", err)
	}
}

func TestDeleteObject(t *testing.T) {
	// Source: API_DeleteObject.html: 204 No Content; deleting a key that does
	// not exist still succeeds; NoSuchBucket when the bucket is missing.
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	_, err := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	wantError(t, err, "NoSuchBucket", http.StatusNotFound, nil)
	mustCreateBucket(t, s, ctx, "bkt")
	if _, err := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr("missing")}); err != nil {
		t.Errorf("missing key: %v", err)
	}
	mustPut(t, s, ctx, "bkt", "k", "v")
	get, _ := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if _, err := s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")}); err != nil {
		t.Fatal(err)
	}
	_, err = s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	wantError(t, err, "NoSuchKey", http.StatusNotFound, nil)
	// A reader opened before the delete still gets the whole body.
	if body := readAll(t, get.Body); body != "v" {
		t.Errorf("body after delete = %q", body)
	}
}

func TestGetObjectResponseOverrides(t *testing.T) {
	// Source: API_GetObject.html, "Overriding response header values through
	// the request" (response-content-type and friends).
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	mustPut(t, s, ctx, "bkt", "k", "v")
	exp := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	out, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"),
		ResponseContentType: ptr("text/csv"), ResponseContentDisposition: ptr("attachment"), ResponseExpires: &exp})
	if err != nil {
		t.Fatal(err)
	}
	if valueOf(out.ContentType) != "text/csv" || valueOf(out.ContentDisposition) != "attachment" ||
		valueOf(out.Expires) != "Wed, 02 Jan 2030 03:04:05 GMT" {
		t.Errorf("overrides = %+v", out)
	}
}

// trailerBody is a body whose checksum arrives as an aws-chunked trailer,
// as the rest-xml codec's chunked reader exposes it after EOF.
type trailerBody struct {
	r       *strings.Reader
	trailer http.Header
}

func (b *trailerBody) Read(p []byte) (int, error) { return b.r.Read(p) }
func (b *trailerBody) Trailer() http.Header       { return b.trailer }

func TestPutObjectTrailerChecksum(t *testing.T) {
	// Source: sigv4-streaming-trailers.html (x-amz-trailer:
	// x-amz-checksum-crc32 sent after the last chunk) and
	// checking-object-integrity.html (a mismatch fails the upload with
	// BadDigest). crc32("hello world") = 0x0d4a1185 = "DUoRhQ==".
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	put := func(value string) (*PutObjectOutput, error) {
		return s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), ChecksumAlgorithm: ptr("CRC32"),
			Body: &trailerBody{strings.NewReader("hello world"), http.Header{"X-Amz-Checksum-Crc32": {value}}}})
	}
	out, err := put("DUoRhQ==")
	if err != nil || valueOf(out.ChecksumCRC32) != "DUoRhQ==" {
		t.Errorf("matching trailer: %+v, %v", out, err)
	}
	_, err = put("AAAAAA==")
	wantError(t, err, "BadDigest", http.StatusBadRequest, nil)
}

func TestPutObjectContentLength(t *testing.T) {
	// Source: ErrorResponses.html, IncompleteBody: "You did not provide the
	// number of bytes specified by the Content-Length HTTP header" (400).
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	_, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"),
		Body: strings.NewReader("abc"), ContentLength: ptr(int64(10))})
	wantError(t, err, "IncompleteBody", http.StatusBadRequest, nil)
	if _, err := s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"),
		Body: strings.NewReader("abc"), ContentLength: ptr(int64(3))}); err != nil {
		t.Error(err)
	}
	// An AWS error from the body reader (the codec's framing check) is kept.
	framing := awsapi.NewError(http.StatusBadRequest, "IncompleteBody", "Invalid aws-chunked body: bad size")
	_, err = s.PutObject(ctx, &PutObjectRequest{Bucket: ptr("bkt"), Key: ptr("k2"), Body: iotest.ErrReader(framing)})
	if !errors.Is(err, framing) {
		t.Errorf("framing error = %v", err)
	}
}

func TestGetObjectPartNumber(t *testing.T) {
	// Source: API_GetObject.html, partNumber: a single-part upload has one
	// part (PartsCount 1); ErrorResponses.html: InvalidPartNumber 416 "The
	// requested partnumber is not satisfiable"; Range with partNumber is
	// rejected as InvalidRequest.
	s := newTestService(t)
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	mustPut(t, s, ctx, "bkt", "k", "body")
	out, err := s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), PartNumber: ptr(int32(1))})
	if err != nil || readAll(t, out.Body) != "body" || valueOf(out.PartsCount) != 1 {
		t.Fatalf("partNumber 1: %+v, %v", out, err)
	}
	_, err = s.GetObject(ctx, &GetObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), PartNumber: ptr(int32(2))})
	wantError(t, err, "InvalidPartNumber", http.StatusRequestedRangeNotSatisfiable, nil)
	_, err = s.HeadObject(ctx, &HeadObjectRequest{Bucket: ptr("bkt"), Key: ptr("k"), PartNumber: ptr(int32(1)), Range: ptr("bytes=0-1")})
	wantError(t, err, "InvalidRequest", http.StatusBadRequest, nil)
}
