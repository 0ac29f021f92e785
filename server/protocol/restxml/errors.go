package restxml

import (
	"bytes"
	"net/http"

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
		xmlshape.WriteErrorFields(&buf, err, xmlshape.ErrorShape(svc, op, err), fields)
		if meta.Resource != "" {
			xmlshape.Element(&buf, "Resource", meta.Resource)
		}
		xmlshape.Element(&buf, "RequestId", meta.RequestID)
		xmlshape.Element(&buf, "HostId", HostID)
		buf.WriteString("</Error>")
	} else {
		xmlshape.WriteErrorResponse(&buf, c.namespace(svc), err, xmlshape.ErrorShape(svc, op, err), fields, meta.RequestID)
	}
	writeBody(w, status, buf.Bytes(), "application/xml", head)
}
