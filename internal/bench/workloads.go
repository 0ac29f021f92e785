package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// Workload is one benchmarked operation with its own resources.
type Workload struct {
	Name string
	// Grow marks workloads whose cost could depend on how much data the
	// resource holds; the grow check runs them over Preload items.
	Grow bool
	// Setup creates the workload's resources on c (names start with
	// p.Prefix), preloads p.Preload items, and returns the op to time.
	Setup func(ctx context.Context, c *Clients, p Prep) (Op, error)
}

// Prep parameterises a workload's setup.
type Prep struct {
	Prefix  string // unique per setup: lowercase letters, digits and '-'
	Preload int    // items (objects, messages, rows) to store first
	// Cleanup, when set, receives what to run once the case is over (to drop
	// data the op piles up, so later memory figures measure the server).
	Cleanup func(func(context.Context) error)
}

func (p Prep) cleanup(f func(context.Context) error) {
	if p.Cleanup != nil {
		p.Cleanup(f)
	}
}

// SkipError says a workload cannot run on a target and why; it is printed,
// not counted as a failure of the benchmark.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return e.Reason }

// Fixed payloads: the loopback limit answers with their digests.
const (
	kib = 1 << 10
	mib = 1 << 20

	sqsBody    = "benchmark message: a fixed body of modest size so that the round trip measures the service, not the payload"
	snsMessage = "benchmark notification"
)

// Workloads returns every workload, in report order.
func Workloads() []Workload {
	return []Workload{
		{Name: "s3-put-1k", Grow: true, Setup: s3Put(kib)},
		{Name: "s3-put-1m", Setup: s3Put(mib)},
		{Name: "s3-get-1k", Grow: true, Setup: s3Get(kib)},
		{Name: "s3-get-1m", Setup: s3Get(mib)},
		{Name: "sqs-roundtrip", Grow: true, Setup: sqsRoundTrip},
		{Name: "sns-publish", Setup: snsPublish},
		{Name: "ddb-put", Grow: true, Setup: ddbPut},
		{Name: "ddb-get", Grow: true, Setup: ddbGet},
		{Name: "ddb-query", Grow: true, Setup: ddbQuery},
		{Name: "sts-identity", Setup: stsIdentity},
	}
}

// payload returns n deterministic bytes.
func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}

func s3Put(size int) func(context.Context, *Clients, Prep) (Op, error) {
	return func(ctx context.Context, c *Clients, p Prep) (Op, error) {
		bucket, err := s3Bucket(ctx, c, p)
		if err != nil {
			return nil, err
		}
		body := payload(size)
		return func(ctx context.Context, w, seq int) error {
			// A bounded set of keys per worker (64 of 1 KiB objects, one of
			// 1 MiB): overwrites keep the stored data small, so memory after
			// the run measures the server, not the workload's data. Workers
			// never share a key: moto fails concurrent writes to one key.
			k := fmt.Sprintf("put/%d/%d", w, seq%64)
			if size > kib {
				k = fmt.Sprintf("put/%d", w)
			}
			_, err := c.S3.PutObject(ctx, &s3.PutObjectInput{
				Bucket: aws.String(bucket), Key: aws.String(k),
				Body: bytes.NewReader(body), ContentLength: aws.Int64(int64(size)),
			})
			return err
		}, nil
	}
}

func s3Get(size int) func(context.Context, *Clients, Prep) (Op, error) {
	return func(ctx context.Context, c *Clients, p Prep) (Op, error) {
		bucket, err := s3Bucket(ctx, c, p)
		if err != nil {
			return nil, err
		}
		key := "get-1k"
		if size == mib {
			key = "get-1m"
		}
		if _, err := c.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(payload(size))}); err != nil {
			return nil, setupErr(err)
		}
		n := p.Preload
		return func(ctx context.Context, w, seq int) error {
			k := key
			if n > 0 {
				k = preKey(rand.IntN(n))
			}
			out, err := c.S3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(k)})
			if err != nil {
				return err
			}
			defer out.Body.Close()
			got, err := io.Copy(io.Discard, out.Body)
			if err != nil {
				return err
			}
			if n == 0 && got != int64(size) {
				return fmt.Errorf("GetObject: %d bytes, want %d", got, size)
			}
			return nil
		}, nil
	}
}

func preKey(i int) string { return fmt.Sprintf("pre/%06d", i) }

// s3Bucket creates the workload's bucket and preloads p.Preload 1 KiB objects.
func s3Bucket(ctx context.Context, c *Clients, p Prep) (string, error) {
	bucket := p.Prefix
	if _, err := c.S3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		return "", setupErr(err)
	}
	body := payload(kib)
	err := parallel(ctx, p.Preload, func(i int) error {
		_, err := c.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(preKey(i)), Body: bytes.NewReader(body)})
		return err
	})
	return bucket, err
}

func sqsRoundTrip(ctx context.Context, c *Clients, p Prep) (Op, error) {
	q, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(p.Prefix)})
	if err != nil {
		return nil, setupErr(err)
	}
	qurl := q.QueueUrl
	err = parallel(ctx, (p.Preload+9)/10, func(i int) error {
		var entries []sqstypes.SendMessageBatchRequestEntry
		for j := range min(10, p.Preload-10*i) {
			entries = append(entries, sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(j)), MessageBody: aws.String(sqsBody)})
		}
		out, err := c.SQS.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: qurl, Entries: entries})
		if err == nil && len(out.Failed) > 0 {
			err = fmt.Errorf("SendMessageBatch: %d failed", len(out.Failed))
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, w, seq int) error {
		if _, err := c.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: qurl, MessageBody: aws.String(sqsBody)}); err != nil {
			return err
		}
		// Another worker may hold every visible message for a moment.
		for range 20 {
			out, err := c.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: qurl, MaxNumberOfMessages: 1})
			if err != nil {
				return err
			}
			if len(out.Messages) == 1 {
				_, err = c.SQS.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: qurl, ReceiptHandle: out.Messages[0].ReceiptHandle})
				return err
			}
		}
		return errors.New("ReceiveMessage: no message after 20 tries")
	}, nil
}

var (
	topicArnRe = regexp.MustCompile(`<TopicArn>([^<]+)</TopicArn>`)
	subArnRe   = regexp.MustCompile(`<SubscriptionArn>([^<]+)</SubscriptionArn>`)
)

func snsPublish(ctx context.Context, c *Clients, p Prep) (Op, error) {
	body, err := c.SNS.Do(ctx, "CreateTopic", url.Values{"Name": {p.Prefix}})
	if err != nil {
		return nil, setupErr(err)
	}
	m := topicArnRe.FindSubmatch(body)
	if m == nil {
		return nil, fmt.Errorf("CreateTopic: no TopicArn in %q", body)
	}
	topic := string(m[1])
	q, err := c.SQS.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(p.Prefix)})
	if err != nil {
		return nil, setupErr(err)
	}
	attrs, err := c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		return nil, setupErr(err)
	}
	body, err = c.SNS.Do(ctx, "Subscribe", url.Values{"TopicArn": {topic}, "Protocol": {"sqs"}, "Endpoint": {attrs.Attributes["QueueArn"]}})
	if err != nil {
		return nil, setupErr(err)
	}
	if subArnRe.FindSubmatch(body) == nil {
		return nil, fmt.Errorf("Subscribe: no SubscriptionArn in %q", body)
	}
	publish := func(ctx context.Context, _, _ int) error {
		_, err := c.SNS.Do(ctx, "Publish", url.Values{"TopicArn": {topic}, "Message": {snsMessage}})
		return err
	}
	// Every Publish leaves a message in the queue: drop them afterwards.
	p.cleanup(func(ctx context.Context) error {
		_, err := c.SQS.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: q.QueueUrl})
		return err
	})
	// Prove delivery once: the timed op is Publish alone.
	if err := publish(ctx, 0, 0); err != nil {
		return nil, err
	}
	for i := 0; ; i++ {
		out, err := c.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, WaitTimeSeconds: 1})
		if err != nil {
			return nil, err
		}
		if len(out.Messages) > 0 {
			break
		}
		if i == 5 {
			return nil, errors.New("SNS: the published message never reached the SQS subscription")
		}
	}
	return publish, nil
}

func ddbTable(ctx context.Context, c *Clients, p Prep) (string, error) {
	table := p.Prefix
	_, err := c.DynamoDB.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String(table),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS},
			{AttributeName: aws.String("sk"), AttributeType: ddbtypes.ScalarAttributeTypeS},
		},
		KeySchema: []ddbtypes.KeySchemaElement{
			{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash},
			{AttributeName: aws.String("sk"), KeyType: ddbtypes.KeyTypeRange},
		},
		BillingMode: ddbtypes.BillingModePayPerRequest,
	})
	if err != nil {
		return "", setupErr(err)
	}
	for i := 0; ; i++ {
		d, err := c.DynamoDB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
		if err != nil {
			return "", setupErr(err)
		}
		if d.Table.TableStatus == ddbtypes.TableStatusActive {
			break
		}
		if i == 100 {
			return "", fmt.Errorf("table %s: still %s after 10 s", table, d.Table.TableStatus)
		}
		time.Sleep(100 * time.Millisecond)
	}
	err = parallel(ctx, p.Preload, func(i int) error {
		_, err := c.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item(preKey(i), "0")})
		return err
	})
	return table, err
}

// item is a row of about 150 bytes.
func item(pk, sk string) map[string]ddbtypes.AttributeValue {
	return map[string]ddbtypes.AttributeValue{
		"pk":    &ddbtypes.AttributeValueMemberS{Value: pk},
		"sk":    &ddbtypes.AttributeValueMemberS{Value: sk},
		"data":  &ddbtypes.AttributeValueMemberS{Value: string(payload(100))},
		"count": &ddbtypes.AttributeValueMemberN{Value: "42"},
		"flag":  &ddbtypes.AttributeValueMemberBOOL{Value: true},
	}
}

func key(pk, sk string) map[string]ddbtypes.AttributeValue {
	return map[string]ddbtypes.AttributeValue{
		"pk": &ddbtypes.AttributeValueMemberS{Value: pk},
		"sk": &ddbtypes.AttributeValueMemberS{Value: sk},
	}
}

func ddbPut(ctx context.Context, c *Clients, p Prep) (Op, error) {
	table, err := ddbTable(ctx, c, p)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, w, seq int) error {
		_, err := c.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item("w"+strconv.Itoa(w), strconv.Itoa(seq%256))})
		return err
	}, nil
}

func ddbGet(ctx context.Context, c *Clients, p Prep) (Op, error) {
	table, err := ddbTable(ctx, c, p)
	if err != nil {
		return nil, err
	}
	if _, err := c.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item("get", "0")}); err != nil {
		return nil, setupErr(err)
	}
	n := p.Preload
	return func(ctx context.Context, w, seq int) error {
		pk := "get"
		if n > 0 {
			pk = preKey(rand.IntN(n))
		}
		out, err := c.DynamoDB.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(table), Key: key(pk, "0")})
		if err == nil && len(out.Item) == 0 {
			err = errors.New("GetItem: no item")
		}
		return err
	}, nil
}

func ddbQuery(ctx context.Context, c *Clients, p Prep) (Op, error) {
	table, err := ddbTable(ctx, c, p)
	if err != nil {
		return nil, err
	}
	for i := range 10 {
		if _, err := c.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item("q", fmt.Sprintf("%02d", i))}); err != nil {
			return nil, setupErr(err)
		}
	}
	return func(ctx context.Context, w, seq int) error {
		out, err := c.DynamoDB.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(table),
			KeyConditionExpression:    aws.String("pk = :p"),
			ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":p": &ddbtypes.AttributeValueMemberS{Value: "q"}},
		})
		if err == nil && len(out.Items) != 10 {
			err = fmt.Errorf("Query: %d items, want 10", len(out.Items))
		}
		return err
	}, nil
}

func stsIdentity(ctx context.Context, c *Clients, _ Prep) (Op, error) {
	op := func(ctx context.Context, _, _ int) error {
		_, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		return err
	}
	if err := op(ctx, 0, 0); err != nil {
		return nil, setupErr(err)
	}
	return op, nil
}

// setupErr turns "the service or operation is not there" answers into a
// SkipError: HTTP 501, or 404/400 with an unknown-operation code.
func setupErr(err error) error {
	var qe *QueryError
	if errors.As(err, &qe) && qe.Status == http.StatusNotImplemented {
		return &SkipError{Reason: "not implemented yet (" + qe.Action + " answers 501)"}
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotImplemented {
		op := "the setup"
		var oe *smithy.OperationError
		if errors.As(err, &oe) {
			op = oe.OperationName
		}
		return &SkipError{Reason: "not implemented yet (" + op + " answers 501)"}
	}
	return err
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.Index(s, "api error "); i >= 0 {
		s = s[i+len("api error "):]
	}
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// parallel calls f(i) for i in [0, n) from 16 goroutines and returns the
// first error.
func parallel(ctx context.Context, n int, f func(i int) error) error {
	var next atomic.Int64
	var first error
	var once sync.Once
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					once.Do(func() { first = err })
					next.Store(int64(n))
					return
				}
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}
