// aws-sdk-go-v2's upload manager (feature/s3/manager; its successor,
// transfermanager, sends the same multipart calls) against the emulator.

package s3_test

import (
	"bytes"
	"crypto/md5"
	"crypto/rand"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The SDK's upload manager splits 17 MiB into 5 MiB parts uploaded
// concurrently (4 parts); the completed ETag is the MD5 of the part MD5s
// "-4" (checking-object-integrity.html). The download manager fetches it
// back with concurrent ranged GETs.
func TestSDKUploadManager(t *testing.T) {
	c := client(newEmulator(t))
	ctx := bg(t)
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("mgr")}); err != nil {
		t.Fatal(err)
	}
	data := make([]byte, 17<<20)
	rand.Read(data)
	up := manager.NewUploader(c, func(u *manager.Uploader) { u.PartSize = 5 << 20; u.Concurrency = 3 })
	res, err := up.Upload(ctx, &s3.PutObjectInput{Bucket: aws.String("mgr"), Key: aws.String("dir/big ü.bin"), Body: bytes.NewReader(data)})
	if err != nil {
		t.Fatal(err)
	}
	var sums []byte
	for off := 0; off < len(data); off += 5 << 20 {
		s := md5.Sum(data[off:min(off+5<<20, len(data))])
		sums = append(sums, s[:]...)
	}
	want := fmt.Sprintf(`"%x-4"`, md5.Sum(sums))
	if aws.ToString(res.ETag) != want {
		t.Errorf("ETag %s, want %s", aws.ToString(res.ETag), want)
	}
	buf := manager.NewWriteAtBuffer(nil)
	n, err := manager.NewDownloader(c, func(d *manager.Downloader) { d.PartSize = 4 << 20 }).Download(ctx, buf,
		&s3.GetObjectInput{Bucket: aws.String("mgr"), Key: aws.String("dir/big ü.bin")})
	if err != nil || n != int64(len(data)) || !bytes.Equal(buf.Bytes(), data) {
		t.Fatalf("download: %d bytes, %v, equal %v", n, err, bytes.Equal(buf.Bytes(), data))
	}
}
