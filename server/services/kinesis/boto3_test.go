package kinesis_test

import "testing"

// TestBoto3 runs testdata/test_kinesis_boto3.py (a producer/consumer across a
// split and a merge) with boto3 against the emulator.
func TestBoto3(t *testing.T) {
	_, _, url := newClient(t)
	runBoto3(t, url, "test_kinesis_boto3")
}
