package gateway_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/setup-emulator/setup-emulator/server"
)

// POST /_aws/events/rules/<arn>/trigger fires a scheduled rule at once
// (LocalStack's developer endpoint, localstack-runtime.md §2).
func TestEventsTriggerEndpoint(t *testing.T) {
	srv, err := server.New(server.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx := context.Background()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(ts.URL)}
	eb, q := eventbridge.NewFromConfig(cfg), sqs.NewFromConfig(cfg)
	qu, err := q.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("ticks")})
	if err != nil {
		t.Fatal(err)
	}
	rule, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("daily"), ScheduleExpression: aws.String("rate(1 day)")})
	if err != nil {
		t.Fatal(err)
	}
	eb.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("daily"), Targets: []ebtypes.Target{
		{Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-east-1:000000000000:ticks")}}})
	resp, err := http.Post(ts.URL+"/_aws/events/rules/"+*rule.RuleArn+"/trigger", "", nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatal(resp, err)
	}
	r, err := q.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: qu.QueueUrl})
	if err != nil || len(r.Messages) != 1 || !strings.Contains(*r.Messages[0].Body, `"detail-type":"Scheduled Event"`) {
		t.Fatalf("%v %v", r, err)
	}
	resp, _ = http.Post(ts.URL+"/_aws/events/rules/arn:aws:events:us-east-1:000000000000:rule/nope/trigger", "", nil)
	if resp.StatusCode != 404 {
		t.Fatal(resp.StatusCode)
	}
}
