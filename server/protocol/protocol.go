// Package protocol is the contract between the gateway and the wire-protocol
// packages below it (query, jsonrpc, restjson, restxml, cbor): one Codec per
// protocol, all driven by the service model.
//
// Codecs exchange operation inputs and outputs as generic values, so one codec
// serves every service of its protocol and Bind/Unbind (bind.go) turn them into
// and out of the generated typed shapes. A generic value of a shape is:
//
//	structure, union       map[string]any keyed by member name (absent = unset)
//	list                   []any
//	map                    map[string]any
//	string, enum           string
//	boolean                bool
//	integer, long, short, byte  int64
//	float, double          float64 (NaN and ±Inf allowed)
//	bigInteger, bigDecimal string (the decimal text)
//	timestamp              time.Time (UTC)
//	blob                   []byte
//	streaming blob         io.Reader (Decode: the request body, unread)
//	document               any (JSON-like: map[string]any, []any, string, float64, bool, nil)
package protocol

import (
	"net/http"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
)

// Codec decodes requests and encodes responses of one wire protocol.
// Implementations are stateless and safe for concurrent use.
type Codec interface {
	// Name is the protocol's name in the model: "query", "ec2", "json",
	// "rest-json", "rest-xml" or "smithy-rpc-v2-cbor".
	Name() string

	// Operation finds the operation a request calls (X-Amz-Target, Action,
	// method and request URI, or the rpc-v2 path). An unknown operation is an
	// *awsapi.Error in the protocol's terms (for example 400
	// UnknownOperationException for JSON, InvalidAction for query).
	Operation(svc *model.Service, r *http.Request) (*model.Operation, error)

	// Decode reads the operation's input from the request into a generic
	// structure value (nil input shape: empty map). Malformed bodies, wrong
	// types and unparsable values are a 4xx *awsapi.Error (SerializationException,
	// MalformedXML, ...), never a panic. A streaming blob payload is left unread
	// as an io.Reader over r.Body.
	Decode(svc *model.Service, op *model.Operation, r *http.Request) (map[string]any, error)

	// Encode writes a successful response: status, headers, body.
	Encode(w http.ResponseWriter, svc *model.Service, op *model.Operation, out map[string]any, meta Meta) error

	// EncodeError writes err in the protocol's error shape. op may be nil
	// (the operation was not found). A modelled error's members (when err
	// is a generated shape) are given in fields as a generic structure value.
	EncodeError(w http.ResponseWriter, svc *model.Service, op *model.Operation, err awsapi.APIError, fields map[string]any, meta Meta)
}

// Meta is per-response information a codec renders (the request id appears in
// query bodies and S3 error bodies).
type Meta struct {
	RequestID string
	// QueryCompatible selects the awsQueryCompatible error rendering
	// (x-amzn-query-error) for JSON services such as SQS.
	QueryCompatible bool
	// Resource is the request path S3 echoes in <Error><Resource>.
	Resource string
}
