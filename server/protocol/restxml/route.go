package restxml

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
)

// Operation picks the operation whose method, request-URI pattern and
// literal query keys match r; the most specific wins: literal path segments
// first, then literal query keys (?versioning, ?list-type=2), then required
// query and header members present (UploadPart's partNumber and uploadId,
// CopyObject's x-amz-copy-source). The x-id parameter the SDKs add is never
// required but decides ties when present. No match is S3's 405
// MethodNotAllowed, or 404 UnknownOperationException for other services.
func (c *Codec) Operation(svc *model.Service, r *http.Request) (*model.Operation, error) {
	segs := splitRaw(r.URL.EscapedPath())
	q := parseQuery(r.URL.RawQuery)
	var best *model.Operation
	bestScore := 0
	candidates := c.routes(svc).byMethod[r.Method]
	for i := range candidates {
		rt := &candidates[i]
		score, ok := rt.match(segs, q, r.Header)
		if ok && (best == nil || score > bestScore) {
			best, bestScore = rt.op, score
		}
	}
	if best != nil {
		return best, nil
	}
	if isS3(svc) {
		e := awsapi.NewError(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
		kind := "SERVICE"
		switch {
		case len(segs) == 1 || (len(segs) == 2 && segs[1] == ""):
			kind = "BUCKET"
		case len(segs) > 1:
			kind = "OBJECT"
		}
		e.Fields = map[string]string{"Method": r.Method, "ResourceType": kind}
		return nil, e
	}
	return nil, awsapi.NewError(http.StatusNotFound, "UnknownOperationException", "No %s operation matches %s %s.", svc.Metadata.ServiceID, r.Method, r.URL.Path)
}

// parseQuery is url.ParseQuery without the work (and the map) for an empty
// query string; a nil url.Values reads like an empty one.
func parseQuery(raw string) url.Values {
	if raw == "" {
		return nil
	}
	q, _ := url.ParseQuery(raw)
	return q
}

// splitRaw splits an escaped path like model.PathSegment patterns are
// split: "/a/b/" → ["a","b",""], "/" → [].
func splitRaw(p string) []string {
	if p == "" || p == "/" {
		return nil
	}
	p = strings.TrimPrefix(p, "/")
	return strings.Split(p, "/")
}

// routeIndex is what routing needs from a service's model, computed once
// per service (Codec.routes): its operations grouped by HTTP method, each in
// name order, with their static score and checks precomputed.
type routeIndex struct {
	byMethod map[string][]route
	// claimed holds, per operation, the query keys its literal query and
	// its non-map querystring members take (Decode's map members get the rest).
	claimed map[*model.Operation]map[string]bool
	// headers maps the header names input members are bound to, as the
	// model spells them, to their canonical form (Header.Values would
	// canonicalize, and allocate, on every lookup).
	headers map[string]string
}

// header returns the canonical form of a member's header name.
func (idx *routeIndex) header(name string) string {
	if c, ok := idx.headers[name]; ok {
		return c
	}
	return http.CanonicalHeaderKey(name)
}

// route is one operation's routing data.
type route struct {
	op       *model.Operation
	static   int         // literal path segments ×10000, literal query keys ×1000, -1 if superseded
	query    [][2]string // literal query keys and values (value "" = any), x-id left out
	required []requiredMember
}

// requiredMember is a required query or header member: present adds 10 to
// the score, absent takes 10 off.
type requiredMember struct {
	header bool
	name   string // the query key, or the canonical header name
}

// routes returns svc's routing index, building it on first use.
func (c *Codec) routes(svc *model.Service) *routeIndex {
	if v, ok := c.routeIdx.Load(svc); ok {
		return v.(*routeIndex)
	}
	idx := &routeIndex{byMethod: map[string][]route{}, claimed: map[*model.Operation]map[string]bool{}, headers: map[string]string{}}
	for _, op := range c.sortedOps(svc) {
		idx.byMethod[op.HTTP.Method] = append(idx.byMethod[op.HTTP.Method], newRoute(op))
		idx.claimed[op] = claimedKeys(op)
		if op.Input == nil {
			continue
		}
		for _, ref := range op.Input.Shape.Members {
			if ref.Location == "header" && ref.LocationName != "" {
				idx.headers[ref.LocationName] = http.CanonicalHeaderKey(ref.LocationName)
			}
		}
	}
	v, _ := c.routeIdx.LoadOrStore(svc, idx)
	return v.(*routeIndex)
}

func newRoute(op *model.Operation) route {
	rt := route{op: op}
	for _, p := range op.Path {
		if p.Label == "" && p.Literal != "" {
			rt.static += 10000
		}
	}
	for k, v := range op.Query {
		if k == "x-id" {
			continue
		}
		rt.query = append(rt.query, [2]string{k, v})
		rt.static += 1000
	}
	if op.Input != nil {
		sh := op.Input.Shape
		for _, mn := range sh.Required {
			ref := sh.Members[mn]
			if ref == nil {
				continue
			}
			switch ref.Location {
			case "querystring":
				rt.required = append(rt.required, requiredMember{name: ref.LocationName})
			case "header":
				rt.required = append(rt.required, requiredMember{header: true, name: http.CanonicalHeaderKey(ref.LocationName)})
			}
		}
	}
	if superseded(op) {
		rt.static--
	}
	return rt
}

func claimedKeys(op *model.Operation) map[string]bool {
	claimed := map[string]bool{}
	for k := range op.Query {
		claimed[k] = true
	}
	if op.Input != nil {
		sh := op.Input.Shape
		for _, mn := range sh.MemberNames {
			if ref := sh.Members[mn]; ref.Location == "querystring" && ref.Shape.Type != "map" {
				claimed[ref.LocationName] = true
			}
		}
	}
	return claimed
}

// match scores the operation against the request, or reports no match:
// the most specific wins (see Operation).
func (rt *route) match(segs []string, q url.Values, h http.Header) (int, bool) {
	if !pathMatches(rt.op.Path, segs) {
		return 0, false
	}
	for _, kv := range rt.query {
		if !q.Has(kv[0]) || (kv[1] != "" && q.Get(kv[0]) != kv[1]) {
			return 0, false
		}
	}
	score := rt.static
	if q.Get("x-id") == rt.op.Name {
		score += 100000
	}
	for _, m := range rt.required {
		var present bool
		if m.header {
			vs := h[m.name]
			present = len(vs) > 0 && vs[0] != ""
		} else {
			present = q.Has(m.name)
		}
		if present {
			score += 10
		} else {
			score -= 10
		}
	}
	return score, true
}

// superseded reports operations that share their method and URI with a
// newer one: the model's deprecated ones (S3's old lifecycle and
// notification calls) and ListDirectoryBuckets (S3 Express's control
// endpoint, which shares GET / with ListBuckets but is served on another host).
func superseded(op *model.Operation) bool {
	return op.Deprecated || op.Name == "ListDirectoryBuckets"
}

// pathMatches reports whether matchPath would match, without building the
// labels.
func pathMatches(pattern []model.PathSegment, segs []string) bool {
	i := 0
	for _, p := range pattern {
		switch {
		case p.Greedy:
			rest := segs[min(i, len(segs)):]
			if len(rest) == 0 || (len(rest) == 1 && rest[0] == "") { // joins to ""
				return false
			}
			i = len(segs)
		case p.Label != "":
			if i >= len(segs) || segs[i] == "" {
				return false
			}
			i++
		case p.Literal == "" && i >= len(segs): // pattern's trailing slash
		default:
			if i >= len(segs) || segs[i] != p.Literal {
				return false
			}
			i++
		}
	}
	return i >= len(segs) || (i == len(segs)-1 && segs[i] == "")
}

// matchPath matches escaped segments against a request-URI pattern and
// returns the labels' raw (still escaped) values. A label matches one
// non-empty segment; a greedy label the non-empty rest of the path, slashes
// included. A trailing slash is optional on either side.
func matchPath(pattern []model.PathSegment, segs []string) (map[string]string, bool) {
	labels := map[string]string{}
	i := 0
	for _, p := range pattern {
		switch {
		case p.Greedy:
			rest := strings.Join(segs[min(i, len(segs)):], "/")
			if rest == "" {
				return nil, false
			}
			labels[p.Label] = rest
			i = len(segs)
		case p.Label != "":
			if i >= len(segs) || segs[i] == "" {
				return nil, false
			}
			labels[p.Label] = segs[i]
			i++
		case p.Literal == "" && i >= len(segs): // pattern's trailing slash
		default:
			if i >= len(segs) || segs[i] != p.Literal {
				return nil, false
			}
			i++
		}
	}
	if i < len(segs) && !(i == len(segs)-1 && segs[i] == "") {
		return nil, false
	}
	return labels, true
}
