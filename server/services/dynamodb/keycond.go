package dynamodb

// keySpec names the key attributes (and their types) a Query runs on: the
// table's or an index's.
type keySpec struct {
	hash, hashType string
	rng, rngType   string
}

// keyCondition reads the partition key value and optional sort key condition
// of a Query, from KeyConditionExpression or the legacy KeyConditions, with
// DynamoDB's validation messages.
func (t keySpec) keyCondition(in *QueryInput, c *exprContext) (keyValue, *sortCond, error) {
	switch {
	case in.KeyConditionExpression != nil && in.KeyConditions != nil:
		return keyValue{}, nil, validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}")
	case in.KeyConditions != nil:
		return t.legacyKeyConditions(in.KeyConditions)
	case in.KeyConditionExpression == nil:
		return keyValue{}, nil, validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
	}
	root, err := parseExpr("KeyConditionExpression", *in.KeyConditionExpression, c)
	if err != nil {
		return keyValue{}, nil, err
	}
	var conds []*node
	var flatten func(n *node) error
	flatten = func(n *node) error {
		switch n.op {
		case "AND":
			if err := flatten(n.args[0]); err != nil {
				return err
			}
			return flatten(n.args[1])
		case "OR", "NOT", "<>", "IN", "attribute_exists", "attribute_not_exists", "attribute_type", "contains":
			return validation("Invalid operator used in KeyConditionExpression: %s", n.op)
		}
		conds = append(conds, n)
		return nil
	}
	if err := flatten(root); err != nil {
		return keyValue{}, nil, err
	}
	if len(conds) > 2 {
		return keyValue{}, nil, validation("Conditions can be of length 1 or 2 only")
	}
	var hash *keyValue
	var sc *sortCond
	for _, n := range conds {
		if len(n.args) == 0 {
			return keyValue{}, nil, validation("Invalid operator used in KeyConditionExpression: %s", n.op)
		}
		if n.args[0].op != "path" || len(n.args[0].path) != 1 {
			return keyValue{}, nil, validation("Invalid KeyConditionExpression: The left operand of a key condition must be an attribute name")
		}
		name := n.args[0].path[0].name
		vals := make([]keyValue, 0, 2)
		for _, a := range n.args[1:] {
			if a.op != "value" {
				return keyValue{}, nil, validation("Invalid KeyConditionExpression: Key conditions compare a key attribute with expression attribute values")
			}
			vals = append(vals, keyValue{})
			v := c.values[a.name]
			typ := t.hashType
			if name == t.rng {
				typ = t.rngType
			}
			if n.op == "begins_with" && typeOf(v) == "N" {
				return keyValue{}, nil, validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
			}
			kv, ok, err := keyOf(v, typ)
			if err != nil {
				return keyValue{}, nil, err
			}
			if !ok && (name == t.hash || name == t.rng) {
				return keyValue{}, nil, validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
			}
			vals[len(vals)-1] = kv
		}
		switch name {
		case t.hash:
			if hash != nil {
				return keyValue{}, nil, validation("KeyConditionExpressions must only contain one condition per key")
			}
			if n.op != "=" {
				return keyValue{}, nil, validation("Query key condition not supported")
			}
			hash = &vals[0]
		case t.rng:
			if sc != nil {
				return keyValue{}, nil, validation("KeyConditionExpressions must only contain one condition per key")
			}
			sc = &sortCond{op: n.op, a: vals[0]}
			if n.op == "BETWEEN" {
				sc.b = vals[1]
				if sc.a.compare(sc.b) > 0 {
					return keyValue{}, nil, validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {%s:%s}, upper bound operand: AttributeValue: {%s:%s}", sc.a.typ, sc.a.raw, sc.b.typ, sc.b.raw)
				}
			}
			if n.op == "begins_with" {
				sc.prefix = vals[0].raw
			}
		default:
			return keyValue{}, nil, validation("Query condition missed key schema element: %s", missingKey(t, hash))
		}
	}
	if hash == nil {
		return keyValue{}, nil, validation("Query condition missed key schema element: %s", t.hash)
	}
	return *hash, sc, nil
}

func missingKey(t keySpec, hash *keyValue) string {
	if hash == nil || t.rng == "" {
		return t.hash
	}
	return t.rng
}

// legacyKeyConditions reads the pre-expression KeyConditions parameter
// (ComparisonOperator EQ, LE, LT, GE, GT, BEGINS_WITH, BETWEEN).
func (t keySpec) legacyKeyConditions(kc map[string]Condition) (keyValue, *sortCond, error) {
	ops := map[string]string{"EQ": "=", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">", "BEGINS_WITH": "begins_with", "BETWEEN": "BETWEEN"}
	var hash *keyValue
	var sc *sortCond
	for name, cond := range kc {
		op, ok := ops[deref(cond.ComparisonOperator)]
		if !ok || (name != t.hash && name != t.rng) {
			return keyValue{}, nil, validation("Query key condition not supported")
		}
		typ := t.hashType
		if name == t.rng {
			typ = t.rngType
		}
		var vals []keyValue
		for _, v := range cond.AttributeValueList {
			kv, ok, err := keyOf(v, typ)
			if err != nil {
				return keyValue{}, nil, err
			}
			if !ok {
				return keyValue{}, nil, validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
			}
			vals = append(vals, kv)
		}
		want := 1
		if op == "BETWEEN" {
			want = 2
		}
		if len(vals) != want {
			return keyValue{}, nil, validation("One or more parameter values were invalid: Invalid number of argument(s) for the %s ComparisonOperator", deref(cond.ComparisonOperator))
		}
		if name == t.hash {
			if op != "=" {
				return keyValue{}, nil, validation("Query key condition not supported")
			}
			hash = &vals[0]
			continue
		}
		sc = &sortCond{op: op, a: vals[0]}
		if op == "BETWEEN" {
			sc.b = vals[1]
		}
		if op == "begins_with" {
			sc.prefix = vals[0].raw
		}
	}
	if hash == nil {
		return keyValue{}, nil, validation("Query condition missed key schema element: %s", t.hash)
	}
	return *hash, sc, nil
}
