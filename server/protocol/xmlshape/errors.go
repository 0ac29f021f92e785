package xmlshape

import (
	"bytes"
	"sort"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
)

// WriteErrorResponse writes the wrapped error document the awsQuery protocol
// and the rest-xml services other than S3 send:
//
//	<ErrorResponse xmlns="ns"><Error><Type>Sender|Receiver</Type><Code/>
//	<Message/>fields</Error><RequestId/></ErrorResponse>
//
// (xmlns left out when ns is ""; fields as WriteErrorFields writes them).
func WriteErrorResponse(buf *bytes.Buffer, ns string, err awsapi.APIError, sh *model.Shape, fields map[string]any, requestID string) {
	buf.WriteString("<ErrorResponse")
	if ns != "" {
		buf.WriteString(` xmlns="`)
		Text(buf, ns)
		buf.WriteByte('"')
	}
	buf.WriteString("><Error>")
	fault := "Receiver"
	if err.SenderFault() {
		fault = "Sender"
	}
	Element(buf, "Type", fault)
	Element(buf, "Code", err.ErrorCode())
	Element(buf, "Message", err.ErrorMessage())
	WriteErrorFields(buf, err, sh, fields)
	buf.WriteString("</Error>")
	Element(buf, "RequestId", requestID)
	buf.WriteString("</ErrorResponse>")
}

// WriteErrorFields writes an error's extra members, the elements after Code
// and Message: awsapi.Error.Fields in key order, then the modelled members of
// fields other than message and code, encoded by the error shape sh (none
// when sh is nil). Modelled members that fail to encode are dropped rather
// than failing the error response.
func WriteErrorFields(buf *bytes.Buffer, err awsapi.APIError, sh *model.Shape, fields map[string]any) {
	if e, ok := err.(*awsapi.Error); ok && len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			Element(buf, k, e.Fields[k])
		}
	}
	if sh == nil || len(fields) == 0 {
		return
	}
	rest := make(map[string]any, len(fields))
	for k, v := range fields {
		if !strings.EqualFold(k, "message") && !strings.EqualFold(k, "code") {
			rest[k] = v
		}
	}
	var tmp bytes.Buffer
	enc := &Encoder{Buf: &tmp, TimestampFormat: ISO8601}
	if enc.Members(sh, rest, nil) == nil {
		buf.Write(tmp.Bytes())
	}
}

// ErrorShape finds the exception shape of err for the XML protocols: by its
// shape name (awsapi.ShapeName), then by wire code among op's errors and the
// service's shapes. A shape whose error trait sets a code (awsQueryError)
// matches that code only; otherwise its name is the code. nil when err is
// not modelled.
func ErrorShape(svc *model.Service, op *model.Operation, err awsapi.APIError) *model.Shape {
	code := err.ErrorCode()
	if svc != nil {
		if sh, ok := svc.Shapes[awsapi.ShapeName(err)]; ok && sh.Exception {
			return sh
		}
	}
	match := func(sh *model.Shape) bool {
		if sh == nil {
			return false
		}
		if sh.Error != nil && sh.Error.Code != "" {
			return sh.Error.Code == code
		}
		return sh.Name == code
	}
	if op != nil {
		for _, r := range op.Errors {
			if match(r.Shape) {
				return r.Shape
			}
		}
	}
	if svc == nil {
		return nil
	}
	if sh, ok := svc.Shapes[code]; ok && sh.Exception && match(sh) {
		return sh
	}
	for _, sh := range svc.Shapes {
		if sh.Exception && match(sh) {
			return sh
		}
	}
	return nil
}
