package logs_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	ktypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Export, reset and import through LocalStack's pod endpoints
// (/_localstack/pods): Logs (groups, events, filters), the Kinesis records a
// subscription delivered and the CloudWatch metrics a metric filter emitted
// all come back.
func TestStateRoundTrip(t *testing.T) {
	cl := newClient(t)
	ctx, now := testCtx(t), cl.clk.Now()
	_, err := cl.kin.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("k"), ShardCount: aws.Int32(2)})
	check(t, err)
	_, err = cl.logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("g"), Tags: map[string]string{"a": "b"}})
	check(t, err)
	_, err = cl.logs.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s")})
	check(t, err)
	_, err = cl.logs.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{LogGroupName: aws.String("g"), FilterName: aws.String("f"),
		FilterPattern: aws.String(""), MetricTransformations: []types.MetricTransformation{{MetricName: aws.String("Lines"), MetricNamespace: aws.String("L"), MetricValue: aws.String("1")}}})
	check(t, err)
	_, err = cl.logs.PutSubscriptionFilter(ctx, &cloudwatchlogs.PutSubscriptionFilterInput{LogGroupName: aws.String("g"), FilterName: aws.String("sub"),
		FilterPattern: aws.String(""), DestinationArn: aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/k")})
	check(t, err)
	_, err = cl.logs.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{{Timestamp: ms(now), Message: aws.String("one")}, {Timestamp: ms(now), Message: aws.String("two")}}})
	check(t, err)

	resp, err := http.Get(cl.url + "/_localstack/pods/state")
	check(t, err)
	snapshot, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("export = %d %s", resp.StatusCode, snapshot)
	}
	req, _ := http.NewRequest(http.MethodDelete, cl.url+"/_localstack/pods/state", nil)
	resp, err = http.DefaultClient.Do(req)
	check(t, err)
	resp.Body.Close()
	_, err = cl.logs.DescribeLogStreams(ctx, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("g")})
	wantCode(t, err, "ResourceNotFoundException")
	resp, err = http.Post(cl.url+"/_localstack/pods", "application/zip", bytes.NewReader(snapshot))
	check(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("import = %d %s", resp.StatusCode, body)
	}

	ev, err := cl.logs.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("g"), LogStreamName: aws.String("s"), StartFromHead: aws.Bool(true)})
	check(t, err)
	if len(ev.Events) != 2 || *ev.Events[1].Message != "two" {
		t.Fatalf("events after import = %+v", ev.Events)
	}
	tags, err := cl.logs.ListTagsLogGroup(ctx, &cloudwatchlogs.ListTagsLogGroupInput{LogGroupName: aws.String("g")})
	check(t, err)
	if tags.Tags["a"] != "b" {
		t.Fatalf("tags = %v", tags.Tags)
	}
	stats, err := cl.cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("L"), MetricName: aws.String("Lines"),
		StartTime: aws.Time(now.Add(-time.Minute)), EndTime: aws.Time(now.Add(time.Minute)), Period: aws.Int32(120), Statistics: []cwtypes.Statistic{cwtypes.StatisticSum}})
	check(t, err)
	if len(stats.Datapoints) != 1 || *stats.Datapoints[0].Sum != 2 {
		t.Fatalf("metrics after import = %+v", stats.Datapoints)
	}
	total := 0
	for _, sh := range []string{"shardId-000000000000", "shardId-000000000001"} {
		it, err := cl.kin.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("k"), ShardId: aws.String(sh), ShardIteratorType: ktypes.ShardIteratorTypeTrimHorizon})
		check(t, err)
		recs, err := cl.kin.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		check(t, err)
		total += len(recs.Records)
	}
	if total != 2 { // CONTROL_MESSAGE and one DATA_MESSAGE
		t.Fatalf("kinesis records after import = %d", total)
	}
	// New records continue the sequence after the imported ones.
	_, err = cl.kin.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("k"), PartitionKey: aws.String("p"), Data: []byte("x")})
	check(t, err)
}
