// Package model holds the AWS service models the emulator speaks, as botocore
// publishes them (service-2.json), stripped of documentation and embedded
// compressed. A Registry finds a service by the names the gateway sees on the
// wire (signing name, X-Amz-Target prefix, endpoint prefix) and loads its full
// model lazily, linking every shape reference.
//
// Source: botocore's data/<service>/<version>/service-2.json schema; the traits
// follow the Smithy AWS protocol specifications
// (https://smithy.io/2.0/aws/protocols/index.html).
package model

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Metadata is a model's "metadata" object.
type Metadata struct {
	APIVersion         string          `json:"apiVersion"`
	EndpointPrefix     string          `json:"endpointPrefix"`
	JSONVersion        string          `json:"jsonVersion"`
	Protocol           string          `json:"protocol"`
	Protocols          []string        `json:"protocols"`
	ServiceID          string          `json:"serviceId"`
	SigningName        string          `json:"signingName"`
	TargetPrefix       string          `json:"targetPrefix"`
	XMLNamespace       string          `json:"xmlNamespace"`
	GlobalEndpoint     string          `json:"globalEndpoint"`
	AWSQueryCompatible json.RawMessage `json:"awsQueryCompatible"`
}

// QueryCompatible reports whether the service answers its JSON errors with the
// x-amzn-query-error header (the awsQueryCompatible trait).
func (m *Metadata) QueryCompatible() bool { return len(m.AWSQueryCompatible) > 0 }

// Service is one linked service model.
type Service struct {
	Name       string // botocore's directory name: "s3", "sqs", "dynamodb", "cloudwatch"
	Metadata   Metadata
	Operations map[string]*Operation
	Shapes     map[string]*Shape
}

// HTTP is an operation's "http" trait.
type HTTP struct {
	Method       string `json:"method"`
	RequestURI   string `json:"requestUri"`
	ResponseCode int    `json:"responseCode"`
}

// Operation is one operation of a service.
type Operation struct {
	Name   string `json:"name"`
	HTTP   HTTP   `json:"http"`
	Input  *Ref   `json:"input"`
	Output *Ref   `json:"output"`
	Errors []*Ref `json:"errors"`
	// Endpoint carries the hostPrefix trait ("{Bucket}." etc.), unused by servers.
	Endpoint *struct {
		HostPrefix string `json:"hostPrefix"`
	} `json:"endpoint"`
	HTTPChecksum json.RawMessage `json:"httpChecksum"`
	// RequestCompression is the requestcompression trait: the encodings
	// ("gzip") in which clients may compress the request body.
	RequestCompression *struct {
		Encodings []string `json:"encodings"`
	} `json:"requestcompression"`
	// Deprecated marks an operation the model keeps for old clients; where it
	// shares a request URI with a newer one, the newer one wins routing.
	Deprecated bool `json:"deprecated"`

	// Path is RequestURI split into its path and literal query parts (rest protocols).
	Path  []PathSegment
	Query map[string]string
}

// PathSegment is one "/"-separated piece of a rest request URI.
// Label is the member name for "{Label}" and "{Label+}" (Greedy) segments.
type PathSegment struct {
	Literal string
	Label   string
	Greedy  bool
}

// ErrorTrait is a shape's "error" object.
type ErrorTrait struct {
	Code           string `json:"code"`
	HTTPStatusCode int    `json:"httpStatusCode"`
	SenderFault    bool   `json:"senderFault"`
}

// Shape is one named shape. Type is one of structure, list, map, string,
// integer, long, float, double, boolean, timestamp, blob, byte, short,
// bigInteger, bigDecimal (botocore's names).
type Shape struct {
	Name            string
	Type            string          `json:"type"`
	Members         map[string]*Ref `json:"members"`
	Required        []string        `json:"required"`
	Member          *Ref            `json:"member"`
	Key             *Ref            `json:"key"`
	Value           *Ref            `json:"value"`
	Enum            []string        `json:"enum"`
	Min             *float64        `json:"min"`
	Max             *float64        `json:"max"`
	Pattern         string          `json:"pattern"`
	Flattened       bool            `json:"flattened"`
	LocationName    string          `json:"locationName"`
	XMLNamespace    *XMLNamespace   `json:"xmlNamespace"`
	TimestampFormat string          `json:"timestampFormat"`
	Streaming       bool            `json:"streaming"`
	Payload         string          `json:"payload"`
	Exception       bool            `json:"exception"`
	Fault           bool            `json:"fault"`
	Error           *ErrorTrait     `json:"error"`
	Union           bool            `json:"union"`
	Event           bool            `json:"event"`
	EventStream     bool            `json:"eventstream"`
	Document        bool            `json:"document"`
	RequiresLength  bool            `json:"requiresLength"`
	Wrapper         bool            `json:"wrapper"`

	// MemberNames lists Members in the model's order (the order XML
	// protocols serialize them in).
	MemberNames []string `json:"memberOrder"`
	required    map[string]bool
}

// IsRequired reports whether member is in the shape's required list.
func (s *Shape) IsRequired(member string) bool { return s.required[member] }

// XMLNamespace is the xmlNamespace trait.
type XMLNamespace struct {
	URI    string `json:"uri"`
	Prefix string `json:"prefix"`
}

// Ref is a reference to a shape with the traits a reference may carry:
// member location and wire names, XML and JSON details.
type Ref struct {
	ShapeName        string        `json:"shape"`
	Location         string        `json:"location"` // uri, querystring, header, headers, statusCode, "" (body)
	LocationName     string        `json:"locationName"`
	QueryName        string        `json:"queryName"`
	XMLAttribute     bool          `json:"xmlAttribute"`
	XMLNamespace     *XMLNamespace `json:"xmlNamespace"`
	Flattened        bool          `json:"flattened"`
	TimestampFormat  string        `json:"timestampFormat"`
	JSONValue        bool          `json:"jsonvalue"`
	HostLabel        bool          `json:"hostLabel"`
	IdempotencyToken bool          `json:"idempotencyToken"`
	Streaming        bool          `json:"streaming"`
	EventPayload     bool          `json:"eventpayload"`
	ResultWrapper    string        `json:"resultWrapper"`

	Shape *Shape `json:"-"`
}

// IsFlattened reports the flattened trait on the reference or its shape.
func (r *Ref) IsFlattened() bool { return r.Flattened || r.Shape.Flattened }

// IsStreaming reports a streaming blob (S3 bodies).
func (r *Ref) IsStreaming() bool { return r.Streaming || r.Shape.Streaming }

// TimestampFormatOr returns the timestamp format set on the reference or its
// shape, else def (the protocol's default).
func (r *Ref) TimestampFormatOr(def string) string {
	if r.TimestampFormat != "" {
		return r.TimestampFormat
	}
	if r.Shape != nil && r.Shape.TimestampFormat != "" {
		return r.Shape.TimestampFormat
	}
	return def
}

type rawService struct {
	Metadata   Metadata              `json:"metadata"`
	Operations map[string]*Operation `json:"operations"`
	Shapes     map[string]*Shape     `json:"shapes"`
}

// Parse decodes and links one (optionally gzip-compressed) service-2.json.
func Parse(name string, data []byte) (*Service, error) {
	if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", name, err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("model %s: %w", name, err)
		}
	}
	var raw rawService
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("model %s: %w", name, err)
	}
	svc := &Service{Name: name, Metadata: raw.Metadata, Operations: raw.Operations, Shapes: raw.Shapes}
	if err := svc.link(); err != nil {
		return nil, fmt.Errorf("model %s: %w", name, err)
	}
	return svc, nil
}

func (s *Service) link() error {
	resolve := func(r *Ref) error {
		if r == nil {
			return nil
		}
		sh, ok := s.Shapes[r.ShapeName]
		if !ok {
			return fmt.Errorf("unknown shape %q", r.ShapeName)
		}
		r.Shape = sh
		return nil
	}
	for name, sh := range s.Shapes {
		sh.Name = name
		sh.required = make(map[string]bool, len(sh.Required))
		for _, m := range sh.Required {
			sh.required[m] = true
		}
		for _, m := range sh.Members {
			if err := resolve(m); err != nil {
				return err
			}
		}
		if len(sh.MemberNames) != len(sh.Members) {
			// A model without memberOrder (not written by gen): sorted.
			sh.MemberNames = sh.MemberNames[:0]
			for mn := range sh.Members {
				sh.MemberNames = append(sh.MemberNames, mn)
			}
			sort.Strings(sh.MemberNames)
		}
		for _, r := range []*Ref{sh.Member, sh.Key, sh.Value} {
			if err := resolve(r); err != nil {
				return err
			}
		}
	}
	for name, op := range s.Operations {
		op.Name = name
		for _, r := range append([]*Ref{op.Input, op.Output}, op.Errors...) {
			if err := resolve(r); err != nil {
				return err
			}
		}
		op.Path, op.Query = splitRequestURI(op.HTTP.RequestURI)
	}
	return nil
}

// splitRequestURI parses "/{Bucket}/{Key+}?uploads&x-id=PutObject".
func splitRequestURI(uri string) ([]PathSegment, map[string]string) {
	path, rawQuery, _ := strings.Cut(uri, "?")
	var segs []PathSegment
	for _, p := range splitPath(path) {
		if len(p) > 2 && p[0] == '{' && p[len(p)-1] == '}' {
			label := p[1 : len(p)-1]
			greedy := false
			if label[len(label)-1] == '+' {
				label, greedy = label[:len(label)-1], true
			}
			segs = append(segs, PathSegment{Label: label, Greedy: greedy})
			continue
		}
		segs = append(segs, PathSegment{Literal: p})
	}
	var q map[string]string
	if rawQuery != "" {
		q = map[string]string{}
		for _, kv := range strings.Split(rawQuery, "&") {
			k, v, _ := strings.Cut(kv, "=")
			q[k] = v
		}
	}
	return segs, q
}

// splitPath splits "/a/b/" into ["a","b",""]; "/" gives none.
func splitPath(p string) []string {
	if p == "" || p == "/" {
		return nil
	}
	if p[0] == '/' {
		p = p[1:]
	}
	return strings.Split(p, "/")
}
