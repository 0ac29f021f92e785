package s3

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/sqs"
)

// S3 notifications delivered into a real SQS service through its
// Deliverer: the s3:TestEvent first, then one record per event
// (notification-content-structure.html); a configuration naming a queue
// that does not exist is InvalidArgument
// (API_PutBucketNotificationConfiguration.html).
func TestNotificationsIntoSQS(t *testing.T) {
	env := awsapi.Env{Now: func() time.Time { return testNow }, NewID: func() string { return "00000000-0000-0000-0000-000000000001" }}
	q := sqs.New(env)
	s := NewWithOptions(env, Options{Queues: q})
	ctx := ctxIn(usEast1)
	created, err := q.CreateQueue(ctx, &sqs.CreateQueueRequest{QueueName: ptr("events")})
	if err != nil {
		t.Fatal(err)
	}
	mustCreateBucket(t, s, ctx, "bkt")
	_, err = s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("bkt"),
		NotificationConfiguration: &NotificationConfiguration{QueueConfigurations: []QueueConfiguration{{
			QueueArn: ptr("arn:aws:sqs:us-east-1:000000000000:nope"), Events: []string{"s3:ObjectCreated:*"}}}}})
	wantError(t, err, "InvalidArgument", 400, nil)
	_, err = s.PutBucketNotificationConfiguration(ctx, &PutBucketNotificationConfigurationRequest{Bucket: ptr("bkt"),
		NotificationConfiguration: &NotificationConfiguration{QueueConfigurations: []QueueConfiguration{{Id: ptr("cfg"),
			QueueArn: ptr("arn:aws:sqs:us-east-1:000000000000:events"), Events: []string{"s3:ObjectCreated:Put"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, ctx, "bkt", "a.txt", "hello")
	got, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageRequest{QueueUrl: created.QueueUrl, MaxNumberOfMessages: ptr(int32(10))})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Messages) != 2 || !strings.Contains(valueOf(got.Messages[0].Body), `"Event":"s3:TestEvent"`) {
		t.Fatalf("messages %+v", got.Messages)
	}
	var ev struct {
		Records []struct {
			EventSource, EventName, AwsRegion string
			S3                                struct {
				ConfigurationID string `json:"configurationId"`
				Object          struct{ Key string }
			}
		}
	}
	if err := json.Unmarshal([]byte(valueOf(got.Messages[1].Body)), &ev); err != nil {
		t.Fatal(err)
	}
	r := ev.Records[0]
	if r.EventSource != "aws:s3" || r.EventName != "ObjectCreated:Put" || r.AwsRegion != "us-east-1" ||
		r.S3.ConfigurationID != "cfg" || r.S3.Object.Key != "a.txt" {
		t.Errorf("record %+v", r)
	}
}
