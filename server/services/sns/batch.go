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

// PublishBatch publishes up to 10 messages to a topic and returns each
// entry's MessageId (and SequenceNumber on a FIFO topic) in Successful.
// Whole-request errors (PublishBatch API Reference): EmptyBatchRequest,
// TooManyEntriesInBatchRequest, NotFound, BatchEntryIdsNotDistinct,
// InvalidBatchEntryId, BatchRequestTooLong (256 KiB in all). An entry that
// is malformed (message, attributes, structure, FIFO ids) fails the whole
// request with Publish's error, as AWS does; Failed lists entries that could
// not be published once validated (the topic deleted meanwhile).
func (s *Service) PublishBatch(ctx context.Context, in *PublishBatchInput) (*PublishBatchResponse, error) {
	entries := in.PublishBatchRequestEntries
	switch {
	case len(entries) == 0:
		return nil, &EmptyBatchRequestException{Message: ptr("The batch request doesn't contain any entries.")}
	case len(entries) > maxBatchEntries:
		return nil, &TooManyEntriesInBatchRequestException{Message: ptr("The batch request contains more entries than permissible.")}
	}
	s.mu.Lock()
	t, err := s.topicByArn(in.TopicArn, "TopicArn", callerRegion(ctx))
	var fifo, contentDedup bool
	if t != nil {
		fifo, contentDedup = t.fifo, t.attrs["ContentBasedDeduplication"] == "true"
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, e := range entries {
		id := deref(e.Id)
		if seen[id] {
			return nil, &BatchEntryIdsNotDistinctException{Message: ptr("Two or more batch entries in the request have the same Id.")}
		}
		seen[id] = true
	}
	for _, e := range entries {
		id := deref(e.Id)
		if len(id) > 80 {
			return nil, &InvalidBatchEntryIdException{Message: ptr("The Id of a batch entry in the batch request is too long: " + id)}
		}
		if !batchEntryID.MatchString(id) {
			return nil, &InvalidBatchEntryIdException{Message: ptr("The Id of a batch entry in the batch request contains an impermissible character: " + id)}
		}
	}
	msgs := make([]*outgoing, len(entries))
	size := 0
	for i, e := range entries {
		o, err := newOutgoing(deref(e.Message), e.Subject, e.MessageStructure, e.MessageAttributes, e.MessageGroupId, e.MessageDeduplicationId)
		if err != nil {
			return nil, err
		}
		switch {
		case fifo && o.groupID == "":
			return nil, errInvalidParameter("The MessageGroupId parameter is required for FIFO topics")
		case fifo && o.dedupID == "" && !contentDedup:
			return nil, errInvalidParameter("The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
		case !fifo && o.dedupID != "":
			return nil, errInvalidParameter("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type")
		}
		msgs[i], size = o, size+o.size
	}
	if size > maxMessageBytes {
		return nil, &BatchRequestTooLongException{Message: ptr("The length of all the messages put together is more than the limit.")}
	}
	out := &PublishBatchResponse{Successful: []PublishBatchResultEntry{}, Failed: []BatchResultErrorEntry{}}
	for i, o := range msgs {
		if err := s.publish(ctx, in.TopicArn, o); err != nil {
			out.Failed = append(out.Failed, failedEntry(entries[i].Id, err))
			continue
		}
		r := PublishBatchResultEntry{Id: entries[i].Id, MessageId: ptr(o.messageID)}
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
