package cbor

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	fxcbor "github.com/fxamacker/cbor/v2"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// The AWS SDK for Java's Kinesis requests: X-Amz-Target, Content-Type
// application/x-amz-cbor-1.1, blobs as byte strings and timestamps as tag 1
// with epoch milliseconds (SdkCborGenerator.writeValue: writeTag(1) then
// writeNumber(date.getTime())).
func TestLegacyDecodeKinesis(t *testing.T) {
	svc := protocoltest.LoadService(t, "kinesis")
	c := NewLegacy()
	body, err := fxcbor.Marshal(map[string]any{
		"StreamName": "s", "ShardId": "shardId-000000000000", "ShardIteratorType": "AT_TIMESTAMP",
		"Timestamp": fxcbor.Tag{Number: 1, Content: int64(1700000000123)},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	r.Header.Set("Content-Type", LegacyContentType)
	r.Header.Set("X-Amz-Target", "Kinesis_20131202.GetShardIterator")
	op, err := c.Operation(svc, r)
	if err != nil || op.Name != "GetShardIterator" {
		t.Fatalf("operation = %v, %v", op, err)
	}
	in, err := c.Decode(svc, op, r)
	if err != nil {
		t.Fatal(err)
	}
	if ts := in["Timestamp"].(time.Time); !ts.Equal(time.UnixMilli(1700000000123)) {
		t.Fatalf("Timestamp = %v", ts)
	}

	put, _ := fxcbor.Marshal(map[string]any{"StreamName": "s", "PartitionKey": "k", "Data": []byte{0, 1, 2}})
	r = httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(put))
	r.Header.Set("X-Amz-Target", "Kinesis_20131202.PutRecord")
	op, _ = c.Operation(svc, r)
	in, err = c.Decode(svc, op, r)
	if err != nil || !bytes.Equal(in["Data"].([]byte), []byte{0, 1, 2}) {
		t.Fatalf("PutRecord input = %v, %v", in, err)
	}
	r = httptest.NewRequest(http.MethodPost, "/", bytes.NewReader([]byte{0xff}))
	r.Header.Set("X-Amz-Target", "Kinesis_20131202.PutRecord")
	if _, err := c.Decode(svc, op, r); err == nil {
		t.Fatal("malformed CBOR decoded")
	}
}

// Responses: a CBOR map with timestamps as tag 1 epoch milliseconds; errors a
// map with __type and message plus X-Amzn-ErrorType.
func TestLegacyEncodeKinesis(t *testing.T) {
	svc := protocoltest.LoadService(t, "kinesis")
	c := NewLegacy()
	op := svc.Operations["GetRecords"]
	rec := httptest.NewRecorder()
	at := time.UnixMilli(1700000000123).UTC()
	err := c.Encode(rec, svc, op, map[string]any{"Records": []any{map[string]any{
		"SequenceNumber": "1", "Data": []byte("hi"), "PartitionKey": "k", "ApproximateArrivalTimestamp": at}},
		"MillisBehindLatest": int64(0)}, protocol.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if ct := rec.Header().Get("Content-Type"); ct != LegacyContentType {
		t.Fatalf("Content-Type = %s", ct)
	}
	var raw map[string]any
	if err := fxcbor.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	r0 := raw["Records"].([]any)[0].(map[any]any)
	if ts, ok := r0["ApproximateArrivalTimestamp"].(time.Time); !ok || ts.Unix() != 1700000000123 {
		t.Fatalf("ApproximateArrivalTimestamp = %#v (want tag 1 with the millisecond number)", r0["ApproximateArrivalTimestamp"])
	}
	if !bytes.Equal(r0["Data"].([]byte), []byte("hi")) {
		t.Fatalf("Data = %#v", r0["Data"])
	}

	rec = httptest.NewRecorder()
	c.EncodeError(rec, svc, op, awsapi.NewError(400, "ExpiredIteratorException", "Iterator expired."), nil, protocol.Meta{})
	var e map[any]any
	if err := fxcbor.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 400 || e["__type"] != "ExpiredIteratorException" || e["message"] != "Iterator expired." ||
		rec.Header().Get("X-Amzn-ErrorType") != "ExpiredIteratorException" {
		t.Fatalf("error = %d %v %v", rec.Code, e, rec.Header())
	}
}
