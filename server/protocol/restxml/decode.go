package restxml

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/xmlshape"
)

// Decode binds op's input members from the request. Errors (all 400):
// S3 answers an unparsable XML body with MalformedXML and a bad header or
// query value with InvalidArgument (S3 API reference, "Error responses");
// other services with InvalidInput (Route 53's and CloudFront's documented
// code for malformed input). A streaming payload is an io.Reader over the
// body, aws-chunked bodies decoded (see ChunkedReader).
func (c *Codec) Decode(svc *model.Service, op *model.Operation, r *http.Request) (map[string]any, error) {
	out := map[string]any{}
	if op.Input == nil {
		return out, nil
	}
	sh := op.Input.Shape
	labels, _ := matchPath(op.Path, splitRaw(r.URL.EscapedPath()))
	q := parseQuery(r.URL.RawQuery)
	chunked := isAWSChunked(r.Header)
	idx := c.routes(svc)
	claimed := idx.claimed[op]
	if claimed == nil { // an operation not in svc's model
		claimed = claimedKeys(op)
	}
	for _, mn := range sh.MemberNames {
		ref := sh.Members[mn]
		name := ref.LocationName
		if name == "" {
			name = mn
		}
		var v any
		var err error
		switch ref.Location {
		case "uri":
			raw, ok := labels[name]
			if !ok {
				continue
			}
			s, uerr := url.PathUnescape(raw)
			if uerr != nil {
				return nil, c.inputError(svc, "InvalidURI", "Couldn't parse the specified URI.")
			}
			v, err = xmlshape.ParseScalar(ref.Shape, s, name)
		case "querystring":
			v, err = queryValue(ref, name, q, claimed)
		case "header":
			vals := r.Header[idx.header(name)]
			if len(vals) == 0 {
				switch {
				case !strings.EqualFold(name, "Content-Length"):
					continue
				case chunked && r.Header.Get("X-Amz-Decoded-Content-Length") != "":
					vals = []string{r.Header.Get("X-Amz-Decoded-Content-Length")}
				case !chunked && r.ContentLength > 0: // net/http may keep it out of Header
					vals = []string{strconv.FormatInt(r.ContentLength, 10)}
				default:
					continue
				}
			}
			v, err = headerValue(ref, name, vals, r.Header, chunked)
		case "headers":
			m := prefixHeaders(r.Header, name)
			if len(m) == 0 {
				continue
			}
			v = m
		default:
			continue
		}
		if err != nil {
			return nil, c.valueError(svc, err)
		}
		if v != nil {
			out[mn] = v
		}
	}
	if err := c.decodeBody(svc, op, r, chunked, out); err != nil {
		return nil, err
	}
	return out, nil
}

func queryValue(ref *model.Ref, name string, q url.Values, claimed map[string]bool) (any, error) {
	switch ref.Shape.Type {
	case "map": // every parameter no other member claims
		m := map[string]any{}
		for k, vs := range q {
			if claimed[k] {
				continue
			}
			if ref.Shape.Value.Shape.Type == "list" {
				l := make([]any, len(vs))
				for i, s := range vs {
					l[i] = s
				}
				m[k] = l
			} else if len(vs) > 0 {
				m[k] = vs[0]
			}
		}
		if len(m) == 0 {
			return nil, nil
		}
		return m, nil
	case "list":
		vs, ok := q[name]
		if !ok {
			return nil, nil
		}
		l := make([]any, 0, len(vs))
		for _, s := range vs {
			v, err := xmlshape.ParseScalar(ref.Shape.Member.Shape, s, name)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	}
	if !q.Has(name) {
		return nil, nil
	}
	return xmlshape.ParseScalar(ref.Shape, q.Get(name), name)
}

// headerValue parses one header member: lists are comma-separated,
// timestamps http-date (any format accepted), jsonvalue strings base64 JSON.
// For an aws-chunked body, Content-Length is the decoded length and
// Content-Encoding loses its aws-chunked token, as S3 stores them.
func headerValue(ref *model.Ref, name string, vals []string, h http.Header, chunked bool) (any, error) {
	joined := strings.Join(vals, ",")
	if chunked {
		switch strings.ToLower(name) {
		case "content-length":
			if d := h.Get("X-Amz-Decoded-Content-Length"); d != "" {
				joined = d
			}
		case "content-encoding":
			var keep []string
			for _, t := range strings.Split(joined, ",") {
				if t = strings.TrimSpace(t); t != "" && !strings.EqualFold(t, "aws-chunked") {
					keep = append(keep, t)
				}
			}
			if len(keep) == 0 {
				return nil, nil
			}
			joined = strings.Join(keep, ",")
		}
	}
	switch {
	case ref.Shape.Type == "list":
		var l []any
		for _, s := range splitHeaderList(joined) {
			v, err := xmlshape.ParseScalar(ref.Shape.Member.Shape, s, name)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case ref.JSONValue:
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(joined))
		if err != nil {
			return nil, &xmlshape.ValueError{Path: name, Value: joined, Want: "base64-encoded JSON value"}
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, &xmlshape.ValueError{Path: name, Value: joined, Want: "base64-encoded JSON value"}
		}
		if ref.Shape.Type == "string" {
			return string(b), nil
		}
		return doc, nil
	}
	return xmlshape.ParseScalar(ref.Shape, joined, name)
}

// splitHeaderList splits "a, b" into ["a","b"], keeping quoted commas.
func splitHeaderList(s string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '"':
			quoted = !quoted
		case ch == ',' && !quoted:
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(ch)
		}
	}
	if t := strings.TrimSpace(cur.String()); t != "" || len(out) > 0 {
		out = append(out, t)
	}
	return out
}

// prefixHeaders collects the headers starting with prefix (case-insensitive)
// into a map keyed by the rest of the name, lower-cased as S3 reports
// x-amz-meta-* keys.
func prefixHeaders(h http.Header, prefix string) map[string]any {
	m := map[string]any{}
	lp := strings.ToLower(prefix)
	for k, vs := range h {
		lk := strings.ToLower(k)
		if len(lk) > len(lp) && strings.HasPrefix(lk, lp) {
			m[lk[len(lp):]] = strings.Join(vs, ",")
		}
	}
	return m
}

// body returns the request body, aws-chunked decoding applied.
func body(r *http.Request, chunked bool) io.Reader {
	if r.Body == nil {
		return strings.NewReader("")
	}
	if chunked {
		return NewChunkedReader(r.Body)
	}
	return r.Body
}

func (c *Codec) readAll(svc *model.Service, rd io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxBodyBytes+1))
	if err != nil {
		var ae *awsapi.Error
		if errors.As(err, &ae) {
			return nil, ae
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, awsapi.NewError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request body exceeds %d bytes.", tooBig.Limit)
		}
		return nil, awsapi.NewError(http.StatusBadRequest, "IncompleteBody", "The request body could not be read: %v", err)
	}
	if len(data) > MaxBodyBytes {
		if isS3(svc) {
			return nil, awsapi.NewError(http.StatusBadRequest, "MaxMessageLengthExceeded", "Your request was too big.")
		}
		return nil, awsapi.NewError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request body exceeds %d bytes.", MaxBodyBytes)
	}
	return data, nil
}

// decodeBody binds the payload member, or the body members as an XML
// document whose root element name is not checked (clients agree on it).
func (c *Codec) decodeBody(svc *model.Service, op *model.Operation, r *http.Request, chunked bool, out map[string]any) error {
	sh := op.Input.Shape
	if sh.Payload != "" {
		ref := sh.Members[sh.Payload]
		if ref == nil {
			return nil
		}
		switch ref.Shape.Type {
		case "blob", "string":
			if ref.IsStreaming() {
				out[sh.Payload] = body(r, chunked)
				return nil
			}
			data, err := c.readAll(svc, body(r, chunked))
			if err != nil {
				return err
			}
			if len(data) == 0 {
				return nil
			}
			if ref.Shape.Type == "string" {
				out[sh.Payload] = string(data)
			} else {
				out[sh.Payload] = data
			}
			return nil
		}
		root, err := c.document(svc, r, chunked)
		if err != nil || root == nil {
			return err
		}
		v, err := xmlshape.Decoder{}.Value(root, ref, sh.Payload)
		if err != nil {
			return c.bodyError(svc, err)
		}
		out[sh.Payload] = v
		return nil
	}
	hasBody := false
	for _, ref := range sh.Members {
		if ref.Location == "" {
			hasBody = true
			break
		}
	}
	if !hasBody {
		return nil
	}
	root, err := c.document(svc, r, chunked)
	if err != nil || root == nil {
		return err
	}
	v, err := xmlshape.Decoder{}.Struct(root, sh, located, "")
	if err != nil {
		return c.bodyError(svc, err)
	}
	for k, x := range v {
		out[k] = x
	}
	return nil
}

func located(ref *model.Ref) bool { return ref.Location != "" }

func (c *Codec) document(svc *model.Service, r *http.Request, chunked bool) (*xmlshape.Node, error) {
	data, err := c.readAll(svc, body(r, chunked))
	if err != nil {
		return nil, err
	}
	root, err := xmlshape.Parse(data)
	if err != nil {
		return nil, c.bodyError(svc, err)
	}
	return root, nil
}

func (c *Codec) inputError(svc *model.Service, s3code, msg string) error {
	if isS3(svc) {
		return awsapi.NewError(http.StatusBadRequest, s3code, "%s", msg)
	}
	return awsapi.NewError(http.StatusBadRequest, "InvalidInput", "%s", msg)
}

// valueError maps a bad header, query or label value.
func (c *Codec) valueError(svc *model.Service, err error) error {
	return c.inputError(svc, "InvalidArgument", err.Error())
}

// bodyError maps a malformed or mistyped XML body.
func (c *Codec) bodyError(svc *model.Service, err error) error {
	if isS3(svc) {
		return awsapi.NewError(http.StatusBadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
	}
	return awsapi.NewError(http.StatusBadRequest, "InvalidInput", "%s", err.Error())
}
