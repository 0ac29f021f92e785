package jsonrpc

import (
	"reflect"
	"sort"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
)

// ErrorShape returns the model's exception shape err stands for, or nil when
// err is not modelled. The shape name a generated error reports
// (awsapi.ShapeNamer) decides first, then the Go type name (generated types
// are named after their shape); then an exception of op, then of svc, whose
// error code (awsQueryError) or name equals err.ErrorCode(). The type name
// matters because codes are not unique: CloudWatch's DashboardNotFoundError
// and ResourceNotFound both have code "ResourceNotFound".
func ErrorShape(svc *model.Service, op *model.Operation, err awsapi.APIError) *model.Shape {
	if svc == nil {
		return nil
	}
	if sn, ok := err.(awsapi.ShapeNamer); ok {
		if sh := svc.Shapes[sn.ErrorShapeName()]; sh != nil && sh.Exception {
			return sh
		}
	}
	t := reflect.TypeOf(err)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t != nil && t.PkgPath() != reflect.TypeOf(awsapi.Error{}).PkgPath() {
		if sh := svc.Shapes[t.Name()]; sh != nil && sh.Exception {
			return sh
		}
	}
	code := err.ErrorCode()
	matches := func(sh *model.Shape) bool {
		return sh != nil && sh.Exception && (sh.Name == code || (sh.Error != nil && sh.Error.Code == code))
	}
	if op != nil {
		for _, r := range op.Errors {
			if matches(r.Shape) {
				return r.Shape
			}
		}
	}
	if sh := svc.Shapes[code]; matches(sh) {
		return sh
	}
	for _, name := range sortedShapeNames(svc) {
		if sh := svc.Shapes[name]; matches(sh) {
			return sh
		}
	}
	return nil
}

func sortedShapeNames(svc *model.Service) []string {
	var names []string
	for name, sh := range svc.Shapes {
		if sh.Exception {
			names = append(names, name)
		}
	}
	sort.Strings(names) // keeps ambiguous lookups stable
	return names
}

// ErrorName is the error's type on the wire: the exception shape's name when
// modelled (what SDKs look up their typed errors by), else the shape name the
// error reports, else its code.
func ErrorName(sh *model.Shape, err awsapi.APIError) string {
	if sh != nil {
		return sh.Name
	}
	return awsapi.ShapeName(err)
}

// Namespace is the Smithy namespace AWS qualifies a service's shape ids with:
// "com.amazonaws." + the lower-case service id ("com.amazonaws.sqs",
// "com.amazonaws.cloudwatch").
func Namespace(svc *model.Service) string {
	if svc == nil {
		return "com.amazon.coral.service"
	}
	return "com.amazonaws." + strings.ToLower(strings.ReplaceAll(svc.Metadata.ServiceID, " ", ""))
}

// QualifiedErrorType is the "__type" of an awsJson error: "<namespace>#<Name>".
// Modelled errors use the service's namespace; the framework errors Coral
// raises itself use Coral's (as DynamoDB answers
// "com.amazon.coral.validate#ValidationException" and
// "com.amazon.coral.service#SerializationException").
func QualifiedErrorType(svc *model.Service, sh *model.Shape, err awsapi.APIError) string {
	name := ErrorName(sh, err)
	switch {
	case sh != nil:
		return Namespace(svc) + "#" + name
	case name == "ValidationException":
		return "com.amazon.coral.validate#" + name
	}
	return "com.amazon.coral.service#" + name
}

// QueryErrorHeader is the x-amzn-query-error value of an awsQueryCompatible
// service: "<awsQueryError code>;Sender|Receiver"
// (https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#aws-protocols-awsquerycompatible-trait;
// aws-sdk-go-v2 reads it in smithy-go internal/errors.ParseQueryError and
// overrides the typed error's ErrorCode() with the code). An error raised
// with its shape name as code (awsapi.Error{Code: "QueueDoesNotExist"}) still
// gets the shape's awsQueryError code.
func QueryErrorHeader(sh *model.Shape, err awsapi.APIError) string {
	fault := "Receiver"
	if err.SenderFault() {
		fault = "Sender"
	}
	code := err.ErrorCode()
	if sh != nil && sh.Error != nil && sh.Error.Code != "" && code == sh.Name {
		code = sh.Error.Code
	}
	return code + ";" + fault
}

// MessageMember is the wire name of the member a shape keeps its message in ("message" or
// "Message" as modelled); "message" when the shape has none.
func MessageMember(sh *model.Shape) string {
	if sh != nil {
		for _, name := range sh.MemberNames {
			if strings.EqualFold(name, "message") {
				return MemberName(name, sh.Members[name])
			}
		}
	}
	return "message"
}

// ErrorStatus is err's HTTP status, 400 when it gives none.
func ErrorStatus(err awsapi.APIError) int {
	if s := err.HTTPStatusCode(); s >= 100 && s <= 599 {
		return s
	}
	return 400
}
