package gateway_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/setup-emulator/setup-emulator/server"
)

// The developer endpoint peeks without side effects (LocalStack's
// /_aws/sqs/messages, localstack-runtime.md §2): visible messages only
// unless ShowInvisible/ShowDelayed, ReceiptHandle SQS/BACKDOOR/ACCESS, XML
// by default and JSON on Accept: application/json.
func TestSQSDeveloperEndpoint(t *testing.T) {
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx := context.Background()
	c := sqs.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(ts.URL)})
	q, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("peek")})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"a", "b"} {
		c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(b)})
	}
	c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("later"), DelaySeconds: 60})
	r, _ := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl}) // "a" in flight
	if len(r.Messages) != 1 {
		t.Fatal("receive")
	}
	get := func(path string, accept string) (int, string) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	qs := "?QueueUrl=" + url.QueryEscape(*q.QueueUrl)
	status, body := get("/_aws/sqs/messages"+qs, "")
	if status != 200 || !strings.Contains(body, "<ReceiveMessageResponse") || !strings.Contains(body, "<Body>b</Body>") ||
		strings.Contains(body, "<Body>a</Body>") || strings.Contains(body, "<Body>later</Body>") ||
		!strings.Contains(body, "<ReceiptHandle>SQS/BACKDOOR/ACCESS</ReceiptHandle>") {
		t.Fatalf("%d %s", status, body)
	}
	status, body = get("/_aws/sqs/messages/us-east-1/000000000000/peek?ShowInvisible=true&ShowDelayed=true", "application/json")
	var doc struct {
		ReceiveMessageResponse struct {
			ReceiveMessageResult struct {
				Message []struct {
					Body      string
					Attribute []struct{ Name, Value string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	var bodies []string
	for _, m := range doc.ReceiveMessageResponse.ReceiveMessageResult.Message {
		bodies = append(bodies, m.Body)
	}
	if strings.Join(bodies, ",") != "a,b,later" {
		t.Fatalf("bodies %v", bodies)
	}
	// No side effects: "b" is still receivable and was never counted.
	r, _ = c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}})
	if len(r.Messages) != 1 || *r.Messages[0].Body != "b" || r.Messages[0].Attributes["ApproximateReceiveCount"] != "1" {
		t.Fatalf("%+v", r.Messages)
	}
	if status, body = get("/_aws/sqs/messages?QueueUrl=nope", ""); status != 400 || !strings.Contains(body, "AWS.SimpleQueueService.NonExistentQueue") {
		t.Fatalf("%d %s", status, body)
	}
	if status, _ = get("/_aws/sqs/messages", "application/json"); status != 400 {
		t.Fatalf("no QueueUrl: %d", status)
	}
}
