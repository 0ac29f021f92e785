package ssm_test

import "testing"

// TestBoto3 runs testdata/ssm_boto3.py (unittest) against the emulator.
func TestBoto3(t *testing.T) {
	_, _, url := newClients(t)
	runBoto3(t, url, "ssm_boto3")
}
