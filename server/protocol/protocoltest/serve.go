package protocoltest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// Respond plays the provider: it sees an operation's decoded generic input
// and returns a generic output or an error.
type Respond func(op string, in map[string]any) (map[string]any, awsapi.APIError)

// Server serves one codec and service the way the gateway does: Operation,
// Decode, Respond, then Encode or EncodeError.
type Server struct {
	Codec   protocol.Codec
	Service *model.Service
	// Meta gives each response's protocol.Meta (nil: the zero Meta).
	Meta func(*http.Request) protocol.Meta
	// Fields gives the members passed with an error Respond returns
	// (nil: none).
	Fields func(awsapi.APIError) map[string]any
	// Respond answers each decoded request.
	Respond Respond
}

// Handler is s as an http.Handler; an Encode failure fails t.
func (s Server) Handler(t testing.TB) http.Handler {
	c, svc := s.Codec, s.Service
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var meta protocol.Meta
		if s.Meta != nil {
			meta = s.Meta(r)
		}
		op, err := c.Operation(svc, r)
		if err != nil {
			c.EncodeError(w, svc, nil, err.(awsapi.APIError), nil, meta)
			return
		}
		in, err := c.Decode(svc, op, r)
		if err != nil {
			c.EncodeError(w, svc, op, err.(awsapi.APIError), nil, meta)
			return
		}
		out, apiErr := s.Respond(op.Name, in)
		if apiErr != nil {
			var fields map[string]any
			if s.Fields != nil {
				fields = s.Fields(apiErr)
			}
			c.EncodeError(w, svc, op, apiErr, fields, meta)
			return
		}
		if err := c.Encode(w, svc, op, out, meta); err != nil {
			t.Errorf("encode %s: %v", op.Name, err)
		}
	})
}

// Start runs s on an httptest server closed when t ends and returns its URL.
func (s Server) Start(t testing.TB) string {
	srv := httptest.NewServer(s.Handler(t))
	t.Cleanup(srv.Close)
	return srv.URL
}

// MessageField passes an error's message as the "message" member, as a
// provider returning a modelled error does.
func MessageField(err awsapi.APIError) map[string]any {
	return map[string]any{"message": err.ErrorMessage()}
}

// ModelledError stands in for a generated error type: embedded in a struct
// named after an error shape, it makes a pointer to that struct an
// awsapi.APIError whose Go type name is the shape name, as generated code
// does. Code is what ErrorCode returns (the awsQueryError code when the model
// sets one).
type ModelledError struct {
	Code, Msg string
	Status    int
}

// Modelled is a ModelledError with code, message and HTTP status.
func Modelled(code, msg string, status int) ModelledError {
	return ModelledError{Code: code, Msg: msg, Status: status}
}

func (e *ModelledError) Error() string        { return e.Code + ": " + e.Msg }
func (e *ModelledError) ErrorCode() string    { return e.Code }
func (e *ModelledError) ErrorMessage() string { return e.Msg }
func (e *ModelledError) HTTPStatusCode() int  { return e.Status }
func (e *ModelledError) SenderFault() bool    { return e.Status < 500 }

// CloseCounter is a streaming payload (an io.ReadCloser) that counts Close
// calls, standing in for the file or pipe a provider hands a codec.
type CloseCounter struct {
	*strings.Reader
	Closed int
}

// NewCloseCounter streams s.
func NewCloseCounter(s string) *CloseCounter { return &CloseCounter{Reader: strings.NewReader(s)} }

// Close counts the call.
func (c *CloseCounter) Close() error { c.Closed++; return nil }
