package gateway

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/restxml"
)

type putObjectInput struct {
	Bucket *string   `aws:"Bucket"`
	Key    *string   `aws:"Key"`
	Body   io.Reader `aws:"Body"`
}

// An upload that stops sending its declared body fails with S3's
// 400 RequestTimeout instead of holding the connection for ever.
func TestStalledBodyTimesOut(t *testing.T) {
	g := New(Config{
		Registry: model.NewRegistry(),
		Codecs:   map[string]protocol.Codec{"rest-xml": restxml.New()},
		Providers: map[string]Provider{"s3": func(awsapi.Env) map[string]awsapi.Handler {
			return map[string]awsapi.Handler{"PutObject": {
				Input: func() any { return new(putObjectInput) },
				Call: func(_ context.Context, in any) (any, error) {
					_, err := io.ReadAll(in.(*putObjectInput).Body)
					return &struct{}{}, err
				},
			}}
		}},
		BodyIdleTimeout: 300 * time.Millisecond,
		Logger:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		Env:             awsapi.Env{NewID: func() string { return "req-1" }},
	})
	ts := httptest.NewServer(g)
	defer ts.Close()
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	conn.Write([]byte("PUT /bucket/key HTTP/1.1\r\nHost: localhost\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x\r\nContent-Length: 100\r\n\r\nabc"))
	start := time.Now()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(string(body), "<Code>RequestTimeout</Code>") {
		t.Errorf("stalled upload: %d %s", resp.StatusCode, body)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("answered after %v", d)
	}
}
