// Package jsonrpc implements the AWS JSON protocols awsJson1_0 and awsJson1_1
// (botocore protocol "json") on the server side: DynamoDB, SQS, Kinesis,
// CloudWatch Logs and most newer services.
//
// Requests are POST / with X-Amz-Target "<targetPrefix>.<Operation>" and a
// JSON body of the input's members (keyed by locationName, else member name);
// responses carry the output the same way, errors a "__type" and "message".
// Specs: https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html and
// aws-json-1_1-protocol.html; aws-sdk-go-v2's client in smithy-go
// transport/http/protocol/awsjson is what the wire must satisfy.
package jsonrpc

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// Codec is the "json" protocol codec. It keeps only caches (structure
// plans, output buffers) and is safe for concurrent use.
type Codec struct {
	w writer
}

// New returns the codec for botocore protocol "json" (both jsonVersion 1.0
// and 1.1: the wire differs only in the Content-Type version).
func New() *Codec { return &Codec{} }

var _ protocol.Codec = (*Codec)(nil)

// Name is "json".
func (*Codec) Name() string { return "json" }

// ContentType is "application/x-amz-json-<jsonVersion>" (1.0 when unset).
func ContentType(svc *model.Service) string {
	v := "1.0"
	if svc != nil && svc.Metadata.JSONVersion != "" {
		v = svc.Metadata.JSONVersion
	}
	return "application/x-amz-json-" + v
}

// unknownOperation is the 400 UnknownOperationException Coral answers for a
// target it does not serve.
func unknownOperation(format string, args ...any) *awsapi.Error {
	return awsapi.NewError(http.StatusBadRequest, "UnknownOperationException", format, args...)
}

// Operation reads X-Amz-Target ("DynamoDB_20120810.ListTables"). A missing or
// malformed target, a foreign prefix or an unknown operation is a 400
// UnknownOperationException.
func (*Codec) Operation(svc *model.Service, r *http.Request) (*model.Operation, error) {
	target := r.Header.Get("X-Amz-Target")
	if target == "" {
		return nil, unknownOperation("Missing X-Amz-Target header: JSON protocol requests name the operation as <TargetPrefix>.<Operation>")
	}
	prefix, name, ok := cut(target)
	if !ok || name == "" {
		return nil, unknownOperation("Malformed X-Amz-Target header %q: expected <TargetPrefix>.<Operation>", target)
	}
	if want := svc.Metadata.TargetPrefix; want != "" && prefix != want {
		return nil, unknownOperation("Operation %s is not served by %s (target prefix %s)", target, svc.Name, want)
	}
	op, ok := svc.Operations[name]
	if !ok {
		return nil, unknownOperation("Operation %s is not supported by service %s", name, svc.Name)
	}
	return op, nil
}

// cut splits the target at its last dot (prefixes such as
// "Kinesis_20131202" have none, but be safe with dotted ones).
func cut(target string) (prefix, name string, ok bool) {
	i := strings.LastIndexByte(target, '.')
	if i < 0 {
		return "", "", false
	}
	return target[:i], target[i+1:], true
}

// Decode reads the input structure from the JSON body. An empty body is an
// empty input; a body that is not a JSON object, or a member of the wrong JSON
// type, is a 400 SerializationException.
func (*Codec) Decode(svc *model.Service, op *model.Operation, r *http.Request) (map[string]any, error) {
	body, err := ReadBody(r.Body)
	if err != nil {
		return nil, err
	}
	if op.Input == nil || len(strings.TrimSpace(string(body))) == 0 {
		return map[string]any{}, nil
	}
	v, err := ParseJSON(body)
	if err != nil {
		return nil, err
	}
	if _, ok := v.(map[string]any); !ok && v != nil {
		return nil, SerializationError("The request body must be a JSON object, found %s", jsonKind(v))
	}
	return StructFromJSON(op.Input.Shape, v, nil)
}

// Encode writes 200 with the output as a JSON object ("{}" without output).
func (c *Codec) Encode(w http.ResponseWriter, svc *model.Service, op *model.Operation, out map[string]any, meta protocol.Meta) error {
	if op.Output != nil && out != nil {
		buf := c.w.getBuf()
		body, err := c.w.appendStruct((*buf)[:0], op.Output.Shape, out, 0)
		if err == nil {
			writeJSON(w, ContentType(svc), http.StatusOK, body)
			*buf = body
			c.w.putBuf(buf)
			return nil
		}
		c.w.putBuf(buf)
	}
	return encodeGeneral(w, svc, op, out)
}

// encodeGeneral is Encode through a JSON-ready tree and encoding/json: the
// reference the direct writer reproduces, and its fallback.
func encodeGeneral(w http.ResponseWriter, svc *model.Service, op *model.Operation, out map[string]any) error {
	obj := map[string]any{}
	if op.Output != nil && out != nil {
		var err error
		if obj, err = StructToJSON(op.Output.Shape, out, nil); err != nil {
			return err
		}
	}
	body, err := Marshal(obj)
	if err != nil {
		return err
	}
	writeJSON(w, ContentType(svc), http.StatusOK, body)
	return nil
}

// EncodeError writes the error: its status, X-Amzn-ErrorType with the error's
// shape name, and {"__type":"<namespace>#<Name>","message":…} (awsJson1_1: the
// bare name) plus the
// modelled members in fields. For an awsQueryCompatible service (meta.QueryCompatible)
// it adds x-amzn-query-error "<Code>;Sender|Receiver" with the error code while
// __type keeps the shape name, as SQS does: the SDK finds its typed error by
// the shape name, then overrides ErrorCode() with the header's code.
func (*Codec) EncodeError(w http.ResponseWriter, svc *model.Service, op *model.Operation, apiErr awsapi.APIError, fields map[string]any, meta protocol.Meta) {
	sh := ErrorShape(svc, op, apiErr)
	obj := ErrorFields(sh, apiErr, fields)
	obj["__type"] = QualifiedErrorType(svc, sh, apiErr)
	if svc != nil && svc.Metadata.JSONVersion == "1.1" {
		// awsJson1_1 services (Kinesis, CloudWatch Logs) send the bare
		// shape name, as the Kinesis API reference's error example shows:
		// {"__type":"ResourceInUseException","message":"Stream … already exists."}.
		obj["__type"] = ErrorName(sh, apiErr)
	}
	body, err := Marshal(obj)
	if err != nil {
		body = []byte(`{"__type":"com.amazon.coral.service#InternalFailure"}`)
	}
	h := w.Header()
	h.Set("X-Amzn-ErrorType", ErrorName(sh, apiErr))
	if meta.QueryCompatible {
		h.Set("X-Amzn-Query-Error", QueryErrorHeader(sh, apiErr))
	}
	writeJSON(w, ContentType(svc), ErrorStatus(apiErr), body)
}

// ErrorFields is the JSON body of an error without its type: the modelled
// members of sh from fields (those that fail to encode are dropped) and the
// message under the shape's message member name.
func ErrorFields(sh *model.Shape, apiErr awsapi.APIError, fields map[string]any) map[string]any {
	obj := map[string]any{}
	if sh != nil && fields != nil {
		if enc, err := StructToJSON(sh, fields, func(r *model.Ref) bool { return r.Location == "" }); err == nil {
			obj = enc
		}
	}
	if msg := apiErr.ErrorMessage(); msg != "" {
		obj[MessageMember(sh)] = msg
	}
	return obj
}

func writeJSON(w http.ResponseWriter, contentType string, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
