package logs_test

import "testing"

// TestBoto3 runs testdata/test_logs_boto3.py with boto3 against the emulator.
func TestBoto3(t *testing.T) {
	runBoto3(t, newClient(t).url, "test_logs_boto3")
}
