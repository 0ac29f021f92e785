package logs_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
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

func ms(t time.Time) *int64 { return aws.Int64(t.UnixMilli()) }

// Log groups: create, duplicate, describe with prefix/pattern and
// pagination, retention, KMS key, class, tags through both APIs (API
// Reference: CreateLogGroup, DescribeLogGroups, PutRetentionPolicy,
// TagResource, TagLogGroup).
func TestLogGroups(t *testing.T) {
	cl := newClient(t)
	c, ctx := cl.logs, testCtx(t)
	for i := range 5 {
		_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(fmt.Sprintf("/app/svc-%d", i))})
		check(t, err)
	}
	_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/other/x"), KmsKeyId: aws.String("arn:aws:kms:us-east-1:000000000000:key/k"),
		Tags: map[string]string{"env": "test"}})
	check(t, err)
	_, err = c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/other/x")})
	wantCode(t, err, "ResourceAlreadyExistsException")

	var names []string
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/app/"), Limit: aws.Int32(2)})
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		check(t, err)
		pages++
		for _, g := range out.LogGroups {
			names = append(names, *g.LogGroupName)
		}
	}
	if pages != 3 || len(names) != 5 || names[0] != "/app/svc-0" {
		t.Fatalf("%d pages: %v", pages, names)
	}
	out, err := c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePattern: aws.String("OTHER")})
	check(t, err)
	g := out.LogGroups[0]
	if len(out.LogGroups) != 1 || *g.KmsKeyId != "arn:aws:kms:us-east-1:000000000000:key/k" || *g.Arn != "arn:aws:logs:us-east-1:000000000000:log-group:/other/x:*" ||
		*g.LogGroupArn != "arn:aws:logs:us-east-1:000000000000:log-group:/other/x" || g.LogGroupClass != types.LogGroupClassStandard || g.RetentionInDays != nil {
		t.Fatalf("group = %+v", g)
	}
	_, err = c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePattern: aws.String("a"), LogGroupNamePrefix: aws.String("b")})
	wantCode(t, err, "InvalidParameterException")

	_, err = c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/other/x"), RetentionInDays: aws.Int32(7)})
	check(t, err)
	_, err = c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/other/x"), RetentionInDays: aws.Int32(8)})
	wantCode(t, err, "InvalidParameterException")
	out, _ = c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/other")})
	if *out.LogGroups[0].RetentionInDays != 7 {
		t.Fatalf("retention = %v", out.LogGroups[0].RetentionInDays)
	}

	_, err = c.TagLogGroup(ctx, &cloudwatchlogs.TagLogGroupInput{LogGroupName: aws.String("/other/x"), Tags: map[string]string{"old": "api"}})
	check(t, err)
	_, err = c.TagResource(ctx, &cloudwatchlogs.TagResourceInput{ResourceArn: g.LogGroupArn, Tags: map[string]string{"new": "api"}})
	check(t, err)
	_, err = c.UntagResource(ctx, &cloudwatchlogs.UntagResourceInput{ResourceArn: g.LogGroupArn, TagKeys: []string{"env"}})
	check(t, err)
	tags, err := c.ListTagsLogGroup(ctx, &cloudwatchlogs.ListTagsLogGroupInput{LogGroupName: aws.String("/other/x")})
	check(t, err)
	tags2, err := c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: g.LogGroupArn})
	check(t, err)
	if len(tags.Tags) != 2 || tags.Tags["old"] != "api" || tags2.Tags["new"] != "api" || len(tags2.Tags) != 2 {
		t.Fatalf("tags = %v / %v", tags.Tags, tags2.Tags)
	}
	_, err = c.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/other/x")})
	check(t, err)
	_, err = c.DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/other/x")})
	wantCode(t, err, "ResourceNotFoundException")
}

// PutLogEvents batch rules and rejectedLogEventsInfo; GetLogEvents with
// startFromHead and f/ b/ tokens (API Reference: PutLogEvents, GetLogEvents).
func TestPutAndGetLogEvents(t *testing.T) {
	cl := newClient(t)
	c, ctx, now := cl.logs, testCtx(t), cl.clk.Now()
	g, s := aws.String("g"), aws.String("s")
	_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: g})
	check(t, err)
	_, err = c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: g, LogStreamName: s})
	check(t, err)
	_, err = c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: g, LogStreamName: s})
	wantCode(t, err, "ResourceAlreadyExistsException")

	put := func(evs ...types.InputLogEvent) (*cloudwatchlogs.PutLogEventsOutput, error) {
		return c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: g, LogStreamName: s, LogEvents: evs})
	}
	ev := func(at time.Time, msg string) types.InputLogEvent {
		return types.InputLogEvent{Timestamp: ms(at), Message: aws.String(msg)}
	}
	_, err = put(ev(now, "b"), ev(now.Add(-time.Second), "a"))
	wantCode(t, err, "InvalidParameterException") // not chronological
	_, err = put(ev(now.Add(-25*time.Hour), "a"), ev(now, "b"))
	wantCode(t, err, "InvalidParameterException") // spans more than 24 hours
	_, err = c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: g, LogStreamName: aws.String("nope"), LogEvents: []types.InputLogEvent{ev(now, "x")}})
	wantCode(t, err, "ResourceNotFoundException")

	// Too old (> 14 days), too new (> 2 h ahead): skipped and reported.
	out, err := c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: g, LogStreamName: s, LogEvents: []types.InputLogEvent{
		ev(now.Add(-15*24*time.Hour), "old")}})
	check(t, err)
	if out.RejectedLogEventsInfo == nil || *out.RejectedLogEventsInfo.TooOldLogEventEndIndex != 0 {
		t.Fatalf("rejected = %+v", out.RejectedLogEventsInfo)
	}
	out, err = put(ev(now.Add(-time.Minute), "m0"), ev(now.Add(3*time.Hour), "future"))
	check(t, err)
	if out.RejectedLogEventsInfo == nil || *out.RejectedLogEventsInfo.TooNewLogEventStartIndex != 1 {
		t.Fatalf("rejected = %+v", out.RejectedLogEventsInfo)
	}
	var batch []types.InputLogEvent
	for i := 1; i < 10; i++ {
		batch = append(batch, ev(now.Add(time.Duration(i)*time.Second-time.Minute), fmt.Sprintf("m%d", i)))
	}
	_, err = put(batch...)
	check(t, err)

	msgs := func(o *cloudwatchlogs.GetLogEventsOutput) []string {
		var out []string
		for _, e := range o.Events {
			out = append(out, *e.Message)
		}
		return out
	}
	// Without startFromHead the newest events come back.
	tail, err := c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: g, LogStreamName: s, Limit: aws.Int32(3)})
	check(t, err)
	if !slices.Equal(msgs(tail), []string{"m7", "m8", "m9"}) || !strings.HasPrefix(*tail.NextBackwardToken, "b/") {
		t.Fatalf("tail = %v", msgs(tail))
	}
	back, err := c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: g, LogStreamName: s, Limit: aws.Int32(3), NextToken: tail.NextBackwardToken})
	check(t, err)
	if !slices.Equal(msgs(back), []string{"m4", "m5", "m6"}) {
		t.Fatalf("backward = %v", msgs(back))
	}
	head, err := c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: g, LogStreamName: s, Limit: aws.Int32(4), StartFromHead: aws.Bool(true)})
	check(t, err)
	if !slices.Equal(msgs(head), []string{"m0", "m1", "m2", "m3"}) || !strings.HasPrefix(*head.NextForwardToken, "f/") {
		t.Fatalf("head = %v", msgs(head))
	}
	// Reading forward to the end: the same forward token comes back (the
	// documented way to detect the end of the stream).
	tok := head.NextForwardToken
	var all []string
	all = append(all, msgs(head)...)
	for {
		o, err := c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: g, LogStreamName: s, Limit: aws.Int32(4), NextToken: tok})
		check(t, err)
		all = append(all, msgs(o)...)
		if *o.NextForwardToken == *tok {
			break
		}
		tok = o.NextForwardToken
	}
	if len(all) != 10 {
		t.Fatalf("forward read = %v", all)
	}
	window, err := c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: g, LogStreamName: s, StartFromHead: aws.Bool(true),
		StartTime: ms(now.Add(-time.Minute + 2*time.Second)), EndTime: ms(now.Add(-time.Minute + 4*time.Second))})
	check(t, err)
	if !slices.Equal(msgs(window), []string{"m2", "m3"}) {
		t.Fatalf("window = %v", msgs(window))
	}

	streams, err := c.DescribeLogStreams(ctx, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: g, OrderBy: types.OrderByLastEventTime, Descending: aws.Bool(true)})
	check(t, err)
	ls := streams.LogStreams[0]
	if *ls.LogStreamName != "s" || *ls.FirstEventTimestamp != now.Add(-time.Minute).UnixMilli() || *ls.StoredBytes == 0 {
		t.Fatalf("stream = %+v", ls)
	}
	_, err = c.DescribeLogStreams(ctx, &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: g, OrderBy: types.OrderByLastEventTime, LogStreamNamePrefix: aws.String("s")})
	wantCode(t, err, "InvalidParameterException")

	// Retention hides expired events (User Guide, "Change log data retention").
	_, err = c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: g, RetentionInDays: aws.Int32(1)})
	check(t, err)
	cl.clk.Add(25 * time.Hour)
	gone, err := c.GetLogEvents(ctx, &cloudwatchlogs.GetLogEventsInput{LogGroupName: g, LogStreamName: s})
	check(t, err)
	if len(gone.Events) != 0 {
		t.Fatalf("expired events = %v", msgs(gone))
	}
}

// FilterLogEvents across streams with the filter pattern syntax, interleaved
// by time, paged (API Reference, FilterLogEvents).
func TestFilterLogEvents(t *testing.T) {
	cl := newClient(t)
	c, ctx, now := cl.logs, testCtx(t), cl.clk.Now()
	g := aws.String("app")
	_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: g})
	check(t, err)
	lines := map[string][]string{
		"web-1": {`ERROR timeout calling db`, `{"level":"info","status":200,"path":"/"}`, `10.0.0.1 GET /a 404 512`},
		"web-2": {`WARN slow request`, `{"level":"error","status":503,"path":"/api"}`, `10.0.0.2 GET /b 200 4096`},
		"job-1": {`ERROR Retry scheduled`, `INFO done`},
	}
	i := 0
	for _, s := range []string{"web-1", "web-2", "job-1"} {
		_, err := c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: g, LogStreamName: aws.String(s)})
		check(t, err)
		var evs []types.InputLogEvent
		for _, m := range lines[s] {
			i++
			evs = append(evs, types.InputLogEvent{Timestamp: ms(now.Add(time.Duration(i) * time.Second)), Message: aws.String(m)})
		}
		_, err = c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: g, LogStreamName: aws.String(s), LogEvents: evs})
		check(t, err)
	}
	filter := func(in *cloudwatchlogs.FilterLogEventsInput) []string {
		t.Helper()
		in.LogGroupName = g
		out, err := c.FilterLogEvents(ctx, in)
		check(t, err)
		var got []string
		for _, e := range out.Events {
			got = append(got, *e.LogStreamName+": "+*e.Message)
			if *e.EventId == "" {
				t.Fatal("event without id")
			}
		}
		return got
	}
	cases := []struct {
		pattern string
		want    int
	}{
		{"ERROR", 2}, {"ERROR -Retry", 1}, {"?WARN ?timeout", 2}, {`"slow request"`, 1},
		{`{ $.status >= 500 }`, 1}, {`{ $.level = "info" || $.path = "/api" }`, 2},
		{`[ip, method, path, status = 4*, bytes]`, 1}, {`[ip, ..., bytes > 1000]`, 1},
	}
	for _, tc := range cases {
		if got := filter(&cloudwatchlogs.FilterLogEventsInput{FilterPattern: aws.String(tc.pattern)}); len(got) != tc.want {
			t.Errorf("%s: %v", tc.pattern, got)
		}
	}
	if got := filter(&cloudwatchlogs.FilterLogEventsInput{LogStreamNamePrefix: aws.String("web-")}); len(got) != 6 || !strings.HasPrefix(got[0], "web-1: ERROR") || !strings.HasPrefix(got[3], "web-2: WARN") {
		t.Fatalf("prefix, in time order = %v", got)
	}
	if got := filter(&cloudwatchlogs.FilterLogEventsInput{LogStreamNames: []string{"job-1"}, StartTime: ms(now.Add(8 * time.Second))}); len(got) != 1 {
		t.Fatalf("names and start time = %v", got)
	}
	var paged []string
	pg := cloudwatchlogs.NewFilterLogEventsPaginator(c, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: g, Limit: aws.Int32(3)})
	for pg.HasMorePages() {
		out, err := pg.NextPage(ctx)
		check(t, err)
		for _, e := range out.Events {
			paged = append(paged, *e.Message)
		}
	}
	if len(paged) != 8 {
		t.Fatalf("paged = %v", paged)
	}
	_, err = c.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: g, FilterPattern: aws.String(`{ $.a = `)})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.FilterLogEvents(ctx, &cloudwatchlogs.FilterLogEventsInput{LogGroupName: g, LogStreamNames: []string{"a"}, LogStreamNamePrefix: aws.String("b")})
	wantCode(t, err, "InvalidParameterException")

	tm, err := c.TestMetricFilter(ctx, &cloudwatchlogs.TestMetricFilterInput{FilterPattern: aws.String(`[ip, method, path, status, bytes]`),
		LogEventMessages: []string{"1.1.1.1 GET / 200 10", "bad"}})
	check(t, err)
	if len(tm.Matches) != 1 || tm.Matches[0].ExtractedValues["$status"] != "200" {
		t.Fatalf("TestMetricFilter = %+v", tm.Matches)
	}
}

// Metric filters put values into CloudWatch; subscription filters deliver
// gzip-compressed JSON to Kinesis, first a CONTROL_MESSAGE (User Guide,
// "Creating metrics from log events using filters" and "Real-time
// processing of log data with subscriptions").
func TestFiltersDeliver(t *testing.T) {
	cl := newClient(t)
	c, ctx, now := cl.logs, testCtx(t), cl.clk.Now()
	g, s := aws.String("api"), aws.String("i-1")
	_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: g})
	check(t, err)
	_, err = c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: g, LogStreamName: s})
	check(t, err)
	_, err = c.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{LogGroupName: g, FilterName: aws.String("latency"),
		FilterPattern: aws.String(`{ $.latency > 0 }`), MetricTransformations: []types.MetricTransformation{
			{MetricName: aws.String("Latency"), MetricNamespace: aws.String("Api"), MetricValue: aws.String("$.latency"), Unit: types.StandardUnitMilliseconds,
				Dimensions: map[string]string{"Path": "$.path"}}}})
	check(t, err)
	_, err = c.PutMetricFilter(ctx, &cloudwatchlogs.PutMetricFilterInput{LogGroupName: g, FilterName: aws.String("errors"),
		FilterPattern: aws.String(`ERROR`), MetricTransformations: []types.MetricTransformation{
			{MetricName: aws.String("Errors"), MetricNamespace: aws.String("Api"), MetricValue: aws.String("1"), DefaultValue: aws.Float64(0)}}})
	check(t, err)
	mf, err := c.DescribeMetricFilters(ctx, &cloudwatchlogs.DescribeMetricFiltersInput{MetricName: aws.String("Errors"), MetricNamespace: aws.String("Api")})
	check(t, err)
	if len(mf.MetricFilters) != 1 || *mf.MetricFilters[0].FilterName != "errors" {
		t.Fatalf("metric filters = %+v", mf.MetricFilters)
	}

	_, err = cl.kin.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("logs"), ShardCount: aws.Int32(1)})
	check(t, err)
	sum, err := cl.kin.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("logs")})
	check(t, err)
	_, err = c.PutSubscriptionFilter(ctx, &cloudwatchlogs.PutSubscriptionFilterInput{LogGroupName: g, FilterName: aws.String("to-kinesis"),
		FilterPattern: aws.String("ERROR"), DestinationArn: sum.StreamDescriptionSummary.StreamARN, RoleArn: aws.String("arn:aws:iam::000000000000:role/cwl")})
	check(t, err)
	_, err = c.PutSubscriptionFilter(ctx, &cloudwatchlogs.PutSubscriptionFilterInput{LogGroupName: g, FilterName: aws.String("bad"),
		FilterPattern: aws.String(""), DestinationArn: aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/missing")})
	wantCode(t, err, "InvalidParameterException")
	sf, err := c.DescribeSubscriptionFilters(ctx, &cloudwatchlogs.DescribeSubscriptionFiltersInput{LogGroupName: g})
	check(t, err)
	if len(sf.SubscriptionFilters) != 1 || sf.SubscriptionFilters[0].Distribution != types.DistributionByLogStream {
		t.Fatalf("subscription filters = %+v", sf.SubscriptionFilters)
	}

	_, err = c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: g, LogStreamName: s, LogEvents: []types.InputLogEvent{
		{Timestamp: ms(now), Message: aws.String(`{"latency":120,"path":"/a"}`)},
		{Timestamp: ms(now), Message: aws.String(`{"latency":80,"path":"/a"}`)},
		{Timestamp: ms(now), Message: aws.String(`ERROR boom`)},
	}})
	check(t, err)

	stats := func(name string, dims []cwtypes.Dimension) cwtypes.Datapoint {
		t.Helper()
		out, err := cl.cw.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("Api"), MetricName: aws.String(name),
			Dimensions: dims, StartTime: aws.Time(now.Add(-time.Minute)), EndTime: aws.Time(now.Add(time.Minute)), Period: aws.Int32(120),
			Statistics: []cwtypes.Statistic{cwtypes.StatisticSum, cwtypes.StatisticSampleCount}})
		check(t, err)
		if len(out.Datapoints) != 1 {
			t.Fatalf("%s datapoints = %+v", name, out.Datapoints)
		}
		return out.Datapoints[0]
	}
	if d := stats("Latency", []cwtypes.Dimension{{Name: aws.String("Path"), Value: aws.String("/a")}}); *d.Sum != 200 || *d.SampleCount != 2 || d.Unit != cwtypes.StandardUnitMilliseconds {
		t.Fatalf("Latency = %+v", d)
	}
	// The error filter emits 1 for the match and its defaultValue 0 for the others.
	if d := stats("Errors", nil); *d.Sum != 1 || *d.SampleCount != 3 {
		t.Fatalf("Errors = %+v", d)
	}

	it, err := cl.kin.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("logs"), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: ktypes.ShardIteratorTypeTrimHorizon})
	check(t, err)
	recs, err := cl.kin.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	check(t, err)
	if len(recs.Records) != 2 {
		t.Fatalf("kinesis records = %d", len(recs.Records))
	}
	var payloads []map[string]any
	for _, r := range recs.Records {
		zr, err := gzip.NewReader(bytes.NewReader(r.Data))
		check(t, err)
		raw, err := io.ReadAll(zr)
		check(t, err)
		var p map[string]any
		check(t, json.Unmarshal(raw, &p))
		payloads = append(payloads, p)
	}
	if payloads[0]["messageType"] != "CONTROL_MESSAGE" || payloads[1]["messageType"] != "DATA_MESSAGE" || payloads[1]["logGroup"] != "api" ||
		payloads[1]["logStream"] != "i-1" || payloads[1]["owner"] != "000000000000" {
		t.Fatalf("payloads = %v", payloads)
	}
	evs := payloads[1]["logEvents"].([]any)
	if len(evs) != 1 || evs[0].(map[string]any)["message"] != "ERROR boom" {
		t.Fatalf("delivered events = %v", evs)
	}
}

// Logs Insights: fields, filter, sort, limit, stats count(*) by, parse
// (User Guide, "CloudWatch Logs Insights query syntax"; API Reference,
// StartQuery, GetQueryResults).
func TestInsights(t *testing.T) {
	cl := newClient(t)
	c, ctx, now := cl.logs, testCtx(t), cl.clk.Now().Truncate(time.Second)
	g := aws.String("q")
	_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: g})
	check(t, err)
	_, err = c.CreateLogStream(ctx, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: g, LogStreamName: aws.String("s")})
	check(t, err)
	var evs []types.InputLogEvent
	for i, m := range []string{`{"level":"error","ms":30,"svc":"a"}`, `{"level":"info","ms":10,"svc":"a"}`, `{"level":"error","ms":50,"svc":"b"}`,
		`user=alice action=login`, `{"level":"info","ms":20,"svc":"b"}`} {
		evs = append(evs, types.InputLogEvent{Timestamp: ms(now.Add(time.Duration(i-10) * time.Second)), Message: aws.String(m)})
	}
	_, err = c.PutLogEvents(ctx, &cloudwatchlogs.PutLogEventsInput{LogGroupName: g, LogStreamName: aws.String("s"), LogEvents: evs})
	check(t, err)
	run := func(q string) [][]types.ResultField {
		t.Helper()
		start, err := c.StartQuery(ctx, &cloudwatchlogs.StartQueryInput{LogGroupName: g, QueryString: aws.String(q),
			StartTime: aws.Int64(now.Add(-time.Hour).Unix()), EndTime: aws.Int64(now.Unix())})
		check(t, err)
		out, err := c.GetQueryResults(ctx, &cloudwatchlogs.GetQueryResultsInput{QueryId: start.QueryId})
		check(t, err)
		if out.Status != types.QueryStatusComplete {
			t.Fatalf("status = %s", out.Status)
		}
		return out.Results
	}
	field := func(row []types.ResultField, name string) string {
		for _, f := range row {
			if *f.Field == name {
				return *f.Value
			}
		}
		return "<absent>"
	}
	rows := run(`fields @timestamp, level, ms | filter level = "error" | sort ms desc | limit 1`)
	if len(rows) != 1 || field(rows[0], "ms") != "50" || field(rows[0], "@ptr") == "<absent>" {
		t.Fatalf("filter/sort/limit = %+v", rows)
	}
	// GetLogRecord reads the event an @ptr names (API Reference, GetLogRecord).
	rec, err := c.GetLogRecord(ctx, &cloudwatchlogs.GetLogRecordInput{LogRecordPointer: aws.String(field(rows[0], "@ptr"))})
	check(t, err)
	if rec.LogRecord["ms"] != "50" || rec.LogRecord["@logStream"] != "s" || rec.LogRecord["@log"] != "000000000000:q" {
		t.Fatalf("log record = %v", rec.LogRecord)
	}
	fields, err := c.GetLogGroupFields(ctx, &cloudwatchlogs.GetLogGroupFieldsInput{LogGroupName: g})
	check(t, err)
	pct := map[string]int32{}
	for _, f := range fields.LogGroupFields {
		pct[*f.Name] = f.Percent
	}
	if pct["@message"] != 100 || pct["level"] != 80 {
		t.Fatalf("fields = %v", pct)
	}
	rows = run(`stats count(*) as n, avg(ms) as avgms by svc | sort svc`)
	if len(rows) != 3 || field(rows[1], "svc") != "a" || field(rows[1], "n") != "2" || field(rows[1], "avgms") != "20" {
		t.Fatalf("stats = %+v", rows)
	}
	rows = run(`stats count() as c by bin(1h)`)
	if len(rows) != 1 || field(rows[0], "c") != "5" || field(rows[0], "bin(1h)") == "<absent>" {
		t.Fatalf("count() by bin = %+v", rows)
	}
	rows = run(`filter @message like /alice/ | parse @message "user=* action=*" as user, action | display user, action`)
	if len(rows) != 1 || field(rows[0], "user") != "alice" || field(rows[0], "action") != "login" {
		t.Fatalf("parse = %+v", rows)
	}
	rows = run(`fields @message | filter ms > 15 and svc in ["a", "b"]`)
	if len(rows) != 3 {
		t.Fatalf("numeric filter = %+v", rows)
	}
	_, err = c.StartQuery(ctx, &cloudwatchlogs.StartQueryInput{LogGroupName: g, QueryString: aws.String("bogus command"),
		StartTime: aws.Int64(0), EndTime: aws.Int64(now.Unix())})
	wantCode(t, err, "MalformedQueryException")
	_, err = c.StartQuery(ctx, &cloudwatchlogs.StartQueryInput{LogGroupName: aws.String("missing"), QueryString: aws.String("fields @message"),
		StartTime: aws.Int64(0), EndTime: aws.Int64(now.Unix())})
	wantCode(t, err, "ResourceNotFoundException")
	qs, err := c.DescribeQueries(ctx, &cloudwatchlogs.DescribeQueriesInput{LogGroupName: g})
	check(t, err)
	if len(qs.Queries) != 5 {
		t.Fatalf("queries = %d", len(qs.Queries))
	}
	lg, err := c.ListLogGroupsForQuery(ctx, &cloudwatchlogs.ListLogGroupsForQueryInput{QueryId: qs.Queries[0].QueryId})
	check(t, err)
	if len(lg.LogGroupIdentifiers) != 1 || lg.LogGroupIdentifiers[0] != "arn:aws:logs:us-east-1:000000000000:log-group:q" {
		t.Fatalf("groups for query = %v", lg.LogGroupIdentifiers)
	}
	_, err = c.PutIndexPolicy(ctx, &cloudwatchlogs.PutIndexPolicyInput{LogGroupIdentifier: g, PolicyDocument: aws.String(`{"Fields":["level"]}`)})
	check(t, err)
	ip, err := c.DescribeIndexPolicies(ctx, &cloudwatchlogs.DescribeIndexPoliciesInput{LogGroupIdentifiers: []string{"q"}})
	check(t, err)
	if len(ip.IndexPolicies) != 1 || *ip.IndexPolicies[0].PolicyDocument != `{"Fields":["level"]}` {
		t.Fatalf("index policies = %+v", ip.IndexPolicies)
	}
	_, err = c.PutTransformer(ctx, &cloudwatchlogs.PutTransformerInput{LogGroupIdentifier: g, TransformerConfig: []types.Processor{{ParseJSON: &types.ParseJSON{}}}})
	check(t, err)
	tr, err := c.GetTransformer(ctx, &cloudwatchlogs.GetTransformerInput{LogGroupIdentifier: g})
	check(t, err)
	if len(tr.TransformerConfig) != 1 || tr.TransformerConfig[0].ParseJSON == nil {
		t.Fatalf("transformer = %+v", tr.TransformerConfig)
	}
	stop, err := c.StopQuery(ctx, &cloudwatchlogs.StopQueryInput{QueryId: qs.Queries[0].QueryId})
	check(t, err)
	if stop.Success {
		t.Fatal("StopQuery on a completed query succeeded")
	}
}

// Data protection and account policies are recorded (API Reference,
// PutDataProtectionPolicy, PutAccountPolicy).
func TestPolicies(t *testing.T) {
	cl := newClient(t)
	c, ctx := cl.logs, testCtx(t)
	_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("p")})
	check(t, err)
	doc := `{"Name":"dp","Version":"2021-06-01","Statement":[]}`
	_, err = c.PutDataProtectionPolicy(ctx, &cloudwatchlogs.PutDataProtectionPolicyInput{LogGroupIdentifier: aws.String("p"), PolicyDocument: aws.String(doc)})
	check(t, err)
	got, err := c.GetDataProtectionPolicy(ctx, &cloudwatchlogs.GetDataProtectionPolicyInput{LogGroupIdentifier: aws.String("p")})
	check(t, err)
	groups, err := c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	check(t, err)
	if *got.PolicyDocument != doc || groups.LogGroups[0].DataProtectionStatus != types.DataProtectionStatusActivated {
		t.Fatalf("policy = %+v / %+v", got, groups.LogGroups[0])
	}
	_, err = c.PutAccountPolicy(ctx, &cloudwatchlogs.PutAccountPolicyInput{PolicyName: aws.String("sub"), PolicyType: types.PolicyTypeSubscriptionFilterPolicy,
		PolicyDocument: aws.String(`{"DestinationArn":"arn:aws:kinesis:us-east-1:000000000000:stream/k"}`)})
	check(t, err)
	ap, err := c.DescribeAccountPolicies(ctx, &cloudwatchlogs.DescribeAccountPoliciesInput{PolicyType: types.PolicyTypeSubscriptionFilterPolicy})
	check(t, err)
	if len(ap.AccountPolicies) != 1 || *ap.AccountPolicies[0].AccountId != "000000000000" {
		t.Fatalf("account policies = %+v", ap.AccountPolicies)
	}
	_, err = c.DeleteAccountPolicy(ctx, &cloudwatchlogs.DeleteAccountPolicyInput{PolicyName: aws.String("sub"), PolicyType: types.PolicyTypeSubscriptionFilterPolicy})
	check(t, err)
	_, err = c.DeleteAccountPolicy(ctx, &cloudwatchlogs.DeleteAccountPolicyInput{PolicyName: aws.String("sub"), PolicyType: types.PolicyTypeSubscriptionFilterPolicy})
	wantCode(t, err, "ResourceNotFoundException")

	_, err = c.PutResourcePolicy(ctx, &cloudwatchlogs.PutResourcePolicyInput{PolicyName: aws.String("rp"), PolicyDocument: aws.String(`{}`)})
	check(t, err)
	rp, err := c.DescribeResourcePolicies(ctx, &cloudwatchlogs.DescribeResourcePoliciesInput{})
	check(t, err)
	if len(rp.ResourcePolicies) != 1 {
		t.Fatalf("resource policies = %+v", rp.ResourcePolicies)
	}
	def, err := c.PutQueryDefinition(ctx, &cloudwatchlogs.PutQueryDefinitionInput{Name: aws.String("errors"), QueryString: aws.String("filter @message like /ERROR/")})
	check(t, err)
	defs, err := c.DescribeQueryDefinitions(ctx, &cloudwatchlogs.DescribeQueryDefinitionsInput{QueryDefinitionNamePrefix: aws.String("err")})
	check(t, err)
	if len(defs.QueryDefinitions) != 1 || *defs.QueryDefinitions[0].QueryDefinitionId != *def.QueryDefinitionId {
		t.Fatalf("query definitions = %+v", defs.QueryDefinitions)
	}
	_, err = c.PutDestination(ctx, &cloudwatchlogs.PutDestinationInput{DestinationName: aws.String("d"), TargetArn: aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/k"),
		RoleArn: aws.String("arn:aws:iam::000000000000:role/r")})
	check(t, err)
	dests, err := c.DescribeDestinations(ctx, &cloudwatchlogs.DescribeDestinationsInput{})
	check(t, err)
	if len(dests.Destinations) != 1 || *dests.Destinations[0].Arn != "arn:aws:logs:us-east-1:000000000000:destination:d" {
		t.Fatalf("destinations = %+v", dests.Destinations)
	}
}

// Deliveries: source → destination, conflicts and deletion order (API
// Reference, PutDeliverySource, PutDeliveryDestination, CreateDelivery,
// DeleteDeliverySource: "ConflictException" while a delivery uses it).
func TestDeliveries(t *testing.T) {
	cl := newClient(t)
	c, ctx := cl.logs, testCtx(t)
	src, err := c.PutDeliverySource(ctx, &cloudwatchlogs.PutDeliverySourceInput{Name: aws.String("src"), LogType: aws.String("APPLICATION_LOGS"),
		ResourceArn: aws.String("arn:aws:bedrock:us-east-1:000000000000:knowledge-base/kb")})
	check(t, err)
	if *src.DeliverySource.Service != "bedrock" {
		t.Fatalf("source = %+v", src.DeliverySource)
	}
	dst, err := c.PutDeliveryDestination(ctx, &cloudwatchlogs.PutDeliveryDestinationInput{Name: aws.String("dst"),
		DeliveryDestinationConfiguration: &types.DeliveryDestinationConfiguration{DestinationResourceArn: aws.String("arn:aws:s3:::bucket")}})
	check(t, err)
	if dst.DeliveryDestination.DeliveryDestinationType != types.DeliveryDestinationTypeS3 {
		t.Fatalf("destination = %+v", dst.DeliveryDestination)
	}
	dl, err := c.CreateDelivery(ctx, &cloudwatchlogs.CreateDeliveryInput{DeliverySourceName: aws.String("src"), DeliveryDestinationArn: dst.DeliveryDestination.Arn})
	check(t, err)
	_, err = c.CreateDelivery(ctx, &cloudwatchlogs.CreateDeliveryInput{DeliverySourceName: aws.String("src"), DeliveryDestinationArn: dst.DeliveryDestination.Arn})
	wantCode(t, err, "ConflictException")
	_, err = c.DeleteDeliverySource(ctx, &cloudwatchlogs.DeleteDeliverySourceInput{Name: aws.String("src")})
	wantCode(t, err, "ConflictException")
	all, err := c.DescribeDeliveries(ctx, &cloudwatchlogs.DescribeDeliveriesInput{})
	check(t, err)
	if len(all.Deliveries) != 1 || *all.Deliveries[0].Id != *dl.Delivery.Id {
		t.Fatalf("deliveries = %+v", all.Deliveries)
	}
	_, err = c.DeleteDelivery(ctx, &cloudwatchlogs.DeleteDeliveryInput{Id: dl.Delivery.Id})
	check(t, err)
	_, err = c.DeleteDeliverySource(ctx, &cloudwatchlogs.DeleteDeliverySourceInput{Name: aws.String("src")})
	check(t, err)
	_, err = c.GetDeliverySource(ctx, &cloudwatchlogs.GetDeliverySourceInput{Name: aws.String("src")})
	wantCode(t, err, "ResourceNotFoundException")
}
