package restxml

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/xmlshape"
)

// EncodeError writes err with its status. S3 and s3control send the
// unwrapped document
//
//	<Error><Code/><Message/>fields<Resource/><RequestId/><HostId/></Error>
//
// (awsapi.Error.Fields and modelled members as elements, meta.Resource as
// <Resource>); other services the wrapped
//
//	<ErrorResponse xmlns="ns"><Error><Type>Sender|Receiver</Type><Code/>
//	<Message/>fields</Error><RequestId/></ErrorResponse>
//
// HEAD responses carry the status only, as S3 sends them.
func (c *Codec) EncodeError(w http.ResponseWriter, svc *model.Service, op *model.Operation, err awsapi.APIError, fields map[string]any, meta protocol.Meta) {
	status := statusOr(err.HTTPStatusCode(), http.StatusBadRequest)
	head := op != nil && op.HTTP.Method == http.MethodHead
	var buf bytes.Buffer
	buf.WriteString(xmlDecl)
	if isS3(svc) {
		buf.WriteString("<Error>")
		xmlshape.Element(&buf, "Code", err.ErrorCode())
		xmlshape.Element(&buf, "Message", err.ErrorMessage())
		c.writeFields(&buf, svc, op, err, fields)
		if meta.Resource != "" {
			xmlshape.Element(&buf, "Resource", meta.Resource)
		}
		xmlshape.Element(&buf, "RequestId", meta.RequestID)
		xmlshape.Element(&buf, "HostId", HostID)
		buf.WriteString("</Error>")
	} else {
		buf.WriteString("<ErrorResponse")
		if ns := c.namespace(svc); ns != "" {
			buf.WriteString(` xmlns="`)
			xmlshape.Text(&buf, ns)
			buf.WriteByte('"')
		}
		buf.WriteString("><Error>")
		fault := "Receiver"
		if err.SenderFault() {
			fault = "Sender"
		}
		xmlshape.Element(&buf, "Type", fault)
		xmlshape.Element(&buf, "Code", err.ErrorCode())
		xmlshape.Element(&buf, "Message", err.ErrorMessage())
		c.writeFields(&buf, svc, op, err, fields)
		buf.WriteString("</Error>")
		xmlshape.Element(&buf, "RequestId", meta.RequestID)
		buf.WriteString("</ErrorResponse>")
	}
	writeBody(w, status, buf.Bytes(), "application/xml", head)
}

// writeFields renders awsapi.Error.Fields in key order, then the modelled
// members other than the message (encoded by the error's shape when found).
func (c *Codec) writeFields(buf *bytes.Buffer, svc *model.Service, op *model.Operation, err awsapi.APIError, fields map[string]any) {
	if e, ok := err.(*awsapi.Error); ok {
		for _, k := range sortedKeys(e.Fields) {
			xmlshape.Element(buf, k, e.Fields[k])
		}
	}
	sh := errorShape(svc, op, err)
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
	enc := &xmlshape.Encoder{Buf: &tmp, TimestampFormat: xmlshape.ISO8601}
	if enc.Members(sh, rest, nil) == nil {
		buf.Write(tmp.Bytes())
	}
}

// errorShape finds the modelled error with wire code among op's errors,
// then the service's shapes.
func errorShape(svc *model.Service, op *model.Operation, err awsapi.APIError) *model.Shape {
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
	if sh, ok := svc.Shapes[code]; ok && sh.Exception && match(sh) {
		return sh
	}
	return nil
}
