package events_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// A Kinesis stream target receives the event as a record whose partition
// key is the value at KinesisParameters.PartitionKeyPath.
func TestSDKRuleToKinesis(t *testing.T) {
	c := clients(t)
	ctx := testCtx(t)
	k := kinesis.NewFromConfig(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: c.eb.Options().BaseEndpoint})
	if _, err := k.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("eb-stream"), ShardCount: aws.Int32(1)}); err != nil {
		t.Fatal(err)
	}
	desc := must[*kinesis.DescribeStreamOutput](t)(k.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("eb-stream")}))
	for desc.StreamDescription.StreamStatus != kinesistypes.StreamStatusActive {
		time.Sleep(10 * time.Millisecond)
		desc = must[*kinesis.DescribeStreamOutput](t)(k.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("eb-stream")}))
	}
	must[*eventbridge.PutRuleOutput](t)(c.eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("k"), EventPattern: aws.String(`{"source":["app"]}`)}))
	must[*eventbridge.PutTargetsOutput](t)(c.eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("k"), Targets: []ebtypes.Target{
		{Id: aws.String("s"), Arn: desc.StreamDescription.StreamARN, KinesisParameters: &ebtypes.KinesisParameters{PartitionKeyPath: aws.String("$.detail.user")}}}}))
	must[*eventbridge.PutEventsOutput](t)(c.eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []ebtypes.PutEventsRequestEntry{
		{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String(`{"user":"ann"}`)}}}))
	it := must[*kinesis.GetShardIteratorOutput](t)(k.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("eb-stream"),
		ShardId: desc.StreamDescription.Shards[0].ShardId, ShardIteratorType: kinesistypes.ShardIteratorTypeTrimHorizon}))
	recs := must[*kinesis.GetRecordsOutput](t)(k.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator}))
	if len(recs.Records) != 1 || *recs.Records[0].PartitionKey != "ann" {
		t.Fatalf("%+v", recs.Records)
	}
	var ev map[string]any
	if err := json.Unmarshal(recs.Records[0].Data, &ev); err != nil || ev["source"] != "app" {
		t.Fatalf("%s", recs.Records[0].Data)
	}
}
