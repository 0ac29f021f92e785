package sns_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server"
)

// TestBoto3FanOut runs testdata/fanout_boto3.py (SNS→SQS fan-out with a
// filter policy, raw delivery, FIFO, errors) with boto3 against the emulator.
func TestBoto3FanOut(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cmd := exec.Command("python3", "testdata/fanout_boto3.py")
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "ENDPOINT="+ts.URL, "HOME="+home, "AWS_CONFIG_FILE="+home+"/config",
		"AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("boto3: %v\n%s", err, out)
	}
}
