package sqs

import (
	"context"
	"strings"
)

// Deliverer is what SQS exposes to the services that deliver into queues
// (SNS subscriptions, EventBridge and S3 notification targets): a direct
// in-process send, never a request to the emulator's own HTTP endpoint.
type Deliverer interface {
	// DeliverToQueue sends body with attrs to the queue named by queueARN
	// (arn:aws:sqs:<region>:<account>:<name>) as SendMessage would.
	// groupID and dedupID are the FIFO MessageGroupId and
	// MessageDeduplicationId ("" for none). Errors are SendMessage's:
	// QueueDoesNotExist, InvalidParameterValue, MissingParameter.
	DeliverToQueue(ctx context.Context, queueARN, body string, attrs map[string]MessageAttributeValue, groupID, dedupID string) error
}

var _ Deliverer = (*Service)(nil)

// DeliverToQueue implements Deliverer.
func (s *Service) DeliverToQueue(ctx context.Context, queueARN, body string, attrs map[string]MessageAttributeValue, groupID, dedupID string) error {
	parts := strings.Split(queueARN, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sqs" {
		return errNoQueue()
	}
	st := s.store(parts[4], parts[3])
	st.mu.RLock()
	q := st.queues[parts[5]]
	st.mu.RUnlock()
	if q == nil {
		return errNoQueue()
	}
	in := sendInput{body: body, attrs: attrs}
	if groupID != "" {
		in.groupID = &groupID
	}
	if dedupID != "" {
		in.dedupID = &dedupID
	}
	_, err := s.send(ctx, q, in)
	return err
}
