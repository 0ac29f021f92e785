package sqs

import (
	"strconv"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

func TestQueueURLStrategies(t *testing.T) {
	// LocalStack config.py SQS_ENDPOINT_STRATEGY forms
	// (/work/shared/reference/localstack-runtime.md §4); host from LOCALSTACK_HOST.
	cases := []struct{ strategy, region, want string }{
		{"", "us-east-1", "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/q1"},
		{"standard", "eu-west-1", "http://sqs.eu-west-1.localhost.localstack.cloud:4566/000000000000/q1"},
		{"domain", "us-east-1", "http://queue.localhost.localstack.cloud:4566/000000000000/q1"},
		{"domain", "eu-west-1", "http://eu-west-1.queue.localhost.localstack.cloud:4566/000000000000/q1"},
		{"path", "eu-west-1", "http://localhost.localstack.cloud:4566/queue/eu-west-1/000000000000/q1"},
		{"dynamic", "eu-west-1", "http://localhost:4566/000000000000/q1"},
		{"off", "eu-west-1", "http://localhost.localstack.cloud:4566/000000000000/q1"},
	}
	for _, c := range cases {
		t.Run(c.strategy+"/"+c.region, func(t *testing.T) {
			s, _ := newTestService(t, map[string]string{"SQS_ENDPOINT_STRATEGY": c.strategy})
			rctx := reqCtx("000000000000", c.region)
			out, err := s.CreateQueue(rctx, &CreateQueueRequest{QueueName: ptr("q1")})
			if err != nil {
				t.Fatal(err)
			}
			if *out.QueueUrl != c.want {
				t.Fatalf("QueueUrl = %s, want %s", *out.QueueUrl, c.want)
			}
			// Every form (and the bare name) resolves back to the queue.
			for _, ref := range []string{c.want, "q1"} {
				if _, err := s.GetQueueAttributes(rctx, &GetQueueAttributesRequest{QueueUrl: ptr(ref)}); err != nil {
					t.Fatalf("resolve %s: %v", ref, err)
				}
			}
		})
	}
}

func TestParseQueueRef(t *testing.T) {
	r := &awsapiRequest{Account: "111111111111", Region: "ap-south-1"}
	cases := map[string]queueRef{
		"q": {"111111111111", "ap-south-1", "q"},
		"https://sqs.eu-central-1.amazonaws.com/222222222222/q":                 {"222222222222", "eu-central-1", "q"},
		"http://eu-west-2.queue.localhost.localstack.cloud:4566/222222222222/q": {"222222222222", "eu-west-2", "q"},
		"http://queue.localhost.localstack.cloud:4566/222222222222/q":           {"222222222222", "us-east-1", "q"},
		"http://localhost:4566/queue/sa-east-1/222222222222/q":                  {"222222222222", "sa-east-1", "q"},
		"http://localhost:4566/222222222222/q":                                  {"222222222222", "ap-south-1", "q"},
	}
	for in, want := range cases {
		if got := parseQueueRef(r, in); got != want {
			t.Errorf("%s: got %+v, want %+v", in, got, want)
		}
	}
}

func TestCreateQueueIdempotentAndConflict(t *testing.T) {
	s, _ := newTestService(t, nil)
	u1 := mustCreate(t, s, "jobs", map[string]string{"VisibilityTimeout": "60"})
	// CreateQueue documentation: same name and same attribute values returns
	// the existing queue's URL.
	if u2 := mustCreate(t, s, "jobs", map[string]string{"VisibilityTimeout": "60"}); u2 != u1 {
		t.Fatalf("second URL %s != %s", u2, u1)
	}
	// ...a different value is QueueNameExists (query code QueueAlreadyExists).
	_, err := s.CreateQueue(ctx, &CreateQueueRequest{QueueName: ptr("jobs"), Attributes: map[string]string{"VisibilityTimeout": "61"}})
	wantCode(t, err, "QueueNameExists")
}

func TestCreateQueueValidation(t *testing.T) {
	s, _ := newTestService(t, nil)
	cases := []struct {
		name  string
		attrs map[string]string
		code  string
	}{
		// CreateQueue documentation: alphanumerics, hyphens, underscores, 1–80.
		{"bad.name", nil, "InvalidParameterValue"},
		{string(make([]byte, 81)), nil, "InvalidParameterValue"},
		{"", nil, "InvalidParameterValue"},
		// A FIFO queue's name must end in .fifo; .fifo without FifoQueue is
		// not a valid standard name.
		{"orders", map[string]string{"FifoQueue": "true"}, "InvalidParameterValue"},
		{"orders.fifo", nil, "InvalidParameterValue"},
		// Attribute ranges (same documentation).
		{"q", map[string]string{"VisibilityTimeout": "43201"}, "InvalidAttributeValue"},
		{"q", map[string]string{"DelaySeconds": "-1"}, "InvalidAttributeValue"},
		{"q", map[string]string{"MaximumMessageSize": "1023"}, "InvalidAttributeValue"},
		{"q", map[string]string{"MessageRetentionPeriod": "59"}, "InvalidAttributeValue"},
		{"q", map[string]string{"ReceiveMessageWaitTimeSeconds": "21"}, "InvalidAttributeValue"},
		{"q", map[string]string{"Bogus": "1"}, "InvalidAttributeName"},
		{"q", map[string]string{"ContentBasedDeduplication": "true"}, "InvalidAttributeName"},
		{"q", map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:nope","maxReceiveCount":3}`}, "InvalidParameterValue"},
	}
	for _, c := range cases {
		_, err := s.CreateQueue(ctx, &CreateQueueRequest{QueueName: ptr(c.name), Attributes: c.attrs})
		wantCode(t, err, c.code)
	}
	if _, err := s.CreateQueue(ctx, &CreateQueueRequest{QueueName: ptr("orders.fifo"), Attributes: map[string]string{"FifoQueue": "true"}}); err != nil {
		t.Fatal(err)
	}
}

func TestGetQueueAttributesDefaults(t *testing.T) {
	s, c := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	out, err := s.GetQueueAttributes(ctx, &GetQueueAttributesRequest{QueueUrl: ptr(u), AttributeNames: []string{"All"}})
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(c.Now().Unix(), 10)
	// Defaults from the CreateQueue Attributes documentation; timestamps in
	// epoch seconds and the ARN format from GetQueueAttributes documentation.
	want := map[string]string{
		"ApproximateNumberOfMessages":           "0",
		"ApproximateNumberOfMessagesDelayed":    "0",
		"ApproximateNumberOfMessagesNotVisible": "0",
		"CreatedTimestamp":                      ts,
		"LastModifiedTimestamp":                 ts,
		"DelaySeconds":                          "0",
		"MaximumMessageSize":                    "1048576",
		"MessageRetentionPeriod":                "345600",
		"QueueArn":                              "arn:aws:sqs:us-east-1:000000000000:q",
		"ReceiveMessageWaitTimeSeconds":         "0",
		"VisibilityTimeout":                     "30",
		"SqsManagedSseEnabled":                  "true",
	}
	if len(out.Attributes) != len(want) {
		t.Fatalf("got %v", out.Attributes)
	}
	for k, v := range want {
		if out.Attributes[k] != v {
			t.Errorf("%s = %q, want %q", k, out.Attributes[k], v)
		}
	}
	named, _ := s.GetQueueAttributes(ctx, &GetQueueAttributesRequest{QueueUrl: ptr(u), AttributeNames: []string{"QueueArn"}})
	if len(named.Attributes) != 1 {
		t.Fatalf("named: %v", named.Attributes)
	}
	_, err = s.GetQueueAttributes(ctx, &GetQueueAttributesRequest{QueueUrl: ptr(u), AttributeNames: []string{"Nope"}})
	wantCode(t, err, "InvalidAttributeName")
	_, err = s.GetQueueAttributes(ctx, &GetQueueAttributesRequest{QueueUrl: ptr("missing")})
	wantCode(t, err, "QueueDoesNotExist")
}

func TestGetQueueUrlAndDelete(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	out, err := s.GetQueueUrl(ctx, &GetQueueUrlRequest{QueueName: ptr("q")})
	if err != nil || *out.QueueUrl != u {
		t.Fatalf("GetQueueUrl = %v, %v", out, err)
	}
	if _, err := s.DeleteQueue(ctx, &DeleteQueueRequest{QueueUrl: ptr(u)}); err != nil {
		t.Fatal(err)
	}
	_, err = s.GetQueueUrl(ctx, &GetQueueUrlRequest{QueueName: ptr("q")})
	wantCode(t, err, "QueueDoesNotExist")
	// SQS API Reference, GetQueueUrl errors: QueueDoesNotExist, whose query
	// (and x-amzn-query-error) code is AWS.SimpleQueueService.NonExistentQueue.
	if code := err.(*QueueDoesNotExist).ErrorCode(); code != "AWS.SimpleQueueService.NonExistentQueue" {
		t.Fatalf("code %s", code)
	}
	_, err = s.DeleteQueue(ctx, &DeleteQueueRequest{QueueUrl: ptr(u)})
	wantCode(t, err, "QueueDoesNotExist")
	// Queues are per account and region.
	mustCreate(t, s, "q", nil)
	_, err = s.GetQueueUrl(reqCtx("000000000000", "eu-west-1"), &GetQueueUrlRequest{QueueName: ptr("q")})
	wantCode(t, err, "QueueDoesNotExist")
}

func TestListQueues(t *testing.T) {
	s, _ := newTestService(t, nil)
	for _, n := range []string{"b", "a1", "a2", "a3", "c"} {
		mustCreate(t, s, n, nil)
	}
	all, _ := s.ListQueues(ctx, &ListQueuesRequest{})
	if len(all.QueueUrls) != 5 || all.NextToken != nil {
		t.Fatalf("all: %+v", all)
	}
	pre, _ := s.ListQueues(ctx, &ListQueuesRequest{QueueNamePrefix: ptr("a")})
	if len(pre.QueueUrls) != 3 {
		t.Fatalf("prefix: %v", pre.QueueUrls)
	}
	var got []string
	in := &ListQueuesRequest{MaxResults: ptr(int32(2))}
	for {
		page, err := s.ListQueues(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page.QueueUrls...)
		if page.NextToken == nil {
			break
		}
		in.NextToken = page.NextToken
	}
	if len(got) != 5 {
		t.Fatalf("paged: %v", got)
	}
	_, err := s.ListQueues(ctx, &ListQueuesRequest{MaxResults: ptr(int32(1001))})
	wantCode(t, err, "InvalidParameterValue")
}

func TestSetQueueAttributesAndTags(t *testing.T) {
	s, c := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	c.Add(10e9)
	if _, err := s.SetQueueAttributes(ctx, &SetQueueAttributesRequest{QueueUrl: ptr(u), Attributes: map[string]string{"VisibilityTimeout": "5"}}); err != nil {
		t.Fatal(err)
	}
	out, _ := s.GetQueueAttributes(ctx, &GetQueueAttributesRequest{QueueUrl: ptr(u), AttributeNames: []string{"VisibilityTimeout", "LastModifiedTimestamp", "CreatedTimestamp"}})
	if out.Attributes["VisibilityTimeout"] != "5" || out.Attributes["LastModifiedTimestamp"] == out.Attributes["CreatedTimestamp"] {
		t.Fatalf("got %v", out.Attributes)
	}
	s.TagQueue(ctx, &TagQueueRequest{QueueUrl: ptr(u), Tags: map[string]string{"a": "1", "b": "2"}})
	s.UntagQueue(ctx, &UntagQueueRequest{QueueUrl: ptr(u), TagKeys: []string{"a"}})
	tags, _ := s.ListQueueTags(ctx, &ListQueueTagsRequest{QueueUrl: ptr(u)})
	if len(tags.Tags) != 1 || tags.Tags["b"] != "2" {
		t.Fatalf("tags %v", tags.Tags)
	}
}

// awsapiRequest keeps the table above short.
type awsapiRequest = awsapi.Request

func TestAddRemovePermission(t *testing.T) {
	s, _ := newTestService(t, nil)
	u := mustCreate(t, s, "q", nil)
	if _, err := s.AddPermission(ctx, &AddPermissionRequest{QueueUrl: ptr(u), Label: ptr("l1"), AWSAccountIds: []string{"111122223333"}, Actions: []string{"SendMessage"}}); err != nil {
		t.Fatal(err)
	}
	_, err := s.AddPermission(ctx, &AddPermissionRequest{QueueUrl: ptr(u), Label: ptr("l1"), AWSAccountIds: []string{"111122223333"}, Actions: []string{"SendMessage"}})
	wantCode(t, err, "InvalidParameterValue")
	a, _ := s.GetQueueAttributes(ctx, &GetQueueAttributesRequest{QueueUrl: ptr(u), AttributeNames: []string{"Policy"}})
	if want := `"Sid":"l1","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":["SQS:SendMessage"]`; !strings.Contains(a.Attributes["Policy"], want) {
		t.Fatalf("policy %s", a.Attributes["Policy"])
	}
	if _, err := s.RemovePermission(ctx, &RemovePermissionRequest{QueueUrl: ptr(u), Label: ptr("l1")}); err != nil {
		t.Fatal(err)
	}
	_, err = s.RemovePermission(ctx, &RemovePermissionRequest{QueueUrl: ptr(u), Label: ptr("l1")})
	wantCode(t, err, "InvalidParameterValue")
}
