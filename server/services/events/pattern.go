package events

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"sort"
	"strconv"
	"strings"
)

// pattern is a compiled event pattern (EventBridge User Guide, "Event
// patterns" and "Content filtering"): for each field either a nested pattern
// or a list of matchers, any of which may match; "$or" lists alternatives.
type pattern struct {
	fields map[string]*fieldPattern
	or     []*pattern
}

type fieldPattern struct {
	nested   *pattern
	matchers []matcher
}

// matcher is one element of a field's array.
type matcher struct {
	kind    string // "exact", "prefix", "suffix", "anything-but", "numeric", "exists", "cidr", "equals-ignore-case", "wildcard"
	value   any    // exact: string, float64, bool or nil
	text    string // prefix, suffix, cidr, equals-ignore-case, wildcard
	fold    bool   // prefix/suffix with equals-ignore-case
	exists  bool
	numeric []numericCond
	prefix  netip.Prefix
	but     *butMatcher
}

type numericCond struct {
	op    string
	value float64
}

// butMatcher is anything-but: none of the values, or not the prefix, suffix
// or wildcard, optionally case-insensitive.
type butMatcher struct {
	values   []any
	kind     string // "", "prefix", "suffix", "wildcard", "equals-ignore-case"
	texts    []string
	caseFold bool
}

// maxPatternBytes is EventBridge's limit on an event pattern (2,048
// characters in PutRule's EventPattern documentation; the service accepts up
// to 4,096 today, so we take the larger).
const maxPatternBytes = 4096

// compilePattern parses and validates an event pattern; errors are
// InvalidEventPatternException.
func compilePattern(text string) (*pattern, error) {
	if len(text) > maxPatternBytes {
		return nil, errPattern("Event pattern exceeds the maximum length.")
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errPattern("Filter is not an object")
	}
	if dec.More() {
		return nil, errPattern("Filter is not an object")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errPattern("Filter is not an object")
	}
	return compileObject(obj, "")
}

func compileObject(obj map[string]any, path string) (*pattern, error) {
	p := &pattern{fields: map[string]*fieldPattern{}}
	for key, v := range obj {
		name := key
		if path != "" {
			name = path + "." + key
		}
		if key == "$or" {
			alts, ok := v.([]any)
			if !ok || len(alts) < 2 {
				return nil, errPattern("Value of $or must be an array of at least two objects")
			}
			for _, a := range alts {
				o, ok := a.(map[string]any)
				if !ok {
					return nil, errPattern("Value of $or must be an array of at least two objects")
				}
				sub, err := compileObject(o, path)
				if err != nil {
					return nil, err
				}
				p.or = append(p.or, sub)
			}
			continue
		}
		switch val := v.(type) {
		case map[string]any:
			sub, err := compileObject(val, name)
			if err != nil {
				return nil, err
			}
			p.fields[key] = &fieldPattern{nested: sub}
		case []any:
			fp := &fieldPattern{}
			for _, el := range val {
				m, err := compileMatcher(el, name)
				if err != nil {
					return nil, err
				}
				fp.matchers = append(fp.matchers, m)
			}
			p.fields[key] = fp
		default:
			return nil, errPattern(fmt.Sprintf("Match value must be String, number, true, false, or null at %s", name))
		}
	}
	return p, nil
}

// literal converts a decoded JSON scalar to the matcher's value, or false
// for objects and arrays.
func literal(v any) (any, bool) {
	switch x := v.(type) {
	case nil, string, bool:
		return x, true
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return nil, false
		}
		return f, true
	}
	return nil, false
}

func compileMatcher(el any, name string) (matcher, error) {
	if lit, ok := literal(el); ok {
		return matcher{kind: "exact", value: lit}, nil
	}
	obj, ok := el.(map[string]any)
	if !ok || len(obj) != 1 {
		return matcher{}, errPattern(fmt.Sprintf("Match value must be String, number, true, false, or null at %s", name))
	}
	for op, arg := range obj {
		switch op {
		case "prefix", "suffix":
			if s, ok := arg.(string); ok {
				return matcher{kind: op, text: s}, nil
			}
			if o, ok := arg.(map[string]any); ok && len(o) == 1 {
				if s, ok := o["equals-ignore-case"].(string); ok {
					return matcher{kind: op, text: strings.ToLower(s), fold: true}, nil
				}
			}
			return matcher{}, errPattern(fmt.Sprintf("%s match pattern must be a string, not %s at %s", op, kindOf(arg), name))
		case "equals-ignore-case":
			s, ok := arg.(string)
			if !ok {
				return matcher{}, errPattern("equals-ignore-case match pattern must be a string")
			}
			return matcher{kind: op, text: strings.ToLower(s)}, nil
		case "wildcard":
			s, ok := arg.(string)
			if !ok {
				return matcher{}, errPattern("wildcard match pattern must be a string")
			}
			if strings.Contains(s, "**") {
				return matcher{}, errPattern("Consecutive wildcard characters at pos " + strconv.Itoa(strings.Index(s, "**")+1))
			}
			return matcher{kind: op, text: s}, nil
		case "exists":
			b, ok := arg.(bool)
			if !ok {
				return matcher{}, errPattern("exists match pattern must be either true or false.")
			}
			return matcher{kind: op, exists: b}, nil
		case "cidr":
			s, ok := arg.(string)
			if !ok {
				return matcher{}, errPattern("prefix match pattern must be a string")
			}
			pf, err := netip.ParsePrefix(s)
			if err != nil {
				return matcher{}, errPattern("Nonstandard IP address: " + s)
			}
			return matcher{kind: op, text: s, prefix: pf.Masked()}, nil
		case "numeric":
			conds, err := compileNumeric(arg)
			if err != nil {
				return matcher{}, err
			}
			return matcher{kind: op, numeric: conds}, nil
		case "anything-but":
			b, err := compileAnythingBut(arg)
			if err != nil {
				return matcher{}, err
			}
			return matcher{kind: op, but: b}, nil
		default:
			return matcher{}, errPattern(fmt.Sprintf("Unrecognized match type %s", op))
		}
	}
	panic("unreachable")
}

func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case json.Number:
		return "a number"
	}
	return "a " + fmt.Sprintf("%T", v)
}

// compileNumeric reads ["<", 1, ">=", 0] style conditions: one or two
// comparisons, or "=" with one value.
func compileNumeric(arg any) ([]numericCond, error) {
	list, ok := arg.([]any)
	if !ok || len(list) == 0 || len(list)%2 != 0 || len(list) > 4 {
		return nil, errPattern("Value of numeric must be an array.")
	}
	var out []numericCond
	for i := 0; i < len(list); i += 2 {
		op, ok := list[i].(string)
		if !ok || !slicesContains([]string{"<", "<=", "=", ">", ">="}, op) {
			return nil, errPattern(fmt.Sprintf("Unrecognized numeric range operator: %v", list[i]))
		}
		n, ok := list[i+1].(json.Number)
		if !ok {
			return nil, errPattern(fmt.Sprintf("Value of %s must be numeric", op))
		}
		f, err := n.Float64()
		if err != nil || math.Abs(f) > 5e9 {
			return nil, errPattern("Value of numeric must be between -5.0E9 and 5.0E9 inclusive")
		}
		out = append(out, numericCond{op, f})
	}
	if len(out) == 2 {
		lower := out[0].op == ">" || out[0].op == ">="
		upper := out[1].op == "<" || out[1].op == "<="
		if !lower || !upper {
			return nil, errPattern("Bad numeric range operator: " + out[1].op)
		}
		if out[0].value >= out[1].value {
			return nil, errPattern("Bottom must be less than top")
		}
	}
	return out, nil
}

func compileAnythingBut(arg any) (*butMatcher, error) {
	if lit, ok := literal(arg); ok {
		return &butMatcher{values: []any{lit}}, nil
	}
	switch x := arg.(type) {
	case []any:
		b := &butMatcher{}
		for _, el := range x {
			lit, ok := literal(el)
			if !ok {
				return nil, errPattern("Inside anything but list, start|null|boolean is not supported.")
			}
			b.values = append(b.values, lit)
		}
		return b, nil
	case map[string]any:
		if len(x) != 1 {
			return nil, errPattern("Value of anything-but must be an array or single string/number value.")
		}
		for op, v := range x {
			switch op {
			case "prefix", "suffix", "wildcard", "equals-ignore-case":
			default:
				return nil, errPattern("Unsupported anything-but pattern: " + op)
			}
			b := &butMatcher{kind: op, caseFold: op == "equals-ignore-case"}
			switch t := v.(type) {
			case string:
				b.texts = []string{t}
			case []any:
				for _, e := range t {
					s, ok := e.(string)
					if !ok {
						return nil, errPattern("Inside anything but list, only strings are supported.")
					}
					b.texts = append(b.texts, s)
				}
			default:
				return nil, errPattern(fmt.Sprintf("Value of anything-but %s must be a string", op))
			}
			if b.caseFold {
				for i := range b.texts {
					b.texts[i] = strings.ToLower(b.texts[i])
				}
			}
			return b, nil
		}
	}
	return nil, errPattern("Value of anything-but must be an array or single string/number value.")
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// decodeEvent parses an event (or any JSON document) for matching, keeping
// numbers exact.
func decodeEvent(text []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("event is not an object")
	}
	return v, nil
}

// matches reports whether the event (a decoded JSON object) matches p.
func (p *pattern) matches(event map[string]any) bool {
	for key, fp := range p.fields {
		v, present := event[key]
		if !fp.matches(v, present) {
			return false
		}
	}
	if len(p.or) == 0 {
		return true
	}
	for _, alt := range p.or {
		if alt.matches(event) {
			return true
		}
	}
	return false
}

func (fp *fieldPattern) matches(v any, present bool) bool {
	if fp.nested != nil {
		// An array of objects matches when one of its objects does.
		if list, ok := v.([]any); ok {
			for _, el := range list {
				if obj, ok := el.(map[string]any); ok && fp.nested.matches(obj) {
					return true
				}
			}
			return false
		}
		obj, _ := v.(map[string]any)
		if obj == nil {
			obj = map[string]any{}
		}
		return fp.nested.matches(obj)
	}
	for _, m := range fp.matchers {
		if m.kind == "exists" {
			if m.exists == (present && !isObject(v)) {
				return true
			}
			continue
		}
		if !present {
			continue
		}
		// An array in the event matches when any element does.
		if list, ok := v.([]any); ok {
			for _, el := range list {
				if m.matchValue(el) {
					return true
				}
			}
			continue
		}
		if m.matchValue(v) {
			return true
		}
	}
	return false
}

func isObject(v any) bool { _, ok := v.(map[string]any); return ok }

// matchValue applies a matcher to one scalar event value.
func (m matcher) matchValue(v any) bool {
	lit, ok := literal(v)
	if !ok {
		return false
	}
	s, isStr := lit.(string)
	switch m.kind {
	case "exact":
		return lit == m.value
	case "prefix":
		if m.fold {
			s = strings.ToLower(s)
		}
		return isStr && strings.HasPrefix(s, m.text)
	case "suffix":
		if m.fold {
			s = strings.ToLower(s)
		}
		return isStr && strings.HasSuffix(s, m.text)
	case "equals-ignore-case":
		return isStr && strings.ToLower(s) == m.text
	case "wildcard":
		return isStr && wildcardMatch(m.text, s)
	case "cidr":
		addr, err := netip.ParseAddr(s)
		return isStr && err == nil && m.prefix.Contains(addr)
	case "numeric":
		f, ok := lit.(float64)
		if !ok {
			return false
		}
		for _, c := range m.numeric {
			if !compare(f, c) {
				return false
			}
		}
		return true
	case "anything-but":
		return m.but.matches(lit)
	}
	return false
}

func compare(f float64, c numericCond) bool {
	switch c.op {
	case "<":
		return f < c.value
	case "<=":
		return f <= c.value
	case "=":
		return f == c.value
	case ">":
		return f > c.value
	default:
		return f >= c.value
	}
}

func (b *butMatcher) matches(lit any) bool {
	if b.kind == "" {
		for _, v := range b.values {
			if v == lit {
				return false
			}
		}
		return true
	}
	s, ok := lit.(string)
	if !ok {
		return false
	}
	if b.caseFold {
		s = strings.ToLower(s)
	}
	for _, t := range b.texts {
		var hit bool
		switch b.kind {
		case "prefix":
			hit = strings.HasPrefix(s, t)
		case "suffix":
			hit = strings.HasSuffix(s, t)
		case "wildcard":
			hit = wildcardMatch(t, s)
		default:
			hit = s == t
		}
		if hit {
			return false
		}
	}
	return true
}

// wildcardMatch matches s against a pattern where * stands for any run of
// characters and \* for a literal star.
func wildcardMatch(pat, s string) bool {
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(pat); i++ {
		switch {
		case pat[i] == '\\' && i+1 < len(pat) && (pat[i+1] == '*' || pat[i+1] == '\\'):
			cur.WriteByte(pat[i+1])
			i++
		case pat[i] == '*':
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(pat[i])
		}
	}
	parts = append(parts, cur.String())
	if len(parts) == 1 {
		return s == parts[0]
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, last)
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
