package query

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/xmlshape"
)

// contentType is what AWS query services answer with.
const contentType = "text/xml"

// Encode writes the XML response:
//
//	query: <OpResponse xmlns="ns"><OpResult>members</OpResult>
//	       <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></OpResponse>
//	ec2:   <OpResponse xmlns="ns"><requestId>id</requestId>members</OpResponse>
//
// The Result wrapper is the output's resultWrapper (default OpResult); an
// operation without output has no Result element.
func (c *Codec) Encode(w http.ResponseWriter, svc *model.Service, op *model.Operation, out map[string]any, meta protocol.Meta) error {
	var buf bytes.Buffer
	enc := &xmlshape.Encoder{Buf: &buf, TimestampFormat: xmlshape.ISO8601}
	buf.WriteString("<" + op.Name + "Response")
	if ns := svc.Metadata.XMLNamespace; ns != "" {
		buf.WriteString(` xmlns="`)
		xmlshape.Text(&buf, ns)
		buf.WriteByte('"')
	}
	buf.WriteByte('>')
	if c.ec2 {
		xmlshape.Element(&buf, "requestId", meta.RequestID)
		if op.Output != nil {
			if err := enc.Members(op.Output.Shape, out, nil); err != nil {
				return err
			}
		}
	} else {
		if op.Output != nil {
			wrapper := op.Output.ResultWrapper
			if wrapper == "" {
				wrapper = op.Name + "Result"
			}
			buf.WriteString("<" + wrapper + ">")
			if err := enc.Members(op.Output.Shape, out, nil); err != nil {
				return err
			}
			buf.WriteString("</" + wrapper + ">")
		}
		buf.WriteString("<ResponseMetadata>")
		xmlshape.Element(&buf, "RequestId", meta.RequestID)
		buf.WriteString("</ResponseMetadata>")
	}
	buf.WriteString("</" + op.Name + "Response>")
	write(w, http.StatusOK, buf.Bytes())
	return nil
}

func write(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// EncodeError writes err with its status:
//
//	query: <ErrorResponse xmlns="ns"><Error><Type>Sender|Receiver</Type>
//	       <Code/><Message/>fields</Error><RequestId/></ErrorResponse>
//	ec2:   <Response><Errors><Error><Code/><Message/></Error></Errors>
//	       <RequestID/></Response>
//
// Modelled error members (fields) and awsapi.Error.Fields are rendered inside
// <Error> for query, as AWS does (for example IAM's and SNS's extra members).
func (c *Codec) EncodeError(w http.ResponseWriter, svc *model.Service, op *model.Operation, err awsapi.APIError, fields map[string]any, meta protocol.Meta) {
	status := err.HTTPStatusCode()
	if status == 0 {
		status = http.StatusBadRequest
	}
	var buf bytes.Buffer
	if c.ec2 {
		buf.WriteString("<Response><Errors><Error>")
		xmlshape.Element(&buf, "Code", err.ErrorCode())
		xmlshape.Element(&buf, "Message", err.ErrorMessage())
		buf.WriteString("</Error></Errors>")
		xmlshape.Element(&buf, "RequestID", meta.RequestID)
		buf.WriteString("</Response>")
		write(w, status, buf.Bytes())
		return
	}
	xmlshape.WriteErrorResponse(&buf, svc.Metadata.XMLNamespace, err, xmlshape.ErrorShape(svc, op, err), fields, meta.RequestID)
	write(w, status, buf.Bytes())
}
