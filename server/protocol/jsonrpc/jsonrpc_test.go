package jsonrpc

import (
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// decodeCases are requests as aws-sdk-go-v2 and the AWS CLI send them
// (members and targets from the botocore models; wire rules from the Smithy
// awsJson1_0/1_1 specs: epoch-second timestamps, base64 blobs).
var decodeCases = []struct {
	name, service, target, body string
}{
	{"dynamodb_ListTables_empty_body", "dynamodb", "DynamoDB_20120810.ListTables", ""},
	{"dynamodb_ListTables_limit", "dynamodb", "DynamoDB_20120810.ListTables", `{"Limit":10,"ExclusiveStartTableName":"a"}`},
	{"dynamodb_PutItem_attributes", "dynamodb", "DynamoDB_20120810.PutItem", `{"TableName":"t","Item":{
		"pk":{"S":"k"},"n":{"N":"1.50"},"b":{"B":"aGk="},"ok":{"BOOL":true},"nul":{"NULL":true},
		"m":{"M":{"inner":{"L":[{"S":"x"},{"N":"2"}]}}},"ss":{"SS":["a","b"]},"bs":{"BS":["AQI="]}},
		"ReturnValues":"ALL_OLD","Unknown":"ignored","Expected":null}`},
	{"sqs_SendMessage_attributes", "sqs", "AmazonSQS.SendMessage", `{"QueueUrl":"http://q","MessageBody":"<b>&</b>","DelaySeconds":5,
		"MessageAttributes":{"bin":{"DataType":"Binary","BinaryValue":"AAEC"},"s":{"DataType":"String","StringValue":"v"}}}`},
	{"kinesis_PutRecord_json11", "kinesis", "Kinesis_20131202.PutRecord", `{"StreamName":"s","Data":"ZGF0YQ==","PartitionKey":"p"}`},
	{"kinesis_GetShardIterator_fractional_timestamp", "kinesis", "Kinesis_20131202.GetShardIterator",
		`{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1496392800.123}`},
	{"kinesis_GetShardIterator_integer_timestamp", "kinesis", "Kinesis_20131202.GetShardIterator",
		`{"StreamName":"s","ShardId":"x","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1496392800}`},
	{"cloudwatch_PutMetricData_special_floats", "cloudwatch", "GraniteServiceVersion20100801.PutMetricData",
		`{"Namespace":"n","MetricData":[{"MetricName":"m","Value":"NaN","Values":["Infinity","-Infinity",1.5,2],"Timestamp":0}]}`},
	{"cognitoidp_document_member", "cognito-idp", "AWSCognitoIdentityProviderService.CreateManagedLoginBranding",
		`{"UserPoolId":"p","ClientId":"c","Settings":{"n":1.5,"i":2,"l":[true,null,"s"],"o":{"k":{}}}}`},
	// Errors.
	{"error_missing_target", "dynamodb", "", `{}`},
	{"error_malformed_target", "dynamodb", "ListTables", `{}`},
	{"error_foreign_target_prefix", "dynamodb", "AmazonSQS.ListQueues", `{}`},
	{"error_unknown_operation", "dynamodb", "DynamoDB_20120810.DropEverything", `{}`},
	{"error_malformed_json", "dynamodb", "DynamoDB_20120810.ListTables", `{"Limit":`},
	{"error_trailing_data", "dynamodb", "DynamoDB_20120810.ListTables", `{} {}`},
	{"error_body_not_object", "dynamodb", "DynamoDB_20120810.ListTables", `[1,2]`},
	{"error_string_for_integer", "sqs", "AmazonSQS.SendMessage", `{"QueueUrl":"q","MessageBody":"b","DelaySeconds":"5"}`},
	{"error_integer_out_of_range", "sqs", "AmazonSQS.SendMessage", `{"QueueUrl":"q","MessageBody":"b","DelaySeconds":4294967296}`},
	{"error_fraction_for_integer", "dynamodb", "DynamoDB_20120810.ListTables", `{"Limit":1.5}`},
	{"error_object_for_string", "dynamodb", "DynamoDB_20120810.DescribeTable", `{"TableName":{"S":"t"}}`},
	{"error_bad_base64", "kinesis", "Kinesis_20131202.PutRecord", `{"StreamName":"s","Data":"!!!","PartitionKey":"p"}`},
	{"error_list_for_map", "dynamodb", "DynamoDB_20120810.PutItem", `{"TableName":"t","Item":[]}`},
	{"error_bad_timestamp", "kinesis", "Kinesis_20131202.GetShardIterator", `{"StreamName":"s","ShardId":"x","ShardIteratorType":"AT_TIMESTAMP","Timestamp":"yesterday"}`},
}

func TestDecodeGolden(t *testing.T) {
	c := New()
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			svc := protocoltest.LoadService(t, tc.service)
			r := newRequest(tc.target, tc.body)
			checkGolden(t, "decode/"+tc.name, protocoltest.DumpDecode(t, c, svc, r))
		})
	}
}

var encodeCases = []struct {
	name, service, op string
	out               map[string]any
}{
	{"dynamodb_ListTables", "dynamodb", "ListTables", map[string]any{"TableNames": []any{"a", "b"}, "LastEvaluatedTableName": "b"}},
	{"dynamodb_GetItem_nested", "dynamodb", "GetItem", map[string]any{"Item": map[string]any{
		"pk": map[string]any{"S": "<k&>"}, "n": map[string]any{"N": "1.5"}, "b": map[string]any{"B": []byte{0, 1, 2}},
		"l": map[string]any{"L": []any{map[string]any{"BOOL": true}, map[string]any{"NULL": true}}},
	}}},
	{"dynamodb_DescribeTable_timestamp", "dynamodb", "DescribeTable", map[string]any{"Table": map[string]any{
		"TableName": "t", "CreationDateTime": time.Date(2017, 6, 2, 8, 40, 0, 123e6, time.UTC), "ItemCount": int64(3),
		"TableSizeBytes": int64(1 << 40),
	}}},
	{"kinesis_GetRecords_json11", "kinesis", "GetRecords", map[string]any{"Records": []any{map[string]any{
		"Data": []byte("data"), "PartitionKey": "p", "SequenceNumber": "1",
		"ApproximateArrivalTimestamp": time.Date(2017, 6, 2, 8, 40, 0, 0, time.UTC),
	}}, "MillisBehindLatest": int64(0)}},
	{"cognitoidp_document_member", "cognito-idp", "DescribeManagedLoginBranding", map[string]any{"ManagedLoginBranding": map[string]any{
		"ManagedLoginBrandingId": "b", "Settings": map[string]any{"n": 1.5, "i": float64(2), "l": []any{true, nil, "s"}, "inf": math.Inf(1)},
		"CreationDate": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
	}}},
	{"sqs_DeleteQueue_no_output", "sqs", "DeleteQueue", nil},
	{"sqs_GetQueueUrl", "sqs", "GetQueueUrl", map[string]any{"QueueUrl": "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/q"}},
	{"cloudwatch_GetMetricStatistics_floats", "cloudwatch", "GetMetricStatistics", map[string]any{"Label": "m", "Datapoints": []any{
		map[string]any{"Average": math.NaN(), "Maximum": math.Inf(1), "Minimum": math.Inf(-1), "Sum": 0.1, "SampleCount": 1e21},
	}}},
}

func TestEncodeGolden(t *testing.T) {
	c := New()
	for _, tc := range encodeCases {
		t.Run(tc.name, func(t *testing.T) {
			svc := protocoltest.LoadService(t, tc.service)
			rec := protocoltest.Record(t, c, svc, tc.op, tc.out, nil, nil, protocol.Meta{RequestID: "req-1"})
			checkGolden(t, "encode/"+tc.name, protocoltest.DumpResponse(rec, nil))
		})
	}
}

func TestDecodeBodyTooLarge(t *testing.T) {
	svc := protocoltest.LoadService(t, "dynamodb")
	c := New()
	r := newRequest("DynamoDB_20120810.ListTables", `{"ExclusiveStartTableName":"`+strings.Repeat("a", 100)+`"}`)
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 10)
	op, err := c.Operation(svc, r)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Decode(svc, op, r)
	var ae *awsapi.Error
	if !errors.As(err, &ae) || ae.Status != http.StatusRequestEntityTooLarge || ae.Code != "RequestEntityTooLarge" {
		t.Fatalf("err = %v", err)
	}
}
