package dynamodb

import (
	"context"
	"math/big"
	"sort"
	"strings"
)

// updateAction is one action of an UpdateExpression.
type updateAction struct {
	verb  string // SET, REMOVE, ADD, DELETE
	path  []pathElem
	value *node // SET: the value expression; ADD/DELETE: the operand
}

// Value expressions of SET (Developer Guide, "Update expressions"):
// operand [ + | - operand ], operand = path | :value | if_not_exists(path, operand)
// | list_append(operand, operand).
func (p *parser) setValue() (*node, error) {
	l, err := p.setOperand()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == "op" && (t.text == "+" || t.text == "-") {
		p.pos++
		r, err := p.setOperand()
		return &node{op: t.text, args: []*node{l, r}}, err
	}
	return l, nil
}

func (p *parser) setOperand() (*node, error) {
	t := p.peek()
	if t.kind == "op" && t.text == "(" { // a parenthesised value: SET a = (b + :v) - :w
		p.pos++
		n, err := p.setValue()
		if err != nil {
			return nil, err
		}
		return n, p.expect(")")
	}
	if t.kind == "ident" && (t.text == "if_not_exists" || t.text == "list_append") && p.toks[p.pos+1].text == "(" {
		p.pos += 2
		a, err := p.setOperand()
		if err != nil {
			return nil, err
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
		b, err := p.setOperand()
		if err != nil {
			return nil, err
		}
		if t.text == "if_not_exists" && a.op != "path" {
			return nil, p.syntaxError()
		}
		return &node{op: t.text, args: []*node{a, b}}, p.expect(")")
	}
	return p.operand()
}

// parseUpdate parses an UpdateExpression into its actions.
func parseUpdate(expr string, c *exprContext) ([]updateAction, error) {
	fail := func(err error) ([]updateAction, error) {
		return nil, validation("Invalid UpdateExpression: %s", err.Error())
	}
	c.kind = "UpdateExpression"
	if err := checkExprLen("UpdateExpression", expr); err != nil {
		return nil, err
	}
	if err := c.checkPlaceholders(); err != nil {
		return nil, err
	}
	toks, err := tokenize(expr)
	if err != nil {
		return fail(err)
	}
	p := &parser{toks: toks, ctx: c}
	var out []updateAction
	seen := map[string]bool{}
	for p.peek().kind != "eof" {
		t := p.next()
		verb := strings.ToUpper(t.text)
		if t.kind != "ident" || (verb != "SET" && verb != "REMOVE" && verb != "ADD" && verb != "DELETE") {
			p.back(t)
			return fail(p.syntaxError())
		}
		if seen[verb] {
			return nil, validation("Invalid UpdateExpression: The \"%s\" section can only be used once in an update expression;", verb)
		}
		seen[verb] = true
		for {
			path, err := p.path()
			if err != nil {
				return fail(err)
			}
			a := updateAction{verb: verb, path: path}
			switch verb {
			case "SET":
				if err := p.expect("="); err != nil {
					return fail(err)
				}
				a.value, err = p.setValue()
			case "ADD", "DELETE":
				a.value, err = p.operand()
				if err == nil && a.value.op != "value" {
					err = p.syntaxError()
				}
			}
			if err != nil {
				return fail(err)
			}
			out = append(out, a)
			if p.peek().text != "," {
				break
			}
			p.pos++
		}
	}
	if len(out) == 0 {
		return nil, validation("Invalid UpdateExpression: The expression can not be empty;")
	}
	if err := checkOverlap(out); err != nil {
		return nil, err
	}
	orderRemoves(out)
	return out, nil
}

// UpdateItem edits (or creates) an item with an UpdateExpression (SET with
// + - if_not_exists list_append, REMOVE, ADD, DELETE) or the legacy
// AttributeUpdates, after an optional ConditionExpression. ReturnValues:
// NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW. Errors:
// ResourceNotFoundException, ValidationException,
// ConditionalCheckFailedException.
func (s *Service) UpdateItem(ctx context.Context, in *UpdateItemInput) (*UpdateItemOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	rv := deref(in.ReturnValues)
	switch rv {
	case "", "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW":
	default:
		return nil, validation("Return values set to invalid value")
	}
	k, err := t.keyFromKey(in.Key)
	if err != nil {
		return nil, err
	}
	c := newExprContext(in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	cond, err := parseCondition(in.ConditionExpression, in.Expected, in.ConditionalOperator, c)
	if err != nil {
		return nil, err
	}
	var actions []updateAction
	switch {
	case in.UpdateExpression != nil && in.AttributeUpdates != nil:
		return nil, validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}")
	case in.UpdateExpression != nil:
		if actions, err = parseUpdate(*in.UpdateExpression, c); err != nil {
			return nil, err
		}
	default:
		actions = legacyUpdates(in.AttributeUpdates, c)
	}
	for _, a := range actions {
		if n := a.path[0].name; n == t.hash || n == t.rng {
			return nil, validation("One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", n)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	old := t.get(k)
	if err := condition(cond, c, old, in.ReturnValuesOnConditionCheckFailure); err != nil {
		return nil, err
	}
	if err := c.checkUnusedOr("UpdateExpression and ConditionExpression are null"); err != nil {
		return nil, err
	}
	item := deepCopyItem(old)
	if item == nil {
		item = map[string]AttributeValue{}
		for n, v := range in.Key {
			item[n] = v
		}
	}
	for _, a := range actions {
		if err := c.apply(a, old, item); err != nil {
			return nil, err
		}
	}
	size, err := checkItem(item)
	if err != nil {
		return nil, err
	}
	if size > maxItemSize {
		return nil, validation("Item size has exceeded the maximum allowed size")
	}
	if err := t.checkIndexKeys(item); err != nil {
		return nil, err
	}
	// An update that only removes attributes from a missing item does not
	// create it (an update with no action does).
	if old == nil && len(actions) > 0 && len(item) == len(in.Key) {
		out := &UpdateItemOutput{}
		cc := newConsumed(in.ReturnConsumedCapacity, t.name, false)
		t.chargeWrite(cc, nil, nil, 1)
		out.ConsumedCapacity = cc.out()
		return out, nil
	}
	t.put(k, item, size)
	out := &UpdateItemOutput{}
	cc := newConsumed(in.ReturnConsumedCapacity, t.name, false)
	t.chargeWrite(cc, old, item, 1)
	out.ConsumedCapacity = cc.out()
	out.ItemCollectionMetrics = t.collectionMetrics(in.ReturnItemCollectionMetrics, in.Key)
	switch rv {
	case "ALL_OLD":
		out.Attributes = old
	case "ALL_NEW":
		out.Attributes = item
	case "UPDATED_OLD", "UPDATED_NEW":
		// Only the updated document paths, as a projection would return
		// them (API Reference, UpdateItem "ReturnValues").
		src := item
		if rv == "UPDATED_OLD" {
			src = old
		}
		p := &projection{}
		for _, a := range actions {
			p.paths = append(p.paths, a.path)
		}
		if got := p.apply(src); len(got) > 0 {
			out.Attributes = got
		}
	}
	return out, nil
}

// legacyUpdates turns AttributeUpdates (PUT, ADD, DELETE) into actions.
func legacyUpdates(u map[string]AttributeValueUpdate, c *exprContext) []updateAction {
	c.kind = "AttributeUpdates"
	var out []updateAction
	names := make([]string, 0, len(u))
	for n := range u {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		a := updateAction{path: []pathElem{{name: n, index: -1}}}
		upd := u[n]
		var val *node
		if upd.Value != nil {
			ph := ":__legacy" + string(rune('a'+i))
			if c.values == nil {
				c.values = map[string]AttributeValue{}
			}
			c.values[ph] = *upd.Value
			c.usedVals[ph] = true
			val = &node{op: "value", name: ph}
		}
		switch deref(upd.Action) {
		case "ADD":
			a.verb, a.value = "ADD", val
		case "DELETE":
			a.verb, a.value = "DELETE", val
			if val == nil {
				a.verb = "REMOVE"
			}
		default:
			a.verb, a.value = "SET", val
		}
		out = append(out, a)
	}
	return out
}

// apply runs one action on item; values are read from old (the item before
// the update), as DynamoDB evaluates every operand before writing.
func (c *exprContext) apply(a updateAction, old, item map[string]AttributeValue) error {
	switch a.verb {
	case "SET":
		v, err := c.setValueOf(a.value, old)
		if err != nil {
			return err
		}
		return setAt(item, a.path, v)
	case "REMOVE":
		removeAt(item, a.path)
		return nil
	case "ADD":
		v := c.values[a.value.name]
		cur, ok := resolve(item, a.path)
		switch {
		case v.N != nil:
			if ok && cur.N == nil {
				return errOperandType()
			}
			base := "0"
			if ok {
				base = *cur.N
			}
			sum, err := addNumbers(base, *v.N, false)
			if err != nil {
				return err
			}
			return setAt(item, a.path, AttributeValue{N: &sum})
		case v.SS != nil || v.NS != nil || v.BS != nil:
			if ok && typeOf(cur) != typeOf(v) {
				return errOperandType()
			}
			if !ok {
				return setAt(item, a.path, v)
			}
			return setAt(item, a.path, setUnion(cur, v))
		}
		return errOperandType()
	case "DELETE":
		v := c.values[a.value.name]
		cur, ok := resolve(item, a.path)
		if v.SS == nil && v.NS == nil && v.BS == nil {
			return errOperandType()
		}
		if !ok {
			return nil
		}
		if typeOf(cur) != typeOf(v) {
			return errOperandType()
		}
		rest := setDifference(cur, v)
		if countTypes(rest) == 0 {
			removeAt(item, a.path)
			return nil
		}
		return setAt(item, a.path, rest)
	}
	return nil
}

func errOperandType() error {
	return validation("An operand in the update expression has an incorrect data type")
}

// setValueOf evaluates a SET value expression against the old item.
func (c *exprContext) setValueOf(n *node, old map[string]AttributeValue) (AttributeValue, error) {
	switch n.op {
	case "value":
		return c.values[n.name], nil
	case "path":
		v, ok := resolve(old, n.path)
		if !ok {
			return v, validation("The provided expression refers to an attribute that does not exist in the item")
		}
		return v, nil
	case "if_not_exists":
		if v, ok := resolve(old, n.args[0].path); ok {
			return v, nil
		}
		return c.setValueOf(n.args[1], old)
	case "list_append":
		a, err := c.setValueOf(n.args[0], old)
		if err != nil {
			return a, err
		}
		b, err := c.setValueOf(n.args[1], old)
		if err != nil {
			return b, err
		}
		if a.L == nil || b.L == nil {
			return a, validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: %s", typeOf(nonList(a, b)))
		}
		return AttributeValue{L: append(append([]AttributeValue{}, a.L...), b.L...)}, nil
	case "+", "-":
		a, err := c.setValueOf(n.args[0], old)
		if err != nil {
			return a, err
		}
		b, err := c.setValueOf(n.args[1], old)
		if err != nil {
			return b, err
		}
		if a.N == nil || b.N == nil {
			return a, validation("An operand in the update expression has an incorrect data type")
		}
		r, err := addNumbers(*a.N, *b.N, n.op == "-")
		return AttributeValue{N: &r}, err
	}
	return AttributeValue{}, validation("Invalid UpdateExpression: unsupported operand")
}

func nonList(a, b AttributeValue) AttributeValue {
	if a.L == nil {
		return a
	}
	return b
}

// addNumbers adds (or subtracts) two DynamoDB numbers exactly.
func addNumbers(a, b string, subtract bool) (string, error) {
	da, err := parseDecimal(a)
	if err != nil {
		return "", err
	}
	db, err := parseDecimal(b)
	if err != nil {
		return "", err
	}
	ra, _ := new(big.Rat).SetString(a)
	rb, _ := new(big.Rat).SetString(b)
	if subtract {
		rb.Neg(rb)
	}
	sum := new(big.Rat).Add(ra, rb)
	scale := max(len(da.digits)-da.exp, len(db.digits)-db.exp, 0)
	s := sum.FloatString(scale)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	if _, err := parseDecimal(s); err != nil {
		return "", err
	}
	return s, nil
}

func setUnion(a, b AttributeValue) AttributeValue {
	switch {
	case a.SS != nil:
		return AttributeValue{SS: unionStrings(a.SS, b.SS, func(s string) string { return s })}
	case a.NS != nil:
		return AttributeValue{NS: unionStrings(a.NS, b.NS, canonNumber)}
	}
	out := append([][]byte{}, a.BS...)
	have := map[string]bool{}
	for _, v := range a.BS {
		have[string(v)] = true
	}
	for _, v := range b.BS {
		if !have[string(v)] {
			out = append(out, v)
			have[string(v)] = true
		}
	}
	return AttributeValue{BS: out}
}

func setDifference(a, b AttributeValue) AttributeValue {
	drop := func(set, del []string, canon func(string) string) []string {
		gone := map[string]bool{}
		for _, v := range del {
			gone[canon(v)] = true
		}
		var out []string
		for _, v := range set {
			if !gone[canon(v)] {
				out = append(out, v)
			}
		}
		return out
	}
	switch {
	case a.SS != nil:
		return AttributeValue{SS: drop(a.SS, b.SS, func(s string) string { return s })}
	case a.NS != nil:
		return AttributeValue{NS: drop(a.NS, b.NS, canonNumber)}
	}
	gone := map[string]bool{}
	for _, v := range b.BS {
		gone[string(v)] = true
	}
	var out [][]byte
	for _, v := range a.BS {
		if !gone[string(v)] {
			out = append(out, v)
		}
	}
	return AttributeValue{BS: out}
}

func canonNumber(s string) string {
	d, _ := parseDecimal(s)
	return d.canonical()
}

func unionStrings(a, b []string, canon func(string) string) []string {
	out := append([]string{}, a...)
	have := map[string]bool{}
	for _, v := range a {
		have[canon(v)] = true
	}
	for _, v := range b {
		if !have[canon(v)] {
			out = append(out, v)
			have[canon(v)] = true
		}
	}
	return out
}

// setAt writes v at path; intermediate maps and lists must exist.
func setAt(item map[string]AttributeValue, path []pathElem, v AttributeValue) error {
	if len(path) == 1 {
		item[path[0].name] = v
		return nil
	}
	parent, ok := item[path[0].name]
	if !ok {
		return validation("The document path provided in the update expression is invalid for update")
	}
	nv, err := setIn(parent, path[1:], v)
	if err != nil {
		return err
	}
	item[path[0].name] = nv
	return nil
}

func setIn(cur AttributeValue, path []pathElem, v AttributeValue) (AttributeValue, error) {
	invalid := validation("The document path provided in the update expression is invalid for update")
	e := path[0]
	if e.index >= 0 {
		if cur.L == nil {
			return cur, invalid
		}
		if len(path) == 1 {
			if e.index >= len(cur.L) {
				cur.L = append(cur.L, v)
			} else {
				cur.L[e.index] = v
			}
			return cur, nil
		}
		if e.index >= len(cur.L) {
			return cur, invalid
		}
		nv, err := setIn(cur.L[e.index], path[1:], v)
		cur.L[e.index] = nv
		return cur, err
	}
	if cur.M == nil {
		return cur, invalid
	}
	if len(path) == 1 {
		cur.M[e.name] = v
		return cur, nil
	}
	child, ok := cur.M[e.name]
	if !ok {
		return cur, invalid
	}
	nv, err := setIn(child, path[1:], v)
	cur.M[e.name] = nv
	return cur, err
}

// removeAt deletes the attribute or element at path (missing is a no-op).
func removeAt(item map[string]AttributeValue, path []pathElem) {
	if len(path) == 1 {
		delete(item, path[0].name)
		return
	}
	cur, ok := item[path[0].name]
	if !ok {
		return
	}
	item[path[0].name] = removeIn(cur, path[1:])
}

func removeIn(cur AttributeValue, path []pathElem) AttributeValue {
	e := path[0]
	if e.index >= 0 {
		if cur.L == nil || e.index >= len(cur.L) {
			return cur
		}
		if len(path) == 1 {
			cur.L = append(cur.L[:e.index:e.index], cur.L[e.index+1:]...)
			return cur
		}
		cur.L[e.index] = removeIn(cur.L[e.index], path[1:])
		return cur
	}
	if cur.M == nil {
		return cur
	}
	if len(path) == 1 {
		delete(cur.M, e.name)
		return cur
	}
	if child, ok := cur.M[e.name]; ok {
		cur.M[e.name] = removeIn(child, path[1:])
	}
	return cur
}

// deepCopyItem copies an item so an update never changes a stored item that
// a concurrent reader may be encoding.
func deepCopyItem(item map[string]AttributeValue) map[string]AttributeValue {
	if item == nil {
		return nil
	}
	out := make(map[string]AttributeValue, len(item))
	for k, v := range item {
		out[k] = deepCopy(v)
	}
	return out
}

func deepCopy(v AttributeValue) AttributeValue {
	if v.L != nil {
		l := make([]AttributeValue, len(v.L))
		for i, e := range v.L {
			l[i] = deepCopy(e)
		}
		v.L = l
	}
	if v.M != nil {
		v.M = deepCopyItem(v.M)
	}
	if v.SS != nil {
		v.SS = append([]string{}, v.SS...)
	}
	if v.NS != nil {
		v.NS = append([]string{}, v.NS...)
	}
	if v.BS != nil {
		v.BS = append([][]byte{}, v.BS...)
	}
	return v
}
