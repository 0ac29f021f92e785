package events_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"

	"github.com/setup-emulator/setup-emulator/server"
)

// runBoto3 runs a Python unittest script with boto3 against a fresh
// emulator, skipping when boto3 is not installed.
func runBoto3(t *testing.T, script string) {
	t.Helper()
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cmd := exec.Command("python3", script)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "ENDPOINT="+ts.URL, "HOME="+home, "AWS_CONFIG_FILE="+home+"/config",
		"AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("boto3: %v\n%s", err, out)
	}
}

// TestBoto3EventBridge runs testdata/events_boto3.py.
func TestBoto3EventBridge(t *testing.T) { runBoto3(t, "testdata/events_boto3.py") }
