package sns

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// Every field of topic, subscription and store is saved by SaveState,
// rebuilt on load, or listed here as runtime-only: a new field fails this
// test until state.go handles it.
func TestStateCoversEveryField(t *testing.T) {
	checkFields(t, reflect.TypeOf(topic{}), "arn", "name", "account", "region", "fifo", "attrs", "tags", "subs",
		"deletedSubs", "dedup", "dedupOrder", "seq")
	checkFields(t, reflect.TypeOf(subscription{}), "arn", "topicArn", "protocol", "endpoint", "owner", "attrs",
		"filter", "pending", "token", "authenticated")
	checkFields(t, reflect.TypeOf(store{}), "topics", "subs", "apps", "endpoints", "smsAttrs", "optedOut", "sent")
	checkFields(t, reflect.TypeOf(platformApp{}), "arn", "name", "platform", "account", "region", "attrs", "endpoints")
	checkFields(t, reflect.TypeOf(platformEndpoint{}), "arn", "app", "attrs")
}

func checkFields(t *testing.T, typ reflect.Type, names ...string) {
	t.Helper()
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	for i := range typ.NumField() {
		if f := typ.Field(i); !known[f.Name] {
			t.Errorf("%s.%s is not saved in snapshots: handle it in state.go, then list it here", typ.Name(), f.Name)
		}
	}
}

// snapshot saves s and returns a reader of the result.
func snapshot(t *testing.T, s *Service) *state.ServiceReader {
	t.Helper()
	var buf bytes.Buffer
	w := state.NewWriter(&buf, "test", testNow)
	if err := s.SaveState(bg(), w.Service("sns")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := state.OpenReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return r.Service("sns")
}

func TestStateRoundTrip(t *testing.T) {
	s, _ := newTestService(t)
	std := mustTopic(t, s, "std", map[string]string{"DisplayName": "Standard"})
	fifo := mustTopic(t, s, "f.fifo", map[string]string{"FifoTopic": "true"})
	if _, err := s.TagResource(bg(), &TagResourceRequest{ResourceArn: ptr(std), Tags: []Tag{{Key: ptr("team"), Value: ptr("core")}}}); err != nil {
		t.Fatal(err)
	}
	filtered := mustSubscribe(t, s, std, "sqs", queueArn, map[string]string{"FilterPolicy": `{"color":["red"]}`, "RawMessageDelivery": "true"})
	pending := mustSubscribe(t, s, std, "https", "https://example.com/hook", nil)
	gone := mustSubscribe(t, s, std, "sqs", queueArn+"2", nil)
	if _, err := s.Unsubscribe(bg(), &UnsubscribeInput{SubscriptionArn: ptr(gone)}); err != nil {
		t.Fatal(err)
	}
	mustSubscribe(t, s, fifo, "sqs", queueArn+".fifo", nil)
	first := publish(t, s, &PublishInput{TopicArn: ptr(fifo), Message: ptr("m"), MessageGroupId: ptr("g"), MessageDeduplicationId: ptr("d")})
	app, _ := s.CreatePlatformApplication(bg(), &CreatePlatformApplicationInput{Name: ptr("mobile"), Platform: ptr("GCM")})
	ep, err := s.CreatePlatformEndpoint(bg(), &CreatePlatformEndpointInput{PlatformApplicationArn: app.PlatformApplicationArn, Token: ptr("tok")})
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, s)

	restored, q := newTestService(t)
	restored.env.Now = func() time.Time { return testNow.Add(time.Minute) }
	if err := restored.LoadState(bg(), before, false); err != nil {
		t.Fatal(err)
	}
	for _, arn := range []string{std, fifo} {
		a, _ := s.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(arn)})
		b, err := restored.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(arn)})
		if err != nil || !reflect.DeepEqual(a.Attributes, b.Attributes) {
			t.Errorf("%s attributes after restore %v, want %v (%v)", arn, b, a.Attributes, err)
		}
	}
	for _, arn := range []string{filtered, pending} {
		a, _ := s.GetSubscriptionAttributes(bg(), &GetSubscriptionAttributesInput{SubscriptionArn: ptr(arn)})
		b, err := restored.GetSubscriptionAttributes(bg(), &GetSubscriptionAttributesInput{SubscriptionArn: ptr(arn)})
		if err != nil || !reflect.DeepEqual(a.Attributes, b.Attributes) {
			t.Errorf("%s attributes after restore %v, want %v (%v)", arn, b, a.Attributes, err)
		}
	}
	if e, err := restored.GetEndpointAttributes(bg(), &GetEndpointAttributesInput{EndpointArn: ep.EndpointArn}); err != nil || e.Attributes["Token"] != "tok" {
		t.Errorf("endpoint after restore %v %v", e, err)
	}
	tags, _ := restored.ListTagsForResource(bg(), &ListTagsForResourceRequest{ResourceArn: ptr(std)})
	if len(tags.Tags) != 1 || *tags.Tags[0].Value != "core" {
		t.Errorf("tags %+v", tags.Tags)
	}
	if tok, ok := restored.SubscriptionToken(pending); !ok || tok == "" {
		t.Error("pending token lost")
	}
	// The filter policy still applies, and the FIFO deduplication window and sequence survive.
	publish(t, restored, &PublishInput{TopicArn: ptr(std), Message: ptr("blue"), MessageAttributes: map[string]MessageAttributeValue{"color": str("blue")}})
	publish(t, restored, &PublishInput{TopicArn: ptr(std), Message: ptr("red"), MessageAttributes: map[string]MessageAttributeValue{"color": str("red")}})
	if got := q.to(queueArn); len(got) != 1 || got[0].body != "red" {
		t.Errorf("deliveries after restore %+v", got)
	}
	dup := publish(t, restored, &PublishInput{TopicArn: ptr(fifo), Message: ptr("m"), MessageGroupId: ptr("g"), MessageDeduplicationId: ptr("d")})
	next := publish(t, restored, &PublishInput{TopicArn: ptr(fifo), Message: ptr("n"), MessageGroupId: ptr("g"), MessageDeduplicationId: ptr("e")})
	if *dup.MessageId != *first.MessageId || *next.SequenceNumber <= *first.SequenceNumber {
		t.Errorf("fifo after restore: dup %s (first %s), next seq %s", *dup.MessageId, *first.MessageId, *next.SequenceNumber)
	}

	// Merge replaces same-named topics and keeps the others; reset empties.
	other := mustTopic(t, restored, "other", nil)
	if err := restored.LoadState(bg(), before, true); err != nil {
		t.Fatal(err)
	}
	if _, err := restored.GetTopicAttributes(bg(), &GetTopicAttributesInput{TopicArn: ptr(other)}); err != nil {
		t.Errorf("merge dropped a topic: %v", err)
	}
	if err := restored.ResetState(bg()); err != nil {
		t.Fatal(err)
	}
	list, _ := restored.ListTopics(bg(), &ListTopicsInput{})
	subs, _ := restored.ListSubscriptions(bg(), &ListSubscriptionsInput{})
	if len(list.Topics) != 0 || len(subs.Subscriptions) != 0 {
		t.Errorf("after reset: %d topics, %d subscriptions", len(list.Topics), len(subs.Subscriptions))
	}
}
