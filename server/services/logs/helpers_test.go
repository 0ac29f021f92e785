package logs_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/smithy-go"

	"github.com/setup-emulator/setup-emulator/server"
)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// clients are the SDK clients of one emulator.
type clients struct {
	logs *cloudwatchlogs.Client
	kin  *kinesis.Client
	cw   *cloudwatch.Client
	clk  *clock
	url  string
}

// newClient starts the emulator (server.New behind httptest) with a
// settable clock and returns aws-sdk-go-v2 clients for Logs, Kinesis and
// CloudWatch.
func newClient(t *testing.T) clients {
	t.Helper()
	c := &clock{now: time.Now().UTC().Truncate(time.Second)}
	srv, err := server.New(server.Config{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(ts.URL)}
	return clients{logs: cloudwatchlogs.NewFromConfig(cfg), kin: kinesis.NewFromConfig(cfg),
		cw: cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) { o.DisableRequestCompression = true }), clk: c, url: ts.URL}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Fatalf("error = %v, want %s", err, code)
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// runBoto3 runs testdata/<module>.py with Python's unittest against url;
// skipped when python3 with boto3 is not installed.
func runBoto3(t *testing.T, url, module string) {
	t.Helper()
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	home := t.TempDir()
	cmd := exec.Command("python3", "-m", "unittest", "-v", module)
	cmd.Dir = "testdata"
	cmd.Env = append(os.Environ(), "ENDPOINT="+url, "HOME="+home, "AWS_CONFIG_FILE="+home+"/config",
		"AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials", "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("boto3 %s: %v\n%s", module, err, out)
	}
	t.Logf("%s", out)
}
