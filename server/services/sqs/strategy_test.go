package sqs_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Each SQS_ENDPOINT_STRATEGY gives LocalStack's queue URL form
// (localstack-runtime.md, SQS_ENDPOINT_STRATEGY), and a query request sent
// straight to that URL (its Host and path, no QueueUrl parameter) reaches
// the queue, with the region taken from the URL.
func TestEndpointStrategies(t *testing.T) {
	for _, c := range []struct{ strategy, want, host, path string }{
		{"standard", "http://sqs.eu-west-1.localhost.localstack.cloud:4566/000000000000/s", "sqs.eu-west-1.localhost.localstack.cloud:4566", "/000000000000/s"},
		{"domain", "http://eu-west-1.queue.localhost.localstack.cloud:4566/000000000000/s", "eu-west-1.queue.localhost.localstack.cloud:4566", "/000000000000/s"},
		{"path", "http://localhost.localstack.cloud:4566/queue/eu-west-1/000000000000/s", "localhost.localstack.cloud:4566", "/queue/eu-west-1/000000000000/s"},
		{"off", "http://localhost.localstack.cloud:4566/000000000000/s", "localhost.localstack.cloud:4566", "/000000000000/s"},
	} {
		t.Run(c.strategy, func(t *testing.T) {
			base, client := emulator(t, map[string]string{"SQS_ENDPOINT_STRATEGY": c.strategy})
			ctx := tctx(t)
			q, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("s")}, func(o *sqs.Options) { o.Region = "eu-west-1" })
			if err != nil {
				t.Fatal(err)
			}
			if *q.QueueUrl != c.want {
				t.Fatalf("QueueUrl %s, want %s", *q.QueueUrl, c.want)
			}
			form := url.Values{"Action": {"SendMessage"}, "Version": {"2012-11-05"}, "MessageBody": {"to the URL"}}
			req, _ := http.NewRequest("POST", base+c.path, strings.NewReader(form.Encode()))
			req.Host = c.host
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			// The legacy /<account>/<name> form takes its region from the signature.
			req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/sqs/aws4_request, SignedHeaders=host, Signature=x")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), "<SendMessageResult>") {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			got, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl}, func(o *sqs.Options) { o.Region = "eu-west-1" })
			if err != nil || len(got.Messages) != 1 || *got.Messages[0].Body != "to the URL" {
				t.Fatalf("%v %v", got, err)
			}
		})
	}
}
