package cloudwatch_test

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

func dim(n, v string) types.Dimension {
	return types.Dimension{Name: aws.String(n), Value: aws.String(v)}
}

// PutMetricData then GetMetricStatistics: per-period SampleCount, Sum,
// Average, Minimum, Maximum and percentiles over values, statistic sets and
// value/count arrays (CloudWatch API Reference, PutMetricData and
// GetMetricStatistics; "Statistics definitions" in the User Guide).
func TestPutMetricDataAndStatistics(t *testing.T) {
	c, clk, _ := newClient(t)
	ctx := testCtx(t)
	base := clk.Now().Truncate(time.Minute).Add(-10 * time.Minute)
	_, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{
		{MetricName: aws.String("Latency"), Dimensions: []types.Dimension{dim("Host", "a")}, Timestamp: aws.Time(base.Add(10 * time.Second)), Value: aws.Float64(10), Unit: types.StandardUnitMilliseconds},
		{MetricName: aws.String("Latency"), Dimensions: []types.Dimension{dim("Host", "a")}, Timestamp: aws.Time(base.Add(20 * time.Second)), Value: aws.Float64(30), Unit: types.StandardUnitMilliseconds},
		{MetricName: aws.String("Latency"), Dimensions: []types.Dimension{dim("Host", "a")}, Timestamp: aws.Time(base.Add(70 * time.Second)),
			StatisticValues: &types.StatisticSet{SampleCount: aws.Float64(4), Sum: aws.Float64(100), Minimum: aws.Float64(5), Maximum: aws.Float64(50)}, Unit: types.StandardUnitMilliseconds},
		{MetricName: aws.String("Latency"), Dimensions: []types.Dimension{dim("Host", "a")}, Timestamp: aws.Time(base.Add(130 * time.Second)),
			Values: []float64{1, 2, 3, 100}, Counts: []float64{10, 10, 10, 1}, Unit: types.StandardUnitMilliseconds, StorageResolution: aws.Int32(1)},
	}})
	check(t, err)
	out, err := c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("App"), MetricName: aws.String("Latency"),
		Dimensions: []types.Dimension{dim("Host", "a")}, StartTime: aws.Time(base), EndTime: aws.Time(base.Add(3 * time.Minute)), Period: aws.Int32(60),
		Statistics:         []types.Statistic{types.StatisticSampleCount, types.StatisticSum, types.StatisticAverage, types.StatisticMinimum, types.StatisticMaximum},
		ExtendedStatistics: []string{"p50", "p99"}})
	check(t, err)
	if len(out.Datapoints) != 3 {
		t.Fatalf("datapoints = %+v", out.Datapoints)
	}
	d0, d1, d2 := out.Datapoints[0], out.Datapoints[1], out.Datapoints[2]
	if *d0.SampleCount != 2 || *d0.Sum != 40 || *d0.Average != 20 || *d0.Minimum != 10 || *d0.Maximum != 30 || d0.Unit != types.StandardUnitMilliseconds {
		t.Fatalf("first period = %+v", d0)
	}
	if *d1.SampleCount != 4 || *d1.Average != 25 || *d1.Minimum != 5 || *d1.Maximum != 50 {
		t.Fatalf("statistic set period = %+v", d1)
	}
	// 31 samples: 10×1, 10×2, 10×3, 1×100; p50 is 2, p99 is 100.
	if *d2.SampleCount != 31 || d2.ExtendedStatistics["p50"] != 2 || d2.ExtendedStatistics["p99"] != 100 {
		t.Fatalf("values/counts period = %+v %v", d2, d2.ExtendedStatistics)
	}

	// Errors the API Reference lists for PutMetricData.
	_, err = c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("AWS/EC2"), MetricData: []types.MetricDatum{{MetricName: aws.String("m"), Value: aws.Float64(1)}}})
	wantCode(t, err, "InvalidParameterValue")
	_, err = c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{{MetricName: aws.String("m"), Value: aws.Float64(1),
		StatisticValues: &types.StatisticSet{SampleCount: aws.Float64(1), Sum: aws.Float64(1), Minimum: aws.Float64(1), Maximum: aws.Float64(1)}}}})
	wantCode(t, err, "InvalidParameterCombination")
	_, err = c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{{MetricName: aws.String("m"), Value: aws.Float64(1),
		Timestamp: aws.Time(clk.Now().Add(-15 * 24 * time.Hour))}}})
	wantCode(t, err, "InvalidParameterValue")
	_, err = c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("App"), MetricName: aws.String("Latency"),
		StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Hour)), Period: aws.Int32(60)})
	wantCode(t, err, "MissingParameter")
	_, err = c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("App"), MetricName: aws.String("Latency"),
		StartTime: aws.Time(base.Add(-48 * time.Hour)), EndTime: aws.Time(base), Period: aws.Int32(60), Statistics: []types.Statistic{types.StatisticSum}})
	wantCode(t, err, "InvalidParameterCombination") // more than 1,440 datapoints

	// ListMetrics filters (API Reference, ListMetrics).
	_, err = c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{
		{MetricName: aws.String("Latency"), Dimensions: []types.Dimension{dim("Host", "b")}, Value: aws.Float64(1)},
		{MetricName: aws.String("Errors"), Value: aws.Float64(1)},
	}})
	check(t, err)
	lm, err := c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{Namespace: aws.String("App"), MetricName: aws.String("Latency")})
	check(t, err)
	if len(lm.Metrics) != 2 {
		t.Fatalf("ListMetrics by name = %+v", lm.Metrics)
	}
	lm, err = c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{Dimensions: []types.DimensionFilter{{Name: aws.String("Host"), Value: aws.String("b")}}})
	check(t, err)
	if len(lm.Metrics) != 1 || *lm.Metrics[0].Dimensions[0].Value != "b" {
		t.Fatalf("ListMetrics by dimension = %+v", lm.Metrics)
	}
	clk.Add(4 * time.Hour)
	lm, err = c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{RecentlyActive: types.RecentlyActivePt3h})
	check(t, err)
	if len(lm.Metrics) != 0 {
		t.Fatalf("RecentlyActive after 4h = %+v", lm.Metrics)
	}
}

// GetMetricData: MetricStat queries and math expressions, ScanBy,
// ReturnData and MaxDatapoints pagination (API Reference, GetMetricData;
// "Using metric math" in the User Guide).
func TestGetMetricData(t *testing.T) {
	c, clk, _ := newClient(t)
	ctx := testCtx(t)
	base := clk.Now().Truncate(time.Minute).Add(-5 * time.Minute)
	var data []types.MetricDatum
	for i := range 3 {
		at := aws.Time(base.Add(time.Duration(i) * time.Minute))
		data = append(data, types.MetricDatum{MetricName: aws.String("Requests"), Timestamp: at, Value: aws.Float64(float64(10 * (i + 1)))},
			types.MetricDatum{MetricName: aws.String("Errors"), Timestamp: at, Value: aws.Float64(float64(i + 1))})
	}
	_, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("Svc"), MetricData: data})
	check(t, err)
	stat := func(id, name string) types.MetricDataQuery {
		return types.MetricDataQuery{Id: aws.String(id), ReturnData: aws.Bool(false), MetricStat: &types.MetricStat{
			Metric: &types.Metric{Namespace: aws.String("Svc"), MetricName: aws.String(name)}, Period: aws.Int32(60), Stat: aws.String("Sum")}}
	}
	in := &cloudwatch.GetMetricDataInput{StartTime: aws.Time(base), EndTime: aws.Time(base.Add(5 * time.Minute)), ScanBy: types.ScanByTimestampAscending,
		MetricDataQueries: []types.MetricDataQuery{stat("r", "Requests"), stat("e", "Errors"),
			{Id: aws.String("rate"), Expression: aws.String("100 * e / r"), Label: aws.String("Error rate")},
			{Id: aws.String("total"), Expression: aws.String("SUM(METRICS())")},
			{Id: aws.String("growth"), Expression: aws.String("RATE(r) * 60"), ReturnData: aws.Bool(false)}}}
	out, err := c.GetMetricData(ctx, in)
	check(t, err)
	if len(out.MetricDataResults) != 2 {
		t.Fatalf("results = %+v", out.MetricDataResults)
	}
	rate, total := out.MetricDataResults[0], out.MetricDataResults[1]
	if *rate.Label != "Error rate" || !slices.Equal(rate.Values, []float64{10, 10, 10}) || rate.StatusCode != types.StatusCodeComplete ||
		!rate.Timestamps[0].Equal(base) {
		t.Fatalf("rate = %+v", rate)
	}
	if !slices.Equal(total.Values, []float64{11, 22, 33}) {
		t.Fatalf("total = %+v", total.Values)
	}
	// RATE: change per second between consecutive points (User Guide,
	// "Metric math syntax and functions"); 10 more requests a minute.
	rateOut, err := c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{StartTime: in.StartTime, EndTime: in.EndTime, ScanBy: types.ScanByTimestampAscending,
		MetricDataQueries: []types.MetricDataQuery{stat("r", "Requests"), {Id: aws.String("g"), Expression: aws.String("RATE(r) * 60")},
			{Id: aws.String("d"), Expression: aws.String("DIFF(r)")}}})
	check(t, err)
	if !slices.Equal(rateOut.MetricDataResults[0].Values, []float64{10, 10}) || !slices.Equal(rateOut.MetricDataResults[1].Values, []float64{10, 10}) {
		t.Fatalf("RATE/DIFF = %+v", rateOut.MetricDataResults)
	}
	// Default ScanBy is TimestampDescending; MaxDatapoints pages.
	in.ScanBy, in.MaxDatapoints = "", aws.Int32(4)
	out, err = c.GetMetricData(ctx, in)
	check(t, err)
	if out.NextToken == nil || !slices.Equal(out.MetricDataResults[0].Values, []float64{10, 10, 10}) || len(out.MetricDataResults[1].Values) != 1 ||
		out.MetricDataResults[1].Values[0] != 33 {
		t.Fatalf("page 1 = %+v", out.MetricDataResults)
	}
	in.NextToken = out.NextToken
	out, err = c.GetMetricData(ctx, in)
	check(t, err)
	if out.NextToken != nil || !slices.Equal(out.MetricDataResults[1].Values, []float64{22, 11}) {
		t.Fatalf("page 2 = %+v", out.MetricDataResults)
	}
	_, err = c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Minute)),
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("x"), Expression: aws.String("nope * 2")}}})
	wantCode(t, err, "ValidationError")
}

// Alarms are evaluated against the data: a new alarm is INSUFFICIENT_DATA,
// breaching datapoints move it to ALARM, recovery to OK; history records
// each transition (User Guide, "Using Amazon CloudWatch alarms", alarm
// evaluation; API Reference, PutMetricAlarm, DescribeAlarms,
// DescribeAlarmHistory, SetAlarmState).
func TestAlarms(t *testing.T) {
	c, clk, _ := newClient(t)
	ctx := testCtx(t)
	_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{AlarmName: aws.String("high-cpu"), Namespace: aws.String("App"), MetricName: aws.String("CPU"),
		Dimensions: []types.Dimension{dim("Host", "a")}, Statistic: types.StatisticAverage, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(2),
		DatapointsToAlarm: aws.Int32(1), Threshold: aws.Float64(80), ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold,
		AlarmActions: []string{"arn:aws:sns:us-east-1:000000000000:ops"}, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}}})
	check(t, err)
	state := func() types.StateValue {
		t.Helper()
		out, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"high-cpu"}})
		check(t, err)
		if len(out.MetricAlarms) != 1 {
			t.Fatalf("alarms = %+v", out.MetricAlarms)
		}
		return out.MetricAlarms[0].StateValue
	}
	if s := state(); s != types.StateValueInsufficientData {
		t.Fatalf("new alarm state = %s", s)
	}
	put := func(v float64) {
		_, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"), MetricData: []types.MetricDatum{
			{MetricName: aws.String("CPU"), Dimensions: []types.Dimension{dim("Host", "a")}, Value: aws.Float64(v)}}})
		check(t, err)
	}
	put(95)
	if s := state(); s != types.StateValueAlarm {
		t.Fatalf("after 95%% state = %s", s)
	}
	clk.Add(3 * time.Minute)
	put(10)
	if s := state(); s != types.StateValueOk {
		t.Fatalf("after recovery state = %s", s)
	}
	clk.Add(10 * time.Minute) // no data in the evaluation range: missing data
	if s := state(); s != types.StateValueInsufficientData {
		t.Fatalf("without data state = %s", s)
	}
	_, err = c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("high-cpu"), StateValue: types.StateValueAlarm, StateReason: aws.String("test")})
	check(t, err)
	_, err = c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("nope"), StateValue: types.StateValueAlarm, StateReason: aws.String("test")})
	wantCode(t, err, "ResourceNotFound")
	hist, err := c.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{AlarmName: aws.String("high-cpu"), HistoryItemType: types.HistoryItemTypeStateUpdate})
	check(t, err)
	// Newest first: SetAlarmState's ALARM lasts until the next evaluation
	// (API Reference, SetAlarmState), which here is this describe call.
	items := hist.AlarmHistoryItems
	if len(items) != 5 || *items[4].HistorySummary != "Alarm updated from INSUFFICIENT_DATA to ALARM" ||
		*items[3].HistorySummary != "Alarm updated from ALARM to OK" || *items[0].HistorySummary != "Alarm updated from ALARM to INSUFFICIENT_DATA" {
		t.Fatalf("history = %+v", hist.AlarmHistoryItems)
	}
	forMetric, err := c.DescribeAlarmsForMetric(ctx, &cloudwatch.DescribeAlarmsForMetricInput{Namespace: aws.String("App"), MetricName: aws.String("CPU")})
	check(t, err)
	if len(forMetric.MetricAlarms) != 1 {
		t.Fatalf("alarms for metric = %+v", forMetric.MetricAlarms)
	}
	_, err = c.DisableAlarmActions(ctx, &cloudwatch.DisableAlarmActionsInput{AlarmNames: []string{"high-cpu"}})
	check(t, err)

	// Composite alarms read their children's states (API Reference, PutCompositeAlarm).
	put(99)
	_, err = c.PutCompositeAlarm(ctx, &cloudwatch.PutCompositeAlarmInput{AlarmName: aws.String("any"), AlarmRule: aws.String(`ALARM("high-cpu") OR FALSE`)})
	check(t, err)
	all, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmTypes: []types.AlarmType{types.AlarmTypeCompositeAlarm, types.AlarmTypeMetricAlarm}})
	check(t, err)
	if len(all.CompositeAlarms) != 1 || all.CompositeAlarms[0].StateValue != types.StateValueAlarm || len(all.MetricAlarms) != 1 || *all.MetricAlarms[0].ActionsEnabled {
		t.Fatalf("alarms = %+v / %+v", all.CompositeAlarms, all.MetricAlarms)
	}
	_, err = c.PutCompositeAlarm(ctx, &cloudwatch.PutCompositeAlarmInput{AlarmName: aws.String("bad"), AlarmRule: aws.String(`ALARM(`)})
	wantCode(t, err, "InvalidParameterValue")

	tags, err := c.ListTagsForResource(ctx, &cloudwatch.ListTagsForResourceInput{ResourceARN: all.MetricAlarms[0].AlarmArn})
	check(t, err)
	if len(tags.Tags) != 1 || *tags.Tags[0].Key != "team" {
		t.Fatalf("tags = %+v", tags.Tags)
	}
	_, err = c.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"high-cpu", "missing"}})
	wantCode(t, err, "ResourceNotFound")
	_, err = c.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"high-cpu", "any"}})
	check(t, err)
}

// Dashboards (API Reference, PutDashboard, GetDashboard, ListDashboards,
// DeleteDashboards).
func TestDashboards(t *testing.T) {
	c, _, _ := newClient(t)
	ctx := testCtx(t)
	body := `{"widgets":[{"type":"text","x":0,"y":0,"width":6,"height":3,"properties":{"markdown":"hi"}}]}`
	_, err := c.PutDashboard(ctx, &cloudwatch.PutDashboardInput{DashboardName: aws.String("main"), DashboardBody: aws.String(body)})
	check(t, err)
	_, err = c.PutDashboard(ctx, &cloudwatch.PutDashboardInput{DashboardName: aws.String("bad"), DashboardBody: aws.String("{")})
	wantCode(t, err, "InvalidParameterInput")
	got, err := c.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: aws.String("main")})
	check(t, err)
	if *got.DashboardBody != body || *got.DashboardArn != "arn:aws:cloudwatch::000000000000:dashboard/main" {
		t.Fatalf("dashboard = %+v", got)
	}
	list, err := c.ListDashboards(ctx, &cloudwatch.ListDashboardsInput{DashboardNamePrefix: aws.String("ma")})
	check(t, err)
	if len(list.DashboardEntries) != 1 {
		t.Fatalf("dashboards = %+v", list.DashboardEntries)
	}
	_, err = c.DeleteDashboards(ctx, &cloudwatch.DeleteDashboardsInput{DashboardNames: []string{"main"}})
	check(t, err)
	_, err = c.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: aws.String("main")})
	wantCode(t, err, "ResourceNotFound")
}
