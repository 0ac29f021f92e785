package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Startup starts and stops the binary n times and returns each time to the
// "Ready." line.
func Startup(ctx context.Context, bin, tmp string, n int) ([]time.Duration, error) {
	var out []time.Duration
	for range n {
		p, err := StartEmulator(ctx, bin, tmp)
		if err != nil {
			return out, err
		}
		out = append(out, p.Startup)
		p.Stop()
	}
	return out, nil
}

// ImageSize returns the size in bytes of a local Docker image, or an error
// when docker or the image is missing.
func ImageSize(ctx context.Context, image string) (int64, error) {
	out, err := exec.CommandContext(ctx, "docker", "image", "inspect", "-f", "{{.Size}}", image).Output()
	if err != nil {
		return 0, errors.New("not built")
	}
	return strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
}

// Upload is what one large S3 upload cost the server.
type Upload struct {
	Size    int64
	Elapsed time.Duration
	Before  Memory // after startup and CreateBucket
	After   Memory // Peak is the high-water mark over the process's life
	Sampled int64  // highest VmRSS seen by polling every 10 ms
}

// UploadPeak starts a fresh emulator, uploads size bytes with one PutObject
// whose body is generated on the fly (the client never holds it), and reads
// the server's peak resident memory.
func UploadPeak(ctx context.Context, bin, tmp string, size int64) (Upload, error) {
	p, err := StartEmulator(ctx, bin, tmp)
	if err != nil {
		return Upload{}, err
	}
	defer p.Stop()
	c := NewClients(p.URL)
	bucket := "bench-upload"
	if _, err := c.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		return Upload{}, err
	}
	u := Upload{Size: size}
	if u.Before, err = ReadMemory(p.PID()); err != nil {
		return u, err
	}
	stop := make(chan struct{})
	sampled := make(chan int64)
	go func() {
		var top int64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			if m, err := ReadMemory(p.PID()); err == nil {
				top = max(top, m.RSS)
			}
			select {
			case <-stop:
				sampled <- top
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	_, err = c.S3.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String("big"),
		Body: &genReader{size: size}, ContentLength: aws.Int64(size),
	})
	u.Elapsed = time.Since(start)
	close(stop)
	u.Sampled = <-sampled
	if err != nil {
		return u, fmt.Errorf("PutObject %d bytes: %w", size, err)
	}
	u.After, err = ReadMemory(p.PID())
	return u, err
}

// genReader yields size bytes of a fixed pattern computed from the offset:
// seekable (the SDK hashes the body, then rewinds to send it over plain
// HTTP) without ever holding the body.
type genReader struct{ size, off int64 }

func (g *genReader) Read(p []byte) (int, error) {
	if g.off >= g.size {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), g.size-g.off))
	for i := range n {
		p[i] = byte((g.off + int64(i)) % 251)
	}
	g.off += int64(n)
	return n, nil
}

func (g *genReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += g.off
	case io.SeekEnd:
		offset += g.size
	}
	if offset < 0 {
		return 0, errors.New("genReader: negative offset")
	}
	g.off = offset
	return offset, nil
}
