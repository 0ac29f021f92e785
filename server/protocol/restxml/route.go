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
	q, _ := url.ParseQuery(r.URL.RawQuery)
	var best *model.Operation
	bestScore := 0
	for _, op := range c.sortedOps(svc) {
		if op.HTTP.Method != r.Method {
			continue
		}
		score, ok := match(op, segs, q, r.Header)
		if ok && (best == nil || score > bestScore) {
			best, bestScore = op, score
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

// splitRaw splits an escaped path like model.PathSegment patterns are
// split: "/a/b/" → ["a","b",""], "/" → [].
func splitRaw(p string) []string {
	if p == "" || p == "/" {
		return nil
	}
	p = strings.TrimPrefix(p, "/")
	return strings.Split(p, "/")
}

// match scores op against the request, or reports no match.
func match(op *model.Operation, segs []string, q url.Values, h http.Header) (int, bool) {
	if _, ok := matchPath(op.Path, segs); !ok {
		return 0, false
	}
	score := 0
	for _, p := range op.Path {
		if p.Label == "" && p.Literal != "" {
			score += 10000
		}
	}
	for k, v := range op.Query {
		if k == "x-id" {
			continue
		}
		if !q.Has(k) || (v != "" && q.Get(k) != v) {
			return 0, false
		}
		score += 1000
	}
	if q.Get("x-id") == op.Name {
		score += 100000
	}
	if op.Input != nil {
		sh := op.Input.Shape
		for _, mn := range sh.Required {
			ref := sh.Members[mn]
			if ref == nil {
				continue
			}
			var present bool
			switch ref.Location {
			case "querystring":
				present = q.Has(ref.LocationName)
			case "header":
				present = h.Get(ref.LocationName) != ""
			default:
				continue
			}
			if present {
				score += 10
			} else {
				score -= 10
			}
		}
	}
	if superseded(op) {
		score--
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
