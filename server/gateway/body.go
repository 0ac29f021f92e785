package gateway

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
)

// bodyIdleTimeout is how long a request body may send nothing before the
// request fails with S3's 400 RequestTimeout (S3 closes idle uploads after
// about 20 s; the Error Responses page of the S3 API Reference names the code).
const bodyIdleTimeout = 20 * time.Second

// idleBody moves the connection's read deadline forward on every read, so a
// body that keeps arriving never times out and one that stalls does.
type idleBody struct {
	io.ReadCloser
	rc      *http.ResponseController
	timeout time.Duration
}

func (b *idleBody) Read(p []byte) (int, error) {
	_ = b.rc.SetReadDeadline(time.Now().Add(b.timeout))
	n, err := b.ReadCloser.Read(p)
	var ne net.Error
	if err != nil && errors.As(err, &ne) && ne.Timeout() {
		return n, &awsapi.Error{Code: "RequestTimeout", Status: http.StatusBadRequest, Sender: true,
			Message: "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed."}
	}
	return n, err
}

// watchBody wraps r.Body with the idle timeout when the connection supports
// read deadlines (HTTP/1.x over TCP does).
func watchBody(w http.ResponseWriter, r *http.Request, timeout time.Duration) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Now().Add(timeout)); err != nil {
		return
	}
	r.Body = &idleBody{ReadCloser: r.Body, rc: rc, timeout: timeout}
}

// inflateRequest decompresses a gzip request body of an operation with the
// requestcompression trait (CloudWatch PutMetricData: the SDKs gzip bodies
// of 10 KiB and more, aws-sdk-go-v2 every body when aws.Config is built by
// hand). Elsewhere Content-Encoding is data (S3 object metadata) and stays.
// The inflated body gets the same size limit as an uncompressed one.
func inflateRequest(w http.ResponseWriter, r *http.Request, op *model.Operation) error {
	if op.RequestCompression == nil || r.Body == nil {
		return nil
	}
	encodings := strings.Split(r.Header.Get("Content-Encoding"), ",")
	last := strings.TrimSpace(encodings[len(encodings)-1])
	if !strings.EqualFold(last, "gzip") || !slices.Contains(op.RequestCompression.Encodings, "gzip") {
		return nil
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		return fmt.Errorf("the gzip request body cannot be read: %v", err)
	}
	r.Body = http.MaxBytesReader(w, struct {
		io.Reader
		io.Closer
	}{zr, r.Body}, maxRPCBody)
	if rest := encodings[:len(encodings)-1]; len(rest) > 0 {
		r.Header.Set("Content-Encoding", strings.Join(rest, ","))
	} else {
		r.Header.Del("Content-Encoding")
	}
	r.ContentLength = -1
	return nil
}
