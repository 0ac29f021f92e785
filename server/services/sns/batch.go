package sns

import (
	"context"
	"regexp"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// maxBatchEntries is the most entries PublishBatch takes (PublishBatch API
// Reference: up to 10).
const maxBatchEntries = 10

// batchEntryID: up to 80 letters, digits, hyphens and underscores
// (PublishBatchRequestEntry, Id).
var batchEntryID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// PublishBatch publishes up to 10 messages to a topic. Whole-request errors
// (PublishBatch API Reference): EmptyBatchRequest, TooManyEntriesInBatchRequest,
// BatchEntryIdsNotDistinct, InvalidBatchEntryId, BatchRequestTooLong (256 KiB
// in all), NotFound, and InvalidParameter when a FIFO topic's entry lacks
// MessageGroupId. An entry that fails on its own is reported in Failed with
// its error's code and message; the others are published.
func (s *Service) PublishBatch(ctx context.Context, in *PublishBatchInput) (*PublishBatchResponse, error) {
	entries := in.PublishBatchRequestEntries
	switch {
	case len(entries) == 0:
		return nil, &EmptyBatchRequestException{Message: ptr("The batch request doesn't contain any entries.")}
	case len(entries) > maxBatchEntries:
		return nil, &TooManyEntriesInBatchRequestException{Message: ptr("The batch request contains more entries than permissible.")}
	}
	seen := map[string]bool{}
	size := 0
	for _, e := range entries {
		id := deref(e.Id)
		if seen[id] {
			return nil, &BatchEntryIdsNotDistinctException{Message: ptr("Two or more batch entries in the request have the same Id.")}
		}
		seen[id] = true
		if !batchEntryID.MatchString(id) {
			return nil, &InvalidBatchEntryIdException{Message: ptr("The Id of a batch entry in a batch request doesn't abide by the specification.")}
		}
		size += len(deref(e.Message))
		for name, a := range e.MessageAttributes {
			size += len(name) + len(deref(a.DataType)) + len(deref(a.StringValue)) + len(a.BinaryValue)
		}
	}
	if size > maxMessageBytes {
		return nil, &BatchRequestTooLongException{Message: ptr("The length of all the messages put together is more than the limit.")}
	}
	s.mu.Lock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn")
	fifo := t != nil && t.fifo
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if fifo {
		for _, e := range entries {
			if deref(e.MessageGroupId) == "" {
				return nil, errInvalidParameter("The MessageGroupId parameter is required for FIFO topics")
			}
		}
	}
	out := &PublishBatchResponse{Successful: []PublishBatchResultEntry{}, Failed: []BatchResultErrorEntry{}}
	for _, e := range entries {
		o, err := newOutgoing(deref(e.Message), e.Subject, e.MessageStructure, e.MessageAttributes, e.MessageGroupId, e.MessageDeduplicationId)
		if err == nil {
			err = s.publish(ctx, in.TopicArn, o)
		}
		if err != nil {
			out.Failed = append(out.Failed, failedEntry(e.Id, err))
			continue
		}
		r := PublishBatchResultEntry{Id: e.Id, MessageId: ptr(o.messageID)}
		if o.seq != "" {
			r.SequenceNumber = ptr(o.seq)
		}
		out.Successful = append(out.Successful, r)
	}
	return out, nil
}

// failedEntry reports one entry's error as AWS does: its code, message and
// whether the sender is at fault.
func failedEntry(id *string, err error) BatchResultErrorEntry {
	code, msg, sender := "InternalError", err.Error(), false
	if ae, ok := err.(awsapi.APIError); ok {
		code, msg, sender = ae.ErrorCode(), ae.ErrorMessage(), ae.SenderFault()
	}
	return BatchResultErrorEntry{Id: id, Code: ptr(code), Message: ptr(msg), SenderFault: ptr(sender)}
}
