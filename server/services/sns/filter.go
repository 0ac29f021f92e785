package sns

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"strconv"
	"strings"
)

// Filter policy scopes (SNS Developer Guide, "Subscription filter policy
// scope").
const (
	scopeAttributes = "MessageAttributes"
	scopeBody       = "MessageBody"
)

// Filter policy limits (SNS Developer Guide, "Filter policy constraints"):
// at most 5 keys and 150 value combinations; numbers within ±10^9.
const (
	maxFilterKeys         = 5
	maxFilterCombinations = 150
	maxFilterNumber       = 1e9
)

// filterPolicy is a parsed subscription filter policy.
//
// Semantics (SNS Developer Guide, "Amazon SNS message filtering"): every key
// of a policy must match (AND); a key matches when any of its conditions
// matches any of the message's values for it (OR, an array attribute or body
// field offers each element); "$or" takes a list of policies of which one
// must match. Conditions: exact strings and numbers, null, prefix, suffix,
// equals-ignore-case, anything-but (values, or a prefix/suffix), numeric
// ranges, exists and cidr. With the MessageAttributes scope keys name message
// attributes (String, Number and String.Array; Binary attributes only satisfy
// exists); with the MessageBody scope the policy mirrors the JSON body's
// nesting.
type filterPolicy struct {
	scope string
	root  *filterNode
}

// filterNode is one policy object: its keys (all must match) and its "$or"
// alternatives (one must match).
type filterNode struct {
	keys map[string]*filterField
	or   []*filterNode
}

// filterField is a key's conditions, or (body scope) a nested policy.
type filterField struct {
	conds  []condition
	nested *filterNode
}

type condKind int

const (
	condString condKind = iota
	condNumber
	condNull
	condBool
	condPrefix
	condSuffix
	condIgnoreCase
	condAnythingBut
	condNumeric
	condExists
	condCIDR
)

// condition is one element of a key's array.
type condition struct {
	kind   condKind
	s      string       // string, prefix, suffix, equals-ignore-case
	n      float64      // number
	b      bool         // bool, exists
	not    []condition  // anything-but: matches values none of these match
	ranges []numericCmp // numeric: all must hold
	cidr   netip.Prefix
}

type numericCmp struct {
	op string // <, <=, =, >=, >
	n  float64
}

// unmatchable stands for a value no condition but exists matches (a Binary
// attribute, a String.Array that is not a JSON array).
type unmatchable struct{}

// parseFilterPolicy parses and validates a FilterPolicy for scope. Errors are
// InvalidParameter "FilterPolicy: <reason>".
func parseFilterPolicy(text, scope string) (*filterPolicy, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return nil, errFilter("failed to parse JSON.")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errFilter("Filter policy must be a JSON object")
	}
	root, err := parseFilterNode(obj, scope)
	if err != nil {
		return nil, err
	}
	if root.keyCount() > maxFilterKeys {
		return nil, errFilter("Filter policy can not have more than %d keys", maxFilterKeys)
	}
	if root.combinations() > maxFilterCombinations {
		return nil, errFilter("Filter policy is too complex")
	}
	return &filterPolicy{scope: scope, root: root}, nil
}

func errFilter(format string, args ...any) error {
	return errInvalidParameter("FilterPolicy: "+format, args...)
}

func parseFilterNode(obj map[string]any, scope string) (*filterNode, error) {
	n := &filterNode{keys: map[string]*filterField{}}
	for key, v := range obj {
		if key == "$or" {
			alts, ok := v.([]any)
			if !ok || len(alts) < 2 {
				return nil, errFilter("$or must be an array of at least 2 filter policies")
			}
			for _, a := range alts {
				o, ok := a.(map[string]any)
				if !ok {
					return nil, errFilter("$or must be an array of at least 2 filter policies")
				}
				alt, err := parseFilterNode(o, scope)
				if err != nil {
					return nil, err
				}
				n.or = append(n.or, alt)
			}
			continue
		}
		switch v := v.(type) {
		case []any:
			if len(v) == 0 {
				return nil, errFilter("Empty arrays are not allowed")
			}
			f := &filterField{}
			for _, e := range v {
				c, err := parseCondition(e)
				if err != nil {
					return nil, err
				}
				f.conds = append(f.conds, c)
			}
			n.keys[key] = f
		case map[string]any:
			if scope == scopeAttributes {
				return nil, errFilter("Filter policy scope MessageAttributes does not support nested filter policy")
			}
			sub, err := parseFilterNode(v, scope)
			if err != nil {
				return nil, err
			}
			n.keys[key] = &filterField{nested: sub}
		default:
			return nil, errFilter("\"%s\" must be an object or an array", key)
		}
	}
	return n, nil
}

// keyCount is the most leaf keys one alternative of the policy combines.
func (n *filterNode) keyCount() int {
	count := 0
	for _, f := range n.keys {
		if f.nested != nil {
			count += f.nested.keyCount()
		} else {
			count++
		}
	}
	most := 0
	for _, alt := range n.or {
		most = max(most, alt.keyCount())
	}
	return count + most
}

// combinations is the number of value combinations the policy expands to.
func (n *filterNode) combinations() int {
	total := 1
	for _, f := range n.keys {
		if f.nested != nil {
			total *= f.nested.combinations()
		} else {
			total *= len(f.conds)
		}
		total = min(total, maxFilterCombinations+1)
	}
	if len(n.or) > 0 {
		sum := 0
		for _, alt := range n.or {
			sum += alt.combinations()
		}
		total *= sum
	}
	return min(total, maxFilterCombinations+1)
}

func parseCondition(v any) (condition, error) {
	switch v := v.(type) {
	case string:
		return condition{kind: condString, s: v}, nil
	case json.Number:
		f, err := filterNumber(v)
		return condition{kind: condNumber, n: f}, err
	case nil:
		return condition{kind: condNull}, nil
	case bool:
		return condition{kind: condBool, b: v}, nil
	case map[string]any:
		if len(v) != 1 {
			return condition{}, errFilter("Only one key allowed in match expression")
		}
		for op, arg := range v {
			return parseOperator(op, arg)
		}
	}
	return condition{}, errFilter("Match value must be String, number, true, false, or null")
}

func filterNumber(v json.Number) (float64, error) {
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || f < -maxFilterNumber || f > maxFilterNumber {
		return 0, errFilter("Numeric value must be between -1.0E9 and 1.0E9, got %s", v)
	}
	return f, nil
}

func parseOperator(op string, arg any) (condition, error) {
	switch op {
	case "prefix", "suffix", "equals-ignore-case":
		s, ok := arg.(string)
		if !ok {
			return condition{}, errFilter("%s match pattern must be a string", op)
		}
		kind := map[string]condKind{"prefix": condPrefix, "suffix": condSuffix, "equals-ignore-case": condIgnoreCase}[op]
		return condition{kind: kind, s: s}, nil
	case "exists":
		b, ok := arg.(bool)
		if !ok {
			return condition{}, errFilter("exists match pattern must be either true or false.")
		}
		return condition{kind: condExists, b: b}, nil
	case "cidr":
		s, _ := arg.(string)
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return condition{}, errFilter("Malformed CIDR, one '/' required")
		}
		return condition{kind: condCIDR, cidr: p.Masked()}, nil
	case "numeric":
		return parseNumeric(arg)
	case "anything-but":
		return parseAnythingBut(arg)
	}
	return condition{}, errFilter("Unrecognized match type %s", op)
}

// parseNumeric reads ["=", n], [op, n] or [lower-op, n, upper-op, m] with a
// lower bound (> or >=) before an upper one (< or <=).
func parseNumeric(arg any) (condition, error) {
	list, ok := arg.([]any)
	if !ok || len(list) == 0 || len(list)%2 != 0 || len(list) > 4 {
		return condition{}, errFilter("Value of numeric must be an array.")
	}
	c := condition{kind: condNumeric}
	for i := 0; i < len(list); i += 2 {
		op, _ := list[i].(string)
		num, ok := list[i+1].(json.Number)
		if !ok {
			return condition{}, errFilter("Value of %s must be numeric", op)
		}
		f, err := filterNumber(num)
		if err != nil {
			return condition{}, err
		}
		switch op {
		case "<", "<=", ">", ">=":
		case "=":
			if len(list) != 2 {
				return condition{}, errFilter("Bad numeric range operator: %s", op)
			}
		default:
			return condition{}, errFilter("Unrecognized numeric range operator: %s", op)
		}
		c.ranges = append(c.ranges, numericCmp{op: op, n: f})
	}
	if len(c.ranges) == 2 {
		lo, hi := c.ranges[0], c.ranges[1]
		if !strings.HasPrefix(lo.op, ">") || !strings.HasPrefix(hi.op, "<") {
			return condition{}, errFilter("Too many elements in numeric expression")
		}
		if lo.n >= hi.n {
			return condition{}, errFilter("Bottom must be less than top")
		}
	}
	return c, nil
}

// parseAnythingBut reads a value, a list of values, or a prefix, suffix or
// equals-ignore-case object.
func parseAnythingBut(arg any) (condition, error) {
	c := condition{kind: condAnythingBut}
	switch arg := arg.(type) {
	case string, json.Number:
		inner, err := parseCondition(arg)
		c.not = []condition{inner}
		return c, err
	case []any:
		if len(arg) == 0 {
			return c, errFilter("Empty arrays are not allowed")
		}
		for _, e := range arg {
			switch e.(type) {
			case string, json.Number:
			default:
				return c, errFilter("Inside anything but list, start|null|boolean is not supported.")
			}
			inner, err := parseCondition(e)
			if err != nil {
				return c, err
			}
			c.not = append(c.not, inner)
		}
		return c, nil
	case map[string]any:
		if len(arg) == 1 {
			for op, v := range arg {
				if op == "prefix" || op == "suffix" || op == "equals-ignore-case" {
					inner, err := parseOperator(op, v)
					c.not = []condition{inner}
					return c, err
				}
				return c, errFilter("Unsupported anything-but pattern: %s", op)
			}
		}
	}
	return c, errFilter("Value of anything-but must be an array or single string/number value.")
}

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
