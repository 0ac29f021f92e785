package sqs_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	"github.com/setup-emulator/setup-emulator/server"
)

// emulator starts the emulator in httptest and returns its URL and an
// aws-sdk-go-v2 SQS client (JSON protocol) pointed at it.
func emulator(t testing.TB, env map[string]string) (string, *sqs.Client) {
	t.Helper()
	srv, err := server.New(server.Config{Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL, sqs.NewFromConfig(aws.Config{Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(ts.URL)})
}

func tctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func ok[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantAPIError(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}

// Every one of SQS's 23 operations through the JSON protocol
// (aws-sdk-go-v2), with the results the SQS API Reference describes.
func TestSDKAllOperationsJSON(t *testing.T) {
	_, c := emulator(t, nil)
	ctx := tctx(t)
	dlq := ok[*sqs.CreateQueueOutput](t)(c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("dlq")}))
	dlqArn := ok[*sqs.GetQueueAttributesOutput](t)(c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: dlq.QueueUrl,
		AttributeNames: []types.QueueAttributeName{"QueueArn"}})).Attributes["QueueArn"]
	src := ok[*sqs.CreateQueueOutput](t)(c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("src"),
		Attributes: map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"` + dlqArn + `","maxReceiveCount":"1"}`, "VisibilityTimeout": "0"},
		Tags:       map[string]string{"a": "1"}}))
	if *src.QueueUrl != "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/src" {
		t.Fatalf("QueueUrl %s", *src.QueueUrl)
	}
	if u := ok[*sqs.GetQueueUrlOutput](t)(c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("src")})); *u.QueueUrl != *src.QueueUrl {
		t.Fatal(*u.QueueUrl)
	}
	if l := ok[*sqs.ListQueuesOutput](t)(c.ListQueues(ctx, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("s")})); len(l.QueueUrls) != 1 {
		t.Fatal(l.QueueUrls)
	}
	ok[*sqs.SetQueueAttributesOutput](t)(c.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: src.QueueUrl, Attributes: map[string]string{"DelaySeconds": "0"}}))
	ok[*sqs.TagQueueOutput](t)(c.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: src.QueueUrl, Tags: map[string]string{"b": "2"}}))
	ok[*sqs.UntagQueueOutput](t)(c.UntagQueue(ctx, &sqs.UntagQueueInput{QueueUrl: src.QueueUrl, TagKeys: []string{"a"}}))
	if tags := ok[*sqs.ListQueueTagsOutput](t)(c.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: src.QueueUrl})); len(tags.Tags) != 1 || tags.Tags["b"] != "2" {
		t.Fatal(tags.Tags)
	}
	ok[*sqs.AddPermissionOutput](t)(c.AddPermission(ctx, &sqs.AddPermissionInput{QueueUrl: src.QueueUrl, Label: aws.String("p"),
		AWSAccountIds: []string{"111122223333"}, Actions: []string{"SendMessage"}}))
	ok[*sqs.RemovePermissionOutput](t)(c.RemovePermission(ctx, &sqs.RemovePermissionInput{QueueUrl: src.QueueUrl, Label: aws.String("p")}))
	sent := ok[*sqs.SendMessageOutput](t)(c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: src.QueueUrl, MessageBody: aws.String("one"),
		MessageAttributes: map[string]types.MessageAttributeValue{"k": {DataType: aws.String("String"), StringValue: aws.String("v")}},
		MessageSystemAttributes: map[string]types.MessageSystemAttributeValue{"AWSTraceHeader": {DataType: aws.String("String"),
			StringValue: aws.String("Root=1-5759e988-bd862e3fe1be46a994272793")}}}))
	// MD5 of "one" (SQS Developer Guide: MD5OfMessageBody is the MD5 digest of the body).
	if *sent.MD5OfMessageBody != "f97c5d29941bfb1b2fdab0874906ab82" || sent.MD5OfMessageAttributes == nil || sent.MD5OfMessageSystemAttributes == nil {
		t.Fatalf("%+v", sent)
	}
	batch := ok[*sqs.SendMessageBatchOutput](t)(c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: src.QueueUrl, Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("a"), MessageBody: aws.String("two")}, {Id: aws.String("b"), MessageBody: aws.String("three")}}}))
	if len(batch.Successful) != 2 {
		t.Fatal(batch.Failed)
	}
	got := ok[*sqs.ReceiveMessageOutput](t)(c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: src.QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30}))
	if len(got.Messages) != 3 {
		t.Fatalf("received %d", len(got.Messages))
	}
	ok[*sqs.ChangeMessageVisibilityOutput](t)(c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: src.QueueUrl,
		ReceiptHandle: got.Messages[0].ReceiptHandle, VisibilityTimeout: 60}))
	cvb := ok[*sqs.ChangeMessageVisibilityBatchOutput](t)(c.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: src.QueueUrl,
		Entries: []types.ChangeMessageVisibilityBatchRequestEntry{{Id: aws.String("x"), ReceiptHandle: got.Messages[1].ReceiptHandle, VisibilityTimeout: 60}}}))
	if len(cvb.Successful) != 1 {
		t.Fatal(cvb.Failed)
	}
	ok[*sqs.DeleteMessageOutput](t)(c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: src.QueueUrl, ReceiptHandle: got.Messages[0].ReceiptHandle}))
	dmb := ok[*sqs.DeleteMessageBatchOutput](t)(c.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: src.QueueUrl,
		Entries: []types.DeleteMessageBatchRequestEntry{{Id: aws.String("y"), ReceiptHandle: got.Messages[1].ReceiptHandle}}}))
	if len(dmb.Successful) != 1 {
		t.Fatal(dmb.Failed)
	}
	// The third message was received once with maxReceiveCount 1: the next
	// receive moves it to the dead-letter queue (Developer Guide, "Using
	// dead-letter queues").
	ok[*sqs.ChangeMessageVisibilityOutput](t)(c.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: src.QueueUrl,
		ReceiptHandle: got.Messages[2].ReceiptHandle, VisibilityTimeout: 0}))
	if again := ok[*sqs.ReceiveMessageOutput](t)(c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: src.QueueUrl})); len(again.Messages) != 0 {
		t.Fatal("message not dead-lettered")
	}
	srcs := ok[*sqs.ListDeadLetterSourceQueuesOutput](t)(c.ListDeadLetterSourceQueues(ctx, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: dlq.QueueUrl}))
	if len(srcs.QueueUrls) != 1 || srcs.QueueUrls[0] != *src.QueueUrl {
		t.Fatal(srcs.QueueUrls)
	}
	// Redrive back to the source (StartMessageMoveTask without DestinationArn).
	task := ok[*sqs.StartMessageMoveTaskOutput](t)(c.StartMessageMoveTask(ctx, &sqs.StartMessageMoveTaskInput{SourceArn: aws.String(dlqArn)}))
	var status string
	for i := 0; i < 100 && status != "COMPLETED"; i++ {
		l := ok[*sqs.ListMessageMoveTasksOutput](t)(c.ListMessageMoveTasks(ctx, &sqs.ListMessageMoveTasksInput{SourceArn: aws.String(dlqArn)}))
		status = aws.ToString(l.Results[0].Status)
		time.Sleep(10 * time.Millisecond)
	}
	if status != "COMPLETED" {
		t.Fatal(status)
	}
	_, err := c.CancelMessageMoveTask(ctx, &sqs.CancelMessageMoveTaskInput{TaskHandle: task.TaskHandle})
	wantAPIError(t, err, "ResourceNotFoundException")
	back := ok[*sqs.ReceiveMessageOutput](t)(c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: src.QueueUrl}))
	if len(back.Messages) != 1 || *back.Messages[0].Body != "three" {
		t.Fatalf("after redrive: %v", back.Messages)
	}
	ok[*sqs.PurgeQueueOutput](t)(c.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: src.QueueUrl}))
	_, err = c.PurgeQueue(ctx, &sqs.PurgeQueueInput{QueueUrl: src.QueueUrl})
	wantAPIError(t, err, "AWS.SimpleQueueService.PurgeQueueInProgress")
	ok[*sqs.DeleteQueueOutput](t)(c.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: src.QueueUrl}))
	_, err = c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("src")})
	wantAPIError(t, err, "AWS.SimpleQueueService.NonExistentQueue")
}

// query posts a query-protocol request (form-encoded Action, as the SQS API
// Reference's query examples) to path and returns the status and body.
func query(t *testing.T, base, path string, form url.Values) (int, string) {
	t.Helper()
	form.Set("Version", "2012-11-05")
	req, _ := http.NewRequest("POST", base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// between returns the text between the first open and close tags.
func between(s, tag string) string {
	_, after, ok := strings.Cut(s, "<"+tag+">")
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, "</"+tag+">")
	return v
}

// Every operation through the query protocol (XML responses named
// <Action>Response with an <Action>Result, SQS API Reference examples),
// some sent to the queue URL path as older SDKs do.
func TestAllOperationsQuery(t *testing.T) {
	base, _ := emulator(t, nil)
	do := func(action string, form url.Values, wantStatus int, want ...string) string {
		t.Helper()
		form.Set("Action", action)
		path := "/"
		if u := form.Get("QueueUrl"); u != "" && action == "SendMessage" {
			// Sent to the queue's path instead of carrying QueueUrl.
			path, form = "/000000000000/"+u[strings.LastIndex(u, "/")+1:], cloneWithout(form, "QueueUrl")
		}
		status, body := query(t, base, path, form)
		if status != wantStatus {
			t.Fatalf("%s: %d %s", action, status, body)
		}
		if wantStatus == 200 && !strings.Contains(body, "<"+action+"Response") {
			t.Fatalf("%s: %s", action, body)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Fatalf("%s: %s lacks %s", action, body, w)
			}
		}
		return body
	}
	v := func(kv ...string) url.Values {
		out := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	dlqURL := between(do("CreateQueue", v("QueueName", "qdlq"), 200), "QueueUrl")
	dlqArn := "arn:aws:sqs:us-east-1:000000000000:qdlq"
	srcURL := between(do("CreateQueue", v("QueueName", "qsrc", "Attribute.1.Name", "RedrivePolicy",
		"Attribute.1.Value", `{"deadLetterTargetArn":"`+dlqArn+`","maxReceiveCount":"1"}`, "Tag.1.Key", "t", "Tag.1.Value", "1"), 200), "QueueUrl")
	do("GetQueueUrl", v("QueueName", "qsrc"), 200, "<QueueUrl>"+srcURL+"</QueueUrl>")
	do("ListQueues", v("QueueNamePrefix", "q"), 200, "<QueueUrl>"+dlqURL+"</QueueUrl>")
	do("SetQueueAttributes", v("QueueUrl", srcURL, "Attribute.1.Name", "VisibilityTimeout", "Attribute.1.Value", "0"), 200)
	do("GetQueueAttributes", v("QueueUrl", srcURL, "AttributeName.1", "All"), 200, "<Name>VisibilityTimeout</Name><Value>0</Value>")
	// TagQueue's query parameters are Tag.N.Key/Value (SQS API Reference,
	// TagQueue, example request).
	do("TagQueue", v("QueueUrl", srcURL, "Tag.1.Key", "u", "Tag.1.Value", "2"), 200)
	do("UntagQueue", v("QueueUrl", srcURL, "TagKey.1", "t"), 200)
	do("ListQueueTags", v("QueueUrl", srcURL), 200, "<Key>u</Key><Value>2</Value>")
	do("AddPermission", v("QueueUrl", srcURL, "Label", "p", "AWSAccountId.1", "111122223333", "ActionName.1", "SendMessage"), 200)
	do("RemovePermission", v("QueueUrl", srcURL, "Label", "p"), 200)
	do("SendMessage", v("QueueUrl", srcURL, "MessageBody", "one", "MessageAttribute.1.Name", "k",
		"MessageAttribute.1.Value.DataType", "String", "MessageAttribute.1.Value.StringValue", "v"), 200,
		"<MD5OfMessageBody>f97c5d29941bfb1b2fdab0874906ab82</MD5OfMessageBody>", "<MD5OfMessageAttributes>")
	do("SendMessageBatch", v("QueueUrl", srcURL, "SendMessageBatchRequestEntry.1.Id", "a", "SendMessageBatchRequestEntry.1.MessageBody", "two"), 200,
		"<SendMessageBatchResultEntry><Id>a</Id>")
	body := do("ReceiveMessage", v("QueueUrl", srcURL, "MaxNumberOfMessages", "10", "VisibilityTimeout", "30", "AttributeName.1", "All",
		"MessageAttributeName.1", "All"), 200, "<Body>one</Body>", "<Body>two</Body>", "<Name>ApproximateReceiveCount</Name>")
	var handles []string
	for _, part := range strings.Split(body, "<ReceiptHandle>")[1:] {
		h, _, _ := strings.Cut(part, "</ReceiptHandle>")
		handles = append(handles, strings.NewReplacer("&#34;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#xA;", "\n").Replace(h))
	}
	do("ChangeMessageVisibility", v("QueueUrl", srcURL, "ReceiptHandle", handles[0], "VisibilityTimeout", "60"), 200)
	do("ChangeMessageVisibilityBatch", v("QueueUrl", srcURL, "ChangeMessageVisibilityBatchRequestEntry.1.Id", "x",
		"ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle", handles[1], "ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout", "0"), 200,
		"<ChangeMessageVisibilityBatchResultEntry><Id>x</Id>")
	do("DeleteMessage", v("QueueUrl", srcURL, "ReceiptHandle", handles[0]), 200)
	do("DeleteMessageBatch", v("QueueUrl", srcURL, "DeleteMessageBatchRequestEntry.1.Id", "y", "DeleteMessageBatchRequestEntry.1.ReceiptHandle", "bogus"), 200,
		"<BatchResultErrorEntry><Id>y</Id>", "ReceiptHandleIsInvalid")
	// "two" was received once: this receive moves it to the DLQ.
	do("ReceiveMessage", v("QueueUrl", srcURL), 200)
	do("ListDeadLetterSourceQueues", v("QueueUrl", dlqURL), 200, "<QueueUrl>"+srcURL+"</QueueUrl>")
	do("StartMessageMoveTask", v("SourceArn", dlqArn, "MaxNumberOfMessagesPerSecond", "1"), 200, "<TaskHandle>")
	lm := do("ListMessageMoveTasks", v("SourceArn", dlqArn), 200, "<SourceArn>"+dlqArn+"</SourceArn>")
	if h := between(lm, "TaskHandle"); h != "" {
		do("CancelMessageMoveTask", v("TaskHandle", h), 200, "<ApproximateNumberOfMessagesMoved>")
	} else {
		do("CancelMessageMoveTask", v("TaskHandle", "none"), 400, "ResourceNotFoundException")
	}
	do("PurgeQueue", v("QueueUrl", srcURL), 200)
	do("PurgeQueue", v("QueueUrl", srcURL), 403, "<Code>AWS.SimpleQueueService.PurgeQueueInProgress</Code>")
	do("DeleteQueue", v("QueueUrl", srcURL), 200)
	do("GetQueueUrl", v("QueueName", "qsrc"), 400, "<Code>AWS.SimpleQueueService.NonExistentQueue</Code>")
}

func cloneWithout(v url.Values, key string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k != key {
			out[k] = vs
		}
	}
	return out
}
