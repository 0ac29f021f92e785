package runtime

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/setup-emulator/setup-emulator/server"
)

const initYAML = `
region: us-east-1
buckets:
  - plain-bucket
  - {name: eu-bucket, region: eu-west-1}
  - {name: other-account, account: "111111111111"}
queues:
  - jobs
  - name: orders.fifo
    attributes: {FifoQueue: true, ContentBasedDeduplication: "true", VisibilityTimeout: 45}
    tags: {team: core}
tables:
  - name: users
    partition_key: id:S
    sort_key: created:N
topics: [alerts]
secrets: [{name: db, value: s3cret}]
parameters: [{name: /app/url, value: "http://x"}]
`

func sdkConfig(url, account, region string) aws.Config {
	return aws.Config{Region: region, Credentials: credentials.NewStaticCredentialsProvider(account, "test", ""), BaseEndpoint: aws.String(url)}
}

// A declarative init file creates buckets (regions, accounts), queues
// (attributes given as YAML numbers and booleans, tags) and tables; kinds
// with no provider are skipped with a warning; applying it twice is fine.
func TestInitFile(t *testing.T) {
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	path := filepath.Join(t.TempDir(), "init.yaml")
	os.WriteFile(path, []byte(initYAML), 0o644)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	for range 2 {
		if err := applyInitFile(context.Background(), srv, path, logger); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	s3c := func(account, region string) *s3.Client {
		return s3.NewFromConfig(sdkConfig(ts.URL, account, region), func(o *s3.Options) { o.UsePathStyle = true })
	}
	for _, b := range []struct{ account, name, region string }{
		{"000000000000", "plain-bucket", "us-east-1"}, {"000000000000", "eu-bucket", "eu-west-1"}, {"111111111111", "other-account", "us-east-1"},
	} {
		out, err := s3c(b.account, "us-east-1").HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(b.name)})
		if err != nil || aws.ToString(out.BucketRegion) != b.region {
			t.Errorf("bucket %s: %v %v", b.name, out, err)
		}
	}
	q := sqs.NewFromConfig(sdkConfig(ts.URL, "000000000000", "us-east-1"))
	u, err := q.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("orders.fifo")})
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := q.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: u.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"All"}})
	if err != nil || attrs.Attributes["FifoQueue"] != "true" || attrs.Attributes["VisibilityTimeout"] != "45" {
		t.Errorf("fifo queue attributes %v %v", attrs, err)
	}
	if _, err := q.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("jobs")}); err != nil {
		t.Error(err)
	}
	d, err := dynamodb.NewFromConfig(sdkConfig(ts.URL, "000000000000", "us-east-1")).DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("users")})
	if err != nil || len(d.Table.KeySchema) != 2 {
		t.Errorf("table: %v %v", d, err)
	}
	if !strings.Contains(logs.String(), "service=secretsmanager") || !strings.Contains(logs.String(), "service=ssm") {
		t.Errorf("skipped kinds not warned about:\n%s", logs.String())
	}
}

// Mistakes are reported: unknown keys (typos), entries without a name,
// and AWS errors; the other resources are still created.
func TestInitFileErrors(t *testing.T) {
	srv, _ := server.New(server.Config{})
	dir := t.TempDir()
	for name, body := range map[string]string{
		"typo.yaml":    "bucket: [x]\n",
		"noname.yaml":  "queues: [{attributes: {}}]\n",
		"invalid.yaml": "buckets: [Invalid_Name, good-one]\n",
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(body), 0o644)
		err := applyInitFile(context.Background(), srv, path, slog.New(slog.DiscardHandler))
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		t.Logf("%s: %v", name, err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("HEAD", "/good-one", nil)
	srv.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("good-one not created after a failing entry: %d", rec.Code)
	}
	empty := filepath.Join(dir, "empty.yaml")
	os.WriteFile(empty, nil, 0o644)
	if err := applyInitFile(context.Background(), srv, empty, slog.New(slog.DiscardHandler)); err != nil {
		t.Errorf("empty file: %v", err)
	}
}
