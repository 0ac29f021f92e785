// Package restxml implements the restXml protocol (S3, s3control, Route 53,
// CloudFront) as a protocol.Codec: operations are picked by method and
// request URI, members bound to URI labels, query parameters, headers and
// an XML (or raw) payload.
//
// Sources: https://smithy.io/2.0/aws/protocols/aws-restxml-protocol.html and
// the HTTP binding traits (https://smithy.io/2.0/spec/http-bindings.html);
// botocore's RestXMLSerializer/RestXMLParser for the botocore traits; the S3
// API reference for S3's error document and response root elements.
package restxml

import (
	"sort"
	"sync"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// MaxBodyBytes bounds a non-streaming body (an XML document, a policy) read
// into memory; S3's own documents stay far below it.
const MaxBodyBytes = 20 << 20

// HostID is the <HostId> of S3 error bodies (a constant, as LocalStack sends).
const HostID = "9Gjjt1m+cjU4OPvX9O9/8RuvnG41MRb/18Oux2o5H5MY7ISNTlXN+Dz9IG62/ILVxhAGI0qyPfg="

// Codec is the rest-xml protocol. Create it with New; safe for concurrent use.
type Codec struct {
	namespaces sync.Map // *model.Service -> string
	ops        sync.Map // *model.Service -> []*model.Operation sorted by name
	routeIdx   sync.Map // *model.Service -> *routeIndex
}

var _ protocol.Codec = (*Codec)(nil)

// New returns the rest-xml codec.
func New() *Codec { return &Codec{} }

// Name is "rest-xml".
func (c *Codec) Name() string { return "rest-xml" }

// isS3 selects S3's error document (an unwrapped <Error>) and error codes.
func isS3(svc *model.Service) bool { return svc.Name == "s3" || svc.Name == "s3control" }

// namespace is the service's XML namespace: the metadata's, else the one
// the operations' input references carry (the S3 and Route 53 botocore
// models set it only there), else S3's documented one.
func (c *Codec) namespace(svc *model.Service) string {
	if svc.Metadata.XMLNamespace != "" {
		return svc.Metadata.XMLNamespace
	}
	if ns, ok := c.namespaces.Load(svc); ok {
		return ns.(string)
	}
	ns := ""
	for _, op := range c.sortedOps(svc) {
		if op.Input != nil && op.Input.XMLNamespace != nil && op.Input.XMLNamespace.URI != "" {
			ns = op.Input.XMLNamespace.URI
			break
		}
	}
	if ns == "" && isS3(svc) {
		ns = "http://s3.amazonaws.com/doc/2006-03-01/"
	}
	c.namespaces.Store(svc, ns)
	return ns
}

func (c *Codec) sortedOps(svc *model.Service) []*model.Operation {
	if v, ok := c.ops.Load(svc); ok {
		return v.([]*model.Operation)
	}
	ops := make([]*model.Operation, 0, len(svc.Operations))
	for _, op := range svc.Operations {
		ops = append(ops, op)
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].Name < ops[j].Name })
	c.ops.Store(svc, ops)
	return ops
}

// statusOr returns s, or def when s is zero.
func statusOr(s, def int) int {
	if s == 0 {
		return def
	}
	return s
}
