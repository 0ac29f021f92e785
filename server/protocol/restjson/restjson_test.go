package restjson

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// decodeCases are requests as aws-sdk-go-v2 and the AWS CLI send them; the
// member locations come from the botocore models (lambda unless noted), the
// binding rules from the Smithy HTTP binding traits.
var decodeCases = []struct {
	name, service, method, target string
	header                        map[string]string
	body                          string
}{
	{"lambda_ListFunctions_query", "lambda", "GET", "/2015-03-31/functions/?MaxItems=10&Marker=abc&FunctionVersion=ALL", nil, ""},
	{"lambda_ListFunctions_no_trailing_slash", "lambda", "GET", "/2015-03-31/functions", nil, ""},
	{"lambda_GetFunction_percent_decoded_label", "lambda", "GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af?Qualifier=%24LATEST", nil, ""},
	{"lambda_CreateFunction_body", "lambda", "POST", "/2015-03-31/functions", nil,
		`{"FunctionName":"f","Runtime":"python3.12","Role":"arn:aws:iam::000000000000:role/r","Handler":"h.main",
		"Code":{"ZipFile":"UEsDBA=="},"Timeout":30,"Publish":true,"Environment":{"Variables":{"A":"1"}},"Architectures":["arm64"]}`},
	{"lambda_Invoke_headers_and_blob_payload", "lambda", "POST", "/2015-03-31/functions/f/invocations?Qualifier=1",
		map[string]string{"X-Amz-Invocation-Type": "Event", "X-Amz-Log-Type": "Tail", "X-Amz-Client-Context": "eyJhIjoxfQ=="}, `{"k":1}`},
	{"lambda_Invoke_empty_payload", "lambda", "POST", "/2015-03-31/functions/f/invocations", nil, ""},
	{"lambda_UntagResource_repeated_query_list", "lambda", "DELETE", "/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af?tagKeys=a&tagKeys=b", nil, ""},
	{"lambda_GetLayerVersionByArn_literal_query_wins", "lambda", "GET", "/2018-10-31/layers?find=LayerVersion&Arn=arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Alayer%3Al%3A1", nil, ""},
	{"lambda_ListLayers_without_literal_query", "lambda", "GET", "/2018-10-31/layers?MaxItems=5", nil, ""},
	{"lambda_ListProvisionedConcurrencyConfigs_List_ALL", "lambda", "GET", "/2019-09-30/functions/f/provisioned-concurrency?List=ALL", nil, ""},
	{"lambda_GetProvisionedConcurrencyConfig_Qualifier", "lambda", "GET", "/2019-09-30/functions/f/provisioned-concurrency?Qualifier=1", nil, ""},
	{"greengrassv2_greedy_label", "greengrassv2", "GET", "/greengrass/v2/components/arn%3Ax/artifacts/dir/sub%20dir/file.zip?s3EndpointType=GLOBAL", nil, ""},
	{"dataexchange_headers_prefix_and_query_map", "dataexchange", "POST", "/v1?a=1&b=two",
		map[string]string{"x-amzn-dataexchange-asset-id": "as", "x-amzn-dataexchange-data-set-id": "ds", "x-amzn-dataexchange-revision-id": "rv",
			"X-Amzn-Dataexchange-Header-Accept": "text/csv", "X-Amzn-Dataexchange-Header-X-Trace": "t1"}, "raw string body"},
	{"entityresolution_header_list", "entityresolution", "DELETE", "/matchingworkflows/w/uniqueids", map[string]string{"uniqueIds": `a, b,"c,d", "e\"f"`}, ""},
	{"lexruntime_jsonvalue_headers_streaming_payload", "lex-runtime", "POST", "/bot/b/alias/a/user/u/content",
		map[string]string{"Content-Type": "text/plain; charset=utf-8", "x-amz-lex-session-attributes": "eyJrIjoidiJ9"}, "hello bot"},
	// Errors.
	{"error_bad_jsonvalue_header", "lex-runtime", "POST", "/bot/b/alias/a/user/u/content",
		map[string]string{"Content-Type": "text/plain", "x-amz-lex-session-attributes": "bm90IGpzb24="}, ""},
	{"error_unknown_path", "lambda", "GET", "/2015-03-31/nothing-here", nil, ""},
	{"error_wrong_method", "lambda", "PATCH", "/2015-03-31/functions/f", nil, ""},
	{"error_bad_integer_query", "lambda", "GET", "/2015-03-31/functions/?MaxItems=ten", nil, ""},
	{"error_malformed_json_body", "lambda", "POST", "/2015-03-31/functions", nil, `{"FunctionName":`},
	{"error_body_wrong_type", "lambda", "POST", "/2015-03-31/functions", nil, `{"FunctionName":"f","Timeout":"30"}`},
	{"error_body_not_object", "lambda", "POST", "/2015-03-31/functions", nil, `"f"`},
	{"error_jsonvalue_body_member_must_be_string", "braket", "POST", "/quantum-task", nil, `{"action":{}}`},
}

func TestDecodeGolden(t *testing.T) {
	c := New()
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			svc := protocoltest.LoadService(t, tc.service)
			r := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			for k, v := range tc.header {
				r.Header.Set(k, v)
			}
			checkGolden(t, "decode/"+tc.name, protocoltest.DumpDecode(t, c, svc, r))
		})
	}
}

var encodeCases = []struct {
	name, service, op string
	out               map[string]any
}{
	{"lambda_CreateFunction_201", "lambda", "CreateFunction", map[string]any{
		"FunctionName": "f", "Timeout": int64(3), "MemorySize": int64(128), "LastModified": "2024-01-01T00:00:00.000+0000",
		"Environment": map[string]any{"Variables": map[string]any{"A": "1"}}, "State": "Active",
	}},
	{"lambda_Invoke_payload_and_headers", "lambda", "Invoke", map[string]any{
		"StatusCode": int64(200), "ExecutedVersion": "$LATEST", "LogResult": "bG9n", "FunctionError": "Unhandled",
		"Payload": []byte(`{"errorMessage":"boom"}`),
	}},
	{"lambda_Invoke_async_202", "lambda", "Invoke", map[string]any{"StatusCode": int64(202)}},
	{"lambda_Invoke_streaming_reader", "lambda", "Invoke", map[string]any{"Payload": strings.NewReader("streamed")}},
	{"lambda_DeleteFunction_statusCode_204", "lambda", "DeleteFunction", map[string]any{"StatusCode": int64(204)}},
	{"lambda_TagResource_no_output_204", "lambda", "TagResource", nil},
	{"lambda_ListFunctions_empty", "lambda", "ListFunctions", map[string]any{}},
	{"dataexchange_headers_map_and_string_payload", "dataexchange", "SendApiAsset", map[string]any{
		"Body": "hello", "ResponseHeaders": map[string]any{"X-Custom": "v", "Content-Type": "text/csv"},
	}},
	{"datazone_header_timestamp_http_date", "datazone", "GetLineageEvent", map[string]any{
		"createdAt": time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC), "id": "e1",
	}},
	{"lexruntime_PutSession_jsonvalue_header", "lex-runtime", "PutSession", map[string]any{
		"sessionAttributes": `{"k":"v"}`, "sessionId": "s1",
	}},
	{"entityresolution_header_list_output", "entityresolution", "BatchDeleteUniqueId", map[string]any{
		"status": "COMPLETED", "deleted": []any{map[string]any{"uniqueId": "u"}}, "errors": []any{}, "disconnectedUniqueIds": []any{},
	}},
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

// TooManyRequestsException is named after the Lambda shape.
type TooManyRequestsException struct{ protocoltest.ModelledError }

var errorCases = []struct {
	name, service, op string
	err               awsapi.APIError
	fields            map[string]any
}{
	{"lambda_ResourceNotFoundException_404", "lambda", "GetFunction",
		&awsapi.Error{Code: "ResourceNotFoundException", Message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:f", Status: 404, Sender: true},
		map[string]any{"Type": "User", "Message": "Function not found: arn:aws:lambda:us-east-1:000000000000:function:f"}},
	{"lambda_TooManyRequests_header_member", "lambda", "Invoke",
		&TooManyRequestsException{protocoltest.Modelled("TooManyRequestsException", "Rate exceeded", 429)},
		map[string]any{"Type": "User", "message": "Rate exceeded", "retryAfterSeconds": "2", "Reason": "CallerRateLimitExceeded"}},
	{"lambda_ValidationException_unmodelled", "lambda", "CreateFunction",
		awsapi.ValidationError("1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint"), nil},
	{"lambda_UnknownOperation_no_op", "lambda", "",
		awsapi.NewError(http.StatusNotFound, "UnknownOperationException", "No operation of service lambda matches GET /x"), nil},
	{"lambda_ServiceException_500", "lambda", "Invoke",
		awsapi.InternalError("lambda", "Invoke", "boom"), nil},
}

func TestEncodeErrorGolden(t *testing.T) {
	c := New()
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			svc := protocoltest.LoadService(t, tc.service)
			rec := protocoltest.Record(t, c, svc, tc.op, nil, tc.err, tc.fields, protocol.Meta{RequestID: "req-1"})
			if rec.Code != tc.err.HTTPStatusCode() {
				t.Errorf("status %d, want %d", rec.Code, tc.err.HTTPStatusCode())
			}
			checkGolden(t, "error/"+tc.name, protocoltest.DumpResponse(rec, nil))
		})
	}
}
