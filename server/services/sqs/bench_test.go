package sqs

import (
	"testing"
)

// BenchmarkSendReceiveDeleteDeepQueue measures one send, receive and delete
// on a queue already holding 100,000 messages: each must stay O(1)/O(log n).
func BenchmarkSendReceiveDeleteDeepQueue(b *testing.B) {
	s, _ := newTestService(b, nil)
	out, err := s.CreateQueue(ctx, &CreateQueueRequest{QueueName: ptr("deep")})
	if err != nil {
		b.Fatal(err)
	}
	u := out.QueueUrl
	for i := 0; i < 100000; i++ {
		s.SendMessage(ctx, &SendMessageRequest{QueueUrl: u, MessageBody: ptr("m")})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.SendMessage(ctx, &SendMessageRequest{QueueUrl: u, MessageBody: ptr("m")})
		r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: u})
		s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: u, ReceiptHandle: r.Messages[0].ReceiptHandle})
	}
}
