package restjson

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
)

// route is one operation matching a request, with its label values
// (keyed by label name, percent-decoded) and how specific its URI is.
type route struct {
	op     *model.Operation
	labels map[string]string
	score  [3]int // literal path segments, literal query keys, labels
}

// better orders candidates: more literal segments, then more literal query
// keys, then more (non-greedy) labels; ties by operation name for stability.
func (a route) better(b route) bool {
	for i := range a.score {
		if a.score[i] != b.score[i] {
			return a.score[i] > b.score[i]
		}
	}
	return a.op.Name < b.op.Name
}

// findRoute picks the most specific operation of svc matching r's method,
// path and literal query keys.
func findRoute(svc *model.Service, r *http.Request) (route, bool) {
	segs := requestSegments(r.URL)
	q := r.URL.Query()
	names := make([]string, 0, len(svc.Operations))
	for name := range svc.Operations {
		names = append(names, name)
	}
	sort.Strings(names)
	var best route
	found := false
	for _, name := range names {
		op := svc.Operations[name]
		if !strings.EqualFold(op.HTTP.Method, r.Method) {
			continue
		}
		rt, ok := matchRoute(op, segs, q)
		if ok && (!found || rt.better(best)) {
			best, found = rt, true
		}
	}
	return best, found
}

// routeFor re-matches op against r to recover its labels.
func routeFor(op *model.Operation, r *http.Request) (route, error) {
	rt, ok := matchRoute(op, requestSegments(r.URL), r.URL.Query())
	if !ok {
		return route{}, awsapi.NewError(http.StatusNotFound, "UnknownOperationException",
			"The request path %s does not match operation %s (%s)", r.URL.EscapedPath(), op.Name, op.HTTP.RequestURI)
	}
	return rt, nil
}

// requestSegments splits the escaped path into raw segments, without a
// trailing empty one ("/a/b/" and "/a/b" both give [a b]).
func requestSegments(u *url.URL) []string {
	p := strings.TrimPrefix(u.EscapedPath(), "/")
	if p == "" {
		return nil
	}
	segs := strings.Split(p, "/")
	if segs[len(segs)-1] == "" {
		segs = segs[:len(segs)-1]
	}
	return segs
}

func matchRoute(op *model.Operation, segs []string, q url.Values) (route, bool) {
	pat := op.Path
	if n := len(pat); n > 0 && pat[n-1].Label == "" && pat[n-1].Literal == "" {
		pat = pat[:n-1]
	}
	rt := route{op: op, labels: map[string]string{}}
	i := 0 // index into segs
	for pi, ps := range pat {
		switch {
		case ps.Greedy:
			rest := len(pat) - pi - 1 // segments the pattern still needs after the greedy label
			end := len(segs) - rest
			if end <= i {
				return rt, false
			}
			parts := make([]string, 0, end-i)
			for _, s := range segs[i:end] {
				parts = append(parts, unescape(s))
			}
			v := strings.Join(parts, "/")
			if v == "" {
				return rt, false
			}
			rt.labels[ps.Label] = v
			i = end
		case ps.Label != "":
			if i >= len(segs) || segs[i] == "" {
				return rt, false
			}
			rt.labels[ps.Label] = unescape(segs[i])
			rt.score[2]++
			i++
		default:
			if i >= len(segs) || unescape(segs[i]) != ps.Literal {
				return rt, false
			}
			rt.score[0]++
			i++
		}
	}
	if i != len(segs) {
		return rt, false
	}
	for k, v := range op.Query {
		if !q.Has(k) || (v != "" && q.Get(k) != v) {
			return rt, false
		}
		rt.score[1]++
	}
	return rt, true
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
