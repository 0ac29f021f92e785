//go:build e2e

package sqs_test

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// TestE2EConcurrentExactlyOnceHTTP (8 s; e2e tag) is TestConcurrentStandardQueueExactlyOnce
// through HTTP with aws-sdk-go-v2: 32 producers (SendMessageBatch) and 32
// long-polling consumers (ReceiveMessage, DeleteMessageBatch) move 100,000
// messages; each is received and deleted exactly once.
func TestE2EConcurrentExactlyOnceHTTP(t *testing.T) {
	const total, producers, consumers = 100000, 32, 32
	_, c := emulator(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	q, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("e2e-conc"), Attributes: map[string]string{"VisibilityTimeout": "43200"}})
	if err != nil {
		t.Fatal(err)
	}
	received := make([]atomic.Int32, total)
	start := time.Now()
	var wg sync.WaitGroup
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var batch []types.SendMessageBatchRequestEntry
			flush := func() {
				if len(batch) == 0 {
					return
				}
				out, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: q.QueueUrl, Entries: batch})
				if err != nil || len(out.Failed) > 0 {
					t.Errorf("send: %v %v", err, out)
				}
				batch = nil
			}
			for i := p; i < total; i += producers {
				batch = append(batch, types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(len(batch))), MessageBody: aws.String(strconv.Itoa(i))})
				if len(batch) == 10 {
					flush()
				}
			}
			flush()
		}()
	}
	var deleted atomic.Int64
	for n := 0; n < consumers; n++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for deleted.Load() < total {
				r, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
				if err != nil {
					t.Error(err)
					return
				}
				if len(r.Messages) == 0 {
					continue
				}
				entries := make([]types.DeleteMessageBatchRequestEntry, len(r.Messages))
				for i, m := range r.Messages {
					id, _ := strconv.Atoi(*m.Body)
					received[id].Add(1)
					entries[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle}
				}
				d, err := c.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: q.QueueUrl, Entries: entries})
				if err != nil || len(d.Failed) > 0 {
					t.Errorf("delete: %v %v", err, d)
					return
				}
				deleted.Add(int64(len(d.Successful)))
			}
		}()
	}
	wg.Wait()
	for i := range received {
		if n := received[i].Load(); n != 1 {
			t.Fatalf("message %d received %d times", i, n)
		}
	}
	t.Logf("%d messages over HTTP, %d producers, %d consumers: %v", total, producers, consumers, time.Since(start))
}
