package events_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	"github.com/setup-emulator/setup-emulator/server"
)

type clientSet struct {
	eb  *eventbridge.Client
	sns *sns.Client
	sqs *sqs.Client
}

// clients starts the emulator in httptest and returns aws-sdk-go-v2
// clients pointed at it.
func clients(t *testing.T) clientSet {
	t.Helper()
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(ts.URL)}
	return clientSet{eventbridge.NewFromConfig(cfg), sns.NewFromConfig(cfg), sqs.NewFromConfig(cfg)}
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func queue(t *testing.T, c clientSet, name string, attrs map[string]string) (string, string) {
	t.Helper()
	ctx := testCtx(t)
	q := must[*sqs.CreateQueueOutput](t)(c.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs}))
	a := must[*sqs.GetQueueAttributesOutput](t)(c.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}}))
	return *q.QueueUrl, a.Attributes["QueueArn"]
}

func drain(t *testing.T, c clientSet, url string) []sqstypes.Message {
	t.Helper()
	ctx := testCtx(t)
	var out []sqstypes.Message
	for {
		r := must[*sqs.ReceiveMessageOutput](t)(c.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url),
			MaxNumberOfMessages: 10, MessageSystemAttributeNames: []sqstypes.MessageSystemAttributeName{"All"}}))
		if len(r.Messages) == 0 {
			return out
		}
		for _, m := range r.Messages {
			out = append(out, m)
			must[*sqs.DeleteMessageOutput](t)(c.sqs.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}))
		}
	}
}

func wantAPIError(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}

// Rule -> SQS on a custom bus with a pattern, an InputTransformer target and
// a FIFO queue target (EventBridge User Guide: "Event patterns", "Input
// transformation", "Amazon SQS FIFO queues as targets").
func TestSDKRuleToSQS(t *testing.T) {
	c := clients(t)
	ctx := testCtx(t)
	bus := must[*eventbridge.CreateEventBusOutput](t)(c.eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("orders")}))
	if *bus.EventBusArn != "arn:aws:events:us-east-1:000000000000:event-bus/orders" {
		t.Fatal(*bus.EventBusArn)
	}
	fullURL, fullARN := queue(t, c, "eb-full", nil)
	shapedURL, shapedARN := queue(t, c, "eb-shaped", nil)
	fifoURL, fifoARN := queue(t, c, "eb.fifo", map[string]string{"FifoQueue": "true"})
	rule := must[*eventbridge.PutRuleOutput](t)(c.eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("big"), EventBusName: aws.String("orders"),
		EventPattern: aws.String(`{"source":["shop"],"detail":{"total":[{"numeric":[">=",100]}],"country":[{"anything-but":"XX"}]}}`)}))
	if *rule.RuleArn != "arn:aws:events:us-east-1:000000000000:rule/orders/big" {
		t.Fatal(*rule.RuleArn)
	}
	must[*eventbridge.PutTargetsOutput](t)(c.eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("big"), EventBusName: aws.String("orders"),
		Targets: []ebtypes.Target{
			{Id: aws.String("full"), Arn: aws.String(fullARN)},
			{Id: aws.String("shaped"), Arn: aws.String(shapedARN), InputTransformer: &ebtypes.InputTransformer{
				InputPathsMap: map[string]string{"id": "$.detail.id", "total": "$.detail.total"},
				InputTemplate: aws.String(`{"order":"<id>","amount":<total>,"rule":"<aws.events.rule-name>"}`)}},
			{Id: aws.String("fifo"), Arn: aws.String(fifoARN), SqsParameters: &ebtypes.SqsParameters{MessageGroupId: aws.String("g")}},
		}}))
	put := must[*eventbridge.PutEventsOutput](t)(c.eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{EventBusName: aws.String("orders"), Source: aws.String("shop"), DetailType: aws.String("Order"), Detail: aws.String(`{"id":"o1","total":150,"country":"FR"}`)},
		{EventBusName: aws.String("orders"), Source: aws.String("shop"), DetailType: aws.String("Order"), Detail: aws.String(`{"id":"o2","total":50,"country":"FR"}`)},
		{EventBusName: aws.String("orders"), Source: aws.String("shop"), DetailType: aws.String("Order"), Detail: aws.String(`{"id":"o3","total":500,"country":"XX"}`)},
		{EventBusName: aws.String("orders"), Source: aws.String("shop"), DetailType: aws.String("Order"), Detail: aws.String(`not json`)},
	}}))
	if put.FailedEntryCount != 1 || aws.ToString(put.Entries[3].ErrorCode) != "MalformedDetail" {
		t.Fatalf("PutEvents %+v", put.Entries)
	}
	full := drain(t, c, fullURL)
	if len(full) != 1 {
		t.Fatalf("full queue got %d", len(full))
	}
	var ev map[string]any
	json.Unmarshal([]byte(*full[0].Body), &ev)
	if ev["id"] != *put.Entries[0].EventId || ev["detail-type"] != "Order" || ev["source"] != "shop" || ev["region"] != "us-east-1" {
		t.Fatalf("event %v", ev)
	}
	shaped := drain(t, c, shapedURL)
	if len(shaped) != 1 || *shaped[0].Body != `{"order":"o1","amount":150,"rule":"big"}` {
		t.Fatalf("shaped %v", shaped)
	}
	fifo := drain(t, c, fifoURL)
	if len(fifo) != 1 || fifo[0].Attributes["MessageGroupId"] != "g" || fifo[0].Attributes["MessageDeduplicationId"] != *put.Entries[0].EventId {
		t.Fatalf("fifo %v", fifo)
	}
	names := must[*eventbridge.ListRuleNamesByTargetOutput](t)(c.eb.ListRuleNamesByTarget(ctx, &eventbridge.ListRuleNamesByTargetInput{
		TargetArn: aws.String(fullARN), EventBusName: aws.String("orders")}))
	if len(names.RuleNames) != 1 || names.RuleNames[0] != "big" {
		t.Fatal(names.RuleNames)
	}
	_, err := c.eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("big"), EventBusName: aws.String("orders")})
	wantAPIError(t, err, "ValidationException")
	_, err = c.eb.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException")
	_, err = c.eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("bad"), EventPattern: aws.String(`{"source":"x"}`)})
	wantAPIError(t, err, "InvalidEventPatternException")
}

// Rule -> SNS topic -> SQS subscription: the queue receives the SNS
// envelope whose Message is the event.
func TestSDKRuleToSNSToSQS(t *testing.T) {
	c := clients(t)
	ctx := testCtx(t)
	topic := must[*sns.CreateTopicOutput](t)(c.sns.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("eb-topic")}))
	url, arn := queue(t, c, "eb-sub", nil)
	rawURL, rawARN := queue(t, c, "eb-sub-raw", nil)
	must[*sns.SubscribeOutput](t)(c.sns.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(arn)}))
	must[*sns.SubscribeOutput](t)(c.sns.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(rawARN),
		Attributes: map[string]string{"RawMessageDelivery": "true"}}))
	must[*eventbridge.PutRuleOutput](t)(c.eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("to-sns"),
		EventPattern: aws.String(`{"detail-type":[{"prefix":"User"}]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(c.eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("to-sns"),
		Targets: []ebtypes.Target{{Id: aws.String("t"), Arn: topic.TopicArn, InputPath: aws.String("$.detail")}}}))
	must[*eventbridge.PutEventsOutput](t)(c.eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{Source: aws.String("app"), DetailType: aws.String("UserCreated"), Detail: aws.String(`{"user":"ann"}`)},
		{Source: aws.String("app"), DetailType: aws.String("OrderCreated"), Detail: aws.String(`{"user":"bob"}`)},
	}}))
	got := drain(t, c, url)
	if len(got) != 1 {
		t.Fatalf("got %d", len(got))
	}
	var env map[string]any
	json.Unmarshal([]byte(*got[0].Body), &env)
	if env["Type"] != "Notification" || env["Message"] != `{"user":"ann"}` || env["TopicArn"] != *topic.TopicArn {
		t.Fatalf("envelope %v", env)
	}
	raw := drain(t, c, rawURL)
	if len(raw) != 1 || *raw[0].Body != `{"user":"ann"}` {
		t.Fatalf("raw %v", raw)
	}
}

// Archives, replays, TestEventPattern, tags, buses and permissions.
func TestSDKArchivesReplaysAndMore(t *testing.T) {
	c := clients(t)
	ctx := testCtx(t)
	busArn := "arn:aws:events:us-east-1:000000000000:event-bus/default"
	arch := must[*eventbridge.CreateArchiveOutput](t)(c.eb.CreateArchive(ctx, &eventbridge.CreateArchiveInput{ArchiveName: aws.String("all"),
		EventSourceArn: aws.String(busArn), RetentionDays: aws.Int32(1)}))
	if *arch.ArchiveArn != "arn:aws:events:us-east-1:000000000000:archive/all" || arch.State != ebtypes.ArchiveStateEnabled {
		t.Fatal(arch)
	}
	start := time.Now().Add(-time.Minute)
	must[*eventbridge.PutEventsOutput](t)(c.eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String(`{"n":1}`)}}}))
	d := must[*eventbridge.DescribeArchiveOutput](t)(c.eb.DescribeArchive(ctx, &eventbridge.DescribeArchiveInput{ArchiveName: aws.String("all")}))
	if d.EventCount != 1 || d.SizeBytes == 0 {
		t.Fatal(d.EventCount, d.SizeBytes)
	}
	url, arn := queue(t, c, "eb-replay", nil)
	must[*eventbridge.PutRuleOutput](t)(c.eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(`{"source":["app"]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(c.eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"),
		Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String(arn)}}}))
	time.Sleep(10 * time.Millisecond)
	rp := must[*eventbridge.StartReplayOutput](t)(c.eb.StartReplay(ctx, &eventbridge.StartReplayInput{ReplayName: aws.String("rp"),
		EventSourceArn: arch.ArchiveArn, EventStartTime: aws.Time(start), EventEndTime: aws.Time(time.Now()),
		Destination: &ebtypes.ReplayDestination{Arn: aws.String(busArn)}}))
	if rp.State != ebtypes.ReplayStateStarting {
		t.Fatal(rp.State)
	}
	got := drain(t, c, url)
	if len(got) != 1 || !strings.Contains(*got[0].Body, `"replay-name":"rp"`) {
		t.Fatalf("replayed %v", got)
	}
	desc := must[*eventbridge.DescribeReplayOutput](t)(c.eb.DescribeReplay(ctx, &eventbridge.DescribeReplayInput{ReplayName: aws.String("rp")}))
	if desc.State != ebtypes.ReplayStateCompleted {
		t.Fatal(desc.State)
	}
	_, err := c.eb.CreateArchive(ctx, &eventbridge.CreateArchiveInput{ArchiveName: aws.String("all"), EventSourceArn: aws.String(busArn)})
	wantAPIError(t, err, "ResourceAlreadyExistsException")

	test := must[*eventbridge.TestEventPatternOutput](t)(c.eb.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{
		EventPattern: aws.String(`{"detail":{"ip":[{"cidr":"10.0.0.0/8"}]},"$or":[{"source":["a"]},{"source":["b"]}]}`),
		Event:        aws.String(`{"id":"1","account":"000000000000","source":"b","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"x","detail":{"ip":"10.1.2.3"}}`)}))
	if !test.Result {
		t.Fatal("TestEventPattern false")
	}

	must[*eventbridge.TagResourceOutput](t)(c.eb.TagResource(ctx, &eventbridge.TagResourceInput{ResourceARN: aws.String(busArn),
		Tags: []ebtypes.Tag{{Key: aws.String("team"), Value: aws.String("core")}}}))
	tags := must[*eventbridge.ListTagsForResourceOutput](t)(c.eb.ListTagsForResource(ctx, &eventbridge.ListTagsForResourceInput{ResourceARN: aws.String(busArn)}))
	if len(tags.Tags) != 1 || *tags.Tags[0].Value != "core" {
		t.Fatal(tags.Tags)
	}
	must[*eventbridge.PutPermissionOutput](t)(c.eb.PutPermission(ctx, &eventbridge.PutPermissionInput{Action: aws.String("events:PutEvents"),
		Principal: aws.String("111122223333"), StatementId: aws.String("allow")}))
	bus := must[*eventbridge.DescribeEventBusOutput](t)(c.eb.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{}))
	if !strings.Contains(aws.ToString(bus.Policy), `"Sid":"allow"`) || *bus.Name != "default" {
		t.Fatal(aws.ToString(bus.Policy))
	}
	buses := must[*eventbridge.ListEventBusesOutput](t)(c.eb.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{}))
	if len(buses.EventBuses) != 1 {
		t.Fatal(len(buses.EventBuses))
	}
	_, err = c.eb.DeleteEventBus(ctx, &eventbridge.DeleteEventBusInput{Name: aws.String("default")})
	wantAPIError(t, err, "ValidationException")
	targets := must[*eventbridge.ListTargetsByRuleOutput](t)(c.eb.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("r")}))
	if len(targets.Targets) != 1 || *targets.Targets[0].Arn != arn {
		t.Fatal(targets.Targets)
	}
	must[*eventbridge.RemoveTargetsOutput](t)(c.eb.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String("r"), Ids: []string{"q"}}))
	must[*eventbridge.DeleteRuleOutput](t)(c.eb.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("r")}))
	rules := must[*eventbridge.ListRulesOutput](t)(c.eb.ListRules(ctx, &eventbridge.ListRulesInput{}))
	if len(rules.Rules) != 0 {
		t.Fatal(rules.Rules)
	}
}

// A target that cannot be delivered to sends the event to its
// DeadLetterConfig queue with RULE_ARN, TARGET_ARN and ERROR_CODE message
// attributes (User Guide, "Using dead-letter queues to process undelivered
// events").
func TestSDKTargetDeadLetterQueue(t *testing.T) {
	c := clients(t)
	ctx := testCtx(t)
	dlqURL, dlqARN := queue(t, c, "eb-dlq", nil)
	rule := must[*eventbridge.PutRuleOutput](t)(c.eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(`{"source":["s"]}`)}))
	missing := "arn:aws:sqs:us-east-1:000000000000:does-not-exist"
	must[*eventbridge.PutTargetsOutput](t)(c.eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("r"), Targets: []ebtypes.Target{
		{Id: aws.String("t"), Arn: aws.String(missing), DeadLetterConfig: &ebtypes.DeadLetterConfig{Arn: aws.String(dlqARN)}}}}))
	put := must[*eventbridge.PutEventsOutput](t)(c.eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{Source: aws.String("s"), DetailType: aws.String("t"), Detail: aws.String(`{}`)}}}))
	r := must[*sqs.ReceiveMessageOutput](t)(c.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(dlqURL), MessageAttributeNames: []string{"All"}}))
	if len(r.Messages) != 1 || !strings.Contains(*r.Messages[0].Body, *put.Entries[0].EventId) {
		t.Fatalf("%+v", r.Messages)
	}
	a := r.Messages[0].MessageAttributes
	if *a["RULE_ARN"].StringValue != *rule.RuleArn || *a["TARGET_ARN"].StringValue != missing || *a["ERROR_CODE"].StringValue == "" {
		t.Fatalf("%v", a)
	}
}
