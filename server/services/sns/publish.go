package sns

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// maxMessageBytes is the largest message, attributes included (256 KiB,
// Publish API Reference, Message).
const maxMessageBytes = 256 * 1024

// maxSent bounds the recorded non-SQS deliveries kept per account and region.
const maxSent = 1000

// Sent is one delivery SNS recorded instead of making it: a notification for
// an http, https, email, email-json, sms, lambda, firehose or application
// subscription, a subscription confirmation, or an SMS published to a phone
// number (SubscriptionArn empty).
type Sent struct {
	SubscriptionArn string
	TopicArn        string
	Protocol        string
	Endpoint        string
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

// outgoing is one message to publish, validated.
type outgoing struct {
	message   string            // Message as given
	perProto  map[string]string // MessageStructure=json: message per protocol
	subject   string
	attrs     map[string]MessageAttributeValue
	groupID   string
	dedupID   string
	messageID string
	seq       string
	size      int // message and attributes, in bytes
}

// forProtocol is the message a subscriber of protocol receives.
func (o *outgoing) forProtocol(protocol string) string {
	if o.perProto == nil {
		return o.message
	}
	if m, ok := o.perProto[protocol]; ok {
		return m
	}
	return o.perProto["default"]
}

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
	if strings.Contains(*arn, ":endpoint/") { // platform endpoints are not emulated yet
		return nil, errInvalidParameter("TargetArn Reason: No endpoint found for the target arn specified")
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
	s.record(account, region, Sent{Protocol: "sms", Endpoint: phone, Type: "SMS", Body: o.forProtocol("sms"), Time: s.env.Now()})
	s.mu.Unlock()
	return &PublishResponse{MessageId: ptr(id)}, nil
}

var (
	// subjectText: ASCII starting with a letter, digit or punctuation, no
	// line breaks or control characters, under 100 characters (Publish API
	// Reference, Subject).
	subjectText = regexp.MustCompile(`^[\x21-\x7e][\x20-\x7e]{0,98}$`)
	// fifoIDText: MessageGroupId and MessageDeduplicationId are up to 128
	// alphanumeric or punctuation characters (Publish API Reference).
	fifoIDText = regexp.MustCompile(`^[\x21-\x7e]{1,128}$`)
)

// newOutgoing validates what Publish and each PublishBatch entry carry.
func newOutgoing(message string, subject, structure *string, attrs map[string]MessageAttributeValue, groupID, dedupID *string) (*outgoing, error) {
	o := &outgoing{message: message, subject: deref(subject), attrs: attrs, groupID: deref(groupID), dedupID: deref(dedupID)}
	if message == "" {
		return nil, errInvalidParameter("Empty message")
	}
	if subject != nil && !subjectText.MatchString(*subject) {
		return nil, errInvalidParameter("Subject")
	}
	size := len(message)
	for name, a := range attrs {
		n, err := checkAttribute(name, a)
		if err != nil {
			return nil, err
		}
		size += n
	}
	if size > maxMessageBytes {
		return nil, errInvalidParameter("Message too long")
	}
	o.size = size
	if structure != nil {
		if *structure != "json" {
			return nil, errInvalidParameter("MessageStructure")
		}
		if err := json.Unmarshal([]byte(message), &o.perProto); err != nil {
			return nil, errInvalidParameter("Message Structure - JSON message body failed to parse")
		}
		if _, ok := o.perProto["default"]; !ok {
			return nil, errInvalidParameter("Message Structure - No default entry in JSON message body")
		}
	}
	if groupID != nil && !fifoIDText.MatchString(*groupID) {
		return nil, errInvalidParameter("MessageGroupId Reason: MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
	}
	if dedupID != nil && !fifoIDText.MatchString(*dedupID) {
		return nil, errInvalidParameter("MessageDeduplicationId Reason: MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.")
	}
	return o, nil
}

// checkAttribute validates one message attribute as SNS does (SNS Developer
// Guide, "Amazon SNS message attributes": names of letters, digits, "-", "_"
// and non-leading, non-trailing, non-successive "."; types String, Number,
// Binary, optionally with a custom ".label", and String.Array) and returns
// its size (name, type and value count toward the 256 KiB limit). Errors:
// ParameterValueInvalid, ValidationError for a missing DataType.
func checkAttribute(name string, a MessageAttributeValue) (int, error) {
	if err := checkAttributeName(name); err != nil {
		return 0, err
	}
	if a.DataType == nil {
		return 0, awsapi.NewError(400, "ValidationError", "1 validation error detected: Value null at 'messageAttributes.%s.member.dataType' failed to satisfy constraint: Member must not be null", name)
	}
	dt := *a.DataType
	if !attributeType.MatchString(dt) {
		return 0, errParameterValue("The message attribute '%s' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.", name)
	}
	if a.StringValue == nil && a.BinaryValue == nil {
		return 0, errParameterValue("The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, dt)
	}
	field, binary := "String", strings.HasPrefix(dt, "Binary")
	if binary {
		field = "Binary"
	}
	if binary && a.BinaryValue == nil || !binary && a.StringValue == nil {
		return 0, errParameterValue("The message attribute '%s' with type '%s' must use field '%s'.", name, dt, field)
	}
	if binary && len(a.BinaryValue) == 0 || !binary && *a.StringValue == "" {
		return 0, errParameterValue("The message attribute '%s' must contain non-empty message attribute value for message attribute type '%s'.", name, dt)
	}
	switch {
	case dt == "String.Array":
		var list []any
		if err := json.Unmarshal([]byte(*a.StringValue), &list); err != nil {
			return 0, errParameterValue("The message attribute '%s' with type 'String.Array' must be a JSON array.", name)
		}
	case strings.HasPrefix(dt, "Number"):
		if _, err := strconv.ParseFloat(strings.TrimSpace(*a.StringValue), 64); err != nil {
			return 0, errParameterValue("Could not cast message attribute '%s' value to number.", name)
		}
	}
	return len(name) + len(dt) + len(deref(a.StringValue)) + len(a.BinaryValue), nil
}

// attributeType: String, Number or Binary, optionally with a custom label.
var attributeType = regexp.MustCompile(`^(String|Number|Binary)(\..+)?$`)

// checkAttributeName applies SNS's message attribute name rules.
func checkAttributeName(name string) error {
	switch {
	case len(name) > 256:
		return errParameterValue("Length of message attribute name must be less than 256 bytes.")
	case name == "":
		return errParameterValue("The message attribute name can not be empty.")
	case name[0] == '.':
		return errParameterValue("Invalid message attribute name starting with character '.' was found.")
	case name[len(name)-1] == '.':
		return errParameterValue("Invalid message attribute name ending with character '.' was found.")
	}
	for i, r := range name {
		ok := r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !ok {
			return errParameterValue("Invalid non-alphanumeric character '#x%X' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.", r)
		}
		if r == '.' && name[i-1] == '.' {
			return errParameterValue("Message attribute name can not have successive '.' character.")
		}
	}
	return nil
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
	if (!d.raw || d.protocol == "email-json") && d.protocol != "email" && d.protocol != "sms" {
		body = s.notification(ctx, d, o, message, now)
	}
	if d.protocol != "sqs" {
		s.mu.Lock()
		s.record(d.account, d.region, Sent{SubscriptionArn: d.subArn, TopicArn: d.topicArn, Protocol: d.protocol,
			Endpoint: d.endpoint, Type: "Notification", Body: body, Time: now})
		s.mu.Unlock()
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

// recordConfirmation records the SubscriptionConfirmation message SNS would
// send a pending subscription's endpoint; s.mu is held.
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
	s.record(t.account, t.region, Sent{SubscriptionArn: sub.arn, TopicArn: t.arn, Protocol: sub.protocol,
		Endpoint: sub.endpoint, Type: e.Type, Body: e.marshal(&s.signer, now), Time: now})
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
