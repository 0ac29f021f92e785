// Package dynamodbstreams is the Amazon DynamoDB Streams provider: it reads
// the change records DynamoDB tables write to their streams. It holds no
// data of its own; a Source (the DynamoDB provider) supplies streams and
// records.
//
// Each stream has one shard that stays open while the stream is enabled and
// is closed (EndingSequenceNumber set) once it is disabled or its table is
// deleted. Shard iterators are opaque tokens that expire after 15 minutes,
// as the API Reference documents for GetShardIterator.
package dynamodbstreams

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/services/dynamodb"
)

// Source is what the streams API reads: DynamoDB's streams of the caller's
// account and region. *dynamodb.Service implements it.
type Source interface {
	// Streams lists streams, oldest first.
	Streams(ctx context.Context) []dynamodb.StreamInfo
	// StreamRecords returns up to limit records from sequence number from.
	StreamRecords(ctx context.Context, arn string, from int64, limit int) ([]dynamodb.StreamEvent, dynamodb.StreamInfo, bool)
}

var _ Source = (*dynamodb.Service)(nil)

// Service implements Provider over a Source.
type Service struct {
	Unimplemented
	env awsapi.Env
	src Source
}

var _ Provider = (*Service)(nil)

// New returns a streams provider reading from src.
func New(env awsapi.Env, src Source) *Service { return &Service{env: env, src: src} }

// iteratorTTL is how long a shard iterator stays valid.
const iteratorTTL = 15 * time.Minute

func ptr[T any](v T) *T { return &v }

// ListStreams lists stream ARNs, optionally of one table, at most Limit
// (1–100, default 100) after ExclusiveStartStreamArn.
func (s *Service) ListStreams(ctx context.Context, in *ListStreamsInput) (*ListStreamsOutput, error) {
	limit := 100
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	out := &ListStreamsOutput{Streams: []Stream{}}
	started := in.ExclusiveStartStreamArn == nil
	for _, st := range s.src.Streams(ctx) {
		if !started {
			started = st.ARN == *in.ExclusiveStartStreamArn
			continue
		}
		if in.TableName != nil && *in.TableName != st.TableName {
			continue
		}
		if len(out.Streams) == limit {
			out.LastEvaluatedStreamArn = out.Streams[limit-1].StreamArn
			break
		}
		out.Streams = append(out.Streams, Stream{StreamArn: ptr(st.ARN), TableName: ptr(st.TableName), StreamLabel: ptr(st.Label)})
	}
	return out, nil
}

func notFound(arn string) error {
	return &ResourceNotFoundException{Message: ptr("Requested resource not found: Stream: " + arn + " not found")}
}

func (s *Service) stream(ctx context.Context, arn string) (dynamodb.StreamInfo, bool) {
	for _, st := range s.src.Streams(ctx) {
		if st.ARN == arn {
			return st, true
		}
	}
	return dynamodb.StreamInfo{}, false
}

// DescribeStream describes a stream and its shard. Errors:
// ResourceNotFoundException.
func (s *Service) DescribeStream(ctx context.Context, in *DescribeStreamInput) (*DescribeStreamOutput, error) {
	st, ok := s.stream(ctx, deref(in.StreamArn))
	if !ok {
		return nil, notFound(deref(in.StreamArn))
	}
	d := &StreamDescription{
		StreamArn: ptr(st.ARN), StreamLabel: ptr(st.Label), StreamStatus: ptr(st.Status),
		StreamViewType: ptr(st.ViewType), CreationRequestDateTime: ptr(st.Created), TableName: ptr(st.TableName),
		Shards: []Shard{},
	}
	for _, k := range st.KeySchema {
		d.KeySchema = append(d.KeySchema, KeySchemaElement{AttributeName: k.AttributeName, KeyType: k.KeyType})
	}
	if in.ExclusiveStartShardId == nil || *in.ExclusiveStartShardId < st.ShardID {
		sh := Shard{ShardId: ptr(st.ShardID), SequenceNumberRange: &SequenceNumberRange{
			StartingSequenceNumber: ptr(dynamodb.SequenceNumberString(st.FirstSeq)),
		}}
		if st.Closed {
			sh.SequenceNumberRange.EndingSequenceNumber = ptr(dynamodb.SequenceNumberString(st.NextSeq - 1))
		}
		d.Shards = append(d.Shards, sh)
	}
	return &DescribeStreamOutput{StreamDescription: d}, nil
}

// iterator is the content of a ShardIterator token.
type iterator struct {
	Stream string    `json:"s"`
	Shard  string    `json:"h"`
	Next   int64     `json:"n"` // next sequence number to return
	Issued time.Time `json:"t"`
}

func (it iterator) encode() *string {
	b, _ := json.Marshal(it)
	return ptr(it.Stream + "|" + base64.RawURLEncoding.EncodeToString(b))
}

func decodeIterator(tok string) (iterator, bool) {
	var it iterator
	_, enc, ok := strings.Cut(tok, "|")
	if !ok {
		return it, false
	}
	b, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || json.Unmarshal(b, &it) != nil || it.Stream == "" {
		return it, false
	}
	return it, true
}

// GetShardIterator returns an iterator at TRIM_HORIZON (the oldest record),
// LATEST (after the newest), AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER.
// Errors: ResourceNotFoundException (stream or shard), ValidationException
// (sequence number missing or invalid), TrimmedDataAccessException (a
// sequence number older than the retained records).
func (s *Service) GetShardIterator(ctx context.Context, in *GetShardIteratorInput) (*GetShardIteratorOutput, error) {
	arn := deref(in.StreamArn)
	st, ok := s.stream(ctx, arn)
	if !ok {
		return nil, notFound(arn)
	}
	if deref(in.ShardId) != st.ShardID {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: Shard does not exist")}
	}
	it := iterator{Stream: arn, Shard: st.ShardID, Issued: s.env.Now()}
	switch typ := deref(in.ShardIteratorType); typ {
	case "TRIM_HORIZON":
		it.Next = st.FirstSeq
	case "LATEST":
		it.Next = st.NextSeq
	case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER":
		if in.SequenceNumber == nil {
			return nil, awsapi.ValidationError("Must specify a sequence number for iterator type: %s", typ)
		}
		n, ok := dynamodb.ParseSequenceNumber(*in.SequenceNumber)
		if !ok || n >= st.NextSeq {
			return nil, awsapi.ValidationError("Invalid SequenceNumber: %s", *in.SequenceNumber)
		}
		if n < st.FirstSeq {
			return nil, &TrimmedDataAccessException{Message: ptr("Attempted to access data which is trimmed: sequence number " + *in.SequenceNumber)}
		}
		it.Next = n
		if typ == "AFTER_SEQUENCE_NUMBER" {
			it.Next++
		}
	}
	return &GetShardIteratorOutput{ShardIterator: it.encode()}, nil
}

// GetRecords returns up to Limit (1–1000, default 1000) records from the
// iterator's position and the iterator after them; NextShardIterator is
// absent once a closed shard has been read to its end. Errors:
// ValidationException (malformed iterator), ExpiredIteratorException (older
// than 15 minutes), ResourceNotFoundException, TrimmedDataAccessException.
func (s *Service) GetRecords(ctx context.Context, in *GetRecordsInput) (*GetRecordsOutput, error) {
	it, ok := decodeIterator(deref(in.ShardIterator))
	if !ok {
		return nil, awsapi.ValidationError("Invalid ShardIterator")
	}
	now := s.env.Now()
	if now.Sub(it.Issued) > iteratorTTL {
		return nil, &ExpiredIteratorException{Message: ptr("Iterator expired. The iterator was created at time " +
			it.Issued.UTC().Format(time.RFC1123) + " while right now it is " + now.UTC().Format(time.RFC1123) +
			" which is further in the future than the tolerated delay of 900000 milliseconds.")}
	}
	limit := 1000
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	recs, st, ok := s.src.StreamRecords(ctx, it.Stream, it.Next, limit)
	if !ok {
		return nil, notFound(it.Stream)
	}
	if it.Next < st.FirstSeq {
		return nil, &TrimmedDataAccessException{Message: ptr("Attempted to access data which is trimmed")}
	}
	region := awsapi.RequestFrom(ctx).Region
	out := &GetRecordsOutput{Records: make([]Record, 0, len(recs))}
	next := it.Next
	for _, e := range recs {
		out.Records = append(out.Records, record(e, region))
		next = e.Seq + 1
	}
	if !st.Closed || next < st.NextSeq {
		it.Next, it.Issued = next, now
		out.NextShardIterator = it.encode()
	}
	return out, nil
}

// record renders a stream event as the streams API's Record (eventVersion
// 1.1, eventSource aws:dynamodb).
func record(e dynamodb.StreamEvent, region string) Record {
	r := Record{
		EventID: ptr(e.EventID), EventName: ptr(e.EventName), EventVersion: ptr("1.1"),
		EventSource: ptr("aws:dynamodb"), AwsRegion: ptr(region),
		Dynamodb: &StreamRecord{
			ApproximateCreationDateTime: ptr(e.At.Truncate(time.Second)), Keys: item(e.Keys),
			NewImage: item(e.NewImage), OldImage: item(e.OldImage),
			SequenceNumber: ptr(dynamodb.SequenceNumberString(e.Seq)), SizeBytes: ptr(e.SizeBytes),
			StreamViewType: ptr(e.ViewType),
		},
	}
	if e.TTL {
		r.UserIdentity = &Identity{Type: ptr("Service"), PrincipalId: ptr("dynamodb.amazonaws.com")}
	}
	return r
}

// item converts a DynamoDB item to the streams API's AttributeValue type.
func item(m map[string]dynamodb.AttributeValue) map[string]AttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]AttributeValue, len(m))
	for k, v := range m {
		out[k] = value(v)
	}
	return out
}

func value(v dynamodb.AttributeValue) AttributeValue {
	out := AttributeValue{S: v.S, N: v.N, B: v.B, SS: v.SS, NS: v.NS, BS: v.BS, NULL: v.NULL, BOOL: v.BOOL, M: item(v.M)}
	if v.L != nil {
		out.L = make([]AttributeValue, len(v.L))
		for i, e := range v.L {
			out.L[i] = value(e)
		}
	}
	return out
}
