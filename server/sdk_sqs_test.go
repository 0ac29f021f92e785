package server_test

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func TestSQSQueueLifecycle(t *testing.T) {
	base := newServer(t, nil)
	c := sqs.NewFromConfig(sdkConfig(base))
	cq, err := c.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("orders")})
	if err != nil {
		t.Fatal(err)
	}
	// SQS_ENDPOINT_STRATEGY=standard (default): http://sqs.<region>.<LOCALSTACK_HOST>/<account>/<name>
	// (localstack-runtime.md §4).
	want := "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/orders"
	if aws.ToString(cq.QueueUrl) != want {
		t.Errorf("queue url %s, want %s", aws.ToString(cq.QueueUrl), want)
	}
	gu, err := c.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String("orders")})
	if err != nil || aws.ToString(gu.QueueUrl) != want {
		t.Fatalf("GetQueueUrl %v %v", gu, err)
	}
	lq, err := c.ListQueues(ctx(t), &sqs.ListQueuesInput{QueueNamePrefix: aws.String("ord")})
	if err != nil || len(lq.QueueUrls) != 1 {
		t.Fatalf("ListQueues %v %v", lq, err)
	}
	ga, err := c.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: cq.QueueUrl, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll}})
	if err != nil {
		t.Fatal(err)
	}
	// Defaults from the CreateQueue API reference: VisibilityTimeout 30, retention 345600.
	if ga.Attributes["VisibilityTimeout"] != "30" || ga.Attributes["MessageRetentionPeriod"] != "345600" || ga.Attributes["QueueArn"] != "arn:aws:sqs:us-east-1:000000000000:orders" {
		t.Errorf("attributes %v", ga.Attributes)
	}
	if _, err := c.DeleteQueue(ctx(t), &sqs.DeleteQueueInput{QueueUrl: cq.QueueUrl}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String("orders")})
	var missing *types.QueueDoesNotExist
	if !errors.As(err, &missing) {
		t.Fatalf("want QueueDoesNotExist, got %v", err)
	}
}

func TestSQSMessages(t *testing.T) {
	base := newServer(t, nil)
	c := sqs.NewFromConfig(sdkConfig(base))
	q, err := c.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("jobs")})
	if err != nil {
		t.Fatal(err)
	}
	sent, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("hello"),
		MessageAttributes: map[string]types.MessageAttributeValue{"kind": {DataType: aws.String("String"), StringValue: aws.String("greeting")}}})
	if err != nil {
		t.Fatal(err) // the SDK itself verifies MD5OfMessageBody and MD5OfMessageAttributes
	}
	// MD5 of "hello" (SendMessage API reference: MD5OfMessageBody is the MD5 digest of the body).
	if aws.ToString(sent.MD5OfMessageBody) != "5d41402abc4b2a76b9719d911017c592" {
		t.Errorf("md5 %s", aws.ToString(sent.MD5OfMessageBody))
	}
	got, err := c.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"}})
	if err != nil || len(got.Messages) != 1 {
		t.Fatalf("receive %v %v", got, err)
	}
	m := got.Messages[0]
	if aws.ToString(m.Body) != "hello" || aws.ToString(m.MessageAttributes["kind"].StringValue) != "greeting" || aws.ToString(m.MessageId) != aws.ToString(sent.MessageId) {
		t.Errorf("message %+v", m)
	}
	if _, err := c.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	// Long polling returns as soon as a message arrives (ReceiveMessage WaitTimeSeconds).
	go func() {
		time.Sleep(300 * time.Millisecond)
		c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("late")})
	}()
	start := time.Now()
	got, err = c.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTimeSeconds: 5})
	if err != nil || len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "late" {
		t.Fatalf("long poll %v %v", got, err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("long poll returned after %v, not when the message arrived", d)
	}
}

// A raw query-protocol request (an Action=SendMessage form post, as older
// SDKs and curl users send) and a JSON-protocol request reach the same queue.
func TestSQSQueryAndJSONShareQueues(t *testing.T) {
	base := newServer(t, nil)
	c := sqs.NewFromConfig(sdkConfig(base))
	q, err := c.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("shared")})
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"Action": {"SendMessage"}, "Version": {"2012-11-05"}, "QueueUrl": {aws.ToString(q.QueueUrl)}, "MessageBody": {"from query"}}
	req, _ := http.NewRequest("POST", base+"/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// Query response shape: <SendMessageResponse><SendMessageResult><MD5OfMessageBody>… (SQS API reference, query examples).
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<SendMessageResult>") || !strings.Contains(string(body), "<MessageId>") {
		t.Fatalf("query SendMessage: %d %s", resp.StatusCode, body)
	}
	got, err := c.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
	if err != nil || len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "from query" {
		t.Fatalf("JSON receive after query send: %v %v", got, err)
	}
	// And the other way: a JSON send, a query receive posted to the queue URL path.
	if _, err := c.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("from json")}); err != nil {
		t.Fatal(err)
	}
	c.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: got.Messages[0].ReceiptHandle})
	form = url.Values{"Action": {"ReceiveMessage"}, "VisibilityTimeout": {"0"}}
	resp, err = http.Post(base+"/000000000000/shared", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<Body>from json</Body>") {
		t.Fatalf("query receive at queue path: %d %s", resp.StatusCode, body)
	}
}
