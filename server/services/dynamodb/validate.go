package dynamodb

import (
	"strings"
)

// checkItem validates every attribute value of an item (exactly one data
// type each, valid numbers, non-empty sets without duplicates) and returns
// the item's size by the Developer Guide's rules ("Item sizes and formats":
// name bytes plus value bytes; a number is about one byte per two
// significant digits plus one; lists and maps add 3 bytes plus 1 per element).
func checkItem(item map[string]AttributeValue) (int64, error) {
	var size int64
	for name, v := range item {
		n, err := checkValue(v)
		if err != nil {
			return 0, err
		}
		size += int64(len(name)) + n
	}
	return size, nil
}

func checkValue(v AttributeValue) (int64, error) {
	switch typeOf(v) {
	case "":
		if countTypes(v) == 0 {
			return 0, validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
		}
		return 0, validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
	case "S":
		return int64(len(*v.S)), nil
	case "B":
		return int64(len(v.B)), nil
	case "N":
		d, err := parseDecimal(*v.N)
		if err != nil {
			return 0, err
		}
		return int64(len(d.digits)+1)/2 + 1, nil
	case "BOOL", "NULL":
		return 1, nil
	case "SS":
		return setSize(v.SS, "string", func(s string) (string, error) { return s, nil })
	case "NS":
		return setSize(v.NS, "number", func(s string) (string, error) {
			d, err := parseDecimal(s)
			return d.canonical(), err
		})
	case "BS":
		if len(v.BS) == 0 {
			return 0, validation("One or more parameter values were invalid: Binary sets should not be empty")
		}
		seen := map[string]bool{}
		var n int64
		for _, b := range v.BS {
			if seen[string(b)] {
				return 0, validation("One or more parameter values were invalid: Input collection contains duplicates.")
			}
			seen[string(b)] = true
			n += int64(len(b))
		}
		return n, nil
	case "L":
		n := int64(3)
		for _, e := range v.L {
			m, err := checkValue(e)
			if err != nil {
				return 0, err
			}
			n += m + 1
		}
		return n, nil
	case "M":
		n := int64(3)
		for k, e := range v.M {
			m, err := checkValue(e)
			if err != nil {
				return 0, err
			}
			n += int64(len(k)) + m + 1
		}
		return n, nil
	}
	return 0, nil
}

func countTypes(v AttributeValue) int {
	n := 0
	for _, set := range []bool{v.S != nil, v.N != nil, v.B != nil, v.BOOL != nil, v.NULL != nil, v.SS != nil, v.NS != nil, v.BS != nil, v.L != nil, v.M != nil} {
		if set {
			n++
		}
	}
	return n
}

// setSize checks a string or number set: not empty, no duplicates (numbers
// compared by value).
func setSize(set []string, kind string, canon func(string) (string, error)) (int64, error) {
	if len(set) == 0 {
		return 0, validation("One or more parameter values were invalid: An %s set  may not be empty", kind)
	}
	seen := map[string]bool{}
	var n int64
	for _, s := range set {
		c, err := canon(s)
		if err != nil {
			return 0, err
		}
		if seen[c] {
			return 0, validation("One or more parameter values were invalid: Input collection [%s] contains duplicates.", strings.Join(set, ", "))
		}
		seen[c] = true
		n += int64(len(s))
	}
	return n, nil
}

// projection selects the attributes a read returns (ProjectionExpression or
// the legacy AttributesToGet); a nil projection returns whole items.
type projection struct {
	paths [][]pathElem
}

func newProjection(expr *string, attrs []string, c *exprContext) (*projection, error) {
	if expr != nil && attrs != nil {
		return nil, validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
	}
	p := &projection{}
	for _, a := range attrs {
		p.paths = append(p.paths, []pathElem{{name: a, index: -1}})
	}
	if expr == nil {
		if attrs == nil {
			return nil, nil
		}
		return p, nil
	}
	c.kind = "ProjectionExpression"
	toks, err := tokenize(*expr)
	if err != nil {
		return nil, validation("Invalid ProjectionExpression: %s", err.Error())
	}
	ps := &parser{toks: toks, ctx: c}
	for {
		path, err := ps.path()
		if err != nil {
			return nil, validation("Invalid ProjectionExpression: %s", err.Error())
		}
		p.paths = append(p.paths, path)
		t := ps.next()
		if t.kind == "eof" {
			return p, nil
		}
		if t.text != "," {
			ps.pos--
			return nil, validation("Invalid ProjectionExpression: %s", ps.syntaxError().Error())
		}
	}
}

// apply returns the projected copy of item.
func (p *projection) apply(item map[string]AttributeValue) map[string]AttributeValue {
	if p == nil {
		return item
	}
	out := map[string]AttributeValue{}
	for _, path := range p.paths {
		v, ok := resolve(item, path)
		if !ok {
			continue
		}
		setPath(out, path, v)
	}
	return out
}

// setPath writes v at path in out, creating maps on the way; list elements
// are collected in order of projection (DynamoDB compacts them too).
func setPath(out map[string]AttributeValue, path []pathElem, v AttributeValue) {
	if len(path) == 1 {
		out[path[0].name] = v
		return
	}
	cur, ok := out[path[0].name]
	next := path[1]
	if next.index >= 0 {
		if !ok || cur.L == nil {
			cur = AttributeValue{L: []AttributeValue{}}
		}
		if len(path) == 2 {
			cur.L = append(cur.L, v)
		} else {
			m := map[string]AttributeValue{}
			setPath(m, append([]pathElem{{name: "_"}}, path[2:]...), v)
			cur.L = append(cur.L, m["_"])
		}
		out[path[0].name] = cur
		return
	}
	if !ok || cur.M == nil {
		cur = AttributeValue{M: map[string]AttributeValue{}}
	}
	setPath(cur.M, path[1:], v)
	out[path[0].name] = cur
}
