package iam_test

import (
	"os"
	"os/exec"
	"testing"
)

// TestBoto3 runs testdata/boto3_iam_sts.py (unittest) against the emulator;
// skipped when python3 or boto3 is missing.
func TestBoto3(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 not available")
	}
	u := newServer(t, nil)
	cmd := exec.Command("python3", "testdata/boto3_iam_sts.py", "-v")
	cmd.Env = append(os.Environ(), "ENDPOINT="+u, "AWS_EC2_METADATA_DISABLED=true")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("boto3 tests failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
