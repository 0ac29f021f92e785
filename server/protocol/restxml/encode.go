package restxml

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/xmlshape"
)

// xmlDecl starts every XML body, as S3 and Route 53 send it.
const xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// Encode writes the response: status op.HTTP.ResponseCode (default 200) or
// the statusCode member; header and prefix-header members; then the payload
// member (a streaming body copied as it is read, raw bytes or text, or a
// structure as XML rooted at its locationName or member name) or the body
// members as an XML document rooted at the output's element name (see
// rootName). HEAD responses never carry a body.
func (c *Codec) Encode(w http.ResponseWriter, svc *model.Service, op *model.Operation, out map[string]any, meta protocol.Meta) error {
	status := statusOr(op.HTTP.ResponseCode, http.StatusOK)
	if op.Output == nil {
		w.WriteHeader(status)
		return nil
	}
	sh := op.Output.Shape
	defer protocol.ClosePayload(sh, out)
	h := w.Header()
	for _, mn := range sh.MemberNames {
		ref := sh.Members[mn]
		v, ok := out[mn]
		if !ok || v == nil {
			continue
		}
		switch ref.Location {
		case "statusCode":
			if n, ok := toInt(v); ok && n >= 100 && n <= 999 {
				status = int(n)
			}
		case "header":
			s, err := formatHeader(ref, v)
			if err != nil {
				return fmt.Errorf("restxml: %s.%s: %w", sh.Name, mn, err)
			}
			if s != "" { // AWS omits empty headers
				h.Set(ref.LocationName, s)
			}
		case "headers":
			m, _ := v.(map[string]any)
			for k, x := range m {
				if s, ok := x.(string); ok {
					// As S3 sends them, "x-amz-meta-owner": lower case, not
					// canonicalized, since clients (botocore) keep the case
					// of the name after the prefix.
					h[strings.ToLower(ref.LocationName+k)] = []string{s}
				}
			}
		}
	}
	if status == http.StatusOK && h.Get("Content-Range") != "" {
		// A ranged GetObject answers 206 Partial Content (RFC 9110 15.3.7;
		// S3 GetObject); the model has no status member to say so.
		status = http.StatusPartialContent
	}
	head := op.HTTP.Method == http.MethodHead
	if sh.Payload != "" {
		return c.writePayload(w, svc, sh, out, status, head)
	}
	var buf bytes.Buffer
	if hasBodyMembers(sh) {
		buf.WriteString(xmlDecl)
		enc := &xmlshape.Encoder{Buf: &buf, TimestampFormat: xmlshape.ISO8601}
		name := c.rootName(svc, op)
		if isS3(svc) && op.Name == "GetBucketLocation" {
			// S3 answers with the constraint as the root's text:
			// <LocationConstraint xmlns="...">eu-west-1</LocationConstraint>.
			s, _ := out["LocationConstraint"].(string)
			buf.WriteString(`<LocationConstraint xmlns="` + c.namespace(svc) + `">`)
			xmlshape.Text(&buf, s)
			buf.WriteString("</LocationConstraint>")
		} else if err := enc.Root(name, &model.Ref{Shape: withoutLocated(sh), XMLNamespace: op.Output.XMLNamespace}, bodyOnly(sh, out), c.namespace(svc)); err != nil {
			return fmt.Errorf("restxml: %s: %w", op.Name, err)
		}
	}
	writeBody(w, status, buf.Bytes(), "application/xml", head)
	return nil
}

func writeBody(w http.ResponseWriter, status int, body []byte, contentType string, head bool) {
	h := w.Header()
	if len(body) > 0 {
		if h.Get("Content-Type") == "" {
			h.Set("Content-Type", contentType)
		}
		if !head {
			h.Set("Content-Length", strconv.Itoa(len(body)))
		}
	} else if status != http.StatusNoContent && status != http.StatusNotModified && !head && h.Get("Content-Length") == "" {
		h.Set("Content-Length", "0")
	}
	w.WriteHeader(status)
	if !head && len(body) > 0 {
		_, _ = w.Write(body)
	}
}

func (c *Codec) writePayload(w http.ResponseWriter, svc *model.Service, sh *model.Shape, out map[string]any, status int, head bool) error {
	ref := sh.Members[sh.Payload]
	v := out[sh.Payload]
	if ref.Shape.EventStream && v != nil {
		return c.writeEventStream(w, ref.Shape, v, status, head)
	}
	switch x := v.(type) {
	case nil:
		writeBody(w, status, nil, "", head)
		return nil
	case io.Reader: // closed by Encode
		if w.Header().Get("Content-Type") == "" && ref.Shape.Type == "blob" {
			w.Header().Set("Content-Type", "binary/octet-stream")
		}
		w.WriteHeader(status)
		if head {
			return nil
		}
		_, err := io.Copy(w, x) // streamed: a failure mid-body can only cut the connection
		return err
	case []byte:
		writeBody(w, status, x, "binary/octet-stream", head)
		return nil
	case string:
		writeBody(w, status, []byte(x), "text/plain", head)
		return nil
	}
	var buf bytes.Buffer
	buf.WriteString(xmlDecl)
	enc := &xmlshape.Encoder{Buf: &buf, TimestampFormat: xmlshape.ISO8601}
	name := ref.LocationName
	if name == "" {
		name = ref.Shape.LocationName
	}
	if name == "" {
		name = sh.Payload
	}
	if err := enc.Root(name, ref, v, c.namespace(svc)); err != nil {
		return fmt.Errorf("restxml: %s.%s: %w", sh.Name, sh.Payload, err)
	}
	writeBody(w, status, buf.Bytes(), "application/xml", head)
	return nil
}

// hasBodyMembers reports whether the output has members bound to the body:
// then the root element is sent even when empty, as S3 answers
// GetBucketVersioning on a bucket never versioned with an empty
// <VersioningConfiguration/>.
func hasBodyMembers(sh *model.Shape) bool {
	for _, ref := range sh.Members {
		if ref.Location == "" {
			return true
		}
	}
	return false
}

// withoutLocated is sh restricted to its body members, so that the
// structure encoder skips header and status members.
func withoutLocated(sh *model.Shape) *model.Shape {
	cp := *sh
	cp.Members = make(map[string]*model.Ref, len(sh.Members))
	cp.MemberNames = nil
	for _, mn := range sh.MemberNames {
		if sh.Members[mn].Location == "" {
			cp.Members[mn] = sh.Members[mn]
			cp.MemberNames = append(cp.MemberNames, mn)
		}
	}
	return &cp
}

func bodyOnly(sh *model.Shape, out map[string]any) map[string]any {
	m := make(map[string]any, len(out))
	for k, v := range out {
		if ref, ok := sh.Members[k]; ok && ref.Location == "" {
			m[k] = v
		}
	}
	return m
}

// rootName is the element that wraps an output's body members: the output
// reference's or shape's locationName, S3's documented root element for
// its output shapes (the botocore model omits them), else the shape name
// (Route 53's shapes are named after their roots).
func (c *Codec) rootName(svc *model.Service, op *model.Operation) string {
	if op.Output.LocationName != "" {
		return op.Output.LocationName
	}
	sh := op.Output.Shape
	if sh.LocationName != "" {
		return sh.LocationName
	}
	if isS3(svc) {
		if n := s3Root(sh.Name); n != "" {
			return n
		}
	}
	return sh.Name
}

// s3Root maps S3 output shapes to the root elements of the S3 API
// reference's response syntax.
func s3Root(shape string) string {
	switch shape {
	case "CompleteMultipartUploadOutput":
		return "CompleteMultipartUploadResult"
	case "CreateMultipartUploadOutput":
		return "InitiateMultipartUploadResult"
	case "CreateSessionOutput":
		return "CreateSessionResult"
	case "DeleteObjectsOutput":
		return "DeleteResult"
	case "GetBucketAccelerateConfigurationOutput":
		return "AccelerateConfiguration"
	case "GetBucketAclOutput", "GetObjectAclOutput":
		return "AccessControlPolicy"
	case "GetBucketCorsOutput":
		return "CORSConfiguration"
	case "GetBucketLifecycleOutput", "GetBucketLifecycleConfigurationOutput":
		return "LifecycleConfiguration"
	case "GetBucketLoggingOutput":
		return "BucketLoggingStatus"
	case "NotificationConfigurationDeprecated", "NotificationConfiguration":
		return "NotificationConfiguration"
	case "GetBucketRequestPaymentOutput":
		return "RequestPaymentConfiguration"
	case "GetBucketTaggingOutput", "GetObjectTaggingOutput":
		return "Tagging"
	case "GetBucketVersioningOutput":
		return "VersioningConfiguration"
	case "GetBucketWebsiteOutput":
		return "WebsiteConfiguration"
	case "GetObjectAttributesOutput":
		return "GetObjectAttributesResponse"
	case "ListBucketAnalyticsConfigurationsOutput":
		return "ListBucketAnalyticsConfigurationResult"
	case "ListBucketInventoryConfigurationsOutput":
		return "ListInventoryConfigurationsResult"
	case "ListBucketMetricsConfigurationsOutput":
		return "ListMetricsConfigurationsResult"
	case "ListBucketsOutput":
		return "ListAllMyBucketsResult"
	case "ListDirectoryBucketsOutput":
		return "ListAllMyDirectoryBucketsResult"
	case "ListMultipartUploadsOutput":
		return "ListMultipartUploadsResult"
	case "ListObjectVersionsOutput":
		return "ListVersionsResult"
	case "ListObjectsOutput", "ListObjectsV2Output":
		return "ListBucketResult"
	case "ListPartsOutput":
		return "ListPartsResult"
	}
	return ""
}

func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case float64:
		return int64(x), true
	}
	return 0, false
}

// formatHeader renders a header member: timestamps as http-date unless the
// trait says otherwise, lists comma-joined, jsonvalue as base64 JSON.
func formatHeader(ref *model.Ref, v any) (string, error) {
	if ref.JSONValue {
		var b []byte
		if s, ok := v.(string); ok {
			b = []byte(s)
		} else {
			var err error
			if b, err = json.Marshal(v); err != nil {
				return "", err
			}
		}
		return base64.StdEncoding.EncodeToString(b), nil
	}
	if l, ok := v.([]any); ok {
		parts := make([]string, 0, len(l))
		for _, x := range l {
			s, err := formatHeader(ref.Shape.Member, x)
			if err != nil {
				return "", err
			}
			if strings.ContainsAny(s, `,"`) {
				s = strconv.Quote(s)
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), nil
	}
	if t, ok := v.(time.Time); ok {
		return xmlshape.FormatTime(t, ref.TimestampFormatOr(xmlshape.RFC822)), nil
	}
	return xmlshape.FormatScalar(ref, v, xmlshape.RFC822)
}
