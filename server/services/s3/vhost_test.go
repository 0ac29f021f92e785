package s3_test

import (
	"context"
	"net"
	"net/http"
	neturl "net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Virtual-host addressing, "<bucket>.s3.<host>" and
// "<bucket>.s3.<region>.<host>" (VirtualHosting.html), with keys holding
// "%", "+", spaces, "=" and unicode through put, list, copy, get, delete.
func TestSDKVirtualHostKeys(t *testing.T) {
	url := newEmulator(t)
	addr := strings.TrimPrefix(url, "http://")
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	keys := []string{"a b/c+d=e%f.txt", "ü/日本語/ключ", "100% sure?&#.txt"}
	for i, endpoint := range []string{"http://s3.localhost.localstack.cloud:4566", "http://s3.us-east-1.localhost.localstack.cloud:4566"} {
		c := s3.New(s3.Options{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
			BaseEndpoint: aws.String(endpoint), HTTPClient: &http.Client{Transport: &http.Transport{DialContext: dial}}})
		ctx := bg(t)
		bucket := aws.String([]string{"vhost-one", "vhost-two"}[i])
		_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket})
		mustOK(t, err)
		for _, k := range keys {
			_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String(k), Body: strings.NewReader(k)})
			mustOK(t, err)
			_, err = c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: bucket, Key: aws.String("copy/" + k),
				CopySource: aws.String(*bucket + "/" + escapeKey(k))})
			mustOK(t, err)
			g, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("copy/" + k)})
			mustOK(t, err)
			if got := readBody(t, g.Body); got != k {
				t.Errorf("%s: copy of %q reads %q", endpoint, k, got)
			}
		}
		l, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: bucket, Prefix: aws.String("copy/")})
		mustOK(t, err)
		if len(l.Contents) != len(keys) {
			t.Errorf("%s: listed %d keys", endpoint, len(l.Contents))
		}
		var ids []types.ObjectIdentifier
		for _, o := range l.Contents {
			ids = append(ids, types.ObjectIdentifier{Key: o.Key})
		}
		d, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: bucket, Delete: &types.Delete{Objects: ids}})
		mustOK(t, err)
		if len(d.Deleted) != len(keys) {
			t.Errorf("%s: deleted %+v errors %+v", endpoint, d.Deleted, d.Errors)
		}
	}
}

// escapeKey URL-encodes a key for x-amz-copy-source, keeping "/".
func escapeKey(k string) string {
	var b strings.Builder
	for _, seg := range strings.Split(k, "/") {
		if b.Len() > 0 {
			b.WriteByte('/')
		}
		b.WriteString(strings.ReplaceAll(urlPathEscape(seg), "+", "%2B"))
	}
	return b.String()
}

func urlPathEscape(s string) string { return (&neturl.URL{Path: s}).EscapedPath() }
