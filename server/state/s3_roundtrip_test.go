package state_test

import (
	"bytes"
	"crypto/rand"
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

type s3Fixture struct {
	account, region, bucket, key string
	body                         []byte
}

func putFixtures(t *testing.T, url string, fx []s3Fixture) {
	t.Helper()
	for _, f := range fx {
		c := s3Client(url, f.account, f.region)
		in := &s3.CreateBucketInput{Bucket: aws.String(f.bucket)}
		if f.region != "us-east-1" {
			in.CreateBucketConfiguration = &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraint(f.region)}
		}
		if _, err := c.CreateBucket(ctx(t), in); err != nil && !strings.Contains(err.Error(), "BucketAlreadyOwnedByYou") {
			t.Fatal(err)
		}
		if _, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String(f.bucket), Key: aws.String(f.key),
			Body: bytes.NewReader(f.body), ContentType: aws.String("application/x-test"),
			Metadata: map[string]string{"origin": f.account + "/" + f.region}}); err != nil {
			t.Fatal(err)
		}
	}
}

// checkFixtures reads every fixture back: byte-identical bodies, content
// type, user metadata.
func checkFixtures(t *testing.T, url string, fx []s3Fixture) {
	t.Helper()
	for _, f := range fx {
		out, err := s3Client(url, f.account, f.region).GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String(f.bucket), Key: aws.String(f.key)})
		if err != nil {
			t.Errorf("%s %s/%s: %v", f.account, f.bucket, f.key, err)
			continue
		}
		got, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if !bytes.Equal(got, f.body) {
			t.Errorf("%s %s/%s: body differs (%d bytes, want %d)", f.account, f.bucket, f.key, len(got), len(f.body))
		}
		if aws.ToString(out.ContentType) != "application/x-test" || out.Metadata["origin"] != f.account+"/"+f.region {
			t.Errorf("%s %s/%s: content type %q metadata %v", f.account, f.bucket, f.key, aws.ToString(out.ContentType), out.Metadata)
		}
	}
}

func bucketCount(t *testing.T, url, account string) int {
	out, err := s3Client(url, account, "us-east-1").ListBuckets(ctx(t), &s3.ListBucketsInput{})
	if err != nil {
		t.Fatal(err)
	}
	return len(out.Buckets)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// S3 alone, with bodies in memory and in spooled files: export, reset,
// import, merge.
func TestS3ExportResetImport(t *testing.T) {
	for _, dataDir := range []string{"", "spool"} {
		t.Run("datadir="+dataDir, func(t *testing.T) {
			dir := ""
			if dataDir != "" {
				dir = t.TempDir()
			}
			_, url := newServer(t, nil, dir)
			fx := []s3Fixture{
				{"000000000000", "us-east-1", "alpha", "a/b c+é.txt", []byte("hello")},
				{"000000000000", "eu-west-1", "beta", "big.bin", randomBytes(3 << 20)},
				{"111111111111", "us-east-1", "alpha-other", "other-account", randomBytes(700 << 10)},
				{"111111111111", "ap-south-1", "gamma", "empty", []byte{}},
			}
			putFixtures(t, url, fx)
			code, snap := get(t, url+"/_localstack/pods/state")
			if code != 200 {
				t.Fatalf("export: %d %s", code, snap)
			}
			code, body := post(t, url+"/_localstack/state/reset", nil)
			if code != 200 || !strings.Contains(body, `{"event": "service", "service": "s3", "status": "ok"}`) {
				t.Fatalf("reset: %d %q", code, body)
			}
			if n := bucketCount(t, url, "000000000000") + bucketCount(t, url, "111111111111"); n != 0 {
				t.Fatalf("%d buckets after reset", n)
			}
			code, body = post(t, url+"/_localstack/pods", snap)
			if code != 200 || !strings.Contains(body, "{\"event\": \"service\", \"service\": \"s3\", \"status\": \"ok\"}\n") || strings.Contains(body, "error") {
				t.Fatalf("import: %d %q", code, body)
			}
			checkFixtures(t, url, fx)

			// Merge: a new bucket joins, an imported same-named bucket
			// replaces the running one as a whole.
			extra := []s3Fixture{{"000000000000", "us-east-1", "delta", "k", []byte("new")},
				{"000000000000", "us-east-1", "alpha", "only-in-running", []byte("x")}}
			putFixtures(t, url, extra)
			code, body = post(t, url+"/_localstack/pods?merge=true", snap)
			if code != 200 {
				t.Fatalf("merge import: %d %q", code, body)
			}
			checkFixtures(t, url, append(fx, extra[0]))
			if _, err := s3Client(url, "000000000000", "us-east-1").HeadObject(ctx(t), &s3.HeadObjectInput{
				Bucket: aws.String("alpha"), Key: aws.String("only-in-running")}); err == nil {
				t.Error("merge kept an object of a bucket the snapshot replaced")
			}
			// Replace (no merge) drops what the snapshot does not hold.
			post(t, url+"/_localstack/pods", snap)
			if _, err := s3Client(url, "000000000000", "us-east-1").HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String("delta")}); err == nil {
				t.Error("replace import kept a bucket the snapshot lacks")
			}
		})
	}
}

func TestImportRejectsGarbage(t *testing.T) {
	_, url := newServer(t, nil, "")
	code, body := post(t, url+"/_localstack/pods", []byte("not a zip"))
	if code != 422 || !strings.Contains(body, "incompatible snapshot") {
		t.Fatalf("got %d %s", code, body)
	}
	code, body = post(t, url+"/_localstack/state/nosuch/reset", nil)
	if code != 400 {
		t.Fatalf("unknown service reset: %d %s", code, body)
	}
	code, body = post(t, url+"/moto-api/reset", nil)
	if code != 200 || body != `{"status": "ok"}` {
		t.Fatalf("moto reset: %d %s", code, body)
	}
}
