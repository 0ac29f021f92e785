package sns

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"strconv"
	"strings"
)

// matchAttributes applies a MessageAttributes-scope policy.
func (f *filterPolicy) matchAttributes(attrs map[string]MessageAttributeValue) bool {
	obj := make(map[string]any, len(attrs))
	for name, a := range attrs {
		obj[name] = attributeFilterValue(a)
	}
	return f.root.match(obj)
}

// attributeFilterValue is the value a filter policy sees for an attribute.
func attributeFilterValue(a MessageAttributeValue) any {
	base, _, _ := strings.Cut(deref(a.DataType), ".")
	switch {
	case deref(a.DataType) == "String.Array":
		dec := json.NewDecoder(strings.NewReader(deref(a.StringValue)))
		dec.UseNumber()
		var list []any
		if dec.Decode(&list) != nil {
			return unmatchable{}
		}
		return list
	case base == "Number":
		return json.Number(strings.TrimSpace(deref(a.StringValue)))
	case base == "String":
		return deref(a.StringValue)
	}
	return unmatchable{}
}

// matchBody applies a MessageBody-scope policy; a body that is not a JSON
// object matches nothing.
func (f *filterPolicy) matchBody(body string) bool {
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	dec.UseNumber()
	var obj map[string]any
	if dec.Decode(&obj) != nil || obj == nil {
		return false
	}
	return f.root.match(obj)
}

func (n *filterNode) match(obj map[string]any) bool {
	for key, f := range n.keys {
		v, present := obj[key]
		if f.nested != nil {
			if !f.nested.matchAny(v) {
				return false
			}
			continue
		}
		if !f.matchLeaf(v, present) {
			return false
		}
	}
	if len(n.or) == 0 {
		return true
	}
	for _, alt := range n.or {
		if alt.match(obj) {
			return true
		}
	}
	return false
}

// matchAny matches a nested policy against an object or any object of an
// array.
func (n *filterNode) matchAny(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		return n.match(v)
	case []any:
		for _, e := range v {
			if o, ok := e.(map[string]any); ok && n.match(o) {
				return true
			}
		}
	}
	return false
}

func (f *filterField) matchLeaf(v any, present bool) bool {
	values := []any{v}
	if list, ok := v.([]any); ok {
		values = list
	}
	for _, c := range f.conds {
		if c.kind == condExists {
			if c.b == present {
				return true
			}
			continue
		}
		if !present {
			continue
		}
		for _, val := range values {
			if c.matches(val) {
				return true
			}
		}
	}
	return false
}

// matches reports whether one value satisfies c (exists is handled by the
// caller).
func (c condition) matches(v any) bool {
	s, isString := v.(string)
	num, isNumber := numberOf(v)
	switch c.kind {
	case condString:
		return isString && s == c.s
	case condNumber:
		return isNumber && num == c.n
	case condNull:
		return v == nil
	case condBool:
		b, ok := v.(bool)
		return ok && b == c.b
	case condPrefix:
		return isString && strings.HasPrefix(s, c.s)
	case condSuffix:
		return isString && strings.HasSuffix(s, c.s)
	case condIgnoreCase:
		return isString && strings.EqualFold(s, c.s)
	case condAnythingBut:
		if !isString && !isNumber {
			return false
		}
		for _, n := range c.not {
			if n.matches(v) {
				return false
			}
		}
		return true
	case condNumeric:
		if !isNumber {
			return false
		}
		for _, r := range c.ranges {
			if !r.holds(num) {
				return false
			}
		}
		return true
	case condCIDR:
		addr, err := netip.ParseAddr(s)
		return isString && err == nil && c.cidr.Contains(addr)
	}
	return false
}

func numberOf(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	return f, err == nil
}

func (r numericCmp) holds(x float64) bool {
	switch r.op {
	case "<":
		return x < r.n
	case "<=":
		return x <= r.n
	case "=":
		return x == r.n
	case ">=":
		return x >= r.n
	case ">":
		return x > r.n
	}
	return false
}
