package sns

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"strings"
	"testing"
	"time"
)

func publish(t *testing.T, s *Service, in *PublishInput) *PublishResponse {
	t.Helper()
	out, err := s.Publish(bg(), in)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	return out
}

func TestPublishEnvelope(t *testing.T) {
	s, q := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	subArn := mustSubscribe(t, s, topicArn, "sqs", queueArn, nil)
	out := publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr(`a <b> & "c"`), Subject: ptr("Hi"),
		MessageAttributes: map[string]MessageAttributeValue{
			"color": {DataType: ptr("String"), StringValue: ptr("red")},
			"size":  {DataType: ptr("Number"), StringValue: ptr("12")},
			"blob":  {DataType: ptr("Binary"), BinaryValue: []byte{1, 2, 3}},
			"tags":  {DataType: ptr("String.Array"), StringValue: ptr(`["x",1]`)},
		}})
	got := q.to(queueArn)
	if len(got) != 1 {
		t.Fatalf("deliveries %+v", q.sent)
	}
	// Without raw delivery SQS gets the JSON envelope and no SQS message attributes
	// (SNS Developer Guide, "Amazon SNS raw message delivery" and "HTTP/HTTPS notification JSON format").
	if got[0].attrs != nil {
		t.Errorf("attributes %v", got[0].attrs)
	}
	body := got[0].body
	if strings.Contains(body, `\u003c`) {
		t.Errorf("HTML-escaped envelope %s", body)
	}
	var e struct {
		Type, MessageId, TopicArn, Subject, Message, Timestamp      string
		SignatureVersion, Signature, SigningCertURL, UnsubscribeURL string
		MessageAttributes                                           map[string]struct{ Type, Value string }
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatal(err)
	}
	base := "http://localhost.localstack.cloud:4566"
	if e.Type != "Notification" || e.MessageId != *out.MessageId || e.TopicArn != topicArn || e.Subject != "Hi" ||
		e.Message != `a <b> & "c"` || e.SignatureVersion != "1" ||
		e.UnsubscribeURL != base+"/?Action=Unsubscribe&SubscriptionArn="+strings.ReplaceAll(subArn, ":", "%3A") ||
		!strings.HasPrefix(e.SigningCertURL, base+"/_aws/sns/SimpleNotificationService-") {
		t.Errorf("envelope %+v", e)
	}
	// Timestamp: ISO 8601 in UTC with milliseconds.
	if e.Timestamp != "2026-01-02T03:04:05.678Z" {
		t.Errorf("Timestamp %s", e.Timestamp)
	}
	// MessageAttributes: {"Name":{"Type","Value"}}, Binary values base64.
	wantAttrs := map[string][2]string{"color": {"String", "red"}, "size": {"Number", "12"}, "blob": {"Binary", "AQID"}, "tags": {"String.Array", `["x",1]`}}
	for k, v := range wantAttrs {
		if a := e.MessageAttributes[k]; a.Type != v[0] || a.Value != v[1] {
			t.Errorf("attribute %s = %+v", k, a)
		}
	}
	// SignatureVersion 1 is SHA1withRSA over the signed fields
	// (SNS Developer Guide, "Verifying the signatures of Amazon SNS messages").
	certPEM, path := s.SigningCertificate()
	if !strings.HasSuffix(e.SigningCertURL, path) {
		t.Errorf("cert URL %s, path %s", e.SigningCertURL, path)
	}
	block, _ := pem.Decode(certPEM)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	signed := "Message\n" + e.Message + "\nMessageId\n" + e.MessageId + "\nSubject\n" + e.Subject + "\nTimestamp\n" + e.Timestamp +
		"\nTopicArn\n" + e.TopicArn + "\nType\n" + e.Type + "\n"
	sig, _ := base64.StdEncoding.DecodeString(e.Signature)
	sum := sha1.Sum([]byte(signed))
	if err := rsa.VerifyPKCS1v15(cert.PublicKey.(*rsa.PublicKey), crypto.SHA1, sum[:], sig); err != nil {
		t.Errorf("signature does not verify: %v", err)
	}

	// Subject and MessageAttributes are left out when not given.
	publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("plain")})
	last := q.to(queueArn)[1].body
	if strings.Contains(last, `"Subject"`) || strings.Contains(last, `"MessageAttributes"`) {
		t.Errorf("envelope without subject: %s", last)
	}
}

func TestPublishRawDelivery(t *testing.T) {
	s, q := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	mustSubscribe(t, s, topicArn, "sqs", queueArn, map[string]string{"RawMessageDelivery": "true"})
	publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("raw body"),
		MessageAttributes: map[string]MessageAttributeValue{"color": {DataType: ptr("String"), StringValue: ptr("red")}}})
	got := q.to(queueArn)
	// Raw delivery: the message as published, attributes as SQS message attributes.
	if len(got) != 1 || got[0].body != "raw body" || *got[0].attrs["color"].StringValue != "red" || *got[0].attrs["color"].DataType != "String" {
		t.Fatalf("raw delivery %+v", got)
	}
}

func TestPublishMessageStructure(t *testing.T) {
	s, q := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	mustSubscribe(t, s, topicArn, "sqs", queueArn, map[string]string{"RawMessageDelivery": "true"})
	mustSubscribe(t, s, topicArn, "email", "me@example.com", nil)
	// MessageStructure=json: a per-protocol message, "default" for the others (Publish API Reference).
	publish(t, s, &PublishInput{TopicArn: ptr(topicArn), MessageStructure: ptr("json"), Message: ptr(`{"default":"for all","sqs":"for sqs","http":1}`)})
	if got := q.to(queueArn); len(got) != 1 || got[0].body != "for sqs" {
		t.Errorf("sqs got %+v", got)
	}
	for _, c := range []struct{ message, want string }{
		{`not json`, "Invalid parameter: Message Structure - JSON message body failed to parse"},
		{`{"sqs":"x"}`, "Invalid parameter: Message Structure - No default entry in JSON message body"},
		{`{"default":{"not":"a string"}}`, "Invalid parameter: Message Structure - No default entry in JSON message body"},
	} {
		_, err := s.Publish(bg(), &PublishInput{TopicArn: ptr(topicArn), MessageStructure: ptr("json"), Message: ptr(c.message)})
		wantErr(t, err, "InvalidParameter", c.want)
	}
}

func TestPublishErrors(t *testing.T) {
	s, _ := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	cases := []struct {
		in            PublishInput
		code, message string
	}{
		{PublishInput{Message: ptr("m")}, "InvalidParameter", "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter"},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), Subject: ptr("")}, "InvalidParameter", "Invalid parameter: Subject"},
		{PublishInput{TargetArn: ptr("arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/1"), Message: ptr("m")},
			"InvalidParameter", "Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified"},
		{PublishInput{PhoneNumber: ptr("call me"), Message: ptr("m")}, "InvalidParameter", "Invalid parameter: PhoneNumber Reason: call me is not valid to publish to"},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), MessageAttributes: map[string]MessageAttributeValue{"a..b": str("x")}},
			"ParameterValueInvalid", "Message attribute name can not have successive '.' character."},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), MessageAttributes: map[string]MessageAttributeValue{"a b": str("x")}},
			"ParameterValueInvalid", "Invalid non-alphanumeric character '#x20' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots."},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), MessageAttributes: map[string]MessageAttributeValue{"a": {DataType: ptr("Binary"), StringValue: ptr("x")}}},
			"ParameterValueInvalid", "The message attribute 'a' with type 'Binary' must use field 'Binary'."},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("")}, "InvalidParameter", "Invalid parameter: Empty message"},
		{PublishInput{TopicArn: ptr(topicArn + "x"), Message: ptr("m")}, "NotFound", "Topic does not exist"},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr(strings.Repeat("x", 256*1024+1))}, "InvalidParameter", "Invalid parameter: Message too long"},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), Subject: ptr("two\nlines")}, "InvalidParameter", "Invalid parameter: Subject"},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), MessageDeduplicationId: ptr("d")}, "InvalidParameter", ""},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), MessageAttributes: map[string]MessageAttributeValue{"a": {DataType: ptr("Text"), StringValue: ptr("x")}}},
			"ParameterValueInvalid", "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), MessageAttributes: map[string]MessageAttributeValue{"a": {DataType: ptr("String")}}},
			"ParameterValueInvalid", "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'."},
		{PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), MessageAttributes: map[string]MessageAttributeValue{"a": {DataType: ptr("Number"), StringValue: ptr("ten")}}},
			"ParameterValueInvalid", "Could not cast message attribute 'a' value to number."},
	}
	for i, c := range cases {
		_, err := s.Publish(bg(), &c.in)
		t.Run(fmt.Sprint(i), func(t *testing.T) { wantErr(t, err, c.code, c.message) })
	}
}

func TestPublishFIFO(t *testing.T) {
	s, q := newTestService(t)
	topicArn := mustTopic(t, s, "t.fifo", map[string]string{"FifoTopic": "true"})
	fifoQueue := queueArn + ".fifo"
	mustSubscribe(t, s, topicArn, "sqs", fifoQueue, nil)
	// FIFO topics need MessageGroupId, and a deduplication id unless ContentBasedDeduplication
	// (Publish API Reference, MessageGroupId and MessageDeduplicationId).
	_, err := s.Publish(bg(), &PublishInput{TopicArn: ptr(topicArn), Message: ptr("m")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
	_, err = s.Publish(bg(), &PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), MessageGroupId: ptr("g")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")

	first := publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("m1"), MessageGroupId: ptr("g"), MessageDeduplicationId: ptr("d1")})
	second := publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("m2"), MessageGroupId: ptr("g"), MessageDeduplicationId: ptr("d2")})
	dup := publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("m1 again"), MessageGroupId: ptr("g"), MessageDeduplicationId: ptr("d1")})
	if first.SequenceNumber == nil || *second.SequenceNumber <= *first.SequenceNumber {
		t.Errorf("sequence numbers %v %v", first.SequenceNumber, second.SequenceNumber)
	}
	// A duplicate within the 5-minute window is accepted but not delivered again.
	if *dup.MessageId != *first.MessageId {
		t.Errorf("duplicate got a new id %s", *dup.MessageId)
	}
	got := q.to(fifoQueue)
	if len(got) != 2 || got[0].groupID != "g" || got[0].dedupID != "d1" || got[1].dedupID != "d2" {
		t.Fatalf("fifo deliveries %+v", got)
	}
	var e map[string]string
	_ = json.Unmarshal([]byte(got[0].body), &e)
	if e["SequenceNumber"] != *first.SequenceNumber {
		t.Errorf("envelope SequenceNumber %q", e["SequenceNumber"])
	}

	// ContentBasedDeduplication: the SHA-256 of the message is the deduplication id.
	if _, err := s.SetTopicAttributes(bg(), &SetTopicAttributesInput{TopicArn: ptr(topicArn), AttributeName: ptr("ContentBasedDeduplication"), AttributeValue: ptr("true")}); err != nil {
		t.Fatal(err)
	}
	publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("same"), MessageGroupId: ptr("g")})
	publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("same"), MessageGroupId: ptr("g")})
	if got := q.to(fifoQueue); len(got) != 3 || len(got[2].dedupID) != 64 {
		t.Errorf("content-based deliveries %+v", got)
	}
}

func TestPublishRecordsOtherProtocols(t *testing.T) {
	s, _ := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	mustSubscribe(t, s, topicArn, "sms", "+15555550100", nil)
	mustSubscribe(t, s, topicArn, "email", "me@example.com", nil) // pending: gets nothing
	publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("hello")})
	publish(t, s, &PublishInput{PhoneNumber: ptr("+15555550199"), Message: ptr("direct")})
	var got []string
	for _, m := range s.SentMessages("000000000000", "us-east-1") {
		got = append(got, m.Type+" "+m.Protocol+" "+m.Endpoint+" "+m.Body)
	}
	want := []string{"Notification sms +15555550100 hello", "SMS sms +15555550199 direct"}
	if len(got) != 3 || !strings.HasPrefix(got[0], "SubscriptionConfirmation email") || got[1] != want[0] || got[2] != want[1] {
		t.Errorf("recorded %q", got)
	}
}

func TestPublishBatch(t *testing.T) {
	s, q := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	mustSubscribe(t, s, topicArn, "sqs", queueArn, map[string]string{"RawMessageDelivery": "true"})
	entry := func(id, msg string) PublishBatchRequestEntry {
		return PublishBatchRequestEntry{Id: ptr(id), Message: ptr(msg)}
	}
	out, err := s.PublishBatch(bg(), &PublishBatchInput{TopicArn: ptr(topicArn), PublishBatchRequestEntries: []PublishBatchRequestEntry{
		entry("a", "one"), entry("c", "three"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Successful) != 2 || *out.Successful[0].Id != "a" || *out.Successful[1].Id != "c" || out.Successful[0].MessageId == nil || len(out.Failed) != 0 {
		t.Errorf("result %+v", out)
	}
	if got := q.to(queueArn); len(got) != 2 || got[0].body != "one" || got[1].body != "three" {
		t.Errorf("delivered %+v", got)
	}
	// A malformed entry fails the whole request with Publish's error, and nothing is sent.
	_, err = s.PublishBatch(bg(), &PublishBatchInput{TopicArn: ptr(topicArn), PublishBatchRequestEntries: []PublishBatchRequestEntry{entry("a", "one"), entry("b", "")}})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: Empty message")
	if n := len(q.to(queueArn)); n != 2 {
		t.Errorf("%d deliveries after a failed batch", n)
	}

	var eleven []PublishBatchRequestEntry
	for i := range 11 {
		eleven = append(eleven, entry(fmt.Sprint(i), "m"))
	}
	cases := []struct {
		entries       []PublishBatchRequestEntry
		topic         string
		code, message string
	}{
		{nil, topicArn, "EmptyBatchRequest", "The batch request doesn't contain any entries."},
		{eleven, topicArn, "TooManyEntriesInBatchRequest", "The batch request contains more entries than permissible."},
		{[]PublishBatchRequestEntry{entry("x", "1"), entry("x", "2")}, topicArn, "BatchEntryIdsNotDistinct", "Two or more batch entries in the request have the same Id."},
		{[]PublishBatchRequestEntry{entry("bad id!", "1")}, topicArn, "InvalidBatchEntryId", "The Id of a batch entry in the batch request contains an impermissible character: bad id!"},
		{[]PublishBatchRequestEntry{entry("a", strings.Repeat("x", 200*1024)), entry("b", strings.Repeat("x", 100*1024))}, topicArn, "BatchRequestTooLong", ""},
		{[]PublishBatchRequestEntry{entry("a", "1")}, topicArn + "x", "NotFound", "Topic does not exist"},
	}
	for _, c := range cases {
		_, err := s.PublishBatch(bg(), &PublishBatchInput{TopicArn: ptr(c.topic), PublishBatchRequestEntries: c.entries})
		wantErr(t, err, c.code, c.message)
	}

	fifo := mustTopic(t, s, "t.fifo", map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "true"})
	_, err = s.PublishBatch(bg(), &PublishBatchInput{TopicArn: ptr(fifo), PublishBatchRequestEntries: []PublishBatchRequestEntry{entry("a", "1")}})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: The MessageGroupId parameter is required for FIFO topics")
	e := entry("a", "1")
	e.MessageGroupId = ptr("g")
	out, err = s.PublishBatch(bg(), &PublishBatchInput{TopicArn: ptr(fifo), PublishBatchRequestEntries: []PublishBatchRequestEntry{e}})
	if err != nil || len(out.Successful) != 1 || out.Successful[0].SequenceNumber == nil {
		t.Errorf("fifo batch %+v %v", out, err)
	}
}

// The deduplication window is 5 minutes (SNS Developer Guide, "Message
// deduplication for FIFO topics"): the same id is delivered again after it.
func TestPublishFIFODedupWindow(t *testing.T) {
	s, q := newTestService(t)
	now := testNow
	s.env.Now = func() time.Time { return now }
	topicArn := mustTopic(t, s, "t.fifo", map[string]string{"FifoTopic": "true"})
	mustSubscribe(t, s, topicArn, "sqs", queueArn+".fifo", nil)
	in := &PublishInput{TopicArn: ptr(topicArn), Message: ptr("m"), MessageGroupId: ptr("g"), MessageDeduplicationId: ptr("d")}
	first := publish(t, s, in)
	now = now.Add(4 * time.Minute)
	if again := publish(t, s, in); *again.MessageId != *first.MessageId {
		t.Errorf("within the window: new id %s", *again.MessageId)
	}
	now = now.Add(time.Minute)
	if later := publish(t, s, in); *later.MessageId == *first.MessageId {
		t.Error("after the window: still deduplicated")
	}
	if n := len(q.to(queueArn + ".fifo")); n != 2 {
		t.Errorf("%d deliveries, want 2", n)
	}
}

// SignatureVersion 2 signs with SHA256withRSA (GetTopicAttributes API
// Reference, SignatureVersion).
func TestPublishSignatureVersion2(t *testing.T) {
	s, q := newTestService(t)
	topicArn := mustTopic(t, s, "t", map[string]string{"SignatureVersion": "2"})
	mustSubscribe(t, s, topicArn, "sqs", queueArn, nil)
	publish(t, s, &PublishInput{TopicArn: ptr(topicArn), Message: ptr("m")})
	var e map[string]string
	if err := json.Unmarshal([]byte(q.to(queueArn)[0].body), &e); err != nil {
		t.Fatal(err)
	}
	certPEM, _ := s.SigningCertificate()
	block, _ := pem.Decode(certPEM)
	cert, _ := x509.ParseCertificate(block.Bytes)
	signed := "Message\nm\nMessageId\n" + e["MessageId"] + "\nTimestamp\n" + e["Timestamp"] + "\nTopicArn\n" + topicArn + "\nType\nNotification\n"
	sig, _ := base64.StdEncoding.DecodeString(e["Signature"])
	sum := sha256.Sum256([]byte(signed))
	if e["SignatureVersion"] != "2" || rsa.VerifyPKCS1v15(cert.PublicKey.(*rsa.PublicKey), crypto.SHA256, sum[:], sig) != nil {
		t.Errorf("version 2 signature does not verify: %v", e)
	}
}
