package sqs_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// benchDepths returns the queue depths the issue asks throughput to be
// flat across (within 20 %): 0, 10,000 and 100,000, or the comma-separated
// SQS_BENCH_DEPTHS (moto cannot be filled to 100,000 in reasonable time).
func benchDepths(b *testing.B) []int {
	v := os.Getenv("SQS_BENCH_DEPTHS")
	if v == "" {
		return []int{0, 10000, 100000}
	}
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			b.Fatalf("SQS_BENCH_DEPTHS: %v", err)
		}
		out = append(out, n)
	}
	return out
}

// benchClient returns an aws-sdk-go-v2 SQS client for the benchmark: the
// emulator in httptest, or SQS_BENCH_ENDPOINT (e.g. a moto_server) so that
// both run on the same client.
func benchClient(b *testing.B) *sqs.Client {
	if ep := os.Getenv("SQS_BENCH_ENDPOINT"); ep != "" {
		return sqs.NewFromConfig(aws.Config{Region: "us-east-1",
			Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(ep)})
	}
	_, c := emulator(b, nil)
	return c
}

// fill sends n messages with SendMessageBatch from 8 goroutines.
func fill(b *testing.B, c *sqs.Client, url string, n int) {
	b.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	var failed sync.Once
	batches := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for size := range batches {
				entries := make([]types.SendMessageBatchRequestEntry, size)
				for i := range entries {
					entries[i] = types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String("fill")}
				}
				if _, err := c.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: entries}); err != nil {
					failed.Do(func() { b.Error(err) })
				}
			}
		}()
	}
	for left := n; left > 0; left -= 10 {
		batches <- min(10, left)
	}
	close(batches)
	wg.Wait()
}

// BenchmarkQueueDepth measures SendMessage and ReceiveMessage+DeleteMessage
// through HTTP with aws-sdk-go-v2 on standard queues already holding 0,
// 10,000 and 100,000 messages (ReceiveDelete adds b.N messages on top of
// the depth first, untimed). Run with -benchtime=2000x; results beside
// moto's are in BENCHMARKS.md.
func BenchmarkQueueDepth(b *testing.B) {
	c := benchClient(b)
	ctx := context.Background()
	for _, depth := range benchDepths(b) {
		for _, op := range []string{"Send", "ReceiveDelete"} {
			b.Run(fmt.Sprintf("%s/depth=%d", op, depth), func(b *testing.B) {
				name := fmt.Sprintf("bench-%s-%d-%d", op, depth, b.N)
				q, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name),
					Attributes: map[string]string{"VisibilityTimeout": "600"}})
				if err != nil {
					b.Fatal(err)
				}
				url := *q.QueueUrl
				defer c.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: q.QueueUrl})
				extra := 0
				if op == "ReceiveDelete" {
					extra = b.N
				}
				fill(b, c, url, depth+extra)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if op == "Send" {
						if _, err := c.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("m")}); err != nil {
							b.Fatal(err)
						}
						continue
					}
					r, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl})
					if err != nil || len(r.Messages) != 1 {
						b.Fatalf("receive: %v %v", err, r)
					}
					if _, err := c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: r.Messages[0].ReceiptHandle}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
