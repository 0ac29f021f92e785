package sqs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// dedupWindow is how long a FIFO queue remembers a MessageDeduplicationId
// (SQS Developer Guide, "Exactly-once processing": 5 minutes).
const dedupWindow = 5 * time.Minute

// sendInput is what SendMessage and one SendMessageBatch entry carry.
type sendInput struct {
	body     string
	delay    *int32
	attrs    map[string]MessageAttributeValue
	sysAttrs map[string]MessageSystemAttributeValue
	groupID  *string
	dedupID  *string
}

// SendMessage stores a message, visible after DelaySeconds (or the queue's),
// and returns its id with MD5OfMessageBody, MD5OfMessageAttributes and
// MD5OfMessageSystemAttributes computed as the SQS Developer Guide describes
// (and SequenceNumber for FIFO). Errors: QueueDoesNotExist,
// InvalidMessageContents, InvalidParameterValue, MissingParameter.
func (s *Service) SendMessage(ctx context.Context, in *SendMessageRequest) (*SendMessageResult, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	return s.send(ctx, q, sendInput{
		body: deref(in.MessageBody), delay: in.DelaySeconds, attrs: in.MessageAttributes,
		sysAttrs: in.MessageSystemAttributes, groupID: in.MessageGroupId, dedupID: in.MessageDeduplicationId,
	})
}

func (s *Service) send(ctx context.Context, q *queue, in sendInput) (*SendMessageResult, error) {
	if in.body == "" {
		return nil, errMissingParameter("MessageBody")
	}
	if r, ok := validBody(in.body); !ok {
		return nil, &InvalidMessageContents{Message: ptr(fmt.Sprintf("Invalid binary character '#x%X' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF", r))}
	}
	if err := checkAttributeNames(in.attrs); err != nil {
		return nil, err
	}
	user := userAttributes(in.attrs)
	size, err := checkMessageAttributes(user)
	if err != nil {
		return nil, err
	}
	sys := systemAttributes(in.sysAttrs)
	if _, err := checkMessageAttributes(sys); err != nil {
		return nil, err
	}
	now := s.env.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.deleted {
		return nil, errNoQueue()
	}
	if max := q.intAttr("MaximumMessageSize"); len(in.body)+size > max {
		return nil, errInvalidParameter("One or more parameters are invalid. Reason: Message must be shorter than %d bytes.", max)
	}
	delay := q.seconds("DelaySeconds")
	if in.delay != nil {
		if *in.delay < 0 || *in.delay > 900 {
			return nil, errInvalidParameter("Value %d for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.", *in.delay)
		}
		// FIFO queues take delays only per queue (SendMessage documentation).
		if q.fifo && *in.delay != 0 {
			return nil, errInvalidParameter("Value %d for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.", *in.delay)
		}
		delay = time.Duration(*in.delay) * time.Second
	}
	m := &message{
		id: s.env.NewID(), body: in.body, md5Body: md5Hex(in.body),
		md5Attrs: md5OfAttributes(user), md5SysAttrs: md5OfAttributes(sys),
		attrs: in.attrs, sysAttrs: in.sysAttrs, sent: now, senderID: awsapi.RequestFrom(ctx).Account,
	}
	if q.fifo {
		dup, err := q.fifoAdmit(m, in, now)
		if err != nil || dup != nil {
			return dup, err
		}
	} else if in.dedupID != nil {
		return nil, errInvalidParameter("Value %s for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.", *in.dedupID)
	}
	q.enqueue(m, now, delay)
	return sendResult(m), nil
}

// fifoAdmit applies the FIFO rules to m: a MessageGroupId, a deduplication id
// (given, or the SHA-256 of the body with ContentBasedDeduplication) and a
// sequence number. It returns the original's result when m is a duplicate
// within the deduplication window.
func (q *queue) fifoAdmit(m *message, in sendInput, now time.Time) (*SendMessageResult, error) {
	if deref(in.groupID) == "" {
		return nil, errMissingParameter("MessageGroupId")
	}
	m.groupID = *in.groupID
	m.dedupID = deref(in.dedupID)
	if m.dedupID == "" {
		if q.attrs["ContentBasedDeduplication"] != "true" {
			return nil, errInvalidParameter("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
		}
		sum := sha256.Sum256([]byte(m.body))
		m.dedupID = hex.EncodeToString(sum[:])
	}
	for e := q.dedupOrder.Front(); e != nil && !e.Value.(*dedupEntry).expires.After(now); e = q.dedupOrder.Front() {
		delete(q.dedup, e.Value.(*dedupEntry).key)
		q.dedupOrder.Remove(e)
	}
	key := m.dedupID
	if q.attrs["DeduplicationScope"] == "messageGroup" {
		key = m.groupID + "\x00" + key
	}
	if d := q.dedup[key]; d != nil {
		r := sendResult(m)
		r.MessageId, r.SequenceNumber = ptr(d.msgID), ptr(d.seq)
		return r, nil
	}
	q.seq++
	m.seq = fmt.Sprintf("%020d", q.seq)
	d := &dedupEntry{key: key, msgID: m.id, seq: m.seq, expires: now.Add(dedupWindow)}
	q.dedup[key] = d
	q.dedupOrder.PushBack(d)
	return nil, nil
}

func sendResult(m *message) *SendMessageResult {
	r := &SendMessageResult{MessageId: ptr(m.id), MD5OfMessageBody: ptr(m.md5Body)}
	if m.md5Attrs != "" {
		r.MD5OfMessageAttributes = ptr(m.md5Attrs)
	}
	if m.md5SysAttrs != "" {
		r.MD5OfMessageSystemAttributes = ptr(m.md5SysAttrs)
	}
	if m.seq != "" {
		r.SequenceNumber = ptr(m.seq)
	}
	return r
}
