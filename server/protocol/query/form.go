package query

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol/xmlshape"
)

// Limits on what one request may make the decoder hold, so that a hostile
// form cannot exhaust memory or stack: AWS caps query requests well below
// them (SNS and SQS message bodies are at most 256 KiB; IAM policies 10 KiB).
const (
	MaxBodyBytes = 16 << 20
	maxKeyParts  = 64  // "A.member.1.B..." components of one parameter name
	maxListIndex = 1e6 // highest ".N" accepted
	maxParams    = 1e5 // parameters per request
)

// Form returns the request's parameters: the URL query merged with a
// form-encoded body. It caches them in r.Form (the net/http convention, so
// that a second call, or r.FormValue, does not read the body again).
// Errors: 400 MalformedQueryString for bad percent-encoding (the code EC2
// documents for "The query string contains a syntax error"), 413
// RequestEntityTooLarge beyond MaxBodyBytes.
func Form(r *http.Request) (url.Values, error) {
	if r.Form != nil {
		return r.Form, nil
	}
	form, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, malformed(err)
	}
	if r.Body != nil && r.Method != http.MethodGet && r.Method != http.MethodHead && isForm(r.Header.Get("Content-Type")) {
		data, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || len(data) > MaxBodyBytes { // the gateway's limit, or ours
			return nil, awsapi.NewError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request body exceeds the size limit.")
		}
		if err != nil {
			return nil, awsapi.NewError(http.StatusBadRequest, "IncompleteBody", "The request body could not be read: %v", err)
		}
		if len(data) > MaxBodyBytes {
			return nil, awsapi.NewError(http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "The request body exceeds %d bytes.", MaxBodyBytes)
		}
		body, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, malformed(err)
		}
		for k, v := range form { // body parameters first, as net/http orders them
			body[k] = append(body[k], v...)
		}
		form = body
		r.PostForm = body
	}
	if len(form) > maxParams {
		return nil, awsapi.NewError(http.StatusBadRequest, "MalformedQueryString", "The request has more than %d parameters.", int(maxParams))
	}
	r.Form = form
	return form, nil
}

func malformed(err error) error {
	var e url.EscapeError
	msg := err.Error()
	if errors.As(err, &e) {
		msg = "invalid URL escape " + strconv.Quote(string(e))
	}
	return awsapi.NewError(http.StatusBadRequest, "MalformedQueryString", "The query string contains a syntax error: %s", msg)
}

// isForm accepts the form content type, and an absent one (some clients
// send bare bodies); anything else is not read as parameters.
func isForm(ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// node is one "."-separated component of the parameter names: the form as a
// tree, so that lists and maps find their indices without scanning all keys.
type node struct {
	value    string
	hasValue bool
	children map[string]*node
}

func buildTree(form url.Values) (*node, error) {
	root := &node{}
	for k, vs := range form {
		parts := strings.Split(k, ".")
		if len(parts) > maxKeyParts {
			return nil, awsapi.NewError(http.StatusBadRequest, "MalformedQueryString", "The parameter name %q has too many parts.", clip(k))
		}
		n := root
		for _, p := range parts {
			if n.children == nil {
				n.children = map[string]*node{}
			}
			c, ok := n.children[p]
			if !ok {
				c = &node{}
				n.children[p] = c
			}
			n = c
		}
		if len(vs) > 0 {
			n.value, n.hasValue = vs[0], true
		}
	}
	return root, nil
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// indexed returns n's children named by positive integers, in index order.
func (n *node) indexed() ([]*node, error) {
	type item struct {
		i int
		n *node
	}
	var items []item
	for k, c := range n.children {
		i, err := strconv.Atoi(k)
		if err != nil || i < 1 || i > maxListIndex {
			continue
		}
		items = append(items, item{i, c})
	}
	sort.Slice(items, func(a, b int) bool { return items[a].i < items[b].i })
	out := make([]*node, len(items))
	for i, it := range items {
		out[i] = it.n
	}
	return out, nil
}

// decoder reads generic values from the parameter tree by the query rules
// (ec2 false) or the ec2 rules (ec2 true).
type decoder struct {
	ec2 bool
}

// memberName is a structure member's parameter name. query: locationName,
// else the member name. ec2: queryName, else locationName with its first
// letter upper-cased, else the member name (botocore EC2Serializer).
func (d decoder) memberName(mn string, ref *model.Ref) string {
	if d.ec2 {
		switch {
		case ref.QueryName != "":
			return ref.QueryName
		case ref.LocationName != "":
			return strings.ToUpper(ref.LocationName[:1]) + ref.LocationName[1:]
		}
		return mn
	}
	if ref.LocationName != "" {
		return ref.LocationName
	}
	return mn
}

func (d decoder) structure(n *node, sh *model.Shape, path string, depth int) (map[string]any, error) {
	out := map[string]any{}
	if depth > maxKeyParts {
		return out, nil
	}
	for _, mn := range sh.MemberNames {
		ref := sh.Members[mn]
		name := d.memberName(mn, ref)
		mpath := join(path, name)
		if !d.ec2 && ref.Shape.Type == "list" && ref.IsFlattened() && ref.Shape.Member.LocationName != "" {
			// botocore replaces the member's own name with the list
			// member's locationName when the list is flattened.
			name = ref.Shape.Member.LocationName
		}
		c := n.children[name]
		if c == nil {
			continue
		}
		v, ok, err := d.value(c, ref, mpath, depth+1)
		if err != nil {
			return nil, err
		}
		if ok {
			out[mn] = v
		}
	}
	return out, nil
}

func (d decoder) value(n *node, ref *model.Ref, path string, depth int) (any, bool, error) {
	sh := ref.Shape
	switch sh.Type {
	case "structure":
		if n.children == nil {
			return nil, false, nil
		}
		v, err := d.structure(n, sh, path, depth)
		return v, err == nil, err
	case "list":
		items := n
		if !d.ec2 && !ref.IsFlattened() {
			name := "member"
			if sh.Member.LocationName != "" {
				name = sh.Member.LocationName
			}
			items = n.children[name]
			if items == nil {
				if n.hasValue && n.value == "" { // "Name=" is an empty list
					return []any{}, true, nil
				}
				return nil, false, nil
			}
		}
		elems, err := items.indexed()
		if err != nil {
			return nil, false, err
		}
		if len(elems) == 0 {
			if n.hasValue && n.value == "" {
				return []any{}, true, nil
			}
			return nil, false, nil
		}
		l := make([]any, 0, len(elems))
		for i, e := range elems {
			v, ok, err := d.value(e, sh.Member, path+"."+strconv.Itoa(i+1), depth+1)
			if err != nil {
				return nil, false, err
			}
			if ok {
				l = append(l, v)
			}
		}
		return l, true, nil
	case "map":
		entries := n
		if !ref.IsFlattened() {
			entries = n.children["entry"]
			if entries == nil {
				return nil, false, nil
			}
		}
		elems, err := entries.indexed()
		if err != nil {
			return nil, false, err
		}
		kn, vn := "key", "value"
		if sh.Key.LocationName != "" {
			kn = sh.Key.LocationName
		}
		if sh.Value.LocationName != "" {
			vn = sh.Value.LocationName
		}
		m := map[string]any{}
		for i, e := range elems {
			k := e.children[kn]
			if k == nil || !k.hasValue {
				return nil, false, &xmlshape.ValueError{Path: path + ".entry." + strconv.Itoa(i+1), Value: "", Want: "map entry with a " + kn}
			}
			var v any
			if vc := e.children[vn]; vc != nil {
				if v, _, err = d.value(vc, sh.Value, path+"."+k.value, depth+1); err != nil {
					return nil, false, err
				}
			}
			m[k.value] = v
		}
		return m, true, nil
	}
	if !n.hasValue {
		return nil, false, nil
	}
	v, err := xmlshape.ParseScalar(sh, n.value, path)
	return v, err == nil, err
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
