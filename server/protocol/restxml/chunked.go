package restxml

import (
	"bufio"
	"io"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// isAWSChunked reports a body in the aws-chunked encoding: the
// Content-Encoding token aws-chunked, or a STREAMING-* payload hash
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER],
// STREAMING-UNSIGNED-PAYLOAD-TRAILER, ...), which aws-sdk-go-v2 sends for
// PutObject and UploadPart.
// Source: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
func isAWSChunked(h http.Header) bool {
	for _, v := range h.Values("Content-Encoding") {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), "aws-chunked") {
				return true
			}
		}
	}
	return strings.HasPrefix(h.Get("X-Amz-Content-Sha256"), "STREAMING-")
}

// maxChunkLine bounds a chunk header or trailer line.
const maxChunkLine = 4096

// ChunkedReader decodes an aws-chunked body as it is read:
//
//	<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0[;chunk-signature=<sig>]\r\n
//	[<trailer name>:<value>\r\n ...]\r\n
//
// Chunk signatures are not verified (LocalStack does not either). Malformed
// framing is a read error: 400 IncompleteBody, S3's code for a body that
// does not match its declared length.
type ChunkedReader struct {
	br      *bufio.Reader
	left    int64 // bytes left in the current chunk
	started bool  // a chunk has been read (its CRLF is pending)
	err     error
	trailer http.Header
}

// NewChunkedReader decodes the aws-chunked stream r.
func NewChunkedReader(r io.Reader) *ChunkedReader {
	return &ChunkedReader{br: bufio.NewReaderSize(r, maxChunkLine), trailer: http.Header{}}
}

// Trailer returns the trailing headers (x-amz-checksum-crc32, ...) once
// Read has returned io.EOF; before that it may be incomplete.
func (c *ChunkedReader) Trailer() http.Header { return c.trailer }

func (c *ChunkedReader) fail(format string, args ...any) error {
	c.err = awsapi.NewError(http.StatusBadRequest, "IncompleteBody", "Invalid aws-chunked body: "+format, args...)
	return c.err
}

func (c *ChunkedReader) line() (string, error) {
	b, err := c.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return "", c.fail("line longer than %d bytes", maxChunkLine)
	}
	if err != nil {
		if err == io.EOF && len(b) > 0 {
			return strings.TrimRight(string(b), "\r\n"), nil
		}
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// Read implements io.Reader over the decoded data.
func (c *ChunkedReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	for c.left == 0 {
		if err := c.next(); err != nil {
			return 0, err
		}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.br.Read(p)
	c.left -= int64(n)
	if err == io.EOF {
		return n, c.fail("body ends inside a chunk")
	}
	if err != nil {
		c.err = err
	}
	return n, err
}

// next reads the next chunk header, or the trailers after the last chunk.
func (c *ChunkedReader) next() error {
	if c.started {
		l, err := c.line()
		if err != nil || l != "" {
			return c.fail("chunk data not followed by CRLF")
		}
	}
	c.started = true
	l, err := c.line()
	if err != nil {
		return c.fail("missing chunk header")
	}
	sizeText, _, _ := strings.Cut(l, ";")
	size, perr := strconv.ParseInt(strings.TrimSpace(sizeText), 16, 64)
	if perr != nil || size < 0 || len(sizeText) > 16 {
		return c.fail("bad chunk size %q", clip(sizeText))
	}
	if size > 0 {
		c.left = size
		return nil
	}
	for n := 0; ; n++ {
		l, err := c.line()
		if err == io.EOF || (err == nil && l == "") {
			break
		}
		if err != nil {
			return c.fail("bad trailer")
		}
		if n > 100 {
			return c.fail("too many trailers")
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			return c.fail("bad trailer line %q", clip(l))
		}
		c.trailer.Add(textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k)), strings.TrimSpace(v))
	}
	c.err = io.EOF
	return io.EOF
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
