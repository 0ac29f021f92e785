// Package restjson implements the AWS restJson1 protocol (botocore protocol
// "rest-json") on the server side: Lambda, API Gateway, EKS and most REST
// services with JSON bodies.
//
// The operation is found by method and request URI pattern (labels, greedy
// labels, literal query keys; the most specific pattern wins). Members bind
// to the URI, query string, headers, a payload member or the JSON body by
// their location traits. Spec:
// https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html and the
// HTTP binding traits (https://smithy.io/2.0/spec/http-bindings.html);
// aws-sdk-go-v2's client (smithy-go transport/http/protocol/restjson1) is what
// the wire must satisfy.
package restjson

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
	"github.com/setup-emulator/setup-emulator/server/protocol/jsonrpc"
)

// Codec is the "rest-json" protocol codec. It is stateless.
type Codec struct{}

// New returns the codec for botocore protocol "rest-json".
func New() *Codec { return &Codec{} }

var _ protocol.Codec = (*Codec)(nil)

// Name is "rest-json".
func (*Codec) Name() string { return "rest-json" }

// Operation finds the most specific operation whose method, path pattern and
// literal query keys match r. No match is a 404 UnknownOperationException.
func (*Codec) Operation(svc *model.Service, r *http.Request) (*model.Operation, error) {
	rt, ok := findRoute(svc, r)
	if !ok {
		return nil, awsapi.NewError(http.StatusNotFound, "UnknownOperationException",
			"No operation of service %s matches %s %s", svc.Name, r.Method, r.URL.EscapedPath())
	}
	return rt.op, nil
}

func isBody(r *model.Ref) bool { return r.Location == "" }

// Decode binds the input members from the URI labels, query string, headers
// and payload or JSON body. A streaming blob payload is left unread as r.Body.
func (*Codec) Decode(svc *model.Service, op *model.Operation, r *http.Request) (map[string]any, error) {
	in := map[string]any{}
	if op.Input == nil {
		return in, nil
	}
	sh := op.Input.Shape
	rt, err := routeFor(op, r)
	if err != nil {
		return nil, err
	}
	if err := bindLocations(sh, op, rt.labels, r, in); err != nil {
		return nil, err
	}
	if sh.Payload != "" {
		return in, decodePayload(sh.Payload, sh.Members[sh.Payload], r, in)
	}
	if !hasBodyMembers(sh) {
		return in, nil
	}
	body, err := jsonrpc.ReadBody(r.Body)
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return in, err
	}
	v, err := jsonrpc.ParseJSON(body)
	if err != nil {
		return nil, err
	}
	if _, ok := v.(map[string]any); !ok && v != nil {
		return nil, jsonrpc.SerializationError("The request body must be a JSON object")
	}
	fromBody, err := jsonrpc.StructFromJSON(sh, v, isBody)
	if err != nil {
		return nil, err
	}
	for k, v := range fromBody {
		in[k] = v
	}
	return in, nil
}

func hasBodyMembers(sh *model.Shape) bool {
	for _, ref := range sh.Members {
		if isBody(ref) {
			return true
		}
	}
	return false
}

// bindLocations fills the uri, querystring, header and headers members.
func bindLocations(sh *model.Shape, op *model.Operation, labels map[string]string, r *http.Request, in map[string]any) error {
	q := r.URL.Query()
	claimed := map[string]bool{}
	for k := range op.Query {
		claimed[k] = true
	}
	for _, name := range sh.MemberNames {
		if ref := sh.Members[name]; ref.Location == "querystring" {
			claimed[jsonrpc.MemberName(name, ref)] = true
		}
	}
	for _, name := range sh.MemberNames {
		ref := sh.Members[name]
		wire := jsonrpc.MemberName(name, ref)
		var (
			v   any
			err error
		)
		switch ref.Location {
		case "uri":
			s, ok := labels[wire]
			if !ok {
				continue
			}
			v, err = parseScalar(ref, "uri", s, "URI label "+wire)
		case "querystring":
			v, err = queryValue(ref, wire, q, claimed)
		case "header":
			s := r.Header.Values(wire)
			if len(s) == 0 {
				continue
			}
			v, err = headerValue(ref, wire, strings.Join(s, ","))
		case "headers":
			m := map[string]any{}
			for k, s := range headerPrefixValues(r.Header, ref.LocationName) {
				if m[k], err = parseScalar(ref.Shape.Value, "header", s, "header "+wire+k); err != nil {
					return err
				}
			}
			if len(m) > 0 {
				v = m
			}
		default:
			continue
		}
		if err != nil {
			return err
		}
		if v != nil {
			in[name] = v
		}
	}
	return nil
}

func queryValue(ref *model.Ref, wire string, q map[string][]string, claimed map[string]bool) (any, error) {
	switch ref.Shape.Type {
	case "map": // every parameter no other member claims
		m := map[string]any{}
		for k, vs := range q {
			if claimed[k] && k != wire {
				continue
			}
			if ref.Shape.Value.Shape.Type == "list" {
				l := make([]any, 0, len(vs))
				for _, s := range vs {
					e, err := parseScalar(ref.Shape.Value.Shape.Member, "querystring", s, "query parameter "+k)
					if err != nil {
						return nil, err
					}
					l = append(l, e)
				}
				m[k] = l
				continue
			}
			e, err := parseScalar(ref.Shape.Value, "querystring", vs[0], "query parameter "+k)
			if err != nil {
				return nil, err
			}
			m[k] = e
		}
		if len(m) == 0 {
			return nil, nil
		}
		return m, nil
	case "list":
		vs := q[wire]
		if len(vs) == 0 {
			return nil, nil
		}
		l := make([]any, 0, len(vs))
		for _, s := range vs {
			e, err := parseScalar(ref.Shape.Member, "querystring", s, "query parameter "+wire)
			if err != nil {
				return nil, err
			}
			l = append(l, e)
		}
		return l, nil
	}
	vs := q[wire]
	if len(vs) == 0 {
		return nil, nil
	}
	return parseScalar(ref, "querystring", vs[0], "query parameter "+wire)
}

func headerValue(ref *model.Ref, wire, s string) (any, error) {
	if ref.Shape.Type != "list" {
		return parseScalar(ref, "header", strings.TrimSpace(s), "header "+wire)
	}
	parts := splitHeaderList(ref.Shape.Member, s)
	l := make([]any, 0, len(parts))
	for _, p := range parts {
		e, err := parseScalar(ref.Shape.Member, "header", p, "header "+wire)
		if err != nil {
			return nil, err
		}
		l = append(l, e)
	}
	return l, nil
}

// decodePayload binds the payload member: a structure or document from JSON,
// a blob or string from the raw body, a streaming blob as the unread body.
func decodePayload(name string, ref *model.Ref, r *http.Request, in map[string]any) error {
	if ref.IsStreaming() {
		if r.Body != nil {
			in[name] = io.Reader(r.Body)
		} else {
			in[name] = io.Reader(bytes.NewReader(nil))
		}
		return nil
	}
	body, err := jsonrpc.ReadBody(r.Body)
	if err != nil || len(body) == 0 {
		return err
	}
	switch {
	case ref.Shape.Type == "blob":
		in[name] = body
	case ref.Shape.Type == "string":
		in[name] = string(body)
	default:
		if len(bytes.TrimSpace(body)) == 0 {
			return nil
		}
		v, err := jsonrpc.ParseJSON(body)
		if err != nil {
			return err
		}
		gv, err := jsonrpc.FromJSON(ref, v)
		if err != nil {
			return err
		}
		in[name] = gv
	}
	return nil
}

// Encode writes the output: status from the operation's responseCode or a
// statusCode member, header members, then the payload member or the body
// members as a JSON object.
func (*Codec) Encode(w http.ResponseWriter, svc *model.Service, op *model.Operation, out map[string]any, meta protocol.Meta) error {
	status := op.HTTP.ResponseCode
	if status == 0 {
		status = http.StatusOK
	}
	if op.Output == nil {
		w.WriteHeader(status)
		return nil
	}
	defer protocol.ClosePayload(op.Output.Shape, out)
	return writeShape(w, op.Output.Shape, out, status)
}

// writeShape writes a structure's header, status, payload and body members.
func writeShape(w http.ResponseWriter, sh *model.Shape, v map[string]any, status int) error {
	h := w.Header()
	for _, name := range sh.MemberNames {
		ref := sh.Members[name]
		mv, ok := v[name]
		if !ok || mv == nil {
			continue
		}
		wire := jsonrpc.MemberName(name, ref)
		switch ref.Location {
		case "statusCode":
			if s, ok := jsonrpc.AsInt(mv); ok && s >= 100 && s <= 599 {
				status = int(s)
			}
		case "header":
			if err := setHeader(h, ref, wire, mv); err != nil {
				return err
			}
		case "headers":
			m, _ := mv.(map[string]any)
			for k, e := range m {
				if e == nil {
					continue
				}
				if err := setHeader(h, ref.Shape.Value, ref.LocationName+k, e); err != nil {
					return err
				}
			}
		}
	}
	if sh.Payload != "" {
		return writePayload(w, sh.Members[sh.Payload], v[sh.Payload], status)
	}
	if !hasBodyMembers(sh) {
		w.WriteHeader(status)
		return nil
	}
	obj, err := jsonrpc.StructToJSON(sh, v, isBody)
	if err != nil {
		return err
	}
	body, err := jsonrpc.Marshal(obj)
	if err != nil {
		return err
	}
	writeBody(w, "application/json", status, body)
	return nil
}

func setHeader(h http.Header, ref *model.Ref, wire string, v any) error {
	if l, ok := v.([]any); ok && ref.Shape.Type == "list" {
		parts := make([]string, 0, len(l))
		for _, e := range l {
			if e == nil {
				continue
			}
			s, err := formatScalar(ref.Shape.Member, "header", e)
			if err != nil {
				return err
			}
			if strings.ContainsAny(s, ",\"") && ref.Shape.Member.Shape.Type == "string" {
				s = strconv.Quote(s)
			}
			parts = append(parts, s)
		}
		h.Set(wire, strings.Join(parts, ", "))
		return nil
	}
	s, err := formatScalar(ref, "header", v)
	if err != nil {
		return err
	}
	h.Set(wire, s)
	return nil
}

func writePayload(w http.ResponseWriter, ref *model.Ref, v any, status int) error {
	h := w.Header()
	if v == nil {
		w.WriteHeader(status)
		return nil
	}
	switch ref.Shape.Type {
	case "blob":
		if h.Get("Content-Type") == "" {
			h.Set("Content-Type", "application/octet-stream")
		}
		if r, ok := v.(io.Reader); ok {
			w.WriteHeader(status)
			_, err := io.Copy(w, r)
			return err
		}
		b, err := jsonrpc.BlobBytes(v)
		if err != nil {
			return err
		}
		writeBody(w, h.Get("Content-Type"), status, b)
		return nil
	case "string":
		s, _ := v.(string)
		ct := h.Get("Content-Type")
		if ct == "" {
			ct = "text/plain"
		}
		writeBody(w, ct, status, []byte(s))
		return nil
	}
	jv, err := jsonrpc.ToJSON(ref, v)
	if err != nil {
		return err
	}
	body, err := jsonrpc.Marshal(jv)
	if err != nil {
		return err
	}
	writeBody(w, "application/json", status, body)
	return nil
}

func writeBody(w http.ResponseWriter, contentType string, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// EncodeError writes the error's status, X-Amzn-ErrorType with the error's
// shape name (the component aws-sdk-go-v2 checks first), and a JSON body with
// "__type" (the same name, as the restJson1 spec allows), "message" and the
// modelled body members; modelled header members become headers.
func (*Codec) EncodeError(w http.ResponseWriter, svc *model.Service, op *model.Operation, apiErr awsapi.APIError, fields map[string]any, meta protocol.Meta) {
	sh := jsonrpc.ErrorShape(svc, op, apiErr)
	name := jsonrpc.ErrorName(sh, apiErr)
	obj := jsonrpc.ErrorFields(sh, apiErr, fields)
	obj["__type"] = name
	h := w.Header()
	if sh != nil && fields != nil {
		for _, mn := range sh.MemberNames {
			ref := sh.Members[mn]
			if v := fields[mn]; v != nil && ref.Location == "header" {
				_ = setHeader(h, ref, jsonrpc.MemberName(mn, ref), v)
			}
		}
	}
	h.Set("X-Amzn-ErrorType", name)
	if meta.QueryCompatible {
		h.Set("X-Amzn-Query-Error", jsonrpc.QueryErrorHeader(sh, apiErr))
	}
	body, err := jsonrpc.Marshal(obj)
	if err != nil {
		body = []byte(`{"__type":"InternalFailure"}`)
	}
	writeBody(w, "application/json", jsonrpc.ErrorStatus(apiErr), body)
}
