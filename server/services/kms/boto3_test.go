package kms_test

import "testing"

// TestBoto3 runs testdata/kms_boto3.py (unittest) against the emulator.
func TestBoto3(t *testing.T) {
	_, url := newClient(t)
	runBoto3(t, url, "kms_boto3")
}
