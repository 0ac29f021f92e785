package server_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// S3 → EventBridge → SQS: a bucket with EventBridge notifications enabled
// sends "Object Created" events to the default bus (S3 User Guide, "Using
// EventBridge"), where a rule on source aws.s3 forwards them to a queue.
func TestS3EventBridgeToSQS(t *testing.T) {
	url := newServer(t, nil)
	q := sqs.NewFromConfig(sdkConfig(url))
	qu, err := q.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("s3-events")})
	if err != nil {
		t.Fatal(err)
	}
	eb := eventbridge.NewFromConfig(sdkConfig(url))
	if _, err := eb.PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String("objects"),
		EventPattern: aws.String(`{"source": ["aws.s3"], "detail-type": ["Object Created"]}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := eb.PutTargets(ctx(t), &eventbridge.PutTargetsInput{Rule: aws.String("objects"),
		Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:s3-events")}}}); err != nil {
		t.Fatal(err)
	}
	c := s3Client(url, true)
	if _, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String("evented")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutBucketNotificationConfiguration(ctx(t), &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String("evented"),
		NotificationConfiguration: &s3types.NotificationConfiguration{EventBridgeConfiguration: &s3types.EventBridgeConfiguration{}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("evented"), Key: aws.String("new.txt"), Body: strings.NewReader("x")}); err != nil {
		t.Fatal(err)
	}
	got, err := q.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: qu.QueueUrl, WaitTimeSeconds: 2})
	if err != nil || len(got.Messages) != 1 {
		t.Fatalf("no event in the queue: %v %v", got, err)
	}
	if body := aws.ToString(got.Messages[0].Body); !containsAll(body, `"source":"aws.s3"`, `"detail-type":"Object Created"`, `"new.txt"`) {
		t.Errorf("event %s", body)
	}
}
