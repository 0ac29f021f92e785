package server_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// LocalStack's SNS developer endpoints (localstack-runtime.md §2): SMS
// messages sent with Publish(PhoneNumber) are listed by phone number, and
// the confirmation token of a pending http subscription can be read.
func TestSNSDeveloperEndpoints(t *testing.T) {
	base := newServer(t, nil)
	c := sns.NewFromConfig(sdkConfig(base))
	if _, err := c.Publish(ctx(t), &sns.PublishInput{PhoneNumber: aws.String("+15555550100"), Message: aws.String("code 1234")}); err != nil {
		t.Fatal(err)
	}
	status, _, body := get(t, "GET", base+"/_aws/sns/sms-messages", "", nil)
	if status != 200 || !containsAll(body, `"region":"us-east-1"`, `"+15555550100"`, "code 1234") {
		t.Errorf("sms-messages: %d %s", status, body)
	}
	topic, err := c.CreateTopic(ctx(t), &sns.CreateTopicInput{Name: aws.String("hooks")})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := c.Subscribe(ctx(t), &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("http"), Endpoint: aws.String("http://example.invalid/hook"), ReturnSubscriptionArn: true})
	if err != nil {
		t.Fatal(err)
	}
	status, _, body = get(t, "GET", base+"/_aws/sns/subscription-tokens/"+url.PathEscape(aws.ToString(sub.SubscriptionArn)), "", nil)
	if status != 200 || !strings.Contains(body, `"subscription_token":"`) {
		t.Fatalf("subscription-tokens: %d %s", status, body)
	}
	if s, _, _ := get(t, "GET", base+"/_aws/sns/nope", "", nil); s != 404 {
		t.Errorf("unknown sns developer path: %d", s)
	}
}
