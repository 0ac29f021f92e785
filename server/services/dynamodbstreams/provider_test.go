package dynamodbstreams

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/dynamodb"
)

var ctx = awsapi.WithRequest(context.Background(), &awsapi.Request{Account: "123456789012", Region: "eu-west-1"})

// setup returns a DynamoDB provider with table "t" (stream view type
// view), the streams provider over it, and a settable clock.
func setup(t *testing.T, view string) (*dynamodb.Service, *Service, *time.Time) {
	t.Helper()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var mu sync.Mutex
	n := 0
	env := awsapi.Env{Now: func() time.Time { return now }, NewID: func() string {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
	}}
	db := dynamodb.New(env)
	_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: ptr("t"), BillingMode: ptr("PAY_PER_REQUEST"),
		KeySchema:            []dynamodb.KeySchemaElement{{AttributeName: ptr("pk"), KeyType: ptr("HASH")}},
		AttributeDefinitions: []dynamodb.AttributeDefinition{{AttributeName: ptr("pk"), AttributeType: ptr("S")}},
		StreamSpecification:  &dynamodb.StreamSpecification{StreamEnabled: ptr(true), StreamViewType: ptr(view)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, New(env, db), &now
}

func put(t *testing.T, db *dynamodb.Service, pk string) {
	t.Helper()
	if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: ptr("t"), Item: map[string]dynamodb.AttributeValue{"pk": {S: ptr(pk)}}}); err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var api awsapi.APIError
	if !errors.As(err, &api) || api.ErrorCode() != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

// Iterator types and positions (API Reference, GetShardIterator:
// TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER), Limit,
// and the shard closing when the stream is disabled (no NextShardIterator
// once read to its end).
func TestIterators(t *testing.T) {
	db, s, now := setup(t, "KEYS_ONLY")
	for i := range 5 {
		put(t, db, fmt.Sprint("k", i))
	}
	ls, _ := s.ListStreams(ctx, &ListStreamsInput{})
	arn := ls.Streams[0].StreamArn
	if !strings.HasPrefix(*arn, "arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2026-01-02T03:04:05.000") {
		t.Fatal(*arn)
	}
	d, _ := s.DescribeStream(ctx, &DescribeStreamInput{StreamArn: arn})
	shard := d.StreamDescription.Shards[0].ShardId
	iter := func(typ string, seq *string) *string {
		t.Helper()
		out, err := s.GetShardIterator(ctx, &GetShardIteratorInput{StreamArn: arn, ShardId: shard, ShardIteratorType: ptr(typ), SequenceNumber: seq})
		if err != nil {
			t.Fatal(err)
		}
		return out.ShardIterator
	}
	r, err := s.GetRecords(ctx, &GetRecordsInput{ShardIterator: iter("TRIM_HORIZON", nil), Limit: ptr(int32(2))})
	if err != nil || len(r.Records) != 2 {
		t.Fatalf("%+v %v", r, err)
	}
	second := r.Records[1].Dynamodb.SequenceNumber
	r, _ = s.GetRecords(ctx, &GetRecordsInput{ShardIterator: r.NextShardIterator})
	if len(r.Records) != 3 || *r.Records[0].Dynamodb.Keys["pk"].S != "k2" || r.Records[0].Dynamodb.NewImage != nil {
		t.Fatalf("%+v", r.Records)
	}
	r, _ = s.GetRecords(ctx, &GetRecordsInput{ShardIterator: iter("AT_SEQUENCE_NUMBER", second)})
	if *r.Records[0].Dynamodb.SequenceNumber != *second || len(r.Records) != 4 {
		t.Fatalf("%+v", r.Records)
	}
	r, _ = s.GetRecords(ctx, &GetRecordsInput{ShardIterator: iter("AFTER_SEQUENCE_NUMBER", second)})
	if len(r.Records) != 3 {
		t.Fatalf("%+v", r.Records)
	}
	latest := iter("LATEST", nil)
	r, _ = s.GetRecords(ctx, &GetRecordsInput{ShardIterator: latest})
	if len(r.Records) != 0 || r.NextShardIterator == nil {
		t.Fatalf("%+v", r)
	}
	_, err = s.GetShardIterator(ctx, &GetShardIteratorInput{StreamArn: arn, ShardId: shard, ShardIteratorType: ptr("AT_SEQUENCE_NUMBER")})
	wantCode(t, err, "ValidationException")
	_, err = s.GetShardIterator(ctx, &GetShardIteratorInput{StreamArn: arn, ShardId: ptr("shardId-nope"), ShardIteratorType: ptr("LATEST")})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = s.DescribeStream(ctx, &DescribeStreamInput{StreamArn: ptr(*arn + "x")})
	wantCode(t, err, "ResourceNotFoundException")

	// An iterator expires after 15 minutes.
	*now = now.Add(16 * time.Minute)
	_, err = s.GetRecords(ctx, &GetRecordsInput{ShardIterator: latest})
	wantCode(t, err, "ExpiredIteratorException")

	// Disabled: the shard gets an EndingSequenceNumber; read to its end,
	// GetRecords returns no NextShardIterator.
	if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: ptr("t"), StreamSpecification: &dynamodb.StreamSpecification{StreamEnabled: ptr(false)}}); err != nil {
		t.Fatal(err)
	}
	d, _ = s.DescribeStream(ctx, &DescribeStreamInput{StreamArn: arn})
	if *d.StreamDescription.StreamStatus != "DISABLED" || d.StreamDescription.Shards[0].SequenceNumberRange.EndingSequenceNumber == nil {
		t.Fatalf("%+v", d.StreamDescription)
	}
	r, _ = s.GetRecords(ctx, &GetRecordsInput{ShardIterator: iter("TRIM_HORIZON", nil)})
	if len(r.Records) != 5 || r.NextShardIterator != nil {
		t.Fatalf("%+v", r)
	}
}

// Records older than 24 hours are trimmed (Developer Guide: "stream
// records are retained for 24 hours").
func TestRetention(t *testing.T) {
	db, s, now := setup(t, "NEW_AND_OLD_IMAGES")
	put(t, db, "old")
	*now = now.Add(25 * time.Hour)
	put(t, db, "new")
	ls, _ := s.ListStreams(ctx, &ListStreamsInput{TableName: ptr("t")})
	d, _ := s.DescribeStream(ctx, &DescribeStreamInput{StreamArn: ls.Streams[0].StreamArn})
	it, _ := s.GetShardIterator(ctx, &GetShardIteratorInput{StreamArn: ls.Streams[0].StreamArn, ShardId: d.StreamDescription.Shards[0].ShardId, ShardIteratorType: ptr("TRIM_HORIZON")})
	r, err := s.GetRecords(ctx, &GetRecordsInput{ShardIterator: it.ShardIterator})
	if err != nil || len(r.Records) != 1 || *r.Records[0].Dynamodb.NewImage["pk"].S != "new" || *r.Records[0].AwsRegion != "eu-west-1" {
		t.Fatalf("%+v %v", r, err)
	}
}
