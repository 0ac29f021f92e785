package cloudwatch_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// signed sends a SigV4-signed request for the "monitoring" signing name, as
// the AWS CLI (query) or a JSON client would.
func signed(t *testing.T, method, endpoint string, header map[string]string, body string) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, endpoint, strings.NewReader(body))
	check(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	sum := sha256.Sum256([]byte(body))
	err = v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, req,
		hex.EncodeToString(sum[:]), "monitoring", "us-east-1", time.Now())
	check(t, err)
	resp, err := http.DefaultClient.Do(req)
	check(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

// CloudWatch speaks three protocols (its model lists smithy-rpc-v2-cbor,
// json and query): data put over query and JSON is read over CBOR (the Go
// SDK) and the other way round, and errors take each protocol's shape
// (CloudWatch API Reference, "Making API requests"; Smithy awsQuery and
// awsJson1_0 specs; awsQueryCompatible's x-amzn-query-error).
func TestThreeProtocols(t *testing.T) {
	c, clk, endpoint := newClient(t)
	ctx := testCtx(t)
	at := clk.Now().Truncate(time.Minute).Add(-2 * time.Minute)

	// query: PutMetricData as form fields.
	form := url.Values{"Action": {"PutMetricData"}, "Version": {"2010-08-01"}, "Namespace": {"Proto"},
		"MetricData.member.1.MetricName": {"Hits"}, "MetricData.member.1.Value": {"5"},
		"MetricData.member.1.Timestamp": {at.Format(time.RFC3339)}, "MetricData.member.1.Unit": {"Count"},
		"MetricData.member.1.Dimensions.member.1.Name": {"Via"}, "MetricData.member.1.Dimensions.member.1.Value": {"query"}}
	status, body, _ := signed(t, "POST", endpoint, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, form.Encode())
	if status != 200 || !strings.Contains(string(body), "<PutMetricDataResponse") {
		t.Fatalf("query PutMetricData = %d %s", status, body)
	}
	// JSON (awsJson1_0): the same metric with another dimension value.
	jsonHeaders := map[string]string{"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "GraniteServiceVersion20100801.PutMetricData"}
	payload := `{"Namespace":"Proto","MetricData":[{"MetricName":"Hits","Value":7,"Unit":"Count","Timestamp":` + strconv.FormatInt(at.Unix(), 10) +
		`,"Dimensions":[{"Name":"Via","Value":"json"}]}]}`
	status, body, _ = signed(t, "POST", endpoint, jsonHeaders, payload)
	if status != 200 {
		t.Fatalf("json PutMetricData = %d %s", status, body)
	}

	// CBOR (the Go SDK) reads both.
	for via, want := range map[string]float64{"query": 5, "json": 7} {
		out, err := c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("Proto"), MetricName: aws.String("Hits"),
			Dimensions: []types.Dimension{dim("Via", via)}, StartTime: aws.Time(at.Add(-time.Minute)), EndTime: aws.Time(at.Add(time.Minute)),
			Period: aws.Int32(60), Statistics: []types.Statistic{types.StatisticSum}})
		check(t, err)
		if len(out.Datapoints) != 1 || *out.Datapoints[0].Sum != want || out.Datapoints[0].Unit != types.StandardUnitCount {
			t.Fatalf("%s datapoints = %+v", via, out.Datapoints)
		}
	}
	// CBOR puts, query reads (XML).
	_, err := c.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String("Proto"), MetricData: []types.MetricDatum{
		{MetricName: aws.String("Hits"), Dimensions: []types.Dimension{dim("Via", "cbor")}, Value: aws.Float64(11), Timestamp: aws.Time(at)}}})
	check(t, err)
	q := url.Values{"Action": {"GetMetricStatistics"}, "Version": {"2010-08-01"}, "Namespace": {"Proto"}, "MetricName": {"Hits"},
		"Dimensions.member.1.Name": {"Via"}, "Dimensions.member.1.Value": {"cbor"}, "StartTime": {at.Add(-time.Minute).Format(time.RFC3339)},
		"EndTime": {at.Add(time.Minute).Format(time.RFC3339)}, "Period": {"60"}, "Statistics.member.1": {"Sum"}}
	status, body, _ = signed(t, "POST", endpoint, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, q.Encode())
	var xr struct {
		Points []struct {
			Sum  float64 `xml:"Sum"`
			Unit string  `xml:"Unit"`
		} `xml:"GetMetricStatisticsResult>Datapoints>member"`
	}
	if status != 200 || xml.Unmarshal(body, &xr) != nil || len(xr.Points) != 1 || xr.Points[0].Sum != 11 {
		t.Fatalf("query GetMetricStatistics = %d %s", status, body)
	}
	// JSON reads with ListMetrics.
	jsonHeaders["X-Amz-Target"] = "GraniteServiceVersion20100801.ListMetrics"
	status, body, _ = signed(t, "POST", endpoint, jsonHeaders, `{"Namespace":"Proto"}`)
	var lm struct{ Metrics []map[string]any }
	if status != 200 || json.Unmarshal(body, &lm) != nil || len(lm.Metrics) != 3 {
		t.Fatalf("json ListMetrics = %d %s", status, body)
	}

	// Errors in each protocol's shape.
	bad := url.Values{"Action": {"PutMetricData"}, "Version": {"2010-08-01"}, "Namespace": {"AWS/EC2"},
		"MetricData.member.1.MetricName": {"m"}, "MetricData.member.1.Value": {"1"}}
	status, body, _ = signed(t, "POST", endpoint, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, bad.Encode())
	if status != 400 || !strings.Contains(string(body), "<Code>InvalidParameterValue</Code>") {
		t.Fatalf("query error = %d %s", status, body)
	}
	jsonHeaders["X-Amz-Target"] = "GraniteServiceVersion20100801.PutMetricData"
	status, body, hdr := signed(t, "POST", endpoint, jsonHeaders, `{"Namespace":"AWS/EC2","MetricData":[{"MetricName":"m","Value":1}]}`)
	if status != 400 || !strings.HasPrefix(hdr.Get("X-Amzn-Query-Error"), "InvalidParameterValue;Sender") || !strings.Contains(string(body), "InvalidParameterValueException") {
		t.Fatalf("json error = %d %s %v", status, body, hdr)
	}
}

// TestBoto3 runs testdata/test_cloudwatch_boto3.py (boto3 speaks
// smithy-rpc-v2-cbor to CloudWatch, as botocore's model lists it first).
func TestBoto3(t *testing.T) {
	_, _, url := newClient(t)
	runBoto3(t, url, "test_cloudwatch_boto3")
}
