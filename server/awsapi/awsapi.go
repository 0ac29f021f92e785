// Package awsapi is what every service provider shares with the gateway:
// typed AWS errors, the per-request context (account, region, request id) and
// the handler table that generated code builds from a Provider.
package awsapi

import (
	"context"
	"fmt"
	"net/http"
)

// APIError is an AWS error as every protocol renders it. Generated modelled
// error types (for example sqs.QueueDoesNotExist) implement it, as does Error.
type APIError interface {
	error
	// ErrorCode is the wire code: the model's error.code when set, else the
	// shape name ("AWS.SimpleQueueService.NonExistentQueue", "NoSuchBucket").
	ErrorCode() string
	ErrorMessage() string
	// HTTPStatusCode is the response status (400 when the model gives none).
	HTTPStatusCode() int
	// SenderFault is true for client errors ("Sender"), false for "Receiver".
	SenderFault() bool
}

// Error is an AWS error that is not (or not only) a modelled shape:
// validation errors, InternalFailure, InternalError.
type Error struct {
	Code    string
	Message string
	Status  int
	Sender  bool
	// Fields are extra members rendered beside code and message (for example
	// S3's BucketName or Key in the <Error> element).
	Fields map[string]string
}

func (e *Error) Error() string        { return e.Code + ": " + e.Message }
func (e *Error) ErrorCode() string    { return e.Code }
func (e *Error) ErrorMessage() string { return e.Message }
func (e *Error) HTTPStatusCode() int  { return e.Status }
func (e *Error) SenderFault() bool    { return e.Sender }

// NewError returns a client (sender) error with a formatted message.
func NewError(status int, code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Status: status, Sender: status < 500}
}

// ValidationError is the 400 ValidationException most JSON services return for
// input that breaks the model's constraints.
func ValidationError(format string, args ...any) *Error {
	return NewError(http.StatusBadRequest, "ValidationException", format, args...)
}

// NotImplemented is the 501 InternalFailure for an operation without a provider.
func NotImplemented(service, operation string) *Error {
	return &Error{
		Code:    "InternalFailure",
		Message: fmt.Sprintf("The API action '%s' for service '%s' is not yet emulated by setup-emulator.", operation, service),
		Status:  http.StatusNotImplemented,
	}
}

// InternalError is the 500 for a provider that failed unexpectedly.
func InternalError(service, operation string, cause any) *Error {
	return &Error{
		Code:    "InternalError",
		Message: fmt.Sprintf("exception while calling %s.%s: %v", service, operation, cause),
		Status:  http.StatusInternalServerError,
	}
}

// Empty is the input or output of an operation the model gives none.
type Empty struct{}

// Handler is one operation bound to a provider: Input makes a new typed input
// for the codec to fill, Call runs the operation.
type Handler struct {
	Input func() any
	Call  func(ctx context.Context, in any) (any, error)
}

// Request describes the request being served.
type Request struct {
	ID        string // request id echoed in headers and error bodies
	Account   string // 12-digit account id derived from the access key
	AccessKey string // the access key id that signed the request ("" when unsigned)
	Region    string // from the SigV4 credential scope, default us-east-1
	Service   string // botocore service name
	Operation string
	// Host is the Host header as received; BaseURL the external base URL
	// ("http://localhost.localstack.cloud:4566") from LOCALSTACK_HOST.
	Host    string
	BaseURL string
	// Scheme is "http" or "https" as the client connected.
	Scheme string
	// Header gives read access to the raw request headers, for the few
	// behaviours AWS ties to them (SQS query vs JSON, S3 Expect).
	Header http.Header
}

type requestKey struct{}

// WithRequest returns ctx carrying r.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the request ctx carries, or a default one for
// account 000000000000 in us-east-1 (for providers called directly in tests).
func RequestFrom(ctx context.Context) *Request {
	if r, ok := ctx.Value(requestKey{}).(*Request); ok {
		return r
	}
	return &Request{Account: DefaultAccount, Region: DefaultRegion, BaseURL: "http://localhost.localstack.cloud:4566"}
}

// DefaultAccount and DefaultRegion are LocalStack's defaults.
const (
	DefaultAccount = "000000000000"
	DefaultRegion  = "us-east-1"
)

// ShapeNamer is implemented by modelled errors whose wire code differs from
// their shape name (SQS's QueueDoesNotExist has the query code
// AWS.SimpleQueueService.NonExistentQueue): JSON protocols put the shape name
// in __type and the code in x-amzn-query-error.
type ShapeNamer interface {
	ErrorShapeName() string
}

// ShapeName returns err's shape name when it has one, else its code.
func ShapeName(err APIError) string {
	if s, ok := err.(ShapeNamer); ok {
		return s.ErrorShapeName()
	}
	return err.ErrorCode()
}
