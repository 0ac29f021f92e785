package cbor

import (
	"math"
	"net/http"
	"strconv"
	"time"

	fxcbor "github.com/fxamacker/cbor/v2"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/generic"
	"github.com/setup-emulator/setup-emulator/server/protocol/jsonrpc"
)

// LegacyContentType is the media type of the AWS JSON protocols' CBOR
// variant, which the AWS SDK for Java (v1 and v2) sends to Kinesis by
// default (unless AWS_CBOR_DISABLE / -Dcom.amazonaws.sdk.disableCbor).
const LegacyContentType = "application/x-amz-cbor-1.1"

// LegacyName is the LegacyCodec's name; no botocore model lists it: a
// "json" service answers it when a request carries LegacyContentType.
const LegacyName = "x-amz-cbor-1.1"

// LegacyCodec is the AWS JSON 1.1 protocol with CBOR bodies, as the AWS SDK
// for Java speaks it to Kinesis: POST / with X-Amz-Target
// "<prefix>.<Operation>" and Content-Type application/x-amz-cbor-1.1, a CBOR
// map body keyed by the JSON member names, blobs as byte strings and
// timestamps as tag 1 with integer epoch MILLISECONDS (the SDK's
// SdkCborGenerator writes writeTag(1) then writeNumber(date.getTime()),
// unlike rpcv2Cbor's epoch seconds). Errors are a CBOR map with "__type"
// and "message" plus X-Amzn-ErrorType, as for JSON 1.1.
type LegacyCodec struct {
	modes modes
	json  *jsonrpc.Codec
}

// NewLegacy returns the legacy AWS CBOR codec.
func NewLegacy() *LegacyCodec { return &LegacyCodec{modes: newModes(), json: jsonrpc.New()} }

var _ protocol.Codec = (*LegacyCodec)(nil)

// Name is LegacyName.
func (*LegacyCodec) Name() string { return LegacyName }

// Operation reads X-Amz-Target as the JSON protocol does.
func (c *LegacyCodec) Operation(svc *model.Service, r *http.Request) (*model.Operation, error) {
	return c.json.Operation(svc, r)
}

var fromLegacyWalker = &generic.Walker{
	MaxDepth: maxNestedLevels,
	TooDeep: func(path string) error {
		return serializationError("Value at '%s' is nested too deeply", path)
	},
	Mismatch: func(path, kind string, v any) error { return wrongType(path, cborKind(kind), v) },
	Document: documentValue,
	Scalar:   scalarFromLegacy,
	ReadKey:  jsonrpc.MemberName,
}

var toLegacyWalker = &generic.Walker{
	MaxDepth: maxNestedLevels,
	TooDeep: func(path string) error {
		return serializationError("output value at %s is nested too deeply", path)
	},
	Mismatch:          badOutput,
	Document:          func(v any) any { return v },
	Scalar:            scalarToLegacy,
	WriteKey:          jsonrpc.MemberName,
	KeepNullMapValues: true,
}

// scalarFromLegacy reads timestamps as epoch milliseconds (tagged 1 or not)
// and every other scalar as rpcv2Cbor does.
func scalarFromLegacy(ref *model.Ref, v any, path string) (any, error) {
	if ref.Shape.Type != "timestamp" {
		return scalarFromCBOR(ref, v, path)
	}
	if t, ok := v.(time.Time); ok {
		// The decoder read tag 1's content as epoch seconds; the number
		// was milliseconds.
		v = float64(t.Unix()) + float64(t.Nanosecond())/1e9
	}
	f, ok := number(v)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) >= 253402300800000 {
		return nil, wrongType(path, "timestamp (tag 1 epoch milliseconds)", v)
	}
	return time.UnixMilli(int64(math.Round(f))).UTC(), nil
}

// scalarToLegacy writes timestamps as tag 1 with integer epoch milliseconds.
func scalarToLegacy(ref *model.Ref, v any, path string) (any, error) {
	if ref.Shape.Type == "timestamp" {
		t, ok := v.(time.Time)
		if !ok {
			return nil, badOutput(path, "timestamp", v)
		}
		return fxcbor.Tag{Number: 1, Content: t.UnixMilli()}, nil
	}
	return scalarToCBOR(ref, v, path)
}

// Decode reads the input from the CBOR map body; an empty body is an empty
// input; malformed CBOR is a 400 SerializationException.
func (c *LegacyCodec) Decode(svc *model.Service, op *model.Operation, r *http.Request) (map[string]any, error) {
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
	return fromLegacyWalker.Struct(op.Input.Shape, m, nil, "", 0)
}

// Encode writes 200 with the output as a CBOR map (an empty map without
// output, as JSON 1.1 answers "{}").
func (c *LegacyCodec) Encode(w http.ResponseWriter, svc *model.Service, op *model.Operation, out map[string]any, meta protocol.Meta) error {
	m := map[string]any{}
	if op.Output != nil && out != nil {
		var err error
		if m, err = toLegacyWalker.Struct(op.Output.Shape, out, nil, "", 0); err != nil {
			return err
		}
	}
	body, err := c.modes.enc.Marshal(m)
	if err != nil {
		return err
	}
	writeLegacy(w, http.StatusOK, body)
	return nil
}

// EncodeError writes the error status, X-Amzn-ErrorType and a CBOR map with
// "__type" (the bare shape name, as JSON 1.1 sends it), "message" and the
// modelled members.
func (c *LegacyCodec) EncodeError(w http.ResponseWriter, svc *model.Service, op *model.Operation, apiErr awsapi.APIError, fields map[string]any, meta protocol.Meta) {
	sh := jsonrpc.ErrorShape(svc, op, apiErr)
	m := map[string]any{}
	if sh != nil && fields != nil {
		if enc, err := toLegacyWalker.Struct(sh, fields, nil, "", 0); err == nil {
			m = enc
		}
	}
	if msg := apiErr.ErrorMessage(); msg != "" {
		m[jsonrpc.MessageMember(sh)] = msg
	}
	name := jsonrpc.ErrorName(sh, apiErr)
	m["__type"] = name
	body, err := c.modes.enc.Marshal(m)
	if err != nil {
		body, _ = c.modes.enc.Marshal(map[string]any{"__type": "InternalFailure"})
	}
	w.Header().Set("X-Amzn-ErrorType", name)
	writeLegacy(w, jsonrpc.ErrorStatus(apiErr), body)
}

func writeLegacy(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", LegacyContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
