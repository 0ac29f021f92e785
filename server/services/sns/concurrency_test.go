package sns

import (
	"fmt"
	"sync"
	"testing"
)

// Publishers racing with Subscribe, Unsubscribe and attribute changes: every
// message reaches the stable subscription exactly once (run with -race).
func TestConcurrentPublish(t *testing.T) {
	s, q := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	mustSubscribe(t, s, topicArn, "sqs", queueArn, map[string]string{"RawMessageDelivery": "true"})
	const publishers, each = 8, 100
	var wg sync.WaitGroup
	for p := range publishers {
		wg.Go(func() {
			for i := range each {
				if _, err := s.Publish(bg(), &PublishInput{TopicArn: ptr(topicArn), Message: ptr(fmt.Sprintf("%d-%d", p, i))}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 50 {
			arn := mustSubscribe(t, s, topicArn, "sqs", fmt.Sprintf("%s-churn%d", queueArn, i), nil)
			_, _ = s.SetSubscriptionAttributes(bg(), &SetSubscriptionAttributesInput{SubscriptionArn: ptr(arn), AttributeName: ptr("FilterPolicy"), AttributeValue: ptr(`{"a":["b"]}`)})
			_, _ = s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(topicArn)})
			_, _ = s.Unsubscribe(bg(), &UnsubscribeInput{SubscriptionArn: ptr(arn)})
		}
	})
	wg.Wait()
	got := q.to(queueArn)
	seen := map[string]bool{}
	for _, m := range got {
		if seen[m.body] {
			t.Errorf("%s delivered twice", m.body)
		}
		seen[m.body] = true
	}
	if len(seen) != publishers*each {
		t.Errorf("%d distinct messages delivered, want %d", len(seen), publishers*each)
	}
}
