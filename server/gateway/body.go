package gateway

import (
	"errors"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
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
