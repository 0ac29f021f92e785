package state_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// populateOtherServices and checkOtherServices cover the SQS and DynamoDB
// state the format fixtures hold (the world of populate, checked by
// content since message ids are random).
func populateOtherServices(t *testing.T, url string) { populate(t, url) }

func checkOtherServices(t *testing.T, url string) {
	t.Helper()
	for _, sc := range scopes {
		q := sqsClient(url, sc.account, sc.region)
		for _, name := range []string{"jobs", "orders.fifo"} {
			u, err := q.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
			if err != nil {
				t.Fatalf("%s %s: %v", sc.account, name, err)
			}
			// The fixture's delayed and in-flight messages become visible
			// once their (absolute) times pass, so count all three states.
			attrs, err := q.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: u.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"All"}})
			if err != nil {
				t.Fatal(err)
			}
			a := attrs.Attributes
			total := atoi(a["ApproximateNumberOfMessages"]) + atoi(a["ApproximateNumberOfMessagesNotVisible"]) + atoi(a["ApproximateNumberOfMessagesDelayed"])
			want := 3
			if name == "jobs" {
				want = 4 // plus the delayed "later"
			}
			if total != want || a["VisibilityTimeout"] != "45" {
				t.Errorf("%s %s: attributes %v, want %d messages", sc.account, name, a, want)
			}
			rec, err := q.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: u.QueueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: []string{"All"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.Messages) < 2 {
				t.Errorf("%s %s: %d messages received", sc.account, name, len(rec.Messages))
			}
			for _, m := range rec.Messages {
				body := aws.ToString(m.Body)
				if body == "later" {
					continue
				}
				i := int(body[len(body)-1] - 'a')
				if !strings.HasPrefix(body, name+" message ") || !sameAttrs(msgAttrs(i), m.MessageAttributes) {
					t.Errorf("%s %s: message %q attributes %v", sc.account, name, body, m.MessageAttributes)
				}
			}
		}
		d := ddbClient(url, sc.account, sc.region)
		for _, want := range ddbItems(sc.account) {
			got, err := d.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String("things"),
				Key: map[string]ddbtypes.AttributeValue{"pk": want["pk"], "sk": want["sk"]}})
			if err != nil || !sameItem(got.Item, want) {
				t.Errorf("%s item: got %v %v", sc.account, got, err)
			}
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
