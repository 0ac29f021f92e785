package state_test

import (
	"bytes"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func sqsClient(url, account, region string) *sqs.Client {
	return sqs.NewFromConfig(sdkConfig(url, account, region))
}

func ddbClient(url, account, region string) *dynamodb.Client {
	return dynamodb.NewFromConfig(sdkConfig(url, account, region))
}

// world is the multi-service, multi-account fixture of the round-trip test.
type world struct {
	url      string
	queueURL map[string]string // "account/region/name" -> URL
	sent     map[string]sqsSent
	inflight string // receipt handle of the message received before export
}

type sqsSent struct {
	body  string
	attrs map[string]sqstypes.MessageAttributeValue
}

var scopes = []struct{ account, region string }{{"000000000000", "us-east-1"}, {"111111111111", "eu-west-1"}}

func msgAttrs(i int) map[string]sqstypes.MessageAttributeValue {
	return map[string]sqstypes.MessageAttributeValue{
		"kind":   {DataType: aws.String("String"), StringValue: aws.String("fixture")},
		"n":      {DataType: aws.String("Number"), StringValue: aws.String(strings.Repeat("7", i+1))},
		"blob":   {DataType: aws.String("Binary"), BinaryValue: []byte{0, byte(i), 255}},
		"custom": {DataType: aws.String("String.custom"), StringValue: aws.String("é")},
	}
}

// populate creates queues (standard and FIFO) with ready, delayed and
// in-flight messages, and a table with a GSI and items of every type, in
// two accounts and regions.
func populate(t *testing.T, url string) *world {
	w := &world{url: url, queueURL: map[string]string{}, sent: map[string]sqsSent{}}
	for _, sc := range scopes {
		q := sqsClient(url, sc.account, sc.region)
		for _, name := range []string{"jobs", "orders.fifo"} {
			in := &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: map[string]string{"VisibilityTimeout": "45"},
				Tags: map[string]string{"team": sc.account}}
			if strings.HasSuffix(name, ".fifo") {
				in.Attributes["FifoQueue"] = "true"
				in.Attributes["ContentBasedDeduplication"] = "true"
			}
			out, err := q.CreateQueue(ctx(t), in)
			if err != nil {
				t.Fatal(err)
			}
			w.queueURL[sc.account+"/"+sc.region+"/"+name] = aws.ToString(out.QueueUrl)
			for i := range 3 {
				send := &sqs.SendMessageInput{QueueUrl: out.QueueUrl, MessageBody: aws.String(name + " message " + string(rune('a'+i))),
					MessageAttributes: msgAttrs(i)}
				if strings.HasSuffix(name, ".fifo") {
					send.MessageGroupId = aws.String("g1")
				}
				res, err := q.SendMessage(ctx(t), send)
				if err != nil {
					t.Fatal(err)
				}
				w.sent[aws.ToString(res.MessageId)] = sqsSent{aws.ToString(send.MessageBody), send.MessageAttributes}
			}
		}
		// A delayed message in the standard queue.
		if _, err := q.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(w.queueURL[sc.account+"/"+sc.region+"/jobs"]),
			MessageBody: aws.String("later"), DelaySeconds: 600}); err != nil {
			t.Fatal(err)
		}

		d := ddbClient(url, sc.account, sc.region)
		if _, err := d.CreateTable(ctx(t), &dynamodb.CreateTableInput{
			TableName: aws.String("things"), BillingMode: ddbtypes.BillingModePayPerRequest,
			AttributeDefinitions: []ddbtypes.AttributeDefinition{
				{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS},
				{AttributeName: aws.String("sk"), AttributeType: ddbtypes.ScalarAttributeTypeN},
				{AttributeName: aws.String("color"), AttributeType: ddbtypes.ScalarAttributeTypeS},
			},
			KeySchema: []ddbtypes.KeySchemaElement{
				{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash},
				{AttributeName: aws.String("sk"), KeyType: ddbtypes.KeyTypeRange},
			},
			GlobalSecondaryIndexes: []ddbtypes.GlobalSecondaryIndex{{
				IndexName:  aws.String("by-color"),
				KeySchema:  []ddbtypes.KeySchemaElement{{AttributeName: aws.String("color"), KeyType: ddbtypes.KeyTypeHash}},
				Projection: &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionTypeAll},
			}},
		}); err != nil {
			t.Fatal(err)
		}
		for _, item := range ddbItems(sc.account) {
			if _, err := d.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String("things"), Item: item}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// One standard message in flight (received, not deleted) in the first scope.
	out, err := sqsClient(url, scopes[0].account, scopes[0].region).ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{
		QueueUrl: aws.String(w.queueURL[scopes[0].account+"/"+scopes[0].region+"/jobs"]), MaxNumberOfMessages: 1, VisibilityTimeout: 600})
	if err != nil || len(out.Messages) != 1 {
		t.Fatalf("receive: %v %v", out, err)
	}
	w.inflight = aws.ToString(out.Messages[0].ReceiptHandle)
	return w
}

func ddbItems(account string) []map[string]ddbtypes.AttributeValue {
	return []map[string]ddbtypes.AttributeValue{
		{
			"pk": &ddbtypes.AttributeValueMemberS{Value: "a#" + account}, "sk": &ddbtypes.AttributeValueMemberN{Value: "1"},
			"color": &ddbtypes.AttributeValueMemberS{Value: "red"},
			"bin":   &ddbtypes.AttributeValueMemberB{Value: []byte{1, 2, 3}},
			"ss":    &ddbtypes.AttributeValueMemberSS{Value: []string{"x", "y"}},
			"ns":    &ddbtypes.AttributeValueMemberNS{Value: []string{"1.5", "-3"}},
			"m": &ddbtypes.AttributeValueMemberM{Value: map[string]ddbtypes.AttributeValue{
				"deep": &ddbtypes.AttributeValueMemberL{Value: []ddbtypes.AttributeValue{&ddbtypes.AttributeValueMemberBOOL{Value: true}, &ddbtypes.AttributeValueMemberNULL{Value: true}}},
				"none": &ddbtypes.AttributeValueMemberM{Value: map[string]ddbtypes.AttributeValue{}},
			}},
		},
		{"pk": &ddbtypes.AttributeValueMemberS{Value: "a#" + account}, "sk": &ddbtypes.AttributeValueMemberN{Value: "2.25"},
			"color": &ddbtypes.AttributeValueMemberS{Value: "blue"}, "big": &ddbtypes.AttributeValueMemberN{Value: "12345678901234567890.123"}},
	}
}

// check asserts the fixture is all there: queues with their attributes and
// tags, ready messages with bodies and attributes (and their MD5s), the
// delayed and in-flight counts, the in-flight receipt still valid; tables
// with every item and their GSI.
func (w *world) check(t *testing.T) {
	t.Helper()
	for _, sc := range scopes {
		q := sqsClient(w.url, sc.account, sc.region)
		for _, name := range []string{"jobs", "orders.fifo"} {
			url := w.queueURL[sc.account+"/"+sc.region+"/"+name]
			got, err := q.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
			if err != nil || aws.ToString(got.QueueUrl) != url {
				t.Fatalf("%s %s: GetQueueUrl %v %v", sc.account, name, got, err)
			}
			attrs, err := q.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: []sqstypes.QueueAttributeName{"All"}})
			if err != nil {
				t.Fatal(err)
			}
			a := attrs.Attributes
			wantVisible, wantDelayed, wantInflight := "3", "0", "0"
			if name == "jobs" {
				wantDelayed = "1"
				if sc == scopes[0] {
					wantVisible, wantInflight = "2", "1"
				}
			}
			if a["VisibilityTimeout"] != "45" || a["ApproximateNumberOfMessages"] != wantVisible ||
				a["ApproximateNumberOfMessagesDelayed"] != wantDelayed || a["ApproximateNumberOfMessagesNotVisible"] != wantInflight {
				t.Errorf("%s %s attributes %v", sc.account, name, a)
			}
			tags, err := q.ListQueueTags(ctx(t), &sqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
			if err != nil || tags.Tags["team"] != sc.account {
				t.Errorf("%s %s tags %v %v", sc.account, name, tags, err)
			}
			// Peek at the ready messages without consuming them for long.
			rec, err := q.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
				MessageAttributeNames: []string{"All"}, VisibilityTimeout: 0})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range rec.Messages {
				want, ok := w.sent[aws.ToString(m.MessageId)]
				if !ok || want.body != aws.ToString(m.Body) {
					t.Errorf("%s %s: unexpected message %s %q", sc.account, name, aws.ToString(m.MessageId), aws.ToString(m.Body))
					continue
				}
				if !sameAttrs(want.attrs, m.MessageAttributes) {
					t.Errorf("%s %s: message %s attributes %v, want %v", sc.account, name, aws.ToString(m.MessageId), m.MessageAttributes, want.attrs)
				}
			}
			if name == "orders.fifo" && len(rec.Messages) != 3 {
				t.Errorf("%s fifo: received %d messages, want 3", sc.account, len(rec.Messages))
			}
		}
		d := ddbClient(w.url, sc.account, sc.region)
		for _, want := range ddbItems(sc.account) {
			got, err := d.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String("things"),
				Key: map[string]ddbtypes.AttributeValue{"pk": want["pk"], "sk": want["sk"]}})
			if err != nil || !sameItem(got.Item, want) {
				t.Errorf("%s item %v: got %v %v", sc.account, want["sk"], got, err)
			}
		}
		qo, err := d.Query(ctx(t), &dynamodb.QueryInput{TableName: aws.String("things"), IndexName: aws.String("by-color"),
			KeyConditionExpression: aws.String("color = :c"), ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":c": &ddbtypes.AttributeValueMemberS{Value: "blue"}}})
		if err != nil || qo.Count != 1 {
			t.Errorf("%s GSI query: %v %v", sc.account, qo, err)
		}
	}
	// The message in flight at export keeps its receipt handle.
	if _, err := sqsClient(w.url, scopes[0].account, scopes[0].region).DeleteMessage(ctx(t), &sqs.DeleteMessageInput{
		QueueUrl: aws.String(w.queueURL[scopes[0].account+"/"+scopes[0].region+"/jobs"]), ReceiptHandle: aws.String(w.inflight)}); err != nil {
		t.Errorf("in-flight receipt handle after import: %v", err)
	}
}

// checkEmpty asserts no queue, table or bucket is left in any scope.
func checkEmpty(t *testing.T, url string) {
	t.Helper()
	for _, sc := range scopes {
		qs, err := sqsClient(url, sc.account, sc.region).ListQueues(ctx(t), &sqs.ListQueuesInput{})
		if err != nil || len(qs.QueueUrls) != 0 {
			t.Errorf("%s queues after reset: %v %v", sc.account, qs, err)
		}
		ts, err := ddbClient(url, sc.account, sc.region).ListTables(ctx(t), &dynamodb.ListTablesInput{})
		if err != nil || len(ts.TableNames) != 0 {
			t.Errorf("%s tables after reset: %v %v", sc.account, ts, err)
		}
		if n := bucketCount(t, url, sc.account); n != 0 {
			t.Errorf("%s: %d buckets after reset", sc.account, n)
		}
	}
}

func sameAttrs(a, b map[string]sqstypes.MessageAttributeValue) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		y, ok := b[k]
		if !ok || aws.ToString(x.DataType) != aws.ToString(y.DataType) || aws.ToString(x.StringValue) != aws.ToString(y.StringValue) || !bytes.Equal(x.BinaryValue, y.BinaryValue) {
			return false
		}
	}
	return true
}

func sameItem(a, b map[string]ddbtypes.AttributeValue) bool {
	return avString(&ddbtypes.AttributeValueMemberM{Value: a}) == avString(&ddbtypes.AttributeValueMemberM{Value: b})
}

// avString renders an attribute value canonically (sets sorted).
func avString(v ddbtypes.AttributeValue) string {
	switch x := v.(type) {
	case *ddbtypes.AttributeValueMemberS:
		return "S:" + x.Value
	case *ddbtypes.AttributeValueMemberN:
		return "N:" + x.Value
	case *ddbtypes.AttributeValueMemberB:
		return "B:" + string(x.Value)
	case *ddbtypes.AttributeValueMemberBOOL:
		if x.Value {
			return "BOOL:true"
		}
		return "BOOL:false"
	case *ddbtypes.AttributeValueMemberNULL:
		return "NULL"
	case *ddbtypes.AttributeValueMemberSS:
		s := append([]string(nil), x.Value...)
		sort.Strings(s)
		return "SS:" + strings.Join(s, ",")
	case *ddbtypes.AttributeValueMemberNS:
		s := append([]string(nil), x.Value...)
		sort.Strings(s)
		return "NS:" + strings.Join(s, ",")
	case *ddbtypes.AttributeValueMemberL:
		var parts []string
		for _, e := range x.Value {
			parts = append(parts, avString(e))
		}
		return "L:[" + strings.Join(parts, ",") + "]"
	case *ddbtypes.AttributeValueMemberM:
		var keys []string
		for k := range x.Value {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, k+"="+avString(x.Value[k]))
		}
		return "M:{" + strings.Join(parts, ",") + "}"
	}
	return "?"
}

// TestExportResetImportAllServices is the round trip with real SDK
// clients: S3, SQS and DynamoDB resources in two accounts and regions are
// exported, reset (everything gone), imported (everything back: bodies
// byte-identical, messages with their attributes, in-flight and delayed
// messages, items of every type), and merge-imported into a running state.
func TestExportResetImportAllServices(t *testing.T) {
	_, url := newServer(t, nil, t.TempDir())
	fx := []s3Fixture{
		{"000000000000", "us-east-1", "media", "x/y.bin", randomBytes(900 << 10)},
		{"111111111111", "eu-west-1", "media-eu", "z", []byte("zz")},
	}
	putFixtures(t, url, fx)
	w := populate(t, url)

	code, snap := get(t, url+"/_localstack/pods/state")
	if code != 200 {
		t.Fatalf("export %d", code)
	}
	code, body := post(t, url+"/_localstack/state/reset", nil)
	if code != 200 || strings.Contains(body, "error") || !strings.Contains(body, `"service": "s3"`) ||
		!strings.Contains(body, `"service": "sqs"`) || !strings.Contains(body, `"service": "dynamodb"`) {
		t.Fatalf("reset: %d %s", code, body)
	}
	checkEmpty(t, url)

	code, body = post(t, url+"/_localstack/pods", snap)
	if code != 200 || strings.Contains(body, "error") {
		t.Fatalf("import: %d %s", code, body)
	}
	checkFixtures(t, url, fx)
	w.check(t)

	// Merge into a running state that has its own queue and table: both
	// kept, the snapshot's resources come back beside them.
	post(t, url+"/_localstack/state/reset", nil)
	q := sqsClient(url, scopes[0].account, scopes[0].region)
	if _, err := q.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("local-only")}); err != nil {
		t.Fatal(err)
	}
	code, body = post(t, url+"/_localstack/pods?merge=true", snap)
	if code != 200 || strings.Contains(body, "error") {
		t.Fatalf("merge import: %d %s", code, body)
	}
	w.check(t)
	checkFixtures(t, url, fx)
	if _, err := q.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String("local-only")}); err != nil {
		t.Errorf("merge dropped a running queue: %v", err)
	}

	// One service at a time.
	code, body = post(t, url+"/_localstack/state/sqs/reset", nil)
	if code != 200 || body != "{\"event\": \"service\", \"service\": \"sqs\", \"status\": \"ok\"}\n" {
		t.Fatalf("sqs reset: %d %q", code, body)
	}
	if qs, _ := q.ListQueues(ctx(t), &sqs.ListQueuesInput{}); len(qs.QueueUrls) != 0 {
		t.Error("queues left after sqs reset")
	}
	if n := bucketCount(t, url, "000000000000"); n == 0 {
		t.Error("sqs reset removed buckets")
	}
}
