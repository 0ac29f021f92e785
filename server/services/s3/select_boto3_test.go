package s3_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBoto3Select runs testdata/s3_select_boto3.py: S3 Select's event
// stream as botocore parses it, and the deprecated lifecycle and
// notification calls boto3 still offers.
func TestBoto3Select(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	t.Parallel()
	url := newEmulator(t)
	cmd := exec.Command("python3", "testdata/s3_select_boto3.py")
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "ENDPOINT="+url, "HOME="+home, "AWS_CONFIG_FILE="+home+"/config",
		"AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("boto3: %v\n%s", err, out)
	}
}
