package sns

import (
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
// at most 5 top-level keys and 150 value combinations.
const (
	maxFilterKeys         = 5
	maxFilterCombinations = 150
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
	// Only top-level keys count toward the 5 ("$or" is one).
	if len(obj) > maxFilterKeys {
		return nil, errFilter("Filter policy can not have more than %d keys", maxFilterKeys)
	}
	if root.combinations(1, 1) > maxFilterCombinations {
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
				return nil, errInvalidParameter("Filter policy scope MessageAttributes does not support nested filter policy")
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

// combinations counts the value combinations of the policy as the SNS
// Developer Guide's "Filter policy constraints" does: each key's number of
// values times its nesting depth, multiplied across keys; "$or" adds up its
// alternatives. base is the count so far.
func (n *filterNode) combinations(depth, base int) int {
	total := base
	for _, f := range n.keys {
		if f.nested != nil {
			total = f.nested.combinations(depth+1, total)
		} else {
			total *= len(f.conds) * depth
		}
		total = min(total, maxFilterCombinations+1)
	}
	if len(n.or) > 0 {
		sum := 0
		for _, alt := range n.or {
			sum += alt.combinations(depth, total)
		}
		total = sum
	}
	return min(total, maxFilterCombinations+1)
}

func parseCondition(v any) (condition, error) {
	switch v := v.(type) {
	case string:
		return condition{kind: condString, s: v}, nil
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return condition{}, errFilter("Match value must be String, number, true, false, or null")
		}
		return condition{kind: condNumber, n: f}, nil
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
		return parseCIDR(arg)
	case "numeric":
		return parseNumeric(arg)
	case "anything-but":
		return parseAnythingBut(arg)
	}
	return condition{}, errFilter("Unrecognized match type %s", op)
}

// parseCIDR reads an IPv4 or IPv6 prefix ("10.0.0.0/24").
func parseCIDR(arg any) (condition, error) {
	s, ok := arg.(string)
	if !ok {
		return condition{}, errFilter("prefix match pattern must be a string")
	}
	ip, mask, found := strings.Cut(s, "/")
	if !found || strings.Contains(mask, "/") {
		return condition{}, errFilter("Malformed CIDR, one '/' required")
	}
	if _, err := strconv.Atoi(mask); err != nil {
		return condition{}, errFilter("Malformed CIDR, mask bits must be an integer")
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return condition{}, errFilter("Nonstandard IP address: %s", ip)
	}
	return condition{kind: condCIDR, cidr: p.Masked()}, nil
}

// parseNumeric reads [op, n] (op one of <, <=, =, >=, >) or a range
// [lower-op, n, upper-op, m] with > or >= first and < or <= second.
func parseNumeric(arg any) (condition, error) {
	list, _ := arg.([]any)
	if len(list) == 0 {
		return condition{}, errFilter("Invalid member in numeric match: ]")
	}
	c := condition{kind: condNumeric}
	op, ok := list[0].(string)
	if !ok {
		return condition{}, errFilter("Invalid member in numeric match: %v", list[0])
	}
	switch op {
	case "<", "<=", "=", ">", ">=":
	default:
		return condition{}, errFilter("Unrecognized numeric range operator: %s", op)
	}
	lo, err := numericOperand(op, list, 1)
	if err != nil {
		return condition{}, err
	}
	c.ranges = append(c.ranges, numericCmp{op: op, n: lo})
	if len(list) == 2 {
		return c, nil
	}
	if op != ">" && op != ">=" {
		return condition{}, errFilter("Too many elements in numeric expression")
	}
	op2, ok := list[2].(string)
	if !ok {
		return condition{}, errFilter("Bad value in numeric range: %v", list[2])
	}
	if op2 != "<" && op2 != "<=" {
		return condition{}, errFilter("Bad numeric range operator: %s", op2)
	}
	hi, err := numericOperand(op2, list, 3)
	if err != nil {
		return condition{}, err
	}
	if hi <= lo {
		return condition{}, errFilter("Bottom must be less than top")
	}
	if len(list) > 4 {
		return condition{}, errFilter("Too many terms in numeric range expression")
	}
	c.ranges = append(c.ranges, numericCmp{op: op2, n: hi})
	return c, nil
}

// numericOperand returns list[i] as the number operator op compares with.
func numericOperand(op string, list []any, i int) (float64, error) {
	name := op
	if op == "=" {
		name = "equals"
	}
	if i < len(list) {
		if n, ok := list[i].(json.Number); ok {
			if f, err := strconv.ParseFloat(string(n), 64); err == nil {
				return f, nil
			}
		}
	}
	return 0, errFilter("Value of %s must be numeric", name)
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
			if _, isObject := e.(map[string]any); isObject {
				return c, errFilter("Match value must be String, number, true, false, or null")
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
