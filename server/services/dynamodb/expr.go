package dynamodb

import (
	"fmt"
	"strconv"
	"strings"
)

// Expressions: the condition grammar of the DynamoDB Developer Guide
// ("Condition and filter expressions, operators, and functions"), shared by
// ConditionExpression, FilterExpression and KeyConditionExpression:
//
//	cond    = or
//	or      = and { OR and }
//	and     = not { AND not }
//	not     = NOT not | primary
//	primary = ( cond ) | func | operand cmp operand
//	        | operand BETWEEN operand AND operand | operand IN ( operand {, operand} )
//	func    = attribute_exists(path) | attribute_not_exists(path)
//	        | attribute_type(path, :v) | begins_with(path, operand) | contains(path, operand)
//	operand = path | :value | size(path)
//	path    = name { .name | [n] }, name = identifier | #placeholder

// node is a parsed expression node.
type node struct {
	op   string  // OR AND NOT = <> < <= > >= BETWEEN IN or a function name; "path", "value", "size"
	args []*node // operands
	path []pathElem
	name string // value placeholder (":v") for op "value"
}

// pathElem is one step of a document path: a map key or a list index.
type pathElem struct {
	name  string
	index int // -1 for a name
}

// exprContext resolves placeholders and records which were used.
type exprContext struct {
	kind      string // "ConditionExpression", "KeyConditionExpression", ...
	names     map[string]string
	values    map[string]AttributeValue
	usedNames map[string]bool
	usedVals  map[string]bool
}

func newExprContext(names map[string]string, values map[string]AttributeValue) *exprContext {
	return &exprContext{names: names, values: values, usedNames: map[string]bool{}, usedVals: map[string]bool{}}
}

// checkUnused reports placeholders given but used by no expression, as
// DynamoDB does.
func (c *exprContext) checkUnused() error {
	return c.checkUnusedOr("")
}

// checkUnusedOr is checkUnused for a request where no expression may have
// been given: then any placeholder is refused with "<map> can only be
// specified when using expressions: <nullExprs>" (for example
// "ConditionExpression is null").
func (c *exprContext) checkUnusedOr(nullExprs string) error {
	if c.kind == "" && nullExprs != "" {
		if err := c.noPlaceholders(nullExprs); err != nil {
			return err
		}
	}
	var unusedV, unusedN []string
	for k := range c.values {
		if !c.usedVals[k] {
			unusedV = append(unusedV, k)
		}
	}
	for k := range c.names {
		if !c.usedNames[k] {
			unusedN = append(unusedN, k)
		}
	}
	if len(unusedV) > 0 {
		return validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {%s}", strings.Join(sorted(unusedV), ", "))
	}
	if len(unusedN) > 0 {
		return validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {%s}", strings.Join(sorted(unusedN), ", "))
	}
	return nil
}

type token struct {
	kind string // "ident", "name" (#x), "value" (:x), "num", "op", "eof"
	text string
}

func tokenize(s string) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#' || c == ':' || isIdent(c):
			j := i + 1
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			kind := "ident"
			if c == '#' {
				kind = "name"
			} else if c == ':' {
				kind = "value"
			} else if c >= '0' && c <= '9' {
				kind = "num"
			}
			out = append(out, token{kind, s[i:j]})
			i = j
		case strings.HasPrefix(s[i:], "<>") || strings.HasPrefix(s[i:], "<=") || strings.HasPrefix(s[i:], ">="):
			out = append(out, token{"op", s[i : i+2]})
			i += 2
		case strings.ContainsRune("=<>(),.[]+-", rune(c)):
			out = append(out, token{"op", s[i : i+1]})
			i++
		default:
			return nil, fmt.Errorf("Syntax error; token: \"%c\", near: \"%s\"", c, near(s, i))
		}
	}
	return append(out, token{kind: "eof"}), nil
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func near(s string, i int) string {
	end := i + 10
	if end > len(s) {
		end = len(s)
	}
	return s[i:end]
}

type parser struct {
	toks []token
	pos  int
	ctx  *exprContext
}

// parseExpr parses expr; errors are ValidationExceptions prefixed
// "Invalid <kind>: ".
func parseExpr(kind, expr string, c *exprContext) (*node, error) {
	c.kind = kind
	if err := checkExprLen(kind, expr); err != nil {
		return nil, err
	}
	if err := c.checkPlaceholders(); err != nil {
		return nil, err
	}
	toks, err := tokenize(expr)
	if err != nil {
		return nil, validation("Invalid %s: %s", kind, err.Error())
	}
	if len(toks) == 1 {
		return nil, validation("Invalid %s: The expression can not be empty;", kind)
	}
	p := &parser{toks: toks, ctx: c}
	n, err := p.or()
	if err == nil && p.peek().kind != "eof" {
		err = p.syntaxError()
	}
	if err == nil {
		err = c.checkOperands(n)
	}
	if err != nil {
		return nil, validation("Invalid %s: %s", kind, err.Error())
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != "eof" {
		p.pos++
	}
	return t
}

// back steps back over t, the token next returned (next stays at EOF).
func (p *parser) back(t token) {
	if t.kind != "eof" {
		p.pos--
	}
}

func (p *parser) keyword(k string) bool {
	t := p.peek()
	if t.kind == "ident" && strings.EqualFold(t.text, k) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expect(op string) error {
	if t := p.peek(); t.kind == "op" && t.text == op {
		p.pos++
		return nil
	}
	return p.syntaxError()
}

func (p *parser) syntaxError() error {
	t := p.peek()
	if t.kind == "eof" {
		return fmt.Errorf("Syntax error; token: \"<EOF>\", near: \"\"")
	}
	return fmt.Errorf("Syntax error; token: \"%s\", near: \"%s\"", t.text, t.text)
}

func (p *parser) or() (*node, error) {
	l, err := p.and()
	for err == nil && p.keyword("OR") {
		var r *node
		if r, err = p.and(); err == nil {
			l = &node{op: "OR", args: []*node{l, r}}
		}
	}
	return l, err
}

func (p *parser) and() (*node, error) {
	l, err := p.not()
	for err == nil && p.keyword("AND") {
		var r *node
		if r, err = p.not(); err == nil {
			l = &node{op: "AND", args: []*node{l, r}}
		}
	}
	return l, err
}

func (p *parser) not() (*node, error) {
	if p.keyword("NOT") {
		n, err := p.not()
		return &node{op: "NOT", args: []*node{n}}, err
	}
	return p.primary()
}

var comparators = map[string]bool{"=": true, "<>": true, "<": true, "<=": true, ">": true, ">=": true}

var functions = map[string]int{"attribute_exists": 1, "attribute_not_exists": 1, "attribute_type": 2, "begins_with": 2, "contains": 2, "size": 1}

func (p *parser) primary() (*node, error) {
	if t := p.peek(); t.kind == "op" && t.text == "(" {
		p.pos++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		return n, p.expect(")")
	}
	if t := p.peek(); t.kind == "ident" && p.toks[p.pos+1].text == "(" && functions[t.text] > 0 && t.text != "size" {
		return p.function()
	}
	l, err := p.operand()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	switch {
	case t.kind == "op" && comparators[t.text]:
		p.pos++
		r, err := p.operand()
		return &node{op: t.text, args: []*node{l, r}}, err
	case p.keyword("BETWEEN"):
		lo, err := p.operand()
		if err != nil {
			return nil, err
		}
		if !p.keyword("AND") {
			return nil, p.syntaxError()
		}
		hi, err := p.operand()
		return &node{op: "BETWEEN", args: []*node{l, lo, hi}}, err
	case p.keyword("IN"):
		if err := p.expect("("); err != nil {
			return nil, err
		}
		n := &node{op: "IN", args: []*node{l}}
		for {
			o, err := p.operand()
			if err != nil {
				return nil, err
			}
			n.args = append(n.args, o)
			if p.peek().text != "," {
				break
			}
			p.pos++
		}
		return n, p.expect(")")
	}
	return nil, p.syntaxError()
}

func (p *parser) function() (*node, error) {
	name := p.next().text
	p.pos++ // "("
	n := &node{op: name}
	for i := 0; i < functions[name]; i++ {
		if i > 0 {
			if err := p.expect(","); err != nil {
				return nil, err
			}
		}
		o, err := p.operand()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, o)
	}
	if n.args[0].op != "path" {
		return nil, fmt.Errorf("Operator or function requires a document path; operator or function: %s", name)
	}
	return n, p.expect(")")
}

func (p *parser) operand() (*node, error) {
	t := p.peek()
	switch {
	case t.kind == "value":
		p.pos++
		if _, ok := p.ctx.values[t.text]; !ok {
			return nil, fmt.Errorf("An expression attribute value used in expression is not defined; attribute value: %s", t.text)
		}
		p.ctx.usedVals[t.text] = true
		return &node{op: "value", name: t.text}, nil
	case t.kind == "ident" && t.text == "size" && p.toks[p.pos+1].text == "(":
		return p.function()
	case t.kind == "ident" || t.kind == "name":
		path, err := p.path()
		return &node{op: "path", path: path}, err
	}
	return nil, p.syntaxError()
}

func (p *parser) path() ([]pathElem, error) {
	var out []pathElem
	for {
		t := p.next()
		name := t.text
		switch t.kind {
		case "name":
			v, ok := p.ctx.names[t.text]
			if !ok {
				return nil, fmt.Errorf("An expression attribute name used in the document path is not defined; attribute name: %s", t.text)
			}
			p.ctx.usedNames[t.text] = true
			name = v
		case "ident":
			if isReserved(t.text) {
				return nil, fmt.Errorf("Attribute name is a reserved keyword; reserved keyword: %s", t.text)
			}
		default:
			p.back(t)
			return nil, p.syntaxError()
		}
		out = append(out, pathElem{name: name, index: -1})
		for p.peek().text == "[" {
			p.pos++
			n := p.next()
			i, err := strconv.Atoi(n.text)
			if n.kind != "num" || err != nil || i < 0 {
				p.back(n)
				return nil, p.syntaxError()
			}
			out = append(out, pathElem{index: i})
			if err := p.expect("]"); err != nil {
				return nil, err
			}
		}
		if p.peek().text != "." {
			return out, nil
		}
		p.pos++
	}
}

// resolve follows a document path in item.
func resolve(item map[string]AttributeValue, path []pathElem) (AttributeValue, bool) {
	v, ok := item[path[0].name]
	for _, e := range path[1:] {
		if !ok {
			break
		}
		if e.index >= 0 {
			if e.index >= len(v.L) {
				return AttributeValue{}, false
			}
			v = v.L[e.index]
			continue
		}
		if v.M == nil {
			return AttributeValue{}, false
		}
		v, ok = v.M[e.name]
	}
	return v, ok
}

// eval evaluates a condition against item (nil for no item).
func (c *exprContext) eval(n *node, item map[string]AttributeValue) (bool, error) {
	switch n.op {
	case "OR", "AND":
		l, err := c.eval(n.args[0], item)
		if err != nil {
			return false, err
		}
		if (n.op == "OR") == l {
			return l, nil
		}
		return c.eval(n.args[1], item)
	case "NOT":
		v, err := c.eval(n.args[0], item)
		return !v, err
	case "attribute_exists", "attribute_not_exists":
		_, ok := resolve(item, n.args[0].path)
		return ok == (n.op == "attribute_exists"), nil
	case "attribute_type":
		v, ok := resolve(item, n.args[0].path)
		want, _ := c.operand(n.args[1], item)
		return ok && want.S != nil && typeOf(v) == *want.S, nil
	case "begins_with":
		v, ok1 := c.operand(n.args[0], item)
		p, ok2 := c.operand(n.args[1], item)
		if !ok1 || !ok2 {
			return false, nil
		}
		switch {
		case v.S != nil && p.S != nil:
			return strings.HasPrefix(*v.S, *p.S), nil
		case v.B != nil && p.B != nil:
			return strings.HasPrefix(string(v.B), string(p.B)), nil
		}
		return false, nil
	case "contains":
		return c.contains(n, item)
	case "IN":
		l, ok := c.operand(n.args[0], item)
		if !ok {
			return false, nil
		}
		for _, o := range n.args[1:] {
			if r, ok := c.operand(o, item); ok && equalValues(l, r) {
				return true, nil
			}
		}
		return false, nil
	case "BETWEEN":
		v, ok1 := c.operand(n.args[0], item)
		lo, ok2 := c.operand(n.args[1], item)
		hi, ok3 := c.operand(n.args[2], item)
		if !ok1 || !ok2 || !ok3 {
			return false, nil
		}
		a, okA := compareValues(v, lo)
		b, okB := compareValues(v, hi)
		return okA && okB && a >= 0 && b <= 0, nil
	default: // comparison
		l, ok1 := c.operand(n.args[0], item)
		r, ok2 := c.operand(n.args[1], item)
		if n.op == "<>" {
			return !ok1 || !ok2 || !equalValues(l, r), nil
		}
		if !ok1 || !ok2 {
			return false, nil
		}
		if n.op == "=" {
			return equalValues(l, r), nil
		}
		cmp, ok := compareValues(l, r)
		if !ok {
			return false, nil
		}
		switch n.op {
		case "<":
			return cmp < 0, nil
		case "<=":
			return cmp <= 0, nil
		case ">":
			return cmp > 0, nil
		}
		return cmp >= 0, nil
	}
}

func (c *exprContext) contains(n *node, item map[string]AttributeValue) (bool, error) {
	v, ok1 := c.operand(n.args[0], item)
	x, ok2 := c.operand(n.args[1], item)
	if !ok1 || !ok2 {
		return false, nil
	}
	switch {
	case v.S != nil && x.S != nil:
		return strings.Contains(*v.S, *x.S), nil
	case v.B != nil && x.B != nil:
		return strings.Contains(string(v.B), string(x.B)), nil
	case v.SS != nil && x.S != nil:
		return containsEqual(v.SS, *x.S, func(s string) AttributeValue { return AttributeValue{S: &s} }, x), nil
	case v.NS != nil && x.N != nil:
		return containsEqual(v.NS, *x.N, func(s string) AttributeValue { return AttributeValue{N: &s} }, x), nil
	case v.BS != nil && x.B != nil:
		for _, b := range v.BS {
			if string(b) == string(x.B) {
				return true, nil
			}
		}
	case v.L != nil:
		for _, e := range v.L {
			if equalValues(e, x) {
				return true, nil
			}
		}
	}
	return false, nil
}

func containsEqual(set []string, _ string, wrap func(string) AttributeValue, x AttributeValue) bool {
	for _, s := range set {
		if equalValues(wrap(s), x) {
			return true
		}
	}
	return false
}

// operand evaluates a path, value or size() operand; ok is false for a
// missing attribute.
func (c *exprContext) operand(n *node, item map[string]AttributeValue) (AttributeValue, bool) {
	switch n.op {
	case "value":
		return c.values[n.name], true
	case "path":
		return resolve(item, n.path)
	case "size":
		v, ok := resolve(item, n.args[0].path)
		if !ok {
			return v, false
		}
		var size int
		switch {
		case v.S != nil:
			size = len(*v.S)
		case v.B != nil:
			size = len(v.B)
		case v.SS != nil:
			size = len(v.SS)
		case v.NS != nil:
			size = len(v.NS)
		case v.BS != nil:
			size = len(v.BS)
		case v.L != nil:
			size = len(v.L)
		case v.M != nil:
			size = len(v.M)
		default:
			return v, false
		}
		s := strconv.Itoa(size)
		return AttributeValue{N: &s}, true
	}
	return AttributeValue{}, false
}

// compareValues orders two scalars of the same type (N, S or B); ok is false
// for other types or mixed types.
func compareValues(a, b AttributeValue) (int, bool) {
	switch {
	case a.N != nil && b.N != nil:
		x, e1 := parseDecimal(*a.N)
		y, e2 := parseDecimal(*b.N)
		if e1 != nil || e2 != nil {
			return 0, false
		}
		return x.cmp(y), true
	case a.S != nil && b.S != nil:
		return strings.Compare(*a.S, *b.S), true
	case a.B != nil && b.B != nil:
		return strings.Compare(string(a.B), string(b.B)), true
	}
	return 0, false
}

func sorted(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}
