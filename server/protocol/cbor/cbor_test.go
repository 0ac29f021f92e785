package cbor

import (
	"bytes"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sc "github.com/aws/smithy-go/encoding/cbor"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/protocoltest"
)

// Request bodies are written with smithy-go's CBOR encoder, the one
// aws-sdk-go-v2's rpcv2Cbor client uses (timestamps as tag 1 float64), or as
// hex for forms it never sends but the spec allows (indefinite lengths,
// half-precision floats, integer epoch seconds).
func smithyBody(v sc.Value) []byte { return sc.Encode(v) }

func hexBody(s string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		panic(err)
	}
	return b
}

func nested(depth int) []byte {
	var v sc.Value = sc.String("x")
	for i := 0; i < depth; i++ {
		v = sc.List{v}
	}
	return sc.Encode(sc.Map{"Namespace": v})
}

var decodeCases = []struct {
	name, method, path string
	body               []byte
}{
	{"PutMetricData_sdk_body", "POST", "/service/GraniteServiceVersion20100801/operation/PutMetricData", smithyBody(sc.Map{
		"Namespace": sc.String("App"),
		"MetricData": sc.List{sc.Map{
			"MetricName": sc.String("Latency"), "Value": sc.Float64(1.5), "Unit": sc.String("Milliseconds"),
			"Timestamp":  &sc.Tag{ID: 1, Value: sc.Float64(1496392800.123)},
			"Dimensions": sc.List{sc.Map{"Name": sc.String("Host"), "Value": sc.String("a")}},
			"Values":     sc.List{sc.Float64(1), sc.Float64(2.5)}, "Counts": sc.List{sc.Float64(3), sc.Float64(1)},
			"StorageResolution": sc.Uint(60),
		}},
	})},
	{"GetMetricData_integer_epoch_and_negative_int", "POST", "/service/GraniteServiceVersion20100801/operation/GetMetricData", smithyBody(sc.Map{
		"StartTime": &sc.Tag{ID: 1, Value: sc.Uint(1496392800)}, "EndTime": &sc.Tag{ID: 1, Value: sc.Float64(1496396400.5)},
		"MaxDatapoints":     sc.Uint(100),
		"MetricDataQueries": sc.List{sc.Map{"Id": sc.String("q1"), "Period": sc.NegInt(5), "ReturnData": sc.Bool(true)}},
	})},
	{"ListMetrics_empty_body", "POST", "/service/GraniteServiceVersion20100801/operation/ListMetrics", nil},
	{"ListMetrics_lenient_service_name_and_prefix", "POST", "/prefix/service/CloudWatch/operation/ListMetrics", smithyBody(sc.Map{"Namespace": sc.String("n")})},
	// {_ "Namespace": "n", "MetricName": (_ "a", "b") } with indefinite map and string.
	{"ListMetrics_indefinite_lengths", "POST", "/service/x/operation/ListMetrics", hexBody("bf 694e616d657370616365 616e 6a4d65747269634e616d65 7f 6161 6162 ff ff")},
	// {"Namespace":"n","MetricData":[{"MetricName":"m","Value": 1.5 as float16}]}
	{"PutMetricData_half_float", "POST", "/service/x/operation/PutMetricData", hexBody("a2 694e616d657370616365 616e 6a4d657472696344617461 81 a2 6a4d65747269634e616d65 616d 6556616c7565 f93e00")},
	{"ListMetrics_null_member_ignored", "POST", "/service/x/operation/ListMetrics", smithyBody(sc.Map{"Namespace": &sc.Nil{}})},
	// Errors.
	{"error_not_rpcv2_path", "POST", "/", nil},
	{"error_unknown_operation", "POST", "/service/x/operation/DropEverything", nil},
	{"error_get_method", "GET", "/service/x/operation/ListMetrics", nil},
	{"error_malformed_cbor", "POST", "/service/x/operation/ListMetrics", hexBody("a1 69 4e616d")},
	{"error_trailing_bytes", "POST", "/service/x/operation/ListMetrics", hexBody("a0 a0")},
	{"error_body_not_map", "POST", "/service/x/operation/ListMetrics", smithyBody(sc.List{sc.String("n")})},
	{"error_non_string_map_key", "POST", "/service/x/operation/ListMetrics", hexBody("a1 01 616e")},
	{"error_text_for_integer", "POST", "/service/x/operation/GetMetricData", smithyBody(sc.Map{"MaxDatapoints": sc.String("100")})},
	{"error_integer_out_of_range", "POST", "/service/x/operation/GetMetricData", smithyBody(sc.Map{"MaxDatapoints": sc.Uint(1 << 40)})},
	{"error_untagged_timestamp", "POST", "/service/x/operation/GetMetricData", smithyBody(sc.Map{"StartTime": sc.Float64(1496392800)})},
	{"error_byte_string_for_text", "POST", "/service/x/operation/ListMetrics", smithyBody(sc.Map{"Namespace": sc.Slice("n")})},
	{"error_nested_too_deep", "POST", "/service/x/operation/ListMetrics", nested(200)},
}

func TestDecodeGolden(t *testing.T) {
	c := New()
	svc := protocoltest.LoadService(t, "cloudwatch")
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.path, bytes.NewReader(tc.body))
			r.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
			r.Header.Set("Content-Type", "application/cbor")
			checkGolden(t, "decode/"+tc.name, protocoltest.DumpDecode(t, c, svc, r))
		})
	}
}

var encodeCases = []struct {
	name, op string
	out      map[string]any
}{
	{"GetMetricData_timestamps_and_doubles", "GetMetricData", map[string]any{"MetricDataResults": []any{map[string]any{
		"Id": "q1", "Label": "Latency", "StatusCode": "Complete",
		"Timestamps": []any{time.Date(2017, 6, 2, 8, 40, 0, 123e6, time.UTC), time.Date(2017, 6, 2, 8, 41, 0, 0, time.UTC)},
		"Values":     []any{1.5, float64(2)},
	}}, "Messages": []any{}}},
	{"ListMetrics_empty_output", "ListMetrics", map[string]any{}},
	{"ListMetrics_nil_output", "ListMetrics", nil},
	{"GetMetricWidgetImage_blob", "GetMetricWidgetImage", map[string]any{"MetricWidgetImage": []byte{0x89, 'P', 'N', 'G'}}},
	{"PutMetricData_no_output", "PutMetricData", nil},
}

func TestEncodeGolden(t *testing.T) {
	c := New()
	svc := protocoltest.LoadService(t, "cloudwatch")
	for _, tc := range encodeCases {
		t.Run(tc.name, func(t *testing.T) {
			rec := protocoltest.Record(t, c, svc, tc.op, tc.out, nil, nil, protocol.Meta{RequestID: "req-1"})
			checkGolden(t, "encode/"+tc.name, protocoltest.DumpResponse(rec, dumpBody))
		})
	}
}

type DashboardNotFoundError struct{ protocoltest.ModelledError }
type InvalidParameterValueException struct{ protocoltest.ModelledError }
type ResourceNotFound struct{ protocoltest.ModelledError }

var errorCases = []struct {
	name, op string
	err      awsapi.APIError
	fields   map[string]any
}{
	{"ResourceNotFound_query_compatible", "DeleteAlarms",
		&ResourceNotFound{protocoltest.Modelled("ResourceNotFound", "An alarm does not exist", 404)}, map[string]any{"message": "An alarm does not exist"}},
	{"DashboardNotFoundError_shared_code", "GetDashboard",
		&DashboardNotFoundError{protocoltest.Modelled("ResourceNotFound", "Dashboard d does not exist", 404)}, nil},
	{"InvalidParameterValue_code_differs_from_shape", "PutMetricData",
		&InvalidParameterValueException{protocoltest.Modelled("InvalidParameterValue", "The value NaN for parameter MetricData.member.1.Value is invalid.", 400)}, nil},
	{"InternalServiceFault_receiver", "PutMetricData",
		&awsapi.Error{Code: "InternalServiceError", Message: "boom", Status: 500}, nil},
	{"SerializationException_unmodelled", "ListMetrics",
		serializationError("Malformed CBOR in request body: unexpected EOF"), nil},
	{"UnknownOperation_no_op", "",
		awsapi.NewError(http.StatusNotFound, "UnknownOperationException", "Operation DropEverything is not supported by service cloudwatch"), nil},
}

func TestEncodeErrorGolden(t *testing.T) {
	c := New()
	svc := protocoltest.LoadService(t, "cloudwatch")
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			rec := protocoltest.Record(t, c, svc, tc.op, nil, tc.err, tc.fields, protocol.Meta{QueryCompatible: svc.Metadata.QueryCompatible()})
			if rec.Code != tc.err.HTTPStatusCode() {
				t.Errorf("status %d, want %d", rec.Code, tc.err.HTTPStatusCode())
			}
			checkGolden(t, "error/"+tc.name, protocoltest.DumpResponse(rec, dumpBody))
		})
	}
}
