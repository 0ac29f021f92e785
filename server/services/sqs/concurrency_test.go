package sqs

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	concMessages  = 100000
	concProducers = 32
	concConsumers = 32
)

// consume runs concConsumers long-polling consumers that receive up to 10
// messages, hand each to seen (before deleting, so a FIFO group's next
// batch cannot be taken yet), delete them in a batch, and stop once total
// messages are deleted.
func consume(t *testing.T, s *Service, url string, total int, seen func(Message)) {
	var deleted atomic.Int64
	var wg sync.WaitGroup
	for c := 0; c < concConsumers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for deleted.Load() < int64(total) {
				r, err := s.ReceiveMessage(ctx, &ReceiveMessageRequest{QueueUrl: &url, MaxNumberOfMessages: ptr(int32(10)),
					WaitTimeSeconds: ptr(int32(1)), MessageSystemAttributeNames: []string{"MessageGroupId"}})
				if err != nil {
					t.Error(err)
					return
				}
				if len(r.Messages) == 0 {
					continue
				}
				entries := make([]DeleteMessageBatchRequestEntry, len(r.Messages))
				for i, m := range r.Messages {
					seen(m)
					entries[i] = DeleteMessageBatchRequestEntry{Id: ptr(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle}
				}
				d, err := s.DeleteMessageBatch(ctx, &DeleteMessageBatchRequest{QueueUrl: &url, Entries: entries})
				if err != nil || len(d.Failed) > 0 {
					t.Errorf("delete: %v %v", err, d)
					return
				}
				deleted.Add(int64(len(d.Successful)))
			}
		}()
	}
	wg.Wait()
}

// 32 producers and 32 consumers move 100,000 messages through a standard
// queue whose visibility timeout never expires: every message is received
// and deleted exactly once and none is lost.
func TestConcurrentStandardQueueExactlyOnce(t *testing.T) {
	s, _ := newTestService(t, nil)
	url := mustCreate(t, s, "conc", map[string]string{"VisibilityTimeout": "43200"})
	received := make([]atomic.Int32, concMessages)
	start := time.Now()
	var producers sync.WaitGroup
	for p := 0; p < concProducers; p++ {
		producers.Add(1)
		go func() {
			defer producers.Done()
			for i := p; i < concMessages; i += concProducers {
				if _, err := s.SendMessage(ctx, &SendMessageRequest{QueueUrl: &url, MessageBody: ptr(strconv.Itoa(i))}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	consume(t, s, url, concMessages, func(m Message) {
		i, err := strconv.Atoi(*m.Body)
		if err != nil || i < 0 || i >= concMessages {
			t.Errorf("unexpected body %q", *m.Body)
			return
		}
		received[i].Add(1)
	})
	producers.Wait()
	for i := range received {
		if n := received[i].Load(); n != 1 {
			t.Fatalf("message %d received %d times", i, n)
		}
	}
	attrs, _ := s.GetQueueAttributes(ctx, &GetQueueAttributesRequest{QueueUrl: &url, AttributeNames: []string{"All"}})
	if attrs.Attributes["ApproximateNumberOfMessages"] != "0" || attrs.Attributes["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Fatalf("left over: %v", attrs.Attributes)
	}
	t.Logf("%d messages, %d producers, %d consumers: %v", concMessages, concProducers, concConsumers, time.Since(start))
}

// The same on a FIFO queue: 128 message groups, each written in order by
// one producer; every consumer sees each group's messages in send order,
// each exactly once.
func TestConcurrentFifoQueueOrderPerGroup(t *testing.T) {
	s, _ := newTestService(t, nil)
	url := mustCreate(t, s, "conc.fifo", map[string]string{"FifoQueue": "true", "VisibilityTimeout": "43200"})
	const groupsPerProducer = 4
	groups := concProducers * groupsPerProducer
	perGroup := concMessages / groups
	total := perGroup * groups
	start := time.Now()
	var producers sync.WaitGroup
	for p := 0; p < concProducers; p++ {
		producers.Add(1)
		go func() {
			defer producers.Done()
			for i := 0; i < perGroup; i++ {
				for g := p * groupsPerProducer; g < (p+1)*groupsPerProducer; g++ {
					body := fmt.Sprintf("%d:%d", g, i)
					if _, err := s.SendMessage(ctx, &SendMessageRequest{QueueUrl: &url, MessageBody: &body,
						MessageGroupId: ptr("g" + strconv.Itoa(g)), MessageDeduplicationId: &body}); err != nil {
						t.Error(err)
						return
					}
				}
			}
		}()
	}
	var mu sync.Mutex
	next := make([]int, groups)
	consume(t, s, url, total, func(m Message) {
		gs, is, _ := strings.Cut(*m.Body, ":")
		g, _ := strconv.Atoi(gs)
		i, _ := strconv.Atoi(is)
		if m.Attributes["MessageGroupId"] != "g"+gs {
			t.Errorf("message %s in group %s", *m.Body, m.Attributes["MessageGroupId"])
		}
		mu.Lock()
		defer mu.Unlock()
		if i != next[g] {
			t.Errorf("group %d: got message %d, want %d", g, i, next[g])
		}
		next[g] = i + 1
	})
	producers.Wait()
	for g, n := range next {
		if n != perGroup {
			t.Fatalf("group %d: %d of %d messages", g, n, perGroup)
		}
	}
	t.Logf("%d messages in %d groups, %d producers, %d consumers: %v", total, groups, concProducers, concConsumers, time.Since(start))
}
