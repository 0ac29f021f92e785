package sns

import "context"

// Publisher is what SNS exposes to services that publish into topics
// (EventBridge targets, S3 notifications, CloudWatch alarms): a direct
// in-process publish, never a request to the emulator's own HTTP endpoint.
type Publisher interface {
	// PublishToTopic publishes message to the topic named by topicARN
	// (arn:aws:sns:<region>:<account>:<name>) as Publish would, with
	// groupID and dedupID as the FIFO MessageGroupId and
	// MessageDeduplicationId ("" for none). It returns the MessageId.
	// Errors are Publish's: NotFound, InvalidParameter.
	PublishToTopic(ctx context.Context, topicARN, message, groupID, dedupID string) (string, error)
}

var _ Publisher = (*Service)(nil)

// PublishToTopic implements Publisher.
func (s *Service) PublishToTopic(ctx context.Context, topicARN, message, groupID, dedupID string) (string, error) {
	var group, dedup *string
	if groupID != "" {
		group = &groupID
	}
	if dedupID != "" {
		dedup = &dedupID
	}
	o, err := newOutgoing(message, nil, nil, nil, group, dedup)
	if err != nil {
		return "", err
	}
	if err := s.publish(ctx, &topicARN, o); err != nil {
		return "", err
	}
	return o.messageID, nil
}
