package sqs

import (
	"container/heap"
	"context"
	"fmt"
	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"strconv"
	"strings"
	"time"
)

// ReceiveMessage returns up to MaxNumberOfMessages (1–10, default 1) ready
// messages and hides them for VisibilityTimeout (default the queue's). With
// WaitTimeSeconds (0–20, default the queue's ReceiveMessageWaitTimeSeconds)
// it long-polls: it returns as soon as a message becomes ready, when the wait
// ends, or when ctx is cancelled (then with no messages). Messages received
// more than a RedrivePolicy's maxReceiveCount times move to its dead-letter
// queue instead. Errors: QueueDoesNotExist, InvalidParameterValue.
func (s *Service) ReceiveMessage(ctx context.Context, in *ReceiveMessageRequest) (*ReceiveMessageResult, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	n := 1
	if in.MaxNumberOfMessages != nil {
		if *in.MaxNumberOfMessages < 1 || *in.MaxNumberOfMessages > 10 {
			return nil, errInvalidParameter("Value %d for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", *in.MaxNumberOfMessages)
		}
		n = int(*in.MaxNumberOfMessages)
	}
	if v := in.VisibilityTimeout; v != nil && (*v < 0 || *v > 43200) {
		return nil, errInvalidParameter("Value %d for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.", *v)
	}
	if v := in.WaitTimeSeconds; v != nil && (*v < 0 || *v > 20) {
		return nil, errInvalidParameter("Value %d for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.", *v)
	}
	q.mu.Lock()
	wait := q.seconds("ReceiveMessageWaitTimeSeconds")
	q.mu.Unlock()
	if in.WaitTimeSeconds != nil {
		wait = time.Duration(*in.WaitTimeSeconds) * time.Second
	}
	deadline := time.Now().Add(wait)
	filter := newReceiveFilter(in)
	attempt := deref(in.ReceiveRequestAttemptId)
	if attempt != "" && !fifoIDText.MatchString(attempt) {
		return nil, errInvalidParameter("Value %s for parameter ReceiveRequestAttemptId is invalid. Reason: The attempt id can contain up to 128 alphanumeric and punctuation characters.", attempt)
	}
	for {
		msgs, notify, next, err := s.receiveOnce(ctx, q, n, in.VisibilityTimeout, filter, attempt)
		if err != nil || len(msgs) > 0 || wait == 0 {
			return &ReceiveMessageResult{Messages: msgs}, err
		}
		remaining := time.Until(deadline)
		if remaining <= 0 {
			return &ReceiveMessageResult{}, nil
		}
		if !next.IsZero() {
			if d := next.Sub(s.env.Now()); d < remaining {
				remaining = max(d, time.Millisecond)
			}
		}
		t := time.NewTimer(remaining)
		select {
		case <-notify:
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return &ReceiveMessageResult{}, nil
		}
		t.Stop()
	}
}

// receiveOnce takes what is ready now. It also returns the channel that will
// signal new ready messages and when the next hidden message becomes visible.
func (s *Service) receiveOnce(ctx context.Context, q *queue, n int, vt *int32, f receiveFilter, attempt string) ([]Message, chan struct{}, time.Time, error) {
	now := s.env.Now()
	q.mu.Lock()
	if q.deleted {
		q.mu.Unlock()
		return nil, nil, time.Time{}, errNoQueue()
	}
	q.advance(now)
	if q.fifo && attempt != "" {
		if again := q.repeatAttempt(attempt, now, f); again != nil {
			notify, next := q.notify, q.nextVisible()
			q.mu.Unlock()
			return again, notify, next, nil
		}
	}
	visibility := q.seconds("VisibilityTimeout")
	if vt != nil {
		visibility = time.Duration(*vt) * time.Second
	}
	dlqARN, maxReceives := q.redrive()
	var out []Message
	var dead []*message
	touched := map[*group]bool{}
	for _, m := range q.take(n, now, q.seconds("MessageRetentionPeriod")) {
		touched[m.group] = true
		if maxReceives > 0 && m.receiveCount >= maxReceives {
			if m.receipt != "" {
				delete(q.receipts, m.receipt)
			}
			dead = append(dead, m)
			continue
		}
		m.receiveCount++
		if m.firstReceive.IsZero() {
			m.firstReceive = now
		}
		if m.receipt != "" {
			delete(q.receipts, m.receipt)
		}
		m.receipt = newReceipt(s.env.NewID(), q.arn, m.id, now)
		q.receipts[m.receipt] = m
		q.hide(m, stateInflight, now.Add(visibility))
		out = append(out, f.output(m, q.fifo))
	}
	for g := range touched {
		q.settle(g)
	}
	if q.fifo && attempt != "" && len(out) > 0 {
		q.recordAttempt(attempt, out, now)
	}
	notify, next := q.notify, q.nextVisible()
	q.mu.Unlock()
	if len(dead) > 0 {
		s.moveToDeadLetter(dlqARN, q.arn, dead, now)
	}
	return out, notify, next, nil
}

// moveToDeadLetter enqueues messages in the dead-letter queue with their
// original id, body, attributes and SentTimestamp, tagged with
// DeadLetterQueueSourceArn.
func (s *Service) moveToDeadLetter(dlqARN, sourceARN string, msgs []*message, now time.Time) {
	dlq := s.queueByARN(dlqARN)
	if dlq == nil {
		return
	}
	dlq.mu.Lock()
	defer dlq.mu.Unlock()
	for _, old := range msgs {
		m := &message{
			id: old.id, body: old.body, md5Body: old.md5Body, md5Attrs: old.md5Attrs, md5SysAttrs: old.md5SysAttrs,
			attrs: old.attrs, sysAttrs: old.sysAttrs, sent: old.sent, senderID: old.senderID,
			groupID: old.groupID, dedupID: old.dedupID, seq: old.seq, deadLetterSource: sourceARN,
		}
		if dlq.fifo && m.seq == "" {
			dlq.seq++
			m.seq = fmt.Sprintf("%020d", dlq.seq)
		}
		dlq.enqueue(m, now, 0)
	}
}

// receiveFilter selects the system attributes (AttributeNames and
// MessageSystemAttributeNames) and message attributes (MessageAttributeNames:
// "All", ".*", "prefix.*" or exact names) a receive returns.
type receiveFilter struct {
	allSys, allUser bool
	sys             map[string]bool
	user            map[string]bool
	userPrefixes    []string
}

func newReceiveFilter(in *ReceiveMessageRequest) receiveFilter {
	f := receiveFilter{sys: map[string]bool{}, user: map[string]bool{}}
	for _, n := range append(append([]string{}, in.AttributeNames...), in.MessageSystemAttributeNames...) {
		if n == "All" {
			f.allSys = true
		}
		f.sys[n] = true
	}
	for _, n := range in.MessageAttributeNames {
		switch {
		case n == "All" || n == ".*":
			f.allUser = true
		case strings.HasSuffix(n, ".*"):
			f.userPrefixes = append(f.userPrefixes, strings.TrimSuffix(n, "*"))
		default:
			f.user[n] = true
		}
	}
	return f
}

func (f receiveFilter) wantUser(name string) bool {
	if f.allUser || f.user[name] {
		return true
	}
	for _, p := range f.userPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// output renders m as received, with the selected attributes.
// MD5OfMessageAttributes covers the returned message attributes only, as
// SDKs verify it against them.
func (f receiveFilter) output(m *message, fifo bool) Message {
	out := Message{
		MessageId: ptr(m.id), ReceiptHandle: ptr(m.receipt),
		Body: ptr(m.body), MD5OfBody: ptr(m.md5Body),
	}
	ms := func(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
	sys := map[string]string{
		"SenderId":                         m.senderID,
		"SentTimestamp":                    ms(m.sent),
		"ApproximateReceiveCount":          strconv.Itoa(m.receiveCount),
		"ApproximateFirstReceiveTimestamp": ms(m.firstReceive),
	}
	if fifo {
		sys["MessageGroupId"] = m.groupID
		sys["MessageDeduplicationId"] = m.dedupID
		sys["SequenceNumber"] = m.seq
	}
	if v, ok := m.sysAttrs["AWSTraceHeader"]; ok && v.StringValue != nil {
		sys["AWSTraceHeader"] = *v.StringValue
	}
	if m.deadLetterSource != "" {
		sys["DeadLetterQueueSourceArn"] = m.deadLetterSource
	}
	for k, v := range sys {
		if f.allSys || f.sys[k] {
			if out.Attributes == nil {
				out.Attributes = map[string]string{}
			}
			out.Attributes[k] = v
		}
	}
	for k, v := range m.attrs {
		if f.wantUser(k) {
			if out.MessageAttributes == nil {
				out.MessageAttributes = map[string]MessageAttributeValue{}
			}
			out.MessageAttributes[k] = v
		}
	}
	if len(out.MessageAttributes) > 0 {
		out.MD5OfMessageAttributes = ptr(md5OfAttributes(userAttributes(out.MessageAttributes)))
	}
	return out
}

// DeleteMessage deletes the message a receipt handle was last issued for. A
// well-formed handle that is stale (the message was received again or is
// gone) succeeds without deleting anything, as the DeleteMessage
// documentation describes. Errors: QueueDoesNotExist, ReceiptHandleIsInvalid.
func (s *Service) DeleteMessage(ctx context.Context, in *DeleteMessageRequest) (*awsapi.Empty, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := q.deleteByReceipt(deref(in.ReceiptHandle)); err != nil {
		return nil, err
	}
	return &awsapi.Empty{}, nil
}

func (q *queue) deleteByReceipt(h string) error {
	if err := q.checkReceipt(h); err != nil {
		return err
	}
	if m := q.receipts[h]; m != nil {
		q.remove(m)
		q.settle(m.group)
	}
	return nil
}

// ChangeMessageVisibility sets the remaining visibility timeout (0–43,200 s)
// of an in-flight message; 0 makes it ready at once. Errors:
// QueueDoesNotExist, ReceiptHandleIsInvalid, MessageNotInflight,
// InvalidParameterValue.
func (s *Service) ChangeMessageVisibility(ctx context.Context, in *ChangeMessageVisibilityRequest) (*awsapi.Empty, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	now := s.env.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := q.changeVisibility(deref(in.ReceiptHandle), valueOf(in.VisibilityTimeout), now); err != nil {
		return nil, err
	}
	return &awsapi.Empty{}, nil
}

func (q *queue) changeVisibility(h string, seconds int32, now time.Time) error {
	if seconds < 0 || seconds > 43200 {
		return errInvalidParameter("Value %d for parameter VisibilityTimeout is invalid. Reason: Must be >= 0 and <= 43200, if provided.", seconds)
	}
	if err := q.checkReceipt(h); err != nil {
		return err
	}
	q.advance(now)
	m := q.receipts[h]
	if m == nil || m.state != stateInflight {
		return &MessageNotInflight{}
	}
	m.visibleAt = now.Add(time.Duration(seconds) * time.Second)
	heap.Fix(&q.hidden, m.heapIndex)
	q.advance(now)
	return nil
}
