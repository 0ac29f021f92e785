package sns_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/setup-emulator/setup-emulator/server"
)

// clients starts the emulator in httptest and returns aws-sdk-go-v2 SNS and
// SQS clients pointed at it.
func clients(t *testing.T) (*sns.Client, *sqs.Client) {
	t.Helper()
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(ts.URL),
	}
	return sns.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// queue creates a queue and returns its URL and ARN.
func queue(t *testing.T, c *sqs.Client, name string, attrs map[string]string) (string, string) {
	t.Helper()
	ctx := testCtx(t)
	q, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	return *q.QueueUrl, a.Attributes["QueueArn"]
}

// receiveAll drains a queue (short polls until empty) and returns its messages.
func receiveAll(t *testing.T, c *sqs.Client, url string) []sqstypes.Message {
	t.Helper()
	ctx := testCtx(t)
	var out []sqstypes.Message
	for {
		r, err := c.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
			MessageAttributeNames: []string{"All"}, MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{"All"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Messages) == 0 {
			return out
		}
		for _, m := range r.Messages {
			out = append(out, m)
			if _, err := c.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestSDKFanOutWithFilterAndRawDelivery: one topic, three queues. The
// envelope queue takes red messages only (attribute policy), the raw queue
// takes prices over 100 (numeric range) with RawMessageDelivery, the body
// queue filters on the JSON body (FilterPolicyScope MessageBody). Behaviour
// from the SNS Developer Guide: "Amazon SNS message filtering", "Amazon SNS
// raw message delivery", "Fanout to Amazon SQS queues".
func TestSDKFanOutWithFilterAndRawDelivery(t *testing.T) {
	snsc, sqsc := clients(t)
	ctx := testCtx(t)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("orders")})
	if err != nil {
		t.Fatal(err)
	}
	envURL, envARN := queue(t, sqsc, "red-orders", nil)
	rawURL, rawARN := queue(t, sqsc, "big-orders", nil)
	bodyURL, bodyARN := queue(t, sqsc, "eu-orders", nil)
	subscribe := func(arn string, attrs map[string]string) string {
		s, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arn), Attributes: attrs})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(s.SubscriptionArn)
	}
	envSub := subscribe(envARN, map[string]string{"FilterPolicy": `{"color":["red"]}`})
	subscribe(rawARN, map[string]string{"FilterPolicy": `{"price":[{"numeric":[">",100]}]}`, "RawMessageDelivery": "true"})
	subscribe(bodyARN, map[string]string{"FilterPolicy": `{"region":[{"prefix":"eu-"}]}`, "FilterPolicyScope": "MessageBody"})

	send := func(body, color, price string) string {
		out, err := snsc.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String(body), Subject: aws.String("order"),
			MessageAttributes: map[string]snstypes.MessageAttributeValue{
				"color": {DataType: aws.String("String"), StringValue: aws.String(color)},
				"price": {DataType: aws.String("Number"), StringValue: aws.String(price)},
			}})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.MessageId)
	}
	redID := send(`{"region":"eu-west-1","id":1}`, "red", "50")
	send(`{"region":"us-east-1","id":2}`, "blue", "150")

	// Envelope queue: only the red message, wrapped in the notification JSON.
	env := receiveAll(t, sqsc, envURL)
	if len(env) != 1 {
		t.Fatalf("envelope queue got %d messages", len(env))
	}
	var e map[string]any
	if err := json.Unmarshal([]byte(aws.ToString(env[0].Body)), &e); err != nil {
		t.Fatal(err)
	}
	if e["Type"] != "Notification" || e["MessageId"] != redID || e["TopicArn"] != aws.ToString(topic.TopicArn) ||
		e["Subject"] != "order" || e["Message"] != `{"region":"eu-west-1","id":1}` || e["SignatureVersion"] != "1" ||
		e["Signature"] == "" || e["UnsubscribeURL"] == nil || e["SigningCertURL"] == nil {
		t.Errorf("envelope %v", e)
	}
	attrs, _ := e["MessageAttributes"].(map[string]any)
	if color, _ := attrs["color"].(map[string]any); color["Type"] != "String" || color["Value"] != "red" {
		t.Errorf("envelope attributes %v", attrs)
	}
	if len(env[0].MessageAttributes) != 0 {
		t.Errorf("envelope delivery carries SQS attributes %v", env[0].MessageAttributes)
	}

	// Raw queue: only the 150 message, body as published, attributes as SQS attributes.
	raw := receiveAll(t, sqsc, rawURL)
	if len(raw) != 1 || aws.ToString(raw[0].Body) != `{"region":"us-east-1","id":2}` {
		t.Fatalf("raw queue %+v", raw)
	}
	if p := raw[0].MessageAttributes["price"]; aws.ToString(p.DataType) != "Number" || aws.ToString(p.StringValue) != "150" {
		t.Errorf("raw attributes %+v", raw[0].MessageAttributes)
	}

	// Body-filtered queue: the eu-west-1 message.
	body := receiveAll(t, sqsc, bodyURL)
	if len(body) != 1 {
		t.Fatalf("body queue got %d messages", len(body))
	}
	_ = json.Unmarshal([]byte(aws.ToString(body[0].Body)), &e)
	if e["MessageId"] != redID {
		t.Errorf("body queue got %v", e)
	}

	// Unsubscribing stops delivery.
	if _, err := snsc.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: aws.String(envSub)}); err != nil {
		t.Fatal(err)
	}
	send(`{}`, "red", "1")
	if got := receiveAll(t, sqsc, envURL); len(got) != 0 {
		t.Errorf("delivered after Unsubscribe: %d", len(got))
	}
}

// TestSDKFIFOFanOut: a FIFO topic delivers to a FIFO queue with the
// publisher's MessageGroupId, deduplicating by MessageDeduplicationId, in
// order (SNS Developer Guide, "FIFO topics").
func TestSDKFIFOFanOut(t *testing.T) {
	snsc, sqsc := clients(t)
	ctx := testCtx(t)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("events.fifo"),
		Attributes: map[string]string{"FifoTopic": "true", "ContentBasedDeduplication": "true"}})
	if err != nil {
		t.Fatal(err)
	}
	url, arn := queue(t, sqsc, "events.fifo", map[string]string{"FifoQueue": "true"})
	if _, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arn),
		Attributes: map[string]string{"RawMessageDelivery": "true"}}); err != nil {
		t.Fatal(err)
	}
	var seqs []string
	for _, m := range []string{"one", "two", "one"} {
		out, err := snsc.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String(m), MessageGroupId: aws.String("g1")})
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, aws.ToString(out.SequenceNumber))
	}
	if seqs[0] == "" || seqs[2] != seqs[0] || !sort.StringsAreSorted(seqs[:2]) {
		t.Errorf("sequence numbers %v", seqs)
	}
	got := receiveAll(t, sqsc, url)
	if len(got) != 2 || aws.ToString(got[0].Body) != "one" || aws.ToString(got[1].Body) != "two" {
		t.Fatalf("fifo queue %+v", got)
	}
	if g := got[0].Attributes["MessageGroupId"]; g != "g1" || got[0].Attributes["MessageDeduplicationId"] == "" {
		t.Errorf("system attributes %v", got[0].Attributes)
	}

	_, err = snsc.Publish(ctx, &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("x")})
	var invalid *snstypes.InvalidParameterException
	if !errors.As(err, &invalid) || invalid.ErrorMessage() != "Invalid parameter: The MessageGroupId parameter is required for FIFO topics" {
		t.Errorf("Publish without MessageGroupId: %v", err)
	}
}

// TestSDKTopicsAndErrors runs the topic and subscription operations through
// the query protocol and checks errors arrive as the SDK's modelled types.
func TestSDKTopicsAndErrors(t *testing.T) {
	snsc, _ := clients(t)
	ctx := testCtx(t)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("t"), Attributes: map[string]string{"DisplayName": "T"},
		Tags: []snstypes.Tag{{Key: aws.String("team"), Value: aws.String("core")}}})
	if err != nil {
		t.Fatal(err)
	}
	attrs, err := snsc.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: topic.TopicArn})
	if err != nil || attrs.Attributes["DisplayName"] != "T" || attrs.Attributes["Owner"] != "000000000000" {
		t.Fatalf("attributes %v %v", attrs, err)
	}
	tags, err := snsc.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: topic.TopicArn})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != "core" {
		t.Fatalf("tags %v %v", tags, err)
	}
	list, err := snsc.ListTopics(ctx, &sns.ListTopicsInput{})
	if err != nil || len(list.Topics) != 1 {
		t.Fatalf("ListTopics %v %v", list, err)
	}
	sub, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("http"), Endpoint: aws.String("http://example.com/")})
	if err != nil || aws.ToString(sub.SubscriptionArn) != "pending confirmation" {
		t.Fatalf("Subscribe http %v %v", sub, err)
	}
	batch, err := snsc.PublishBatch(ctx, &sns.PublishBatchInput{TopicArn: topic.TopicArn, PublishBatchRequestEntries: []snstypes.PublishBatchRequestEntry{
		{Id: aws.String("1"), Message: aws.String("a")}, {Id: aws.String("2"), Message: aws.String("b")},
	}})
	if err != nil || len(batch.Successful) != 2 || len(batch.Failed) != 0 {
		t.Fatalf("PublishBatch %+v %v", batch, err)
	}

	// NotFound answers 404 with "Topic does not exist" (SNS API Reference, Common Errors).
	_, err = snsc.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String("arn:aws:sns:us-east-1:000000000000:missing")})
	var notFound *snstypes.NotFoundException
	if !errors.As(err, &notFound) || notFound.ErrorMessage() != "Topic does not exist" {
		t.Errorf("missing topic: %v", err)
	}
	_, err = snsc.SetSubscriptionAttributes(ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: aws.String(aws.ToString(topic.TopicArn) + ":nope"),
		AttributeName: aws.String("RawMessageDelivery"), AttributeValue: aws.String("true")})
	if !errors.As(err, &notFound) {
		t.Errorf("missing subscription: %v", err)
	}
	_, err = snsc.PublishBatch(ctx, &sns.PublishBatchInput{TopicArn: topic.TopicArn, PublishBatchRequestEntries: []snstypes.PublishBatchRequestEntry{
		{Id: aws.String("1"), Message: aws.String("a")}, {Id: aws.String("1"), Message: aws.String("b")},
	}})
	var notDistinct *snstypes.BatchEntryIdsNotDistinctException
	if !errors.As(err, &notDistinct) {
		t.Errorf("duplicate batch ids: %v", err)
	}
	if _, err := snsc.DeleteTopic(ctx, &sns.DeleteTopicInput{TopicArn: topic.TopicArn}); err != nil {
		t.Fatal(err)
	}
}

// TestSDKAttributesAndPaging covers the map- and list-shaped members over the
// query protocol: subscription attributes set and read back, ListTopics and
// ListSubscriptions paged by the SDK's paginators (100 per page, SNS API
// Reference), tags added and removed, and MessageStructure=json.
func TestSDKAttributesAndPaging(t *testing.T) {
	snsc, sqsc := clients(t)
	ctx := testCtx(t)
	var first string
	for i := range 105 {
		out, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(fmt.Sprintf("page-%03d", i))})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = aws.ToString(out.TopicArn)
		}
	}
	pages, topics := 0, 0
	for p := sns.NewListTopicsPaginator(snsc, &sns.ListTopicsInput{}); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages, topics = pages+1, topics+len(page.Topics)
	}
	if pages != 2 || topics != 105 {
		t.Errorf("ListTopics: %d pages, %d topics", pages, topics)
	}

	url, arn := queue(t, sqsc, "attrs", nil)
	sub, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: aws.String(first), Protocol: aws.String("sqs"), Endpoint: aws.String(arn), ReturnSubscriptionArn: true})
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]string{"RawMessageDelivery": "true", "FilterPolicyScope": "MessageBody", "FilterPolicy": `{"kind":["order"]}`} {
		if _, err := snsc.SetSubscriptionAttributes(ctx, &sns.SetSubscriptionAttributesInput{SubscriptionArn: sub.SubscriptionArn,
			AttributeName: aws.String(name), AttributeValue: aws.String(value)}); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	got, err := snsc.GetSubscriptionAttributes(ctx, &sns.GetSubscriptionAttributesInput{SubscriptionArn: sub.SubscriptionArn})
	if err != nil || got.Attributes["RawMessageDelivery"] != "true" || got.Attributes["FilterPolicyScope"] != "MessageBody" ||
		got.Attributes["FilterPolicy"] != `{"kind":["order"]}` || got.Attributes["Endpoint"] != arn {
		t.Fatalf("subscription attributes %v %v", got, err)
	}
	subs, err := snsc.ListSubscriptionsByTopic(ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(first)})
	if err != nil || len(subs.Subscriptions) != 1 || aws.ToString(subs.Subscriptions[0].Endpoint) != arn {
		t.Fatalf("ListSubscriptionsByTopic %+v %v", subs, err)
	}

	// MessageStructure=json: the "sqs" entry goes to SQS subscribers; the body filter reads it.
	for _, msg := range []string{`{"default":"x","sqs":"{\"kind\":\"order\",\"n\":1}"}`, `{"default":"x","sqs":"{\"kind\":\"refund\"}"}`} {
		if _, err := snsc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(first), MessageStructure: aws.String("json"), Message: aws.String(msg)}); err != nil {
			t.Fatal(err)
		}
	}
	msgs := receiveAll(t, sqsc, url)
	if len(msgs) != 1 || aws.ToString(msgs[0].Body) != `{"kind":"order","n":1}` {
		t.Errorf("received %+v", msgs)
	}

	if _, err := snsc.TagResource(ctx, &sns.TagResourceInput{ResourceArn: aws.String(first), Tags: []snstypes.Tag{
		{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("2")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := snsc.UntagResource(ctx, &sns.UntagResourceInput{ResourceArn: aws.String(first), TagKeys: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := snsc.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(first)})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "b" {
		t.Errorf("tags %+v %v", tags, err)
	}
}
