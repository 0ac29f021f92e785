package jsonrpc

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// QueueDoesNotExist is named after the SQS shape; its code is the one SQS's
// awsQueryError trait gives it (botocore sqs query model, and
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html).
type QueueDoesNotExist struct{ protocoltest.ModelledError }

// namedError reports its shape name as generated errors do
// (awsapi.ShapeNamer) although its Go type is named otherwise.
type namedError struct {
	protocoltest.ModelledError
	shape string
}

func (e *namedError) ErrorShapeName() string { return e.shape }

// ConditionalCheckFailedException is named after the DynamoDB shape.
type ConditionalCheckFailedException struct{ protocoltest.ModelledError }

// DashboardNotFoundError is named after the CloudWatch shape whose code
// ("ResourceNotFound") it shares with the ResourceNotFound shape.
type DashboardNotFoundError struct{ protocoltest.ModelledError }

var errorCases = []struct {
	name, service, op string
	err               awsapi.APIError
	fields            map[string]any
	meta              protocol.Meta
}{
	{"dynamodb_ResourceNotFoundException", "dynamodb", "DescribeTable",
		&awsapi.Error{Code: "ResourceNotFoundException", Message: "Requested resource not found: Table: t not found", Status: 400, Sender: true},
		map[string]any{"message": "Requested resource not found: Table: t not found"}, protocol.Meta{}},
	{"dynamodb_ConditionalCheckFailed_with_item", "dynamodb", "PutItem",
		&ConditionalCheckFailedException{protocoltest.Modelled("ConditionalCheckFailedException", "The conditional request failed", 400)},
		map[string]any{"message": "The conditional request failed", "Item": map[string]any{"pk": map[string]any{"S": "k"}}}, protocol.Meta{}},
	{"dynamodb_ValidationException", "dynamodb", "PutItem",
		awsapi.ValidationError("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"), nil, protocol.Meta{}},
	{"dynamodb_SerializationException", "dynamodb", "ListTables",
		SerializationError("Value at 'Limit' must be a integer, found a string"), nil, protocol.Meta{}},
	{"dynamodb_UnknownOperation_no_op", "dynamodb", "",
		unknownOperation("Operation DropEverything is not supported by service dynamodb"), nil, protocol.Meta{}},
	{"dynamodb_InternalError_500", "dynamodb", "ListTables",
		awsapi.InternalError("dynamodb", "ListTables", "boom"), nil, protocol.Meta{}},
	{"dynamodb_NotImplemented_501", "dynamodb", "ListTables",
		awsapi.NotImplemented("dynamodb", "ListTables"), nil, protocol.Meta{}},
	{"kinesis_ResourceNotFound_json11", "kinesis", "DescribeStream",
		&awsapi.Error{Code: "ResourceNotFoundException", Message: "Stream s under account 000000000000 not found.", Status: 400, Sender: true},
		nil, protocol.Meta{}},
	{"sqs_QueueDoesNotExist_query_compatible", "sqs", "GetQueueUrl",
		&QueueDoesNotExist{protocoltest.Modelled("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.", 400)},
		map[string]any{"message": "The specified queue does not exist."}, protocol.Meta{QueryCompatible: true, RequestID: "r"}},
	{"sqs_QueueDoesNotExist_via_ShapeNamer", "sqs", "GetQueueUrl",
		&namedError{protocoltest.Modelled("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.", 400), "QueueDoesNotExist"},
		nil, protocol.Meta{QueryCompatible: true}},
	// The code alone finds the shape through the model's awsQueryError code
	// (server/model/patches/sqs.json restores them).
	{"sqs_QueueDoesNotExist_by_query_code", "sqs", "GetQueueUrl",
		&awsapi.Error{Code: "AWS.SimpleQueueService.NonExistentQueue", Message: "The specified queue does not exist.", Status: 400, Sender: true},
		nil, protocol.Meta{QueryCompatible: true}},
	{"sqs_QueueDoesNotExist_shape_name_as_code", "sqs", "GetQueueUrl",
		&awsapi.Error{Code: "QueueDoesNotExist", Message: "The specified queue does not exist.", Status: 400, Sender: true},
		nil, protocol.Meta{QueryCompatible: true}},
	{"sqs_InvalidAttributeName_query_compatible_unmodelled_code", "sqs", "CreateQueue",
		&awsapi.Error{Code: "InvalidAttributeName", Message: "Unknown Attribute Foo.", Status: 400, Sender: true},
		nil, protocol.Meta{QueryCompatible: true}},
	{"sqs_InternalError_query_compatible_receiver", "sqs", "SendMessage",
		awsapi.InternalError("sqs", "SendMessage", "boom"), nil, protocol.Meta{QueryCompatible: true}},
	{"cloudwatch_DashboardNotFoundError_shared_code", "cloudwatch", "GetDashboard",
		&DashboardNotFoundError{protocoltest.Modelled("ResourceNotFound", "Dashboard d does not exist", 404)},
		map[string]any{"message": "Dashboard d does not exist"}, protocol.Meta{QueryCompatible: true}},
}

func TestEncodeErrorGolden(t *testing.T) {
	c := New()
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			svc := protocoltest.LoadService(t, tc.service)
			rec := protocoltest.Record(t, c, svc, tc.op, nil, tc.err, tc.fields, tc.meta)
			if rec.Code != tc.err.HTTPStatusCode() {
				t.Errorf("status %d, want %d", rec.Code, tc.err.HTTPStatusCode())
			}
			checkGolden(t, "error/"+tc.name, protocoltest.DumpResponse(rec, nil))
		})
	}
}

func TestEncodeErrorNilService(t *testing.T) {
	rec := httptest.NewRecorder()
	New().EncodeError(rec, nil, nil, unknownOperation("no service"), nil, protocol.Meta{})
	if rec.Code != http.StatusBadRequest || rec.Header().Get("X-Amzn-ErrorType") != "UnknownOperationException" {
		t.Fatalf("got %d %v", rec.Code, rec.Header())
	}
}
