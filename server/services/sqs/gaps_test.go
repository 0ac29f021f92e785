package sqs

import (
	"testing"
	"time"
)

// Messages older than MessageRetentionPeriod are gone (SQS Developer Guide,
// "Amazon SQS message retention").
func TestRetentionExpiry(t *testing.T) {
	s, c := newTestService(t, nil)
	u := mustCreate(t, s, "r", map[string]string{"MessageRetentionPeriod": "60"})
	s.SendMessage(ctx, &SendMessageRequest{QueueUrl: &u, MessageBody: ptr("old")})
	c.Add(61 * time.Second)
	s.SendMessage(ctx, &SendMessageRequest{QueueUrl: &u, MessageBody: ptr("new")})
	if a := attrs(t, s, u); a["ApproximateNumberOfMessages"] != "1" {
		t.Fatalf("expired message counted: %v", a["ApproximateNumberOfMessages"])
	}
	r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: &u, MaxNumberOfMessages: ptr(int32(10))})
	if len(r.Messages) != 1 || *r.Messages[0].Body != "new" {
		t.Fatalf("%+v", r.Messages)
	}
}

// PurgeQueue works once every 60 seconds (PurgeQueue API Reference).
func TestPurgeQueueSixtySecondRule(t *testing.T) {
	s, c := newTestService(t, nil)
	u := mustCreate(t, s, "p", nil)
	if _, err := s.PurgeQueue(ctx, &PurgeQueueRequest{QueueUrl: &u}); err != nil {
		t.Fatal(err)
	}
	_, err := s.PurgeQueue(ctx, &PurgeQueueRequest{QueueUrl: &u})
	wantCode(t, err, "PurgeQueueInProgress")
	c.Add(60 * time.Second)
	if _, err := s.PurgeQueue(ctx, &PurgeQueueRequest{QueueUrl: &u}); err != nil {
		t.Fatal(err)
	}
}

// With SQS_DELAY_RECENTLY_DELETED, a name deleted less than 60 s ago cannot
// be re-created (DeleteQueue API Reference); without it, as LocalStack's
// default, it can.
func TestQueueDeletedRecently(t *testing.T) {
	s, c := newTestService(t, map[string]string{"SQS_DELAY_RECENTLY_DELETED": "1"})
	u := mustCreate(t, s, "d", nil)
	s.DeleteQueue(ctx, &DeleteQueueRequest{QueueUrl: &u})
	_, err := s.CreateQueue(ctx, &CreateQueueRequest{QueueName: ptr("d")})
	wantCode(t, err, "QueueDeletedRecently")
	c.Add(61 * time.Second)
	mustCreate(t, s, "d", nil)

	lax, _ := newTestService(t, nil)
	u = mustCreate(t, lax, "d", nil)
	lax.DeleteQueue(ctx, &DeleteQueueRequest{QueueUrl: &u})
	mustCreate(t, lax, "d", nil)
}

// A FIFO receive retried with the same ReceiveRequestAttemptId returns the
// same messages and receipt handles while they are in flight
// (ReceiveMessage API Reference).
func TestReceiveRequestAttemptId(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "a.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	for _, b := range []string{"1", "2"} {
		s.SendMessage(ctx, &SendMessageRequest{QueueUrl: &u, MessageBody: ptr(b), MessageGroupId: ptr("g")})
	}
	first, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: &u, MaxNumberOfMessages: ptr(int32(10)), ReceiveRequestAttemptId: ptr("x")})
	again, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: &u, MaxNumberOfMessages: ptr(int32(10)), ReceiveRequestAttemptId: ptr("x")})
	if len(first.Messages) != 2 || len(again.Messages) != 2 || *first.Messages[1].ReceiptHandle != *again.Messages[1].ReceiptHandle {
		t.Fatalf("%+v / %+v", first.Messages, again.Messages)
	}
	other, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: &u, ReceiveRequestAttemptId: ptr("y")})
	if len(other.Messages) != 0 {
		t.Fatal("group not locked")
	}
	s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: &u, ReceiptHandle: first.Messages[0].ReceiptHandle})
	after, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: &u, ReceiveRequestAttemptId: ptr("x")})
	if len(after.Messages) != 0 {
		t.Fatal("attempt repeated after a delete")
	}
	_, err := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: &u, ReceiveRequestAttemptId: ptr("has space")})
	wantCode(t, err, "InvalidParameterValue")
}

// Message attribute names follow SendMessage's rules.
func TestMessageAttributeNames(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "n", nil)
	v := MessageAttributeValue{DataType: ptr("String"), StringValue: ptr("v")}
	for _, name := range []string{"AWS.x", "amazon.y", ".a", "a.", "a..b", "a b", "é"} {
		_, err := s.SendMessage(ctx, &SendMessageRequest{QueueUrl: &u, MessageBody: ptr("m"), MessageAttributes: map[string]MessageAttributeValue{name: v}})
		wantCode(t, err, "InvalidParameterValue")
	}
	if _, err := s.SendMessage(ctx, &SendMessageRequest{QueueUrl: &u, MessageBody: ptr("m"),
		MessageAttributes: map[string]MessageAttributeValue{"a.b-c_D9": v}}); err != nil {
		t.Fatal(err)
	}
}

// StartMessageMoveTask moves a DLQ's messages back to their source; it
// needs a dead-letter queue as source and allows one running task.
func TestMessageMoveTask(t *testing.T) {
	s, _ := newTestService(t, nil)
	dlq := mustCreate(t, s, "dlq", nil)
	src := mustCreate(t, s, "src", map[string]string{"VisibilityTimeout": "0",
		"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"1"}`})
	other := mustCreate(t, s, "other", nil)
	_, err := s.StartMessageMoveTask(ctx, &StartMessageMoveTaskRequest{SourceArn: ptr("arn:aws:sqs:us-east-1:000000000000:other")})
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.StartMessageMoveTask(ctx, &StartMessageMoveTaskRequest{SourceArn: ptr("arn:aws:sqs:us-east-1:000000000000:none")})
	wantCode(t, err, "ResourceNotFoundException")
	s.SendMessage(ctx, &SendMessageRequest{QueueUrl: &src, MessageBody: ptr("m")})
	s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: &src})
	s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: &src}) // moves it to the DLQ
	if a := attrs(t, s, dlq); a["ApproximateNumberOfMessages"] != "1" {
		t.Fatal(a)
	}
	if _, err := s.StartMessageMoveTask(ctx, &StartMessageMoveTaskRequest{SourceArn: ptr("arn:aws:sqs:us-east-1:000000000000:dlq"),
		DestinationArn: ptr("arn:aws:sqs:us-east-1:000000000000:other")}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for attrs(t, s, other)["ApproximateNumberOfMessages"] != "1" {
		if time.Now().After(deadline) {
			t.Fatal("message not moved")
		}
		time.Sleep(5 * time.Millisecond)
	}
	l, _ := s.ListMessageMoveTasks(ctx, &ListMessageMoveTasksRequest{SourceArn: ptr("arn:aws:sqs:us-east-1:000000000000:dlq")})
	for *l.Results[0].Status == "RUNNING" {
		time.Sleep(5 * time.Millisecond)
		l, _ = s.ListMessageMoveTasks(ctx, &ListMessageMoveTasksRequest{SourceArn: ptr("arn:aws:sqs:us-east-1:000000000000:dlq")})
	}
	if *l.Results[0].Status != "COMPLETED" || *l.Results[0].ApproximateNumberOfMessagesMoved != 1 {
		t.Fatalf("%+v", l.Results[0])
	}
}
