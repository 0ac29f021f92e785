//go:build e2e

// This module shows that users of testcontainers-go's LocalStack module
// switch to setup-emulator by changing the image name. It is a separate
// module so testcontainers' dependencies stay out of the main go.mod.
//
// Run (after `make image` at the repository root):
//
//	cd examples/testcontainers && go test -tags e2e ./...
//
// EMULATOR_IMAGE overrides the image (default setup-emulator:4.0.0, which
// the test tags from setup-emulator:dev). The module accepts semver tags of
// at least 0.11 (and uses LOCALSTACK_HOST from 2.0 on) or "latest", per
// isMinimumVersion in modules/localstack/localstack.go.
package testcontainers_test

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/modules/localstack"
)

func TestLocalStackModuleRunsEmulatorImage(t *testing.T) {
	// No registry here: the reaper image cannot be pulled.
	t.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	// This machine is itself a container (/.dockerenv) whose default gateway
	// is not the engine's host, so testcontainers' guess of the daemon host
	// is wrong; the engine publishes ports on this host's loopback.
	if os.Getenv("TESTCONTAINERS_HOST_OVERRIDE") == "" {
		t.Setenv("TESTCONTAINERS_HOST_OVERRIDE", "localhost")
	}
	img := os.Getenv("EMULATOR_IMAGE")
	if img == "" {
		img = "setup-emulator:4.0.0"
		if out, err := exec.Command("docker", "tag", "setup-emulator:dev", img).CombinedOutput(); err != nil {
			t.Skipf("no setup-emulator:dev image (run `make image`): %v: %s", err, out)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	begin := time.Now()
	ctr, err := localstack.Run(ctx, img)
	testcontainers.CleanupContainer(t, ctr)
	if err != nil {
		t.Fatalf("localstack.Run(%s): %v", img, err)
	}
	t.Logf("%s ready in %s", img, time.Since(begin))

	endpoint, err := ctr.PortEndpoint(ctx, "4566/tcp", "http")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("test", "test", "")),
	)
	if err != nil {
		t.Fatal(err)
	}

	// STS: the account LocalStack reports for the "test" access key is
	// 000000000000 (localstack/aws/accounts.py).
	id, err := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(endpoint) }).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if got := aws.ToString(id.Account); got != "000000000000" {
		t.Errorf("Account = %q, want 000000000000", got)
	}

	sq := sqs.NewFromConfig(cfg, func(o *sqs.Options) { o.BaseEndpoint = aws.String(endpoint) })
	q, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("tc-queue")})
	if err != nil {
		t.Fatalf("CreateQueue: %v", err)
	}
	if _, err := sq.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("hello")}); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	got, err := sq.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTimeSeconds: 1})
	if err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	if len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "hello" {
		t.Errorf("ReceiveMessage = %+v, want one message \"hello\"", got.Messages)
	}
}
