package sns

import (
	"fmt"
	"strings"
	"testing"
)

func TestCreateTopic(t *testing.T) {
	s, _ := newTestService(t)
	arn := mustTopic(t, s, "orders", map[string]string{"DisplayName": "Orders"})
	// Topic ARNs are arn:aws:sns:<region>:<account>:<name> (CreateTopic API Reference, TopicArn).
	if arn != "arn:aws:sns:us-east-1:000000000000:orders" {
		t.Errorf("arn %s", arn)
	}
	// CreateTopic is idempotent: the same name returns the same ARN (API Reference, CreateTopic).
	if again := mustTopic(t, s, "orders", nil); again != arn {
		t.Errorf("second CreateTopic %s", again)
	}
	if again := mustTopic(t, s, "orders", map[string]string{"DisplayName": "Orders"}); again != arn {
		t.Errorf("CreateTopic with same attributes %s", again)
	}
	_, err := s.CreateTopic(bg(), &CreateTopicInput{Name: ptr("orders"), Attributes: map[string]string{"DisplayName": "Other"}})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: Attributes Reason: Topic already exists with different attributes")

	for _, bad := range []string{"", "has space", "dot.name", strings.Repeat("a", 257), "x.fifo"} {
		_, err := s.CreateTopic(bg(), &CreateTopicInput{Name: ptr(bad)})
		wantErr(t, err, "InvalidParameter", "Invalid parameter: Topic Name")
	}
	// FIFO topics need FifoTopic=true and a .fifo name (SNS Developer Guide, FIFO topics).
	_, err = s.CreateTopic(bg(), &CreateTopicInput{Name: ptr("nofifo"), Attributes: map[string]string{"FifoTopic": "true"}})
	wantErr(t, err, "InvalidParameter", "")
	fifo := mustTopic(t, s, "orders.fifo", map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "true"})
	if fifo != "arn:aws:sns:us-east-1:000000000000:orders.fifo" {
		t.Errorf("fifo arn %s", fifo)
	}
	_, err = s.CreateTopic(bg(), &CreateTopicInput{Name: ptr("std"), Attributes: map[string]string{"ContentBasedDeduplication": "true"}})
	wantErr(t, err, "InvalidParameter", "")
	_, err = s.CreateTopic(bg(), &CreateTopicInput{Name: ptr("std"), Attributes: map[string]string{"Bogus": "1"}})
	wantErr(t, err, "InvalidParameter", "")
}

func TestGetTopicAttributes(t *testing.T) {
	s, _ := newTestService(t)
	arn := mustTopic(t, s, "t", nil)
	got, err := s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(arn)})
	if err != nil {
		t.Fatal(err)
	}
	a := got.Attributes
	// The attributes GetTopicAttributes lists for a new standard topic (API Reference, GetTopicAttributes).
	want := map[string]string{
		"TopicArn": arn, "Owner": "000000000000", "DisplayName": "",
		"SubscriptionsConfirmed": "0", "SubscriptionsPending": "0", "SubscriptionsDeleted": "0",
		"EffectiveDeliveryPolicy": defaultEffectiveDeliveryPolicy,
	}
	for k, v := range want {
		if a[k] != v {
			t.Errorf("%s = %q, want %q", k, a[k], v)
		}
	}
	if !strings.Contains(a["Policy"], `"Resource":"`+arn+`"`) || !strings.Contains(a["Policy"], "__default_policy_ID") {
		t.Errorf("Policy %s", a["Policy"])
	}
	if _, ok := a["FifoTopic"]; ok {
		t.Error("standard topic reports FifoTopic")
	}

	fifo := mustTopic(t, s, "t.fifo", map[string]string{"FifoTopic": "true"})
	got, _ = s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(fifo)})
	if got.Attributes["FifoTopic"] != "true" || got.Attributes["ContentBasedDeduplication"] != "false" {
		t.Errorf("fifo attributes %v", got.Attributes)
	}

	// Errors: NotFound "Topic does not exist" (404), InvalidParameter for a malformed ARN.
	_, err = s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr("arn:aws:sns:us-east-1:000000000000:missing")})
	wantErr(t, err, "NotFound", "Topic does not exist")
	_, err = s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr("not-an-arn")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1")
	// Topics resolve in the caller's region only.
	_, err = s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr("arn:aws:sns:eu-west-1:000000000000:t")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: TopicArn")
}

func TestSetTopicAttributes(t *testing.T) {
	s, _ := newTestService(t)
	arn := mustTopic(t, s, "t", nil)
	if _, err := s.SetTopicAttributes(bg(), &SetTopicAttributesInput{TopicArn: ptr(arn), AttributeName: ptr("DisplayName"), AttributeValue: ptr("Shown")}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(arn)})
	if got.Attributes["DisplayName"] != "Shown" {
		t.Errorf("DisplayName %q", got.Attributes["DisplayName"])
	}
	policy := `{"Version":"2012-10-17","Statement":[]}`
	if _, err := s.SetTopicAttributes(bg(), &SetTopicAttributesInput{TopicArn: ptr(arn), AttributeName: ptr("Policy"), AttributeValue: ptr(policy)}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(arn)})
	if got.Attributes["Policy"] != policy {
		t.Errorf("Policy %s", got.Attributes["Policy"])
	}
	_, err := s.SetTopicAttributes(bg(), &SetTopicAttributesInput{TopicArn: ptr(arn), AttributeName: ptr("Nope"), AttributeValue: ptr("x")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: AttributeName")
	_, err = s.SetTopicAttributes(bg(), &SetTopicAttributesInput{TopicArn: ptr(arn), AttributeName: ptr("FifoTopic"), AttributeValue: ptr("true")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: AttributeName")
	_, err = s.SetTopicAttributes(bg(), &SetTopicAttributesInput{TopicArn: ptr(arn + "x"), AttributeName: ptr("DisplayName"), AttributeValue: ptr("x")})
	wantErr(t, err, "NotFound", "Topic does not exist")
}

func TestDeleteTopic(t *testing.T) {
	s, _ := newTestService(t)
	arn := mustTopic(t, s, "t", nil)
	sub := mustSubscribe(t, s, arn, "sqs", "arn:aws:sqs:us-east-1:000000000000:q", nil)
	if _, err := s.DeleteTopic(bg(), &DeleteTopicInput{TopicArn: ptr(arn)}); err != nil {
		t.Fatal(err)
	}
	// Deleting a topic deletes its subscriptions; deleting again succeeds
	// (DeleteTopic API Reference: "This action is idempotent").
	if _, err := s.DeleteTopic(bg(), &DeleteTopicInput{TopicArn: ptr(arn)}); err != nil {
		t.Errorf("second DeleteTopic: %v", err)
	}
	_, err := s.GetSubscriptionAttributes(bg(), &GetSubscriptionAttributesInput{SubscriptionArn: ptr(sub)})
	wantErr(t, err, "NotFound", "Subscription does not exist")
	subs, _ := s.ListSubscriptions(bg(), &ListSubscriptionsInput{})
	if len(subs.Subscriptions) != 0 {
		t.Errorf("subscriptions left: %v", subs.Subscriptions)
	}
}

func TestListTopicsPages(t *testing.T) {
	s, _ := newTestService(t)
	for i := range 150 {
		mustTopic(t, s, fmt.Sprintf("t%03d", i), nil)
	}
	// ListTopics returns up to 100 topics and a NextToken (API Reference, ListTopics).
	first, err := s.ListTopics(bg(), &ListTopicsInput{})
	if err != nil || len(first.Topics) != 100 || first.NextToken == nil {
		t.Fatalf("first page: %d topics, token %v, %v", len(first.Topics), first.NextToken, err)
	}
	second, err := s.ListTopics(bg(), &ListTopicsInput{NextToken: first.NextToken})
	if err != nil || len(second.Topics) != 50 || second.NextToken != nil {
		t.Fatalf("second page: %d topics, token %v, %v", len(second.Topics), second.NextToken, err)
	}
	seen := map[string]bool{}
	for _, tp := range append(first.Topics, second.Topics...) {
		seen[*tp.TopicArn] = true
	}
	if len(seen) != 150 {
		t.Errorf("%d distinct topics", len(seen))
	}
	_, err = s.ListTopics(bg(), &ListTopicsInput{NextToken: ptr("bogus")})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: NextToken")
}

func TestTags(t *testing.T) {
	s, _ := newTestService(t)
	arn := mustTopic(t, s, "t", nil)
	if _, err := s.TagResource(bg(), &TagResourceRequest{ResourceArn: ptr(arn), Tags: []Tag{{Key: ptr("b"), Value: ptr("2")}, {Key: ptr("a"), Value: ptr("1")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UntagResource(bg(), &UntagResourceRequest{ResourceArn: ptr(arn), TagKeys: []string{"b", "absent"}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.ListTagsForResource(bg(), &ListTagsForResourceRequest{ResourceArn: ptr(arn)})
	if err != nil || len(got.Tags) != 1 || *got.Tags[0].Key != "a" || *got.Tags[0].Value != "1" {
		t.Fatalf("tags %v %v", got, err)
	}
	// A topic holds at most 50 tags (SNS Developer Guide, topic tagging quotas).
	var many []Tag
	for i := range 50 {
		many = append(many, Tag{Key: ptr(fmt.Sprintf("k%d", i)), Value: ptr("v")})
	}
	_, err = s.TagResource(bg(), &TagResourceRequest{ResourceArn: ptr(arn), Tags: many})
	wantErr(t, err, "TagLimitExceeded", "")
	_, err = s.ListTagsForResource(bg(), &ListTagsForResourceRequest{ResourceArn: ptr(arn + "x")})
	wantErr(t, err, "ResourceNotFound", "Resource does not exist")
	_, err = s.TagResource(bg(), &TagResourceRequest{ResourceArn: ptr(arn), Tags: []Tag{{Key: ptr("k"), Value: ptr("1")}, {Key: ptr("k"), Value: ptr("2")}}})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: Duplicated keys are not allowed.")
	// Tags given to CreateTopic are kept; a different value for a key is an error.
	_, err = s.CreateTopic(bg(), &CreateTopicInput{Name: ptr("t"), Tags: []Tag{{Key: ptr("a"), Value: ptr("other")}}})
	wantErr(t, err, "InvalidParameter", "Invalid parameter: Tags Reason: Topic already exists with different tags")
}
