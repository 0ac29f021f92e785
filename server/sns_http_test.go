package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// An http subscription gets SNS's confirmation flow: a SubscriptionConfirmation
// POST carrying the token, ConfirmSubscription with it, then Notification
// POSTs with SNS's headers (SNS Developer Guide, "Parts of an HTTP/HTTPS
// request" and "Confirm your subscription").
func TestSNSHTTPSubscription(t *testing.T) {
	type received struct {
		header http.Header
		body   map[string]any
	}
	got := make(chan received, 10)
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &body)
		got <- received{r.Header.Clone(), body}
	}))
	defer endpoint.Close()
	next := func() received {
		select {
		case r := <-got:
			return r
		case <-time.After(5 * time.Second):
			t.Fatal("no POST reached the endpoint")
			return received{}
		}
	}

	url := newServer(t, nil)
	c := sns.NewFromConfig(sdkConfig(url))
	topic, err := c.CreateTopic(ctx(t), &sns.CreateTopicInput{Name: aws.String("webhooks")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Subscribe(ctx(t), &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("http"), Endpoint: aws.String(endpoint.URL + "/hook")}); err != nil {
		t.Fatal(err)
	}
	conf := next()
	if conf.header.Get("x-amz-sns-message-type") != "SubscriptionConfirmation" || conf.body["Type"] != "SubscriptionConfirmation" ||
		conf.header.Get("x-amz-sns-topic-arn") != aws.ToString(topic.TopicArn) || conf.body["Token"] == "" || conf.body["SubscribeURL"] == "" {
		t.Fatalf("confirmation: %v %v", conf.header, conf.body)
	}
	sub, err := c.ConfirmSubscription(ctx(t), &sns.ConfirmSubscriptionInput{TopicArn: topic.TopicArn, Token: aws.String(conf.body["Token"].(string))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Publish(ctx(t), &sns.PublishInput{TopicArn: topic.TopicArn, Message: aws.String("deploy done"), Subject: aws.String("ci")}); err != nil {
		t.Fatal(err)
	}
	n := next()
	if n.header.Get("x-amz-sns-message-type") != "Notification" || n.header.Get("x-amz-sns-subscription-arn") != aws.ToString(sub.SubscriptionArn) ||
		n.header.Get("Content-Type") != "text/plain; charset=UTF-8" || n.body["Message"] != "deploy done" || n.body["Subject"] != "ci" {
		t.Errorf("notification: %v %v", n.header, n.body)
	}
}
