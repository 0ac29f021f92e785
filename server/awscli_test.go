package server_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// awsCLI runs the AWS CLI (v1 here) against the emulator, as users do with
// `aws --endpoint-url`, in a clean environment with test credentials.
func awsCLI(t *testing.T, url string, args ...string) string {
	t.Helper()
	cmd := exec.Command("aws", append([]string{"--endpoint-url", url, "--region", "us-east-1", "--output", "json"}, args...)...)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test", "AWS_CONFIG_FILE="+filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "credentials"), "AWS_PAGER=", "HOME="+home)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func needAWSCLI(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the AWS CLI is not installed (.ci/run installs it)")
	}
}

func TestAWSCLI(t *testing.T) {
	needAWSCLI(t)
	url := newServer(t, nil)
	t.Run("sts", func(t *testing.T) {
		if out := awsCLI(t, url, "sts", "get-caller-identity"); !strings.Contains(out, `"Account": "000000000000"`) {
			t.Errorf("get-caller-identity: %s", out)
		}
	})
	t.Run("s3", func(t *testing.T) {
		dir := t.TempDir()
		src := filepath.Join(dir, "hello.txt")
		os.WriteFile(src, []byte("hello from the cli\n"), 0o644)
		awsCLI(t, url, "s3", "mb", "s3://cli-bucket")
		awsCLI(t, url, "s3", "cp", src, "s3://cli-bucket/dir/hello world.txt")
		if out := awsCLI(t, url, "s3", "ls", "s3://cli-bucket/dir/"); !strings.Contains(out, "hello world.txt") {
			t.Errorf("ls: %s", out)
		}
		dst := filepath.Join(dir, "back.txt")
		awsCLI(t, url, "s3", "cp", "s3://cli-bucket/dir/hello world.txt", dst)
		if b, _ := os.ReadFile(dst); string(b) != "hello from the cli\n" {
			t.Errorf("downloaded %q", b)
		}
		awsCLI(t, url, "s3", "rm", "s3://cli-bucket/dir/hello world.txt")
		if out := awsCLI(t, url, "s3", "ls", "s3://cli-bucket/"); strings.TrimSpace(out) != "" {
			t.Errorf("ls after rm: %q", out)
		}
	})
	t.Run("sqs", func(t *testing.T) {
		out := awsCLI(t, url, "sqs", "create-queue", "--queue-name", "cli-queue")
		if !strings.Contains(out, "/000000000000/cli-queue") {
			t.Fatalf("create-queue: %s", out)
		}
		q := "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/cli-queue"
		awsCLI(t, url, "sqs", "send-message", "--queue-url", q, "--message-body", "hi from the cli")
		if out := awsCLI(t, url, "sqs", "receive-message", "--queue-url", q); !strings.Contains(out, `"Body": "hi from the cli"`) {
			t.Errorf("receive-message: %s", out)
		}
	})
	t.Run("dynamodb", func(t *testing.T) {
		awsCLI(t, url, "dynamodb", "create-table", "--table-name", "cli-table", "--billing-mode", "PAY_PER_REQUEST",
			"--attribute-definitions", "AttributeName=id,AttributeType=S", "--key-schema", "AttributeName=id,KeyType=HASH")
		awsCLI(t, url, "dynamodb", "put-item", "--table-name", "cli-table", "--item", `{"id": {"S": "1"}, "n": {"N": "42"}}`)
		if out := awsCLI(t, url, "dynamodb", "get-item", "--table-name", "cli-table", "--key", `{"id": {"S": "1"}}`); !strings.Contains(out, `"N": "42"`) {
			t.Errorf("get-item: %s", out)
		}
	})
}
