package query

import (
	"bytes"
	"net/http"
	"sort"
	"strconv"
	"strings"

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
	buf.WriteString("<ErrorResponse")
	if ns := svc.Metadata.XMLNamespace; ns != "" {
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
	writeFields(&buf, svc, op, err, fields)
	buf.WriteString("</Error>")
	xmlshape.Element(&buf, "RequestId", meta.RequestID)
	buf.WriteString("</ErrorResponse>")
	write(w, status, buf.Bytes())
}

// writeFields renders the error's extra members after Code and Message:
// awsapi.Error.Fields in key order, then the modelled members (other than
// the message) when the error shape is known. A member that fails to encode
// is dropped rather than failing the error response.
func writeFields(buf *bytes.Buffer, svc *model.Service, op *model.Operation, err awsapi.APIError, fields map[string]any) {
	if e, ok := err.(*awsapi.Error); ok && len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			xmlshape.Element(buf, k, e.Fields[k])
		}
	}
	sh := ErrorShape(svc, op, err)
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

// ErrorShape finds the shape of err: by its shape name (awsapi.ShapeName),
// then by wire code among op's errors
// and all the service's shapes (error.code or name).
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
