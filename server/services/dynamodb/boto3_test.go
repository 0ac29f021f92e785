package dynamodb_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server"
)

// TestBoto3 runs testdata/dynamodb_boto3.py (boto3 client and Table
// resource: tables, indexes, items, queries, capacity, transactions,
// PartiQL, streams) against the emulator. It is skipped without python3
// and boto3; CI runs it with `pip install boto3` and
// `go test ./server/services/dynamodb/ -run Boto3`.
func TestBoto3(t *testing.T) {
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		t.Skip("python3 with boto3 is not installed")
	}
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cmd := exec.Command("python3", "testdata/dynamodb_boto3.py")
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "ENDPOINT="+ts.URL, "HOME="+home, "AWS_CONFIG_FILE="+home+"/config",
		"AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("boto3: %v\n%s", err, out)
	}
}
