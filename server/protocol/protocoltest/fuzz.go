package protocoltest

import (
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// Assert4xx fails t unless err is an *awsapi.Error with a 4xx status: bad
// input is the client's fault and must get an AWS-shaped answer.
func Assert4xx(t testing.TB, err error) {
	t.Helper()
	var ae *awsapi.Error
	if !errors.As(err, &ae) || ae.Status < 400 || ae.Status > 499 {
		t.Fatalf("error %v (%T) is not a 4xx *awsapi.Error", err, err)
	}
}

// CheckDecode is the body of the codecs' FuzzDecode targets: it runs c's
// Operation and Decode on r and reads every top-level streaming member of
// the input (where framing errors such as aws-chunked ones surface). Any
// error must pass Assert4xx; a panic fails the fuzz run by itself.
func CheckDecode(t *testing.T, c protocol.Codec, svc *model.Service, r *http.Request) {
	t.Helper()
	op, err := c.Operation(svc, r)
	if err != nil {
		Assert4xx(t, err)
		return
	}
	in, err := c.Decode(svc, op, r)
	if err != nil {
		Assert4xx(t, err)
		return
	}
	for _, v := range in {
		if rd, ok := v.(io.Reader); ok {
			if _, err := io.Copy(io.Discard, rd); err != nil {
				Assert4xx(t, err)
			}
		}
	}
}
