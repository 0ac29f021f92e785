//go:build e2e

package s3_test

import (
	"bufio"
	"crypto/md5"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// patternReader yields n deterministic bytes without holding them.
type patternReader struct{ off, n int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.off >= p.n {
		return 0, io.EOF
	}
	if rem := p.n - p.off; int64(len(b)) > rem {
		b = b[:rem]
	}
	for i := range b {
		x := p.off + int64(i)
		b[i] = byte(x*31 + x>>13)
	}
	p.off += int64(len(b))
	return len(b), nil
}

func rssKB(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return 0
}

// TestLargeObjectMemory: a 1 GiB PutObject and GetObject through the real
// binary with persistence on (VOLUME_DIR: bodies spool to disk) keep VmRSS,
// sampled every 10 ms, under idle + 64 MB; the body comes back
// byte-identical. Run: go test -tags e2e -run LargeObjectMemory ./server/services/s3/
func TestLargeObjectMemory(t *testing.T) {
	const size = 1 << 30
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "..")
	bin := filepath.Join(t.TempDir(), "emulator")
	build := exec.Command("go", "build", "-o", bin, "./cmd/emulator")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ln, _ := net.Listen("tcp4", "127.0.0.1:0")
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(), "GATEWAY_LISTEN=127.0.0.1:"+port, "VOLUME_DIR="+t.TempDir(), "INIT_DIR="+t.TempDir())
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "Ready." {
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		t.Fatal("not ready")
	}
	url := "http://127.0.0.1:" + port
	do := func(method, path string, body io.Reader, n int64) *http.Response {
		req, _ := http.NewRequest(method, url+path, body)
		req.ContentLength = n
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode/100 != 2 {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		return resp
	}
	do(http.MethodPut, "/big", nil, 0).Body.Close()
	time.Sleep(500 * time.Millisecond)
	idle := rssKB(cmd.Process.Pid)

	var peak int64
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if r := rssKB(cmd.Process.Pid); r > 0 {
				mu.Lock()
				peak = max(peak, r)
				mu.Unlock()
			}
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	want := md5.New()
	io.Copy(want, &patternReader{n: size})
	start := time.Now()
	do(http.MethodPut, "/big/one-gib", &patternReader{n: size}, size).Body.Close()
	putTime := time.Since(start)
	start = time.Now()
	resp := do(http.MethodGet, "/big/one-gib", nil, 0)
	got := md5.New()
	n, err := io.Copy(got, resp.Body)
	resp.Body.Close()
	getTime := time.Since(start)
	close(stop)
	<-done
	if err != nil || n != size || string(got.Sum(nil)) != string(want.Sum(nil)) {
		t.Fatalf("GET returned %d bytes (%v), digest match %v", n, err, string(got.Sum(nil)) == string(want.Sum(nil)))
	}
	above := (peak - idle) / 1024
	t.Logf("1 GiB PUT %s, GET %s; idle RSS %d KiB, peak %d KiB, %d MiB above idle", putTime, getTime, idle, peak, above)
	if above >= 64 {
		t.Errorf("peak RSS %d MiB above idle, want < 64", above)
	}

	// The same 1 GiB as a multipart upload: 8 parts of 128 MiB, joined by
	// CompleteMultipartUpload, then copied with CopyObject.
	mu.Lock()
	peak = 0
	mu.Unlock()
	stop, done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			if r := rssKB(cmd.Process.Pid); r > 0 {
				mu.Lock()
				peak = max(peak, r)
				mu.Unlock()
			}
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	start = time.Now()
	resp = do(http.MethodPost, "/big/multi?uploads", nil, 0)
	var created struct{ UploadId string }
	xml.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	const partSize = 128 << 20
	src := &patternReader{n: size}
	var complete strings.Builder
	complete.WriteString("<CompleteMultipartUpload>")
	for n := 1; n <= size/partSize; n++ {
		resp := do(http.MethodPut, fmt.Sprintf("/big/multi?partNumber=%d&uploadId=%s", n, created.UploadId), io.LimitReader(src, partSize), partSize)
		fmt.Fprintf(&complete, "<Part><PartNumber>%d</PartNumber><ETag>%s</ETag></Part>", n, resp.Header.Get("ETag"))
		resp.Body.Close()
	}
	complete.WriteString("</CompleteMultipartUpload>")
	body := complete.String()
	do(http.MethodPost, "/big/multi?uploadId="+created.UploadId, strings.NewReader(body), int64(len(body))).Body.Close()
	copyReq, _ := http.NewRequest(http.MethodPut, url+"/big/multi-copy", nil)
	copyReq.Header.Set("x-amz-copy-source", "big/multi")
	if r, err := http.DefaultClient.Do(copyReq); err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("CopyObject: %v %v", r, err)
	} else {
		r.Body.Close()
	}
	resp = do(http.MethodGet, "/big/multi-copy", nil, 0)
	got = md5.New()
	n, err = io.Copy(got, resp.Body)
	resp.Body.Close()
	mpuTime := time.Since(start)
	close(stop)
	<-done
	if err != nil || n != size || string(got.Sum(nil)) != string(want.Sum(nil)) {
		t.Fatalf("multipart copy read back %d bytes (%v)", n, err)
	}
	above = (peak - idle) / 1024
	t.Logf("1 GiB multipart upload + complete + copy + GET %s; peak %d KiB, %d MiB above idle", mpuTime, peak, above)
	if above >= 64 {
		t.Errorf("multipart: peak RSS %d MiB above idle, want < 64", above)
	}
}
