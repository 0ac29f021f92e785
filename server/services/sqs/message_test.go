package sqs

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestMD5OfAttributesVectors(t *testing.T) {
	// Vectors published with the npm package aws-md5-of-message-attributes
	// (checked against SQS), for the algorithm of the SQS Developer Guide,
	// "Calculating the MD5 message digest for message attributes".
	str := attributeValue{DataType: "String", StringValue: ptr("attribValue 1")}
	num := attributeValue{DataType: "Number.float", StringValue: ptr("4563442423554324324264524243.32543234")}
	bin := attributeValue{DataType: "Binary", BinaryValue: []byte("Hello binary world!")}
	cases := []struct {
		attrs map[string]attributeValue
		want  string
	}{
		{map[string]attributeValue{"attribName1": str}, "19e27d4e946b072f3f58da80d94fd778"},
		{map[string]attributeValue{"customNumberTypeAttrib": num}, "9fe1b90bbd9965bdf77bac517c7d2495"},
		{map[string]attributeValue{"binaryAttribute": bin}, "31a92b15d92f8db860eda32aceb656c3"},
		{map[string]attributeValue{"attribName1": str, "customNumberTypeAttrib": num, "binaryAttribute": bin}, "c932db14a896c663f83c260297d594ff"},
	}
	for _, c := range cases {
		if got := md5OfAttributes(c.attrs); got != c.want {
			t.Errorf("md5 = %s, want %s", got, c.want)
		}
	}
}

func TestSendReceiveDelete(t *testing.T) {
	s, c := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	sent, err := s.SendMessage(ctx, &SendMessageRequest{
		QueueUrl: ptr(u), MessageBody: ptr("This is a test message"),
		MessageAttributes: map[string]MessageAttributeValue{"attribName1": {DataType: ptr("String"), StringValue: ptr("attribValue 1")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// SendMessage API reference example: MD5OfMessageBody of "This is a test
	// message" is fafb00f5732ab283681e124bf8747ed1.
	if *sent.MD5OfMessageBody != "fafb00f5732ab283681e124bf8747ed1" || *sent.MD5OfMessageAttributes != "19e27d4e946b072f3f58da80d94fd778" {
		t.Fatalf("sent %+v", sent)
	}
	c.Add(time.Second)
	got, err := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u), MessageSystemAttributeNames: []string{"All"}, MessageAttributeNames: []string{"All"}})
	if err != nil || len(got.Messages) != 1 {
		t.Fatalf("receive %+v %v", got, err)
	}
	m := got.Messages[0]
	if *m.MessageId != *sent.MessageId || *m.MD5OfBody != *sent.MD5OfMessageBody || *m.MD5OfMessageAttributes != "19e27d4e946b072f3f58da80d94fd778" {
		t.Fatalf("message %+v", m)
	}
	// ReceiveMessage documentation: SentTimestamp and
	// ApproximateFirstReceiveTimestamp are epoch milliseconds.
	if m.Attributes["ApproximateReceiveCount"] != "1" || m.Attributes["SenderId"] != "000000000000" ||
		m.Attributes["SentTimestamp"] != fmt.Sprint(c.Now().Add(-time.Second).UnixMilli()) ||
		m.Attributes["ApproximateFirstReceiveTimestamp"] != fmt.Sprint(c.Now().UnixMilli()) {
		t.Fatalf("attributes %v", m.Attributes)
	}
	counts := attrs(t, s, u)
	if counts["ApproximateNumberOfMessages"] != "0" || counts["ApproximateNumberOfMessagesNotVisible"] != "1" {
		t.Fatalf("counts %v", counts)
	}
	// Invisible: nothing more to receive.
	if again, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u)}); len(again.Messages) != 0 {
		t.Fatal("received an in-flight message")
	}
	_, err = s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: ptr(u), ReceiptHandle: ptr("garbage")})
	wantCode(t, err, "ReceiptHandleIsInvalid")
	if _, err := s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: ptr(u), ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	// DeleteMessage documentation: deleting again with the same handle succeeds.
	if _, err := s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: ptr(u), ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if counts := attrs(t, s, u); counts["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Fatalf("counts %v", counts)
	}
}

func attrs(t *testing.T, s *Service, u string) map[string]string {
	t.Helper()
	out, err := s.GetQueueAttributes(ctx, &GetQueueAttributesRequest{QueueUrl: ptr(u), AttributeNames: []string{"All"}})
	if err != nil {
		t.Fatal(err)
	}
	return out.Attributes
}

func TestVisibilityTimeoutAndReceiveCount(t *testing.T) {
	s, c := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("x")})
	first, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u), VisibilityTimeout: ptr(int32(10))})
	c.Add(9 * time.Second)
	if r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u)}); len(r.Messages) != 0 {
		t.Fatal("visible too early")
	}
	c.Add(time.Second)
	second, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u), AttributeNames: []string{"ApproximateReceiveCount"}})
	if len(second.Messages) != 1 || second.Messages[0].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("second %+v", second)
	}
	// The first handle is stale now: deleting with it does not delete.
	s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: ptr(u), ReceiptHandle: first.Messages[0].ReceiptHandle})
	if a := attrs(t, s, u); a["ApproximateNumberOfMessagesNotVisible"] != "1" {
		t.Fatalf("stale handle deleted the message: %v", a)
	}
	// ChangeMessageVisibility 0 makes it visible at once.
	if _, err := s.ChangeMessageVisibility(ctx, &ChangeMessageVisibilityRequest{QueueUrl: ptr(u), ReceiptHandle: second.Messages[0].ReceiptHandle, VisibilityTimeout: ptr(int32(0))}); err != nil {
		t.Fatal(err)
	}
	if a := attrs(t, s, u); a["ApproximateNumberOfMessages"] != "1" {
		t.Fatalf("after change: %v", a)
	}
	_, err := s.ChangeMessageVisibility(ctx, &ChangeMessageVisibilityRequest{QueueUrl: ptr(u), ReceiptHandle: second.Messages[0].ReceiptHandle, VisibilityTimeout: ptr(int32(5))})
	wantCode(t, err, "MessageNotInflight")
}

func TestDelaySeconds(t *testing.T) {
	s, c := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("later"), DelaySeconds: ptr(int32(5))})
	if a := attrs(t, s, u); a["ApproximateNumberOfMessagesDelayed"] != "1" || a["ApproximateNumberOfMessages"] != "0" {
		t.Fatalf("counts %v", a)
	}
	c.Add(5 * time.Second)
	if r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u)}); len(r.Messages) != 1 {
		t.Fatal("delayed message not delivered")
	}
	// SendMessage documentation: DelaySeconds 0 to 900.
	_, err := s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("x"), DelaySeconds: ptr(int32(901))})
	wantCode(t, err, "InvalidParameterValue")
}

func TestSendValidation(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "q", map[string]string{"MaximumMessageSize": "1024"})
	_, err := s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("bad \x01 char")})
	wantCode(t, err, "InvalidMessageContents")
	_, err = s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr(strings.Repeat("x", 1025))})
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("")})
	wantCode(t, err, "MissingParameter")
	_, err = s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("x"),
		MessageAttributes: map[string]MessageAttributeValue{"a": {DataType: ptr("Date"), StringValue: ptr("x")}}})
	wantCode(t, err, "InvalidParameterValue")
	_, err = s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr("nope"), MessageBody: ptr("x")})
	wantCode(t, err, "QueueDoesNotExist")
}

func TestReceiveFilters(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("x"), MessageAttributes: map[string]MessageAttributeValue{
		"app.a": {DataType: ptr("String"), StringValue: ptr("1")},
		"app.b": {DataType: ptr("Number"), StringValue: ptr("2")},
		"other": {DataType: ptr("Binary"), BinaryValue: []byte{1}},
	}})
	r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u), MessageAttributeNames: []string{"app.*"}})
	m := r.Messages[0]
	if len(m.MessageAttributes) != 2 || m.Attributes != nil {
		t.Fatalf("filtered %+v", m)
	}
	// The digest covers the returned attributes.
	if *m.MD5OfMessageAttributes != md5OfAttributes(userAttributes(m.MessageAttributes)) {
		t.Fatal("digest mismatch")
	}
	_, err := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u), MaxNumberOfMessages: ptr(int32(11))})
	wantCode(t, err, "InvalidParameterValue")
}

func TestLongPollWakesOnSend(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	done := make(chan *ReceiveMessageResult)
	go func() {
		r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u), WaitTimeSeconds: ptr(int32(20))})
		done <- r
	}()
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("wake")})
	select {
	case r := <-done:
		if len(r.Messages) != 1 || time.Since(start) > time.Second {
			t.Fatalf("got %+v after %v", r, time.Since(start))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("long poll did not wake")
	}
}

func TestLongPollHonoursCancel(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		s.ReceiveMessage(cctx, &ReceiveMessageRequest{QueueUrl: ptr(u), WaitTimeSeconds: ptr(int32(20))})
		close(done)
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("cancelled long poll did not return")
	}
}

func TestFIFO(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "o.fifo", map[string]string{"FifoQueue": "true", "ContentBasedDeduplication": "true"})
	_, err := s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("x")})
	wantCode(t, err, "MissingParameter")
	send := func(group, body string) *SendMessageResult {
		r, err := s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr(body), MessageGroupId: ptr(group)})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a1 := send("a", "a1")
	// Content-based deduplication: the same body within 5 minutes is the
	// same message.
	if dup := send("a", "a1"); *dup.MessageId != *a1.MessageId || *dup.SequenceNumber != *a1.SequenceNumber {
		t.Fatalf("duplicate got a new id")
	}
	send("a", "a2")
	send("b", "b1")
	r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u), MaxNumberOfMessages: ptr(int32(10)), AttributeNames: []string{"All"}})
	var bodies []string
	for _, m := range r.Messages {
		bodies = append(bodies, *m.Body)
	}
	if fmt.Sprint(bodies) != "[a1 a2 b1]" || r.Messages[0].Attributes["MessageGroupId"] != "a" {
		t.Fatalf("bodies %v", bodies)
	}
	send("a", "a3")
	// Group a is locked while a1 and a2 are in flight.
	if r2, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u)}); len(r2.Messages) != 0 {
		t.Fatalf("received %s from a locked group", *r2.Messages[0].Body)
	}
	s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: ptr(u), ReceiptHandle: r.Messages[0].ReceiptHandle})
	s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: ptr(u), ReceiptHandle: r.Messages[1].ReceiptHandle})
	if r3, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u)}); len(r3.Messages) != 1 || *r3.Messages[0].Body != "a3" {
		t.Fatalf("after unlock: %+v", r3)
	}
}

func TestDeadLetterQueue(t *testing.T) {
	s, _ := newTestService(t, nil)
	dlq := mustCreate(t, s, "dlq", nil)
	u := mustCreate(t, s, "src", map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"1"}`})
	s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("poison")})
	r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u), VisibilityTimeout: ptr(int32(0))})
	if len(r.Messages) != 1 {
		t.Fatal("first receive")
	}
	// Received more than maxReceiveCount times: moved instead of delivered.
	if r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u)}); len(r.Messages) != 0 {
		t.Fatal("delivered past maxReceiveCount")
	}
	d, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(dlq), AttributeNames: []string{"All"}})
	if len(d.Messages) != 1 || *d.Messages[0].Body != "poison" || d.Messages[0].Attributes["DeadLetterQueueSourceArn"] != "arn:aws:sqs:us-east-1:000000000000:src" {
		t.Fatalf("dlq %+v", d)
	}
}

func TestBatches(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	out, err := s.SendMessageBatch(ctx, &SendMessageBatchRequest{QueueUrl: ptr(u), Entries: []SendMessageBatchRequestEntry{
		{Id: ptr("a"), MessageBody: ptr("1")},
		{Id: ptr("b"), MessageBody: ptr("bad\x00")},
	}})
	if err != nil || len(out.Successful) != 1 || len(out.Failed) != 1 || *out.Failed[0].Code != "InvalidMessageContents" {
		t.Fatalf("batch %+v %v", out, err)
	}
	_, err = s.SendMessageBatch(ctx, &SendMessageBatchRequest{QueueUrl: ptr(u)})
	wantCode(t, err, "EmptyBatchRequest")
	_, err = s.SendMessageBatch(ctx, &SendMessageBatchRequest{QueueUrl: ptr(u), Entries: []SendMessageBatchRequestEntry{{Id: ptr("a"), MessageBody: ptr("1")}, {Id: ptr("a"), MessageBody: ptr("1")}}})
	wantCode(t, err, "BatchEntryIdsNotDistinct")
	r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u)})
	del, _ := s.DeleteMessageBatch(ctx, &DeleteMessageBatchRequest{QueueUrl: ptr(u), Entries: []DeleteMessageBatchRequestEntry{
		{Id: ptr("x"), ReceiptHandle: r.Messages[0].ReceiptHandle}, {Id: ptr("y"), ReceiptHandle: ptr("junk")},
	}})
	if len(del.Successful) != 1 || len(del.Failed) != 1 || *del.Failed[0].Code != "ReceiptHandleIsInvalid" {
		t.Fatalf("delete batch %+v", del)
	}
}

func TestDeepQueueIsFast(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "deep", nil)
	const n = 100000
	start := time.Now()
	for i := 0; i < n; i++ {
		s.SendMessage(ctx, &SendMessageRequest{QueueUrl: ptr(u), MessageBody: ptr("m")})
	}
	for got := 0; got < n; {
		r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: ptr(u), MaxNumberOfMessages: ptr(int32(10))})
		for _, m := range r.Messages {
			s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: ptr(u), ReceiptHandle: m.ReceiptHandle})
		}
		got += len(r.Messages)
		if len(r.Messages) == 0 {
			t.Fatalf("ran dry at %d", got)
		}
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("100k messages took %v", d)
	}
}

func TestListDeadLetterSourceQueues(t *testing.T) {
	s, _ := newTestService(t, nil)
	dlq := mustCreate(t, s, "dlq", nil)
	policy := `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":5}`
	mustCreate(t, s, "b", map[string]string{"RedrivePolicy": policy})
	mustCreate(t, s, "a", map[string]string{"RedrivePolicy": policy})
	mustCreate(t, s, "other", nil)
	out, err := s.ListDeadLetterSourceQueues(ctx, &ListDeadLetterSourceQueuesRequest{QueueUrl: ptr(dlq)})
	if err != nil || fmt.Sprint(out.QueueUrls) != "[http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/a http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/b]" {
		t.Fatal(out, err)
	}
}
