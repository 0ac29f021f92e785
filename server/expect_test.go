package server_test

import (
	"bufio"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// An empty upload sent with "Expect: 100-continue" (boto3 and the AWS CLI
// send it on every PutObject) gets "100 Continue" before the final answer,
// as S3 sends it; without it botocore misreads the next response on the
// connection and stalls for its 60 s read timeout.
func TestExpectContinueEmptyBody(t *testing.T) {
	url := newServer(t, nil)
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(conn)
	send := func(path string, body string) *http.Response {
		req := "PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
		if _, err := conn.Write([]byte(req)); err != nil {
			t.Fatal(err)
		}
		if body != "" {
			line, _ := br.ReadString('\n')
			if !strings.HasPrefix(line, "HTTP/1.1 100") {
				t.Fatalf("want 100 Continue before the body, got %q", line)
			}
			br.ReadString('\n')
			conn.Write([]byte(body))
		}
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := send("/expect-bucket", ""); resp.StatusCode != 100 {
		t.Fatalf("CreateBucket with an empty body: first response %d, want 100 Continue", resp.StatusCode)
	}
	if resp, _ := http.ReadResponse(br, nil); resp == nil || resp.StatusCode != 200 {
		t.Fatalf("CreateBucket final response: %v", resp)
	}
	if resp := send("/expect-bucket/empty", ""); resp.StatusCode != 100 {
		t.Fatalf("empty PutObject: first response %d, want 100 Continue", resp.StatusCode)
	}
	if resp, _ := http.ReadResponse(br, nil); resp == nil || resp.StatusCode != 200 {
		t.Fatalf("empty PutObject final response: %v", resp)
	}
	// The connection is still in step: the next request gets its own answer.
	if resp := send("/expect-bucket/x", "x"); resp.StatusCode != 200 {
		t.Fatalf("next PutObject: %d", resp.StatusCode)
	}
}
