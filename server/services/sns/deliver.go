package sns

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// maxSent bounds the recorded non-SQS deliveries kept per account and region.
const maxSent = 1000

// Sent is one delivery SNS recorded instead of making it: a notification for
// an http, https, email, email-json, sms, lambda, firehose or application
// subscription, a subscription confirmation, or a message published straight
// to a phone number or platform endpoint (SubscriptionArn empty).
type Sent struct {
	SubscriptionArn string
	TopicArn        string
	Protocol        string
	Endpoint        string
	MessageID       string
	Subject         string
	// Type is "Notification", "SubscriptionConfirmation" or "SMS".
	Type string
	// Body is what the endpoint would receive: the JSON envelope, or the raw
	// message (email, sms, RawMessageDelivery).
	Body string
	Time time.Time
}

// SentMessages returns the deliveries recorded for account in region, oldest
// first (at most the last 1000).
func (s *Service) SentMessages(account, region string) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.storeFor(account, region).sent...)
}

// record keeps a delivery; s.mu is held.
func (s *Service) record(account, region string, m Sent) {
	st := s.storeFor(account, region)
	if len(st.sent) >= maxSent {
		st.sent = append(st.sent[:0], st.sent[1:]...)
	}
	st.sent = append(st.sent, m)
}

// delivery is one subscription a message goes to, copied out of the store so
// that delivering runs without the lock.
type delivery struct {
	subArn, protocol, endpoint        string
	raw                               bool
	filter                            *filterPolicy // immutable once parsed
	topicArn, account, region, sigVer string
	fifoTopic                         bool
}

// deliver sends o to one subscription if its filter policy matches: SQS
// subscriptions through the Deliverer, the others recorded.
func (s *Service) deliver(ctx context.Context, d delivery, o *outgoing, now time.Time) {
	message := o.forProtocol(d.protocol)
	if f := d.filter; f != nil {
		if f.scope == scopeBody && !f.matchBody(message) || f.scope != scopeBody && !f.matchAttributes(o.attrs) {
			return
		}
	}
	body := message
	switch {
	case d.protocol == "application":
		// Mobile endpoints get their platform's payload, not the envelope.
		body = o.forProtocol(platformOf(d.endpoint))
	case (!d.raw || d.protocol == "email-json") && d.protocol != "email" && d.protocol != "sms":
		body = s.notification(ctx, d, o, message, now)
	}
	if d.protocol != "sqs" {
		s.mu.Lock()
		s.record(d.account, d.region, Sent{SubscriptionArn: d.subArn, TopicArn: d.topicArn, Protocol: d.protocol,
			Endpoint: d.endpoint, MessageID: o.messageID, Subject: o.subject, Type: "Notification", Body: body, Time: now})
		s.mu.Unlock()
		if d.protocol == "http" || d.protocol == "https" {
			s.post(httpPost{endpoint: d.endpoint, body: body,
				header: snsHeader("Notification", o.messageID, d.topicArn, d.subArn, d.raw)})
		}
		return
	}
	if s.queue == nil {
		return
	}
	var attrs map[string]sqs.MessageAttributeValue
	if d.raw {
		attrs = sqsAttributes(o.attrs)
	}
	groupID, dedupID := "", ""
	if strings.HasSuffix(d.endpoint, ".fifo") {
		groupID, dedupID = o.groupID, o.dedupID
	}
	if err := s.queue.DeliverToQueue(ctx, d.endpoint, body, attrs, groupID, dedupID); err != nil && s.env.Logger != nil {
		s.env.Logger.Warn("sns: delivery to SQS failed", "subscription", d.subArn, "queue", d.endpoint, "error", err)
	}
}

// notification is the signed JSON envelope of o for one subscription.
func (s *Service) notification(ctx context.Context, d delivery, o *outgoing, message string, now time.Time) string {
	base := awsapi.RequestFrom(ctx).BaseURL
	sigVer := d.sigVer
	if sigVer == "" {
		sigVer = "1"
	}
	e := &envelope{
		Type: "Notification", MessageID: o.messageID, TopicArn: d.topicArn, Subject: o.subject,
		Message: message, Timestamp: now.UTC().Format(timestampLayout), SignatureVersion: sigVer,
		SigningCertURL: s.signer.certURL(base, now), UnsubscribeURL: unsubscribeURL(base, d.subArn),
		MessageAttributes: envelopeAttributes(o.attrs),
	}
	if d.fifoTopic {
		e.SequenceNumber = o.seq
	}
	return e.marshal(&s.signer, now)
}

// recordConfirmation records the SubscriptionConfirmation message of a
// pending subscription and, for http(s), posts it to the endpoint; s.mu is held.
func (s *Service) recordConfirmation(ctx context.Context, t *topic, sub *subscription) {
	now := s.env.Now()
	base := awsapi.RequestFrom(ctx).BaseURL
	sigVer := t.attrs["SignatureVersion"]
	if sigVer == "" {
		sigVer = "1"
	}
	e := &envelope{
		Type: "SubscriptionConfirmation", MessageID: s.env.NewID(), Token: sub.token, TopicArn: t.arn,
		Message:      "You have chosen to subscribe to the topic " + t.arn + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.",
		SubscribeURL: base + "/?Action=ConfirmSubscription&TopicArn=" + url.QueryEscape(t.arn) + "&Token=" + sub.token,
		Timestamp:    now.UTC().Format(timestampLayout), SignatureVersion: sigVer,
		SigningCertURL: s.signer.certURL(base, now),
	}
	body := e.marshal(&s.signer, now)
	s.record(t.account, t.region, Sent{SubscriptionArn: sub.arn, TopicArn: t.arn, Protocol: sub.protocol,
		Endpoint: sub.endpoint, MessageID: e.MessageID, Type: e.Type, Body: body, Time: now})
	if sub.protocol == "http" || sub.protocol == "https" {
		s.post(httpPost{endpoint: sub.endpoint, body: body, header: snsHeader(e.Type, e.MessageID, t.arn, "", false)})
	}
}

// sqsAttributes converts message attributes for raw delivery: SNS's
// String.Array travels as an SQS String attribute of custom type "Array".
func sqsAttributes(attrs map[string]MessageAttributeValue) map[string]sqs.MessageAttributeValue {
	if len(attrs) == 0 {
		return nil
	}
	out := make(map[string]sqs.MessageAttributeValue, len(attrs))
	for name, a := range attrs {
		out[name] = sqs.MessageAttributeValue{DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue}
	}
	return out
}
