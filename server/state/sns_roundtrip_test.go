package state_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// SNS topics and their SQS subscriptions survive export, reset and import:
// after import a publish still reaches the subscribed queue.
func TestSNSExportResetImport(t *testing.T) {
	_, url := newServer(t, nil, t.TempDir())
	const account, region = "111111111111", "eu-west-1"
	n := sns.NewFromConfig(sdkConfig(url, account, region))
	q := sqsClient(url, account, region)
	qu, err := q.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("inbox")})
	if err != nil {
		t.Fatal(err)
	}
	topic, err := n.CreateTopic(ctx(t), &sns.CreateTopicInput{Name: aws.String("alerts"), Tags: nil})
	if err != nil {
		t.Fatal(err)
	}
	queueArn := "arn:aws:sqs:" + region + ":" + account + ":inbox"
	if _, err := n.Subscribe(ctx(t), &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(queueArn),
		Attributes: map[string]string{"RawMessageDelivery": "true"}}); err != nil {
		t.Fatal(err)
	}
	code, snap := get(t, url+"/_localstack/pods/state")
	if code != 200 {
		t.Fatalf("export %d", code)
	}
	if code, body := post(t, url+"/_localstack/state/reset", nil); code != 200 || !strings.Contains(body, `"service": "sns"`) {
		t.Fatalf("reset: %d %s", code, body)
	}
	if lt, err := n.ListTopics(ctx(t), &sns.ListTopicsInput{}); err != nil || len(lt.Topics) != 0 {
		t.Fatalf("topics after reset: %v %v", lt, err)
	}
	if code, body := post(t, url+"/_localstack/pods", snap); code != 200 || strings.Contains(body, "error") {
		t.Fatalf("import: %d %s", code, body)
	}
	subs, err := n.ListSubscriptionsByTopic(ctx(t), &sns.ListSubscriptionsByTopicInput{TopicArn: topic.TopicArn})
	if err != nil || len(subs.Subscriptions) != 1 || aws.ToString(subs.Subscriptions[0].Endpoint) != queueArn {
		t.Fatalf("subscriptions after import: %v %v", subs, err)
	}
	if _, err := n.Publish(ctx(t), &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("after import")}); err != nil {
		t.Fatal(err)
	}
	got, err := q.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: qu.QueueUrl, WaitTimeSeconds: 1})
	if err != nil || len(got.Messages) != 1 || aws.ToString(got.Messages[0].Body) != "after import" {
		t.Fatalf("raw delivery after import: %v %v", got, err)
	}
}
