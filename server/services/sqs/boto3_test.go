package sqs_test

import (
	"os"
	"os/exec"
	"testing"
)

// TestBoto3SQS runs testdata/sqs_boto3.py (JSON protocol through boto3,
// query protocol through urllib, the /_aws/sqs/messages developer
// endpoint) against the emulator, skipping when boto3 is absent.
func TestBoto3SQS(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	base, _ := emulator(t, nil)
	cmd := exec.Command("python3", "testdata/sqs_boto3.py")
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "ENDPOINT="+base, "HOME="+home, "AWS_CONFIG_FILE="+home+"/config",
		"AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("boto3: %v\n%s", err, out)
	}
}
