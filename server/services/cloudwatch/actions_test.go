package cloudwatch_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/setup-emulator/setup-emulator/server"
)

// An alarm whose AlarmActions name an SNS topic publishes AWS's alarm JSON
// when it enters ALARM (User Guide, "Using Amazon CloudWatch alarms" →
// "Alarm actions", and the notification format SNS subscribers receive:
// AlarmName, NewStateValue, OldStateValue, Trigger ...); with actions
// disabled nothing is sent.
func TestAlarmActionsPublishToSNS(t *testing.T) {
	srv, err := server.New(server.Config{})
	check(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(ts.URL)}
	cw := cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) { o.DisableRequestCompression = true })
	sn, sq := sns.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	ctx := testCtx(t)

	topic, err := sn.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("alarms")})
	check(t, err)
	q, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("alarms")})
	check(t, err)
	qa, err := sq.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	check(t, err)
	_, err = sn.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(qa.Attributes["QueueArn"]),
		Attributes: map[string]string{"RawMessageDelivery": "true"}})
	check(t, err)

	_, err = cw.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{AlarmName: aws.String("errors"), Namespace: aws.String("App"), MetricName: aws.String("Errors"),
		Statistic: types.StatisticSum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(0),
		ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold, AlarmActions: []string{*topic.TopicArn}})
	check(t, err)
	_, err = cw.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{{MetricName: aws.String("Errors"), Value: aws.Float64(3)}}})
	check(t, err)
	msgs, err := sq.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10})
	check(t, err)
	if len(msgs.Messages) != 1 {
		t.Fatalf("messages = %+v", msgs.Messages)
	}
	var n map[string]any
	check(t, json.Unmarshal([]byte(*msgs.Messages[0].Body), &n))
	trigger, _ := n["Trigger"].(map[string]any)
	if n["AlarmName"] != "errors" || n["NewStateValue"] != "ALARM" || n["OldStateValue"] != "INSUFFICIENT_DATA" || n["Region"] != "US East (N. Virginia)" ||
		trigger["MetricName"] != "Errors" || trigger["Statistic"] != "SUM" {
		t.Fatalf("notification = %v", n)
	}

	// Disabled actions: SetAlarmState changes state without a message.
	_, err = cw.DisableAlarmActions(ctx, &cloudwatch.DisableAlarmActionsInput{AlarmNames: []string{"errors"}})
	check(t, err)
	_, err = cw.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("errors"), StateValue: types.StateValueOk, StateReason: aws.String("manual")})
	check(t, err)
	_, err = cw.EnableAlarmActions(ctx, &cloudwatch.EnableAlarmActionsInput{AlarmNames: []string{"errors"}})
	check(t, err)
	_, err = cw.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("errors"), StateValue: types.StateValueAlarm, StateReason: aws.String("manual")})
	check(t, err)
	_, err = sq.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: q.QueueUrl, ReceiptHandle: msgs.Messages[0].ReceiptHandle})
	check(t, err)
	msgs, err = sq.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10})
	check(t, err)
	if len(msgs.Messages) != 1 || !json.Valid([]byte(*msgs.Messages[0].Body)) {
		t.Fatalf("after SetAlarmState = %+v", msgs.Messages)
	}
	check(t, json.Unmarshal([]byte(*msgs.Messages[0].Body), &n))
	if n["NewStateValue"] != "ALARM" || n["NewStateReason"] != "manual" {
		t.Fatalf("SetAlarmState notification = %v", n)
	}
}
