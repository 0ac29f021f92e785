// Package cbor implements the Smithy RPC v2 CBOR protocol (rpcv2Cbor,
// botocore protocol "smithy-rpc-v2-cbor") on the server side; CloudWatch
// lists it first among its protocols.
//
// Requests are POST {prefix}/service/{ServiceName}/operation/{Operation} with
// "smithy-protocol: rpc-v2-cbor" and a CBOR map body of the input members
// (keyed by member name); responses carry the output the same way, errors a
// map with "__type" and "message". Timestamps are tag 1 epoch seconds, blobs
// byte strings. Spec:
// https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html;
// aws-sdk-go-v2's client (smithy-go transport/http/protocol/rpcv2) is what
// the wire must satisfy. The CBOR data format itself is fxamacker/cbor.
package cbor

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/jsonrpc"
)

// ContentType is the media type of rpcv2Cbor bodies.
const ContentType = "application/cbor"

// ProtocolHeader and ProtocolValue mark every rpcv2Cbor request and response.
const (
	ProtocolHeader = "Smithy-Protocol"
	ProtocolValue  = "rpc-v2-cbor"
)

// Codec is the "smithy-rpc-v2-cbor" protocol codec. It holds only immutable
// CBOR modes and is safe for concurrent use.
type Codec struct{ modes modes }

// New returns the codec for botocore protocol "smithy-rpc-v2-cbor".
func New() *Codec { return &Codec{modes: newModes()} }

var _ protocol.Codec = (*Codec)(nil)

// Name is "smithy-rpc-v2-cbor".
func (*Codec) Name() string { return "smithy-rpc-v2-cbor" }

func serializationError(format string, args ...any) *awsapi.Error {
	return jsonrpc.SerializationError(format, args...)
}

// Operation reads the operation from the path's last two segments
// ".../operation/<Operation>" after a "service/<ServiceName>" pair. The
// service name is not checked (SDKs send the Smithy service shape name,
// "GraniteServiceVersion20100801" for CloudWatch). Another path is a 404
// UnknownOperationException, another method a 405.
func (*Codec) Operation(svc *model.Service, r *http.Request) (*model.Operation, error) {
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	n := len(segs)
	if n < 4 || segs[n-4] != "service" || segs[n-2] != "operation" || segs[n-1] == "" {
		return nil, awsapi.NewError(http.StatusNotFound, "UnknownOperationException",
			"Path %s is not an RPC v2 operation path: expected /service/<ServiceName>/operation/<Operation>", r.URL.Path)
	}
	if r.Method != http.MethodPost {
		return nil, awsapi.NewError(http.StatusMethodNotAllowed, "UnknownOperationException",
			"RPC v2 CBOR requests must use POST, not %s", r.Method)
	}
	op, ok := svc.Operations[segs[n-1]]
	if !ok {
		return nil, awsapi.NewError(http.StatusNotFound, "UnknownOperationException",
			"Operation %s is not supported by service %s", segs[n-1], svc.Name)
	}
	return op, nil
}

// Decode reads the input structure from the CBOR map body; an empty body is
// an empty input. Malformed CBOR, a body that is not a map and members of the
// wrong CBOR type are a 400 SerializationException.
func (c *Codec) Decode(svc *model.Service, op *model.Operation, r *http.Request) (map[string]any, error) {
	body, err := jsonrpc.ReadBody(r.Body)
	if err != nil {
		return nil, err
	}
	if op.Input == nil || len(body) == 0 {
		return map[string]any{}, nil
	}
	var v any
	if err := c.modes.dec.Unmarshal(body, &v); err != nil {
		return nil, serializationError("Malformed CBOR in request body: %v", err)
	}
	if v == nil {
		return map[string]any{}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, serializationError("The request body must be a CBOR map, found %s", kind(v))
	}
	return structFromCBOR(op.Input.Shape, m)
}

// Encode writes 200 with the output as a CBOR map (empty body for an
// operation without output).
func (c *Codec) Encode(w http.ResponseWriter, svc *model.Service, op *model.Operation, out map[string]any, meta protocol.Meta) error {
	if op.Output == nil {
		w.Header().Set(ProtocolHeader, ProtocolValue)
		w.WriteHeader(http.StatusOK)
		return nil
	}
	if out == nil {
		out = map[string]any{}
	}
	m, err := structToCBOR(op.Output.Shape, out)
	if err != nil {
		return err
	}
	body, err := c.modes.enc.Marshal(m)
	if err != nil {
		return err
	}
	write(w, http.StatusOK, body)
	return nil
}

// EncodeError writes the error's status and a CBOR map with "__type"
// ("<namespace>#<Name>", the error shape's id), "message" and the modelled
// members. For an awsQueryCompatible service (CloudWatch) it adds
// x-amzn-query-error "<Code>;Sender|Receiver", which aws-sdk-go-v2's rpcv2
// client reads as it does for awsJson.
func (c *Codec) EncodeError(w http.ResponseWriter, svc *model.Service, op *model.Operation, apiErr awsapi.APIError, fields map[string]any, meta protocol.Meta) {
	sh := jsonrpc.ErrorShape(svc, op, apiErr)
	m := map[string]any{}
	if sh != nil && fields != nil {
		if enc, err := structToCBOR(sh, fields); err == nil {
			m = enc
		}
	}
	if msg := apiErr.ErrorMessage(); msg != "" {
		m[jsonrpc.MessageMember(sh)] = msg
	}
	m["__type"] = jsonrpc.QualifiedErrorType(svc, sh, apiErr)
	body, err := c.modes.enc.Marshal(m)
	if err != nil {
		body, _ = c.modes.enc.Marshal(map[string]any{"__type": "com.amazon.coral.service#InternalFailure"})
	}
	if meta.QueryCompatible {
		w.Header().Set("X-Amzn-Query-Error", jsonrpc.QueryErrorHeader(sh, apiErr))
	}
	write(w, jsonrpc.ErrorStatus(apiErr), body)
}

func write(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set(ProtocolHeader, ProtocolValue)
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
