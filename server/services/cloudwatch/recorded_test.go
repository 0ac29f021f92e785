package cloudwatch_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	cloudwatchpkg "github.com/setup-emulator/setup-emulator/server/services/cloudwatch"
)

// Insight rules, metric streams and anomaly detectors are recorded and
// described (API Reference: PutInsightRule, DeleteInsightRules partial
// failures, PutMetricStream, GetMetricStream, PutAnomalyDetector).
func TestRecordedResources(t *testing.T) {
	c, _, _ := newClient(t)
	ctx := testCtx(t)
	_, err := c.PutInsightRule(ctx, &cloudwatch.PutInsightRuleInput{RuleName: aws.String("r"), RuleDefinition: aws.String("{}")})
	check(t, err)
	_, err = c.DisableInsightRules(ctx, &cloudwatch.DisableInsightRulesInput{RuleNames: []string{"r"}})
	check(t, err)
	rules, err := c.DescribeInsightRules(ctx, &cloudwatch.DescribeInsightRulesInput{})
	check(t, err)
	if len(rules.InsightRules) != 1 || *rules.InsightRules[0].State != "DISABLED" {
		t.Fatalf("rules = %+v", rules.InsightRules)
	}
	del, err := c.DeleteInsightRules(ctx, &cloudwatch.DeleteInsightRulesInput{RuleNames: []string{"r", "nope"}})
	check(t, err)
	if len(del.Failures) != 1 || *del.Failures[0].FailureResource != "nope" {
		t.Fatalf("failures = %+v", del.Failures)
	}

	ms, err := c.PutMetricStream(ctx, &cloudwatch.PutMetricStreamInput{Name: aws.String("s"), FirehoseArn: aws.String("arn:aws:firehose:us-east-1:000000000000:deliverystream/f"),
		RoleArn: aws.String("arn:aws:iam::000000000000:role/r"), OutputFormat: types.MetricStreamOutputFormatJson})
	check(t, err)
	_, err = c.StopMetricStreams(ctx, &cloudwatch.StopMetricStreamsInput{Names: []string{"s"}})
	check(t, err)
	got, err := c.GetMetricStream(ctx, &cloudwatch.GetMetricStreamInput{Name: aws.String("s")})
	check(t, err)
	if *got.Arn != *ms.Arn || *got.State != "stopped" {
		t.Fatalf("stream = %+v", got)
	}
	_, err = c.GetMetricStream(ctx, &cloudwatch.GetMetricStreamInput{Name: aws.String("nope")})
	wantCode(t, err, "ResourceNotFoundException")

	_, err = c.PutAnomalyDetector(ctx, &cloudwatch.PutAnomalyDetectorInput{SingleMetricAnomalyDetector: &types.SingleMetricAnomalyDetector{
		Namespace: aws.String("App"), MetricName: aws.String("Latency"), Stat: aws.String("Average")}})
	check(t, err)
	ads, err := c.DescribeAnomalyDetectors(ctx, &cloudwatch.DescribeAnomalyDetectorsInput{Namespace: aws.String("App")})
	check(t, err)
	if len(ads.AnomalyDetectors) != 1 {
		t.Fatalf("detectors = %+v", ads.AnomalyDetectors)
	}
	_, err = c.DeleteAnomalyDetector(ctx, &cloudwatch.DeleteAnomalyDetectorInput{SingleMetricAnomalyDetector: &types.SingleMetricAnomalyDetector{
		Namespace: aws.String("App"), MetricName: aws.String("Latency"), Stat: aws.String("Average")}})
	check(t, err)
}

// RawMetrics backs LocalStack's /_aws/cloudwatch/metrics/raw.
func TestRawMetrics(t *testing.T) {
	s := cloudwatchpkg.New(awsapi.Env{Now: time.Now}, nil)
	ctx := awsapi.WithRequest(context.Background(), &awsapi.Request{Account: "111111111111", Region: "eu-west-1"})
	_, err := s.PutMetricData(ctx, &cloudwatchpkg.PutMetricDataInput{Namespace: aws.String("N"), MetricData: []cloudwatchpkg.MetricDatum{
		{MetricName: aws.String("m"), Value: aws.Float64(2), Dimensions: []cloudwatchpkg.Dimension{{Name: aws.String("k"), Value: aws.String("v")}}}}})
	check(t, err)
	raw := s.RawMetrics()
	if len(raw) != 1 || raw[0].Namespace != "N" || raw[0].Value != 2 || raw[0].Account != "111111111111" || raw[0].Region != "eu-west-1" || raw[0].Dimensions[0].Name != "k" {
		t.Fatalf("raw = %+v", raw)
	}
}
