package server_test

import (
	"io"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// PutMetricData has the requestcompression trait: aws-sdk-go-v2 gzips its
// body (every body when, as here, the minimum size is 0), and the emulator
// inflates it. S3's Content-Encoding is object metadata and stays as sent.
func TestRequestCompression(t *testing.T) {
	url := newServer(t, nil)
	cw := cloudwatch.NewFromConfig(sdkConfig(url), func(o *cloudwatch.Options) { o.RequestMinCompressSizeBytes = 0 })
	if _, err := cw.PutMetricData(ctx(t), &cloudwatch.PutMetricDataInput{Namespace: aws.String("App"),
		MetricData: []cwtypes.MetricDatum{{MetricName: aws.String("Gzipped"), Value: aws.Float64(1)}}}); err != nil {
		t.Fatal(err)
	}
	lm, err := cw.ListMetrics(ctx(t), &cloudwatch.ListMetricsInput{Namespace: aws.String("App")})
	if err != nil || len(lm.Metrics) != 1 || aws.ToString(lm.Metrics[0].MetricName) != "Gzipped" {
		t.Fatalf("ListMetrics after a gzipped PutMetricData: %v %v", lm, err)
	}
	// LocalStack's raw view of the same datapoint.
	if status, _, body := get(t, "GET", url+"/_aws/cloudwatch/metrics/raw", "", nil); status != 200 || !strings.Contains(body, "Gzipped") {
		t.Errorf("/_aws/cloudwatch/metrics/raw: %d %s", status, body)
	}

	c := s3Client(url, true)
	if _, err := c.CreateBucket(ctx(t), &s3.CreateBucketInput{Bucket: aws.String("enc")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("enc"), Key: aws.String("k"),
		Body: strings.NewReader("not really gzip"), ContentEncoding: aws.String("gzip")}); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetObject(ctx(t), &s3.GetObjectInput{Bucket: aws.String("enc"), Key: aws.String("k")})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(got.Body)
	if string(b) != "not really gzip" || aws.ToString(got.ContentEncoding) != "gzip" {
		t.Errorf("S3 object %q, Content-Encoding %q", b, aws.ToString(got.ContentEncoding))
	}
}
