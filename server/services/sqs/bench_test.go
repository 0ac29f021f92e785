package sqs

import (
	"fmt"
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

// BenchmarkServiceDepth is BenchmarkQueueDepth without HTTP: the provider's
// own cost of SendMessage and ReceiveMessage+DeleteMessage at depths 0,
// 10,000 and 100,000.
func BenchmarkServiceDepth(b *testing.B) {
	for _, depth := range []int{0, 10000, 100000} {
		for _, op := range []string{"Send", "ReceiveDelete"} {
			b.Run(fmt.Sprintf("%s/depth=%d", op, depth), func(b *testing.B) {
				s, _ := newTestService(b, nil)
				out, err := s.CreateQueue(ctx, &CreateQueueRequest{QueueName: ptr("q"), Attributes: map[string]string{"VisibilityTimeout": "600"}})
				if err != nil {
					b.Fatal(err)
				}
				u := out.QueueUrl
				n := depth
				if op == "ReceiveDelete" {
					n += b.N
				}
				for i := 0; i < n; i++ {
					s.SendMessage(ctx, &SendMessageRequest{QueueUrl: u, MessageBody: ptr("m")})
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if op == "Send" {
						s.SendMessage(ctx, &SendMessageRequest{QueueUrl: u, MessageBody: ptr("m")})
						continue
					}
					r, _ := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: u})
					s.DeleteMessage(ctx, &DeleteMessageRequest{QueueUrl: u, ReceiptHandle: r.Messages[0].ReceiptHandle})
				}
			})
		}
	}
}
