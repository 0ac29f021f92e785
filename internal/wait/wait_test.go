package wait

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/internal/endpoint"
	"github.com/setup-emulator/setup-emulator/internal/instance"
)

type fakeInstance struct {
	state instance.State
	logs  string
}

func (f *fakeInstance) Kind() string { return "fake" }
func (f *fakeInstance) Start(context.Context, io.Writer) (bool, error) {
	return false, nil
}
func (f *fakeInstance) State(context.Context) (instance.State, error) { return f.state, nil }
func (f *fakeInstance) Logs(_ context.Context, w io.Writer, _ bool, tail int) error {
	lines := LastLines(f.logs, 1<<30)
	if tail >= 0 && len(lines) > tail {
		lines = lines[len(lines)-tail:]
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n"))
	return err
}
func (f *fakeInstance) Stop(context.Context) error { return nil }

func healthServer(t *testing.T, status int) *endpoint.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		fmt.Fprint(w, `{"services":{"s3":"available"},"edition":"community","version":"dev"}`)
	}))
	t.Cleanup(srv.Close)
	return endpoint.New(srv.URL, time.Second)
}

func TestWaitReadyNeedsMarkerAndHealth(t *testing.T) {
	inst := &fakeInstance{state: instance.State{Exists: true, Running: true}, logs: "starting\nReady.\n"}
	if err := Wait(context.Background(), inst, healthServer(t, 200), Options{Timeout: time.Second, Poll: 10 * time.Millisecond}); err != nil {
		t.Fatalf("Wait = %v, want ready", err)
	}
	// Health answers but no marker yet: times out naming the missing marker.
	inst.logs = "starting\nNot Ready.\n"
	// 3 s, so that a loaded machine still completes rounds before the deadline.
	err := Wait(context.Background(), inst, healthServer(t, 200), Options{Timeout: 3 * time.Second, Poll: 10 * time.Millisecond})
	var te *TimeoutError
	if !errors.As(err, &te) || !strings.Contains(te.Reason, "Ready.") || len(te.Tail) != 2 {
		t.Fatalf("Wait = %#v, want TimeoutError about the marker with the log tail", err)
	}
	// Marker but health 503: times out.
	inst.logs = "Ready.\n"
	err = Wait(context.Background(), inst, healthServer(t, 503), Options{Timeout: time.Second, Poll: 10 * time.Millisecond})
	if !errors.As(err, &te) || !strings.Contains(te.Reason, "503") {
		t.Fatalf("Wait = %v, want TimeoutError naming HTTP 503", err)
	}
}

func TestWaitFailsFastWhenExited(t *testing.T) {
	var logs strings.Builder
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&logs, "line %d\n", i)
	}
	inst := &fakeInstance{state: instance.State{Exists: true, ExitCode: 3}, logs: logs.String()}
	begin := time.Now()
	err := Wait(context.Background(), inst, healthServer(t, 200), Options{Timeout: 10 * time.Second})
	var ee *ExitedError
	if !errors.As(err, &ee) || ee.ExitCode != 3 {
		t.Fatalf("Wait = %v, want ExitedError code 3", err)
	}
	if len(ee.Tail) != TailLines || ee.Tail[0] != "line 11" || ee.Tail[29] != "line 40" {
		t.Errorf("Tail = %q, want lines 11-40", ee.Tail)
	}
	if time.Since(begin) > 2*time.Second {
		t.Errorf("took %s, want fast failure", time.Since(begin))
	}
}

func TestWaitNotFound(t *testing.T) {
	err := Wait(context.Background(), &fakeInstance{}, healthServer(t, 200), Options{Timeout: time.Second})
	if !errors.Is(err, instance.ErrNotFound) {
		t.Fatalf("Wait = %v, want ErrNotFound", err)
	}
}

func TestWaitRemoteHealthOnly(t *testing.T) {
	if err := Wait(context.Background(), nil, healthServer(t, 200), Options{Timeout: time.Second}); err != nil {
		t.Fatalf("Wait = %v", err)
	}
}

func TestHasMarker(t *testing.T) {
	for in, want := range map[string]bool{"Ready.\n": true, "a\r\nReady.\r\n": true, "Not Ready.": false, "": false, "Ready": false} {
		if got := HasMarker(in); got != want {
			t.Errorf("HasMarker(%q) = %v, want %v", in, got, want)
		}
	}
}
