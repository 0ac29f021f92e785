package sns

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// maxMessageBytes is the largest message, attributes included (256 KiB,
// Publish API Reference, Message).
const maxMessageBytes = 256 * 1024

// Publish sends a message to every subscription of a topic whose filter
// policy matches (TopicArn, or TargetArn naming a topic), or an SMS to
// PhoneNumber (recorded). With MessageStructure=json, Message is a JSON object
// of per-protocol messages with a "default" entry. FIFO topics need
// MessageGroupId and a deduplication id (given or content-based) and return a
// SequenceNumber; a duplicate within 5 minutes returns the first message's ids
// and is not delivered again. Errors: InvalidParameter, ParameterValueInvalid
// (message attributes), NotFound.
func (s *Service) Publish(ctx context.Context, in *PublishInput) (*PublishResponse, error) {
	if in.Subject != nil && *in.Subject == "" {
		return nil, errInvalidParameter("Subject")
	}
	o, err := newOutgoing(deref(in.Message), in.Subject, in.MessageStructure, in.MessageAttributes, in.MessageGroupId, in.MessageDeduplicationId)
	if err != nil {
		return nil, err
	}
	if phone := deref(in.PhoneNumber); phone != "" {
		return s.publishSMS(ctx, phone, o)
	}
	// TargetArn is accepted in place of TopicArn (Publish API Reference).
	arn := in.TopicArn
	if deref(arn) == "" {
		arn = in.TargetArn
	}
	if deref(arn) == "" {
		return nil, errInvalidParameter("TopicArn or TargetArn Reason: no value for required parameter")
	}
	if strings.Contains(*arn, ":endpoint/") {
		if err := s.publishToEndpoint(ctx, *arn, o); err != nil {
			return nil, err
		}
		return &PublishResponse{MessageId: ptr(o.messageID)}, nil
	}
	if err := s.publish(ctx, arn, o); err != nil {
		return nil, err
	}
	out := &PublishResponse{MessageId: ptr(o.messageID)}
	if o.seq != "" {
		out.SequenceNumber = ptr(o.seq)
	}
	return out, nil
}

func (s *Service) publishSMS(ctx context.Context, phone string, o *outgoing) (*PublishResponse, error) {
	if !phoneNumber.MatchString(phone) {
		return nil, errInvalidParameter("PhoneNumber Reason: %s is not valid to publish to", phone)
	}
	account, region := requestScope(ctx)
	id := s.env.NewID()
	s.mu.Lock()
	s.record(account, region, Sent{Protocol: "sms", Endpoint: phone, MessageID: id, Subject: o.subject, Type: "SMS",
		Body: o.forProtocol("sms"), Time: s.env.Now()})
	s.mu.Unlock()
	return &PublishResponse{MessageId: ptr(id)}, nil
}

// publish applies the topic's FIFO rules to o, gives it its ids and delivers
// it to every matching subscription.
func (s *Service) publish(ctx context.Context, topicArn *string, o *outgoing) error {
	now := s.env.Now()
	s.mu.Lock()
	t, err := s.topicByArn(topicArn, "TopicArn", callerRegion(ctx))
	if err != nil {
		s.mu.Unlock()
		return err
	}
	if dup, err := t.admit(o, now, s.env.NewID); err != nil || dup {
		s.mu.Unlock()
		return err
	}
	targets := make([]delivery, 0, len(t.subs))
	for _, sub := range t.subs {
		if !sub.pending {
			targets = append(targets, delivery{subArn: sub.arn, protocol: sub.protocol, endpoint: sub.endpoint, raw: sub.raw(),
				filter: sub.filter, topicArn: t.arn, account: t.account, region: t.region,
				sigVer: t.attrs["SignatureVersion"], fifoTopic: t.fifo})
		}
	}
	s.mu.Unlock()
	for _, d := range targets {
		s.deliver(ctx, d, o, now)
	}
	return nil
}

// admit gives o its MessageId and, on a FIFO topic, checks group and
// deduplication ids and assigns a sequence number. dup is true for a
// duplicate, which gets the first message's ids and is not delivered.
func (t *topic) admit(o *outgoing, now time.Time, newID func() string) (dup bool, err error) {
	if !t.fifo {
		if o.dedupID != "" {
			return false, errInvalidParameter("MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type")
		}
		o.messageID = newID()
		return false, nil
	}
	if o.groupID == "" {
		return false, errInvalidParameter("The MessageGroupId parameter is required for FIFO topics")
	}
	if o.dedupID == "" {
		if t.attrs["ContentBasedDeduplication"] != "true" {
			return false, errInvalidParameter("The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
		}
		sum := sha256.Sum256([]byte(o.message))
		o.dedupID = hex.EncodeToString(sum[:])
	}
	for len(t.dedupOrder) > 0 && !t.dedup[t.dedupOrder[0]].expires.After(now) {
		delete(t.dedup, t.dedupOrder[0])
		t.dedupOrder = t.dedupOrder[1:]
	}
	if e, ok := t.dedup[o.dedupID]; ok {
		o.messageID, o.seq = e.messageID, e.seq
		return true, nil
	}
	t.seq++
	o.messageID, o.seq = newID(), fmt.Sprintf("%020d", t.seq)
	t.dedup[o.dedupID] = dedupEntry{messageID: o.messageID, seq: o.seq, expires: now.Add(dedupWindow)}
	t.dedupOrder = append(t.dedupOrder, o.dedupID)
	return false, nil
}
