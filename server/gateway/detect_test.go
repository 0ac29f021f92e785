package gateway

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
)

func testGateway() *Gateway {
	none := func(awsapi.Env) map[string]awsapi.Handler { return nil }
	return New(Config{Registry: model.NewRegistry(), Providers: map[string]Provider{"sqs": none, "sns": none, "s3": none}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Env: awsapi.Env{NewID: func() string { return "id" }}})
}

func sigv4(service, region, key string) string {
	return "AWS4-HMAC-SHA256 Credential=" + key + "/20250101/" + region + "/" + service + "/aws4_request, SignedHeaders=host, Signature=abc"
}

// Detection order and rules from localstack-runtime.md §8.
func TestDetect(t *testing.T) {
	g := testGateway()
	cases := []struct {
		name, method, url, body string
		hdr                     map[string]string
		service, bucket         string
	}{
		{"signing name", "POST", "http://localhost:4566/", "", map[string]string{"Authorization": sigv4("sqs", "eu-west-1", "test")}, "sqs", ""},
		{"signing name shared: target picks dynamodbstreams", "POST", "http://localhost:4566/", "{}", map[string]string{"Authorization": sigv4("dynamodb", "us-east-1", "test"), "X-Amz-Target": "DynamoDBStreams_20120810.ListStreams"}, "dynamodbstreams", ""},
		{"signing name shared: dynamodb itself", "POST", "http://localhost:4566/", "{}", map[string]string{"Authorization": sigv4("dynamodb", "us-east-1", "test"), "X-Amz-Target": "DynamoDB_20120810.ListTables"}, "dynamodb", ""},
		{"signing name shared: s3control by path", "GET", "http://localhost:4566/v20180820/jobs", "", map[string]string{"Authorization": sigv4("s3", "us-east-1", "test")}, "s3control", ""},
		{"monitoring signs cloudwatch", "POST", "http://localhost:4566/", "", map[string]string{"Authorization": sigv4("monitoring", "us-east-1", "test")}, "cloudwatch", ""},
		{"unsigned target", "POST", "http://localhost:4566/", "{}", map[string]string{"X-Amz-Target": "Kinesis_20131202.ListStreams"}, "kinesis", ""},
		{"unsigned lambda path", "GET", "http://localhost:4566/2015-03-31/functions/", "", nil, "lambda", ""},
		{"s3 virtual host", "GET", "http://photos.s3.localhost.localstack.cloud:4566/key", "", nil, "s3", "photos"},
		{"s3 virtual host with region", "GET", "http://photos.s3.eu-west-1.localhost.localstack.cloud:4566/", "", map[string]string{"Authorization": sigv4("s3", "eu-west-1", "test")}, "s3", "photos"},
		{"endpoint-prefix host", "POST", "http://sqs.us-east-1.localhost.localstack.cloud:4566/", "Action=ListQueues", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "sqs", ""},
		{"unsigned Action with Version", "POST", "http://localhost:4566/", "Action=GetCallerIdentity&Version=2011-06-15", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "sts", ""},
		{"unsigned Action at a queue URL path", "POST", "http://localhost:4566/000000000000/q", "Action=SendMessage&MessageBody=x", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "sqs", ""},
		{"unsigned bare Action of SNS (the Unsubscribe link in SNS messages)", "GET", "http://localhost:4566/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:000000000000:t:1", "", nil, "sns", ""},
		{"unsigned bare Action of SQS", "POST", "http://localhost:4566/", "Action=ListQueues", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "sqs", ""},
		{"unsigned rpc-v2-cbor path", "POST", "http://localhost:4566/service/GraniteServiceVersion20100801/operation/ListMetrics", "", map[string]string{"Smithy-Protocol": "rpc-v2-cbor"}, "cloudwatch", ""},
		{"unsigned Action with a bad escape elsewhere", "POST", "http://localhost:4566/", "Action=CreateQueue&QueueName=q%ZZ", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "sqs", ""},
		{"unclaimed POST / is no service (404)", "POST", "http://localhost:4566/", "{}", map[string]string{"X-Amz-Target": "Nope_2020.Do"}, "", ""},
		{"AWS CLI user agent falls back to S3", "GET", "http://localhost:4566/", "", map[string]string{"User-Agent": "aws-cli/1.45.11 Python/3.11.7"}, "s3", ""},
		{"S3 fallback", "GET", "http://localhost:4566/some-bucket/some/key", "", nil, "s3", ""},
		{"S3 SigV2", "GET", "http://localhost:4566/b/k", "", map[string]string{"Authorization": "AWS test:sig"}, "s3", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(c.method, c.url, strings.NewReader(c.body))
			for k, v := range c.hdr {
				r.Header.Set(k, v)
			}
			rt := g.detect(r, parseCredential(r))
			if c.service == "" {
				if rt.info != nil {
					t.Errorf("got %s, want no service", rt.info.Name)
				}
				return
			}
			if rt.info == nil || rt.info.Name != c.service || rt.bucket != c.bucket {
				name := "<nil>"
				if rt.info != nil {
					name = rt.info.Name
				}
				t.Errorf("got %s bucket %q, want %s bucket %q", name, rt.bucket, c.service, c.bucket)
			}
			// Detection must leave the body for the codec.
			if b, _ := io.ReadAll(r.Body); string(b) != c.body {
				t.Errorf("body consumed: %q", b)
			}
		})
	}
}

// Account and region from the credential (localstack-runtime.md §6).
func TestIdentity(t *testing.T) {
	cases := []struct{ key, account string }{
		{"test", "000000000000"},
		{"123456789012", "123456789012"},
		{"AKIAIOSFODNN7EXAMPLE", "000000000000"},
		// An access key id encodes its account: ASIAY34FZKBOKMUTVV7A belongs to
		// 609629065308 (AWS security blog, "A short note on AWS KEY ID"); LSIA keys
		// are LocalStack's form of the same encoding.
		{"LSIAY34FZKBOKMUTVV7A", "609629065308"},
	}
	for _, c := range cases {
		if got := accountOf(c.key); got != c.account {
			t.Errorf("accountOf(%s) = %s, want %s", c.key, got, c.account)
		}
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", sigv4("s3", "cn-north-1", "test"))
	if got := regionOf(parseCredential(r)); got != "us-east-1" {
		t.Errorf("a region outside the aws partition becomes us-east-1, got %s", got)
	}
	r.Header.Set("Authorization", sigv4("s3", "ap-southeast-2", "test"))
	if got := regionOf(parseCredential(r)); got != "ap-southeast-2" {
		t.Errorf("region %s", got)
	}
	r = httptest.NewRequest("GET", "/b/k?X-Amz-Credential=123456789012%2F20250101%2Feu-central-1%2Fs3%2Faws4_request", nil)
	if c := parseCredential(r); c.AccessKey != "123456789012" || c.Region != "eu-central-1" || c.SigningName != "s3" {
		t.Errorf("presigned credential %+v", c)
	}
}

// FuzzDetect: credential parsing and service detection never panic,
// whatever the method, headers, path and body.
func FuzzDetect(f *testing.F) {
	f.Add("POST", "/", "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/sqs/aws4_request", "", "x.s3.localhost", "Action=X")
	f.Add("GET", "/b/k", "AWS ak:sig", "DynamoDB_20120810.GetItem", "localhost", "")
	f.Add("PUT", "/000000000000/q", "Credential=", ".", "[::1]:4566", "Action=&Version=")
	f.Add("GET", "/2015-03-31/functions", "AWS4-HMAC-SHA256 Credential=a/b/c/d", "", "b.s3-eu-west-1.amazonaws.com", "")
	g := testGateway()
	f.Fuzz(func(t *testing.T, method, path, auth, target, host, body string) {
		r, err := http.NewRequest(method, "http://localhost:4566/", strings.NewReader(body))
		if err != nil {
			return
		}
		r.URL.Path = path
		r.Host = host
		r.Header.Set("Authorization", auth)
		r.Header.Set("X-Amz-Target", target)
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		cred := parseCredential(r)
		_ = regionOf(cred)
		_ = accountOf(cred.AccessKey)
		// No service is a valid outcome (LocalStack's 404); a panic is not.
		_ = g.detect(r, cred)
	})
}
