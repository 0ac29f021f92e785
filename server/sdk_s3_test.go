package server_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func s3Client(url string, pathStyle bool) *s3.Client {
	return s3.NewFromConfig(sdkConfig(url), func(o *s3.Options) { o.UsePathStyle = pathStyle })
}

func TestS3BucketsAndObjects(t *testing.T) {
	url := newServer(t, nil)
	c := s3Client(url, true)
	if _, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String("photos")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String("photos")}); err != nil {
		t.Fatal(err)
	}
	lb, err := c.ListBuckets(ctx(t), &s3.ListBucketsInput{})
	if err != nil || len(lb.Buckets) != 1 || aws.ToString(lb.Buckets[0].Name) != "photos" {
		t.Fatalf("ListBuckets %v %v", lb, err)
	}
	body := []byte("hello, s3")
	put, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String("a/b c+d=é.txt"),
		Body: bytes.NewReader(body), ContentType: aws.String("text/plain"), Metadata: map[string]string{"owner": "me"}})
	if err != nil {
		t.Fatal(err)
	}
	// ETag of a single-part upload is the quoted hex MD5 of the body (S3 API reference, Common Response Headers).
	if aws.ToString(put.ETag) != `"`+md5hex(body)+`"` {
		t.Errorf("etag %s", aws.ToString(put.ETag))
	}
	get, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("photos"), Key: aws.String("a/b c+d=é.txt")})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(get.Body)
	get.Body.Close()
	if !bytes.Equal(got, body) || aws.ToString(get.ContentType) != "text/plain" || get.Metadata["owner"] != "me" || aws.ToString(get.ETag) != aws.ToString(put.ETag) {
		t.Errorf("GetObject %q %+v", got, get)
	}
	head, err := c.HeadObject(ctx(t), &s3.HeadObjectInput{Bucket: aws.String("photos"), Key: aws.String("a/b c+d=é.txt")})
	if err != nil || aws.ToInt64(head.ContentLength) != int64(len(body)) {
		t.Fatalf("HeadObject %v %v", head, err)
	}
	c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String("a/z.txt"), Body: strings.NewReader("z")})
	c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String("top.txt"), Body: strings.NewReader("t")})
	v2, err := c.ListObjectsV2(ctx(t), &s3.ListObjectsV2Input{Bucket: aws.String("photos"), Delimiter: aws.String("/")})
	if err != nil {
		t.Fatal(err)
	}
	// Delimiter groups keys into CommonPrefixes (S3 API reference, ListObjectsV2).
	if len(v2.Contents) != 1 || aws.ToString(v2.Contents[0].Key) != "top.txt" || len(v2.CommonPrefixes) != 1 || aws.ToString(v2.CommonPrefixes[0].Prefix) != "a/" || aws.ToInt32(v2.KeyCount) != 2 {
		t.Errorf("ListObjectsV2 %+v", v2)
	}
	v1, err := c.ListObjects(ctx(t), &s3.ListObjectsInput{Bucket: aws.String("photos"), Prefix: aws.String("a/")})
	if err != nil || len(v1.Contents) != 2 {
		t.Fatalf("ListObjects %v %v", v1, err)
	}
	_, err = c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: aws.String("photos")})
	if err == nil || !strings.Contains(err.Error(), "BucketNotEmpty") {
		t.Errorf("delete non-empty bucket: %v", err)
	}
	for _, k := range []string{"a/b c+d=é.txt", "a/z.txt", "top.txt"} {
		if _, err := c.DeleteObject(ctx(t), &s3.DeleteObjectInput{Bucket: aws.String("photos"), Key: aws.String(k)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("photos"), Key: aws.String("top.txt")})
	var nsk *types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("want NoSuchKey, got %v", err)
	}
	if _, err := c.DeleteBucket(ctx(t), &s3.DeleteBucketInput{Bucket: aws.String("photos")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String("photos")})
	var nf *types.NotFound
	if !errors.As(err, &nf) {
		t.Errorf("HeadBucket after delete: %v", err)
	}
}

// Virtual-host style: "<bucket>.s3.<host>" (localstack-runtime.md §8). The
// SDK addresses the bucket by host when path style is off; the request is
// sent to the test server through a dialer override.
func TestS3VirtualHost(t *testing.T) {
	url := newServer(t, nil)
	addr := strings.TrimPrefix(url, "http://")
	cfg := sdkConfig("http://s3.localhost.localstack.cloud:4566")
	cfg.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: dialTo(addr)}}
	c := s3.NewFromConfig(cfg)
	if _, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String("vhost")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("vhost"), Key: aws.String("k/e y"), Body: strings.NewReader("v")}); err != nil {
		t.Fatal(err)
	}
	// The same object through path style.
	out, err := s3Client(url, true).GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("vhost"), Key: aws.String("k/e y")})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(out.Body)
	if string(b) != "v" {
		t.Errorf("body %q", b)
	}
}
