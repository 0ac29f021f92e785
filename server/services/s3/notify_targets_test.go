package s3

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// SNS topics get the same record message as queues
// (notification-content-structure.html); with
// EventBridgeConfiguration every event goes to the default bus as source
// "aws.s3" with the detail of ev-events.html.
func TestNotificationsToTopicsAndEventBridge(t *testing.T) {
	type published struct{ arn, message string }
	type busEvent struct {
		source, detailType, detail string
		resources                  []string
	}
	var topics []published
	var bus []busEvent
	s := NewWithOptions(awsapi.Env{Now: func() time.Time { return testNow }, NewID: func() string { return "v1" }}, Options{
		Topics: topicsFunc(func(arn, message string) {
			topics = append(topics, published{arn, message})
		}),
		Events: EventBusFunc(func(_ context.Context, source, detailType, detail string, resources []string) error {
			bus = append(bus, busEvent{source, detailType, detail, resources})
			return nil
		}),
	})
	ctx := ctxIn(usEast1)
	mustCreateBucket(t, s, ctx, "bkt")
	topic := "arn:aws:sns:us-east-1:000000000000:uploads"
	_, err := s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("bkt"),
		NotificationConfiguration: &NotificationConfiguration{EventBridgeConfiguration: &EventBridgeConfiguration{},
			TopicConfigurations: []TopicConfiguration{{TopicArn: ptr(topic), Events: []string{"s3:ObjectCreated:*"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("other"),
		NotificationConfiguration: &NotificationConfiguration{TopicConfigurations: []TopicConfiguration{{
			TopicArn: ptr("arn:aws:sns:us-east-1:000000000000:missing"), Events: []string{"s3:ObjectCreated:*"}}}}})
	wantError(t, err, "NoSuchBucket", 404, nil)
	mustCreateBucket(t, s, ctx, "other")
	_, err = s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("other"),
		NotificationConfiguration: &NotificationConfiguration{TopicConfigurations: []TopicConfiguration{{
			TopicArn: ptr("arn:aws:sns:us-east-1:000000000000:missing"), Events: []string{"s3:ObjectCreated:*"}}}}})
	wantError(t, err, "InvalidArgument", 400, nil)
	mustPut(t, s, ctx, "bkt", "k", "hello")
	s.DeleteObject(ctx, &DeleteObjectRequest{Bucket: ptr("bkt"), Key: ptr("k")})
	if len(topics) != 2 || topics[1].arn != topic || !strings.Contains(topics[0].message, `"Event":"s3:TestEvent"`) ||
		!strings.Contains(topics[1].message, `"eventName":"ObjectCreated:Put"`) {
		t.Errorf("topic messages %+v", topics)
	}
	if len(bus) != 2 || bus[0].source != "aws.s3" || bus[0].detailType != "Object Created" || bus[1].detailType != "Object Deleted" ||
		len(bus[0].resources) != 1 || bus[0].resources[0] != "arn:aws:s3:::bkt" {
		t.Fatalf("bus events %+v", bus)
	}
	var d struct {
		Bucket struct{ Name string }
		Object struct {
			Key  string
			Size int64
			ETag string
		}
		Reason       string
		DeletionType string `json:"deletion-type"`
	}
	json.Unmarshal([]byte(bus[0].detail), &d)
	if d.Bucket.Name != "bkt" || d.Object.Key != "k" || d.Object.Size != 5 || d.Object.ETag != "5d41402abc4b2a76b9719d911017c592" || d.Reason != "PutObject" {
		t.Errorf("detail %s", bus[0].detail)
	}
	json.Unmarshal([]byte(bus[1].detail), &d)
	if d.DeletionType != "Permanently Deleted" || d.Reason != "DeleteObject" {
		t.Errorf("delete detail %s", bus[1].detail)
	}
}

// topicsFunc is a fake sns.Publisher.
type topicsFunc func(arn, message string)

func (f topicsFunc) PublishToTopic(_ context.Context, arn, message, _, _ string) (string, error) {
	if strings.HasSuffix(arn, ":missing") {
		return "", &awsapi.Error{Code: "NotFound", Message: "Topic does not exist", Status: 404}
	}
	f(arn, message)
	return "id", nil
}
