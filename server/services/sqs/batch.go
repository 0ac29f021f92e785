package sqs

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// batchID is a valid batch entry id: up to 80 alphanumerics, hyphens and
// underscores (SendMessageBatchRequestEntry documentation).
var batchID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// checkBatch applies the rules every batch request shares: 1 to 10 entries
// with distinct, well-formed ids. entry is the entry shape's name for the
// EmptyBatchRequest message.
func checkBatch(ids []string, entry string) error {
	if len(ids) == 0 {
		return &EmptyBatchRequest{Message: ptr("There should be at least one " + entry + " in the request.")}
	}
	if len(ids) > 10 {
		return &TooManyEntriesInBatchRequest{Message: ptr(fmt.Sprintf("Maximum number of entries per request are 10. You have sent %d.", len(ids)))}
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !batchID.MatchString(id) {
			return &InvalidBatchEntryId{Message: ptr("A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")}
		}
		if seen[id] {
			return &BatchEntryIdsNotDistinct{Message: ptr("Id " + id + " repeated.")}
		}
		seen[id] = true
	}
	return nil
}

// failure renders one entry's error as a BatchResultErrorEntry.
func failure(id string, err error) BatchResultErrorEntry {
	var api awsapi.APIError
	if errors.As(err, &api) {
		return BatchResultErrorEntry{Id: ptr(id), Code: ptr(api.ErrorCode()), Message: ptr(api.ErrorMessage()), SenderFault: ptr(api.SenderFault())}
	}
	return BatchResultErrorEntry{Id: ptr(id), Code: ptr("InternalError"), Message: ptr(err.Error()), SenderFault: ptr(false)}
}

// SendMessageBatch sends up to 10 messages; each entry succeeds or fails on
// its own. The whole request fails with BatchRequestTooLong when the bodies
// and attributes together exceed the queue's MaximumMessageSize.
// Errors: QueueDoesNotExist, EmptyBatchRequest, TooManyEntriesInBatchRequest,
// BatchEntryIdsNotDistinct, InvalidBatchEntryId, BatchRequestTooLong.
func (s *Service) SendMessageBatch(ctx context.Context, in *SendMessageBatchRequest) (*SendMessageBatchResult, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	total := 0
	for i, e := range in.Entries {
		ids[i] = deref(e.Id)
		total += len(deref(e.MessageBody))
		for k, v := range e.MessageAttributes {
			total += len(k) + len(deref(v.DataType)) + len(deref(v.StringValue)) + len(v.BinaryValue)
		}
	}
	if err := checkBatch(ids, "SendMessageBatchRequestEntry"); err != nil {
		return nil, err
	}
	q.mu.Lock()
	limit := q.intAttr("MaximumMessageSize")
	q.mu.Unlock()
	if total > limit {
		return nil, &BatchRequestTooLong{Message: ptr(fmt.Sprintf("Batch requests cannot be longer than %d bytes. You have sent %d bytes.", limit, total))}
	}
	out := &SendMessageBatchResult{Successful: []SendMessageBatchResultEntry{}, Failed: []BatchResultErrorEntry{}}
	for _, e := range in.Entries {
		r, err := s.send(ctx, q, sendInput{
			body: deref(e.MessageBody), delay: e.DelaySeconds, attrs: e.MessageAttributes,
			sysAttrs: e.MessageSystemAttributes, groupID: e.MessageGroupId, dedupID: e.MessageDeduplicationId,
		})
		if err != nil {
			out.Failed = append(out.Failed, failure(deref(e.Id), err))
			continue
		}
		out.Successful = append(out.Successful, SendMessageBatchResultEntry{
			Id: e.Id, MessageId: r.MessageId, MD5OfMessageBody: r.MD5OfMessageBody,
			MD5OfMessageAttributes: r.MD5OfMessageAttributes, MD5OfMessageSystemAttributes: r.MD5OfMessageSystemAttributes,
			SequenceNumber: r.SequenceNumber,
		})
	}
	return out, nil
}

// DeleteMessageBatch deletes up to 10 messages by receipt handle.
// Errors: as DeleteMessage per entry, and the batch errors of SendMessageBatch.
func (s *Service) DeleteMessageBatch(ctx context.Context, in *DeleteMessageBatchRequest) (*DeleteMessageBatchResult, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = deref(e.Id)
	}
	if err := checkBatch(ids, "DeleteMessageBatchRequestEntry"); err != nil {
		return nil, err
	}
	out := &DeleteMessageBatchResult{Successful: []DeleteMessageBatchResultEntry{}, Failed: []BatchResultErrorEntry{}}
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, e := range in.Entries {
		if err := q.deleteByReceipt(deref(e.ReceiptHandle)); err != nil {
			out.Failed = append(out.Failed, failure(deref(e.Id), err))
			continue
		}
		out.Successful = append(out.Successful, DeleteMessageBatchResultEntry{Id: e.Id})
	}
	return out, nil
}

// ChangeMessageVisibilityBatch changes the visibility of up to 10 messages.
// Errors: as ChangeMessageVisibility per entry, and the batch errors.
func (s *Service) ChangeMessageVisibilityBatch(ctx context.Context, in *ChangeMessageVisibilityBatchRequest) (*ChangeMessageVisibilityBatchResult, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = deref(e.Id)
	}
	if err := checkBatch(ids, "ChangeMessageVisibilityBatchRequestEntry"); err != nil {
		return nil, err
	}
	out := &ChangeMessageVisibilityBatchResult{Successful: []ChangeMessageVisibilityBatchResultEntry{}, Failed: []BatchResultErrorEntry{}}
	now := s.env.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, e := range in.Entries {
		if err := q.changeVisibility(deref(e.ReceiptHandle), valueOf(e.VisibilityTimeout), now); err != nil {
			out.Failed = append(out.Failed, failure(deref(e.Id), err))
			continue
		}
		out.Successful = append(out.Successful, ChangeMessageVisibilityBatchResultEntry{Id: e.Id})
	}
	return out, nil
}
