package sns

import (
	"encoding/json"
	"strings"
	"testing"
)

const queueArn = "arn:aws:sqs:us-east-1:000000000000:q"

func TestSubscribeSQSConfirmedAtOnce(t *testing.T) {
	s, _ := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	out, err := s.Subscribe(bg(), &SubscribeInput{TopicArn: ptr(topicArn), Protocol: ptr("sqs"), Endpoint: ptr(queueArn)})
	if err != nil {
		t.Fatal(err)
	}
	// Subscription ARNs are the topic ARN and a UUID (Subscribe API Reference, SubscriptionArn).
	if !strings.HasPrefix(*out.SubscriptionArn, topicArn+":") {
		t.Errorf("arn %s", *out.SubscriptionArn)
	}
	// Subscribing the same endpoint again returns the same subscription.
	again := mustSubscribe(t, s, topicArn, "sqs", queueArn, nil)
	if again != *out.SubscriptionArn {
		t.Errorf("second Subscribe %s", again)
	}
	attrs, err := s.GetSubscriptionAttributes(bg(), &GetSubscriptionAttributesInput{SubscriptionArn: out.SubscriptionArn})
	if err != nil {
		t.Fatal(err)
	}
	// GetSubscriptionAttributes API Reference lists these attributes and their defaults.
	want := map[string]string{"SubscriptionArn": again, "TopicArn": topicArn, "Owner": "000000000000", "Protocol": "sqs",
		"Endpoint": queueArn, "PendingConfirmation": "false", "ConfirmationWasAuthenticated": "true", "RawMessageDelivery": "false"}
	for k, v := range want {
		if attrs.Attributes[k] != v {
			t.Errorf("%s = %q, want %q", k, attrs.Attributes[k], v)
		}
	}
	if _, ok := attrs.Attributes["FilterPolicy"]; ok {
		t.Error("FilterPolicy without a policy")
	}
	ta, _ := s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(topicArn)})
	if ta.Attributes["SubscriptionsConfirmed"] != "1" {
		t.Errorf("SubscriptionsConfirmed %s", ta.Attributes["SubscriptionsConfirmed"])
	}
}

func TestSubscribeHTTPPendingConfirmation(t *testing.T) {
	s, _ := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	out, err := s.Subscribe(bg(), &SubscribeInput{TopicArn: ptr(topicArn), Protocol: ptr("https"), Endpoint: ptr("https://example.com/hook")})
	if err != nil {
		t.Fatal(err)
	}
	// Without ReturnSubscriptionArn a pending subscription answers "pending confirmation"
	// (Subscribe API Reference, ReturnSubscriptionArn).
	if *out.SubscriptionArn != "pending confirmation" {
		t.Errorf("Subscribe returned %s", *out.SubscriptionArn)
	}
	list, _ := s.ListSubscriptionsByTopic(bg(), &ListSubscriptionsByTopicInput{TopicArn: ptr(topicArn)})
	if len(list.Subscriptions) != 1 || *list.Subscriptions[0].SubscriptionArn != "PendingConfirmation" {
		t.Fatalf("listed %+v", list.Subscriptions)
	}
	ta, _ := s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(topicArn)})
	if ta.Attributes["SubscriptionsPending"] != "1" || ta.Attributes["SubscriptionsConfirmed"] != "0" {
		t.Errorf("counts %v", ta.Attributes)
	}
	arn := mustSubscribe(t, s, topicArn, "https", "https://example.com/hook", nil) // ReturnSubscriptionArn: true
	// The confirmation request SNS would POST is recorded, with its token.
	sent := s.SentMessages("000000000000", "us-east-1")
	if len(sent) != 1 || sent[0].Type != "SubscriptionConfirmation" {
		t.Fatalf("recorded %+v", sent)
	}
	var confirmation map[string]string
	if err := json.Unmarshal([]byte(sent[0].Body), &confirmation); err != nil {
		t.Fatal(err)
	}
	token, ok := s.SubscriptionToken(arn)
	if !ok || confirmation["Token"] != token || confirmation["Type"] != "SubscriptionConfirmation" ||
		!strings.Contains(confirmation["SubscribeURL"], "Action=ConfirmSubscription") {
		t.Errorf("confirmation %v, token %s", confirmation, token)
	}
	_, err = s.ConfirmSubscription(bg(), &ConfirmSubscriptionInput{TopicArn: ptr(topicArn), Token: ptr("wrong")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: Token")
	conf, err := s.ConfirmSubscription(bg(), &ConfirmSubscriptionInput{TopicArn: ptr(topicArn), Token: ptr(token)})
	if err != nil || *conf.SubscriptionArn != arn {
		t.Fatalf("ConfirmSubscription %v %v", conf, err)
	}
	attrs, _ := s.GetSubscriptionAttributes(bg(), &GetSubscriptionAttributesInput{SubscriptionArn: ptr(arn)})
	if attrs.Attributes["PendingConfirmation"] != "false" || attrs.Attributes["ConfirmationWasAuthenticated"] != "true" {
		t.Errorf("still pending: %v", attrs.Attributes)
	}
}

func TestSubscribeErrors(t *testing.T) {
	s, _ := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	fifoArn := mustTopic(t, s, "t.fifo", map[string]string{"FifoTopic": "true"})
	cases := []struct {
		topic, protocol, endpoint string
		code, message             string
	}{
		{topicArn, "carrier-pigeon", "x", "InvalidParameter", "Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon"},
		{topicArn, "sqs", "https://sqs.us-east-1.amazonaws.com/000000000000/q", "InvalidParameter", "Invalid parameter: SQS endpoint ARN"},
		{topicArn, "http", "https://example.com", "InvalidParameter", "Invalid parameter: Endpoint must match the specified protocol"},
		{topicArn, "email", "nobody", "InvalidParameter", "Invalid parameter: Email address"},
		{topicArn, "sqs", queueArn + ".fifo", "InvalidParameter", ""},
		{fifoArn, "https", "https://example.com", "InvalidParameter", ""},
		{topicArn + "x", "sqs", queueArn, "NotFound", "Topic does not exist"},
		{topicArn, "sms", "call me", "InvalidParameter", "Invalid SMS endpoint: call me"},
		{topicArn, "application", "arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/1", "NotFound", "Endpoint does not exist"},
	}
	for _, c := range cases {
		_, err := s.Subscribe(bg(), &SubscribeInput{TopicArn: ptr(c.topic), Protocol: ptr(c.protocol), Endpoint: ptr(c.endpoint)})
		wantErr(t, err, c.code, c.message)
	}
	// A FIFO topic takes FIFO queues.
	mustSubscribe(t, s, fifoArn, "sqs", queueArn+".fifo", nil)
	// Attribute errors from Subscribe carry "Attributes Reason: ".
	_, err := s.Subscribe(bg(), &SubscribeInput{TopicArn: ptr(topicArn), Protocol: ptr("sqs"), Endpoint: ptr(queueArn), Attributes: map[string]string{"FilterPolicy": `{"a":"b"}`}})
	wantErr(t, err, "InvalidParameter", `Invalid parameter: Attributes Reason: FilterPolicy: "a" must be an object or an array`)
	_, err = s.Subscribe(bg(), &SubscribeInput{TopicArn: ptr(topicArn), Protocol: ptr("sqs"), Endpoint: ptr(queueArn), Attributes: map[string]string{"Nope": "1"}})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: Attributes Reason: AttributeName")
	// Same endpoint with different attributes.
	mustSubscribe(t, s, topicArn, "sqs", queueArn, map[string]string{"RawMessageDelivery": "true"})
	_, err = s.Subscribe(bg(), &SubscribeInput{TopicArn: ptr(topicArn), Protocol: ptr("sqs"), Endpoint: ptr(queueArn), Attributes: map[string]string{"RawMessageDelivery": "false"}})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: Attributes Reason: Subscription already exists with different attributes")
}

func TestSubscriptionAttributes(t *testing.T) {
	s, _ := newTestService(t)
	topicArn := mustTopic(t, s, "t", nil)
	arn := mustSubscribe(t, s, topicArn, "sqs", queueArn, nil)
	set := func(name, value string) error {
		_, err := s.SetSubscriptionAttributes(bg(), &SetSubscriptionAttributesInput{SubscriptionArn: ptr(arn), AttributeName: ptr(name), AttributeValue: ptr(value)})
		return err
	}
	if err := set("RawMessageDelivery", "true"); err != nil {
		t.Fatal(err)
	}
	if err := set("FilterPolicy", `{"color":["red"]}`); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetSubscriptionAttributes(bg(), &GetSubscriptionAttributesInput{SubscriptionArn: ptr(arn)})
	// FilterPolicyScope defaults to MessageAttributes once a policy is set (SNS Developer Guide, filter policy scope).
	if got.Attributes["RawMessageDelivery"] != "true" || got.Attributes["FilterPolicy"] != `{"color":["red"]}` || got.Attributes["FilterPolicyScope"] != "MessageAttributes" {
		t.Errorf("attributes %v", got.Attributes)
	}
	// A nested policy needs the MessageBody scope.
	wantErr(t, set("FilterPolicy", `{"a":{"b":["c"]}}`), "InvalidParameter", "")
	if err := set("FilterPolicyScope", "MessageBody"); err != nil {
		t.Fatal(err)
	}
	if err := set("FilterPolicy", `{"a":{"b":["c"]}}`); err != nil {
		t.Fatal(err)
	}
	// Clearing the policy.
	if err := set("FilterPolicy", ""); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetSubscriptionAttributes(bg(), &GetSubscriptionAttributesInput{SubscriptionArn: ptr(arn)})
	if _, ok := got.Attributes["FilterPolicy"]; ok {
		t.Errorf("policy not cleared: %v", got.Attributes)
	}
	wantErr(t, set("RawMessageDelivery", "maybe"), "InvalidParameter", "Invalid parameter: RawMessageDelivery: Invalid value [maybe]. Must be true or false.")
	wantErr(t, set("RedrivePolicy", `{"deadLetterTargetArn":"nope"}`), "InvalidParameter", "Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn")
	wantErr(t, set("FilterPolicyScope", "Everything"), "InvalidParameter", "")
	wantErr(t, set("Protocol", "http"), "InvalidParameter", "Invalid parameter: AttributeName")
	wantErr(t, set("FilterPolicy", `{"a":[{"bogus":1}]}`), "InvalidParameter", "Invalid parameter: FilterPolicy: Unrecognized match type bogus")

	if _, err := s.Unsubscribe(bg(), &UnsubscribeInput{SubscriptionArn: ptr(arn)}); err != nil {
		t.Fatal(err)
	}
	ta, _ := s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(topicArn)})
	if ta.Attributes["SubscriptionsDeleted"] != "1" || ta.Attributes["SubscriptionsConfirmed"] != "0" {
		t.Errorf("counts after Unsubscribe %v", ta.Attributes)
	}
	// Unsubscribe is idempotent; a topic ARN is not a subscription ARN.
	if _, err := s.Unsubscribe(bg(), &UnsubscribeInput{SubscriptionArn: ptr(arn)}); err != nil {
		t.Errorf("second Unsubscribe: %v", err)
	}
	_, err := s.Unsubscribe(bg(), &UnsubscribeInput{SubscriptionArn: ptr(topicArn)})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: SubscriptionId")
	_, err = s.Unsubscribe(bg(), &UnsubscribeInput{SubscriptionArn: ptr("nope")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1")
}

func TestListSubscriptions(t *testing.T) {
	s, _ := newTestService(t)
	a := mustTopic(t, s, "a", nil)
	b := mustTopic(t, s, "b", nil)
	for i := range 120 {
		mustSubscribe(t, s, a, "sqs", queueArn+string(rune('a'+i%26))+strings.Repeat("x", i/26), nil)
	}
	mustSubscribe(t, s, b, "sqs", queueArn, nil)
	// ListSubscriptions pages by 100 (API Reference, ListSubscriptions).
	first, err := s.ListSubscriptions(bg(), &ListSubscriptionsInput{})
	if err != nil || len(first.Subscriptions) != 100 || first.NextToken == nil {
		t.Fatalf("first page %d %v", len(first.Subscriptions), err)
	}
	second, _ := s.ListSubscriptions(bg(), &ListSubscriptionsInput{NextToken: first.NextToken})
	if len(second.Subscriptions) != 21 || second.NextToken != nil {
		t.Errorf("second page %d", len(second.Subscriptions))
	}
	byTopic, _ := s.ListSubscriptionsByTopic(bg(), &ListSubscriptionsByTopicInput{TopicArn: ptr(b)})
	if len(byTopic.Subscriptions) != 1 || *byTopic.Subscriptions[0].TopicArn != b || *byTopic.Subscriptions[0].Protocol != "sqs" {
		t.Errorf("by topic %+v", byTopic.Subscriptions)
	}
	_, err = s.ListSubscriptionsByTopic(bg(), &ListSubscriptionsByTopicInput{TopicArn: ptr(b + "x")})
	wantErr(t, err, "NotFound", "Topic does not exist")
}
