package s3_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBoto3 runs testdata/s3_boto3.py (transfer-manager multipart,
// checksums, ranges and conditions, copy, listing, versioning, object
// lock, subresources, bucket configurations, presigned URLs) with boto3
// against the emulator.
func TestBoto3(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	t.Parallel() // alongside the AWS CLI tests: both wait on Python start-up
	url := newEmulator(t)
	cmd := exec.Command("python3", "testdata/s3_boto3.py")
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "ENDPOINT="+url, "HOME="+home, "AWS_CONFIG_FILE="+home+"/config",
		"AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("boto3: %v\n%s", err, out)
	}
}
