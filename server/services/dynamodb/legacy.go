package dynamodb

import (
	"fmt"
	"sort"
	"strings"
)

// The legacy conditional parameters (Developer Guide, "Legacy conditional
// parameters"): Expected for writes, QueryFilter and ScanFilter for reads,
// combined by ConditionalOperator (AND by default). They are turned into the
// same expression trees as ConditionExpression and FilterExpression, their
// values held under synthetic placeholders.

// legacyOps maps a ComparisonOperator to its expression form and the number
// of values it takes (-1: one or more).
var legacyOps = map[string]struct {
	op    string
	nvals int
}{
	"EQ": {"=", 1}, "NE": {"<>", 1}, "LE": {"<=", 1}, "LT": {"<", 1}, "GE": {">=", 1}, "GT": {">", 1},
	"NOT_NULL": {"attribute_exists", 0}, "NULL": {"attribute_not_exists", 0},
	"CONTAINS": {"contains", 1}, "NOT_CONTAINS": {"NOT contains", 1}, "BEGINS_WITH": {"begins_with", 1},
	"IN": {"IN", -1}, "BETWEEN": {"BETWEEN", 2},
}

// legacyValue stores v under a fresh synthetic placeholder and returns its
// operand node.
func (c *exprContext) legacyValue(v AttributeValue) *node {
	if c.values == nil {
		c.values = map[string]AttributeValue{}
	}
	ph := fmt.Sprintf(":__legacy%d", len(c.values))
	c.values[ph] = v
	c.usedVals[ph] = true
	return &node{op: "value", name: ph}
}

// legacyComparison builds the condition "name <operator> values".
func (c *exprContext) legacyComparison(name, operator string, vals []AttributeValue) (*node, error) {
	spec, ok := legacyOps[operator]
	if !ok {
		return nil, validation("1 validation error detected: Value '%s' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]", operator)
	}
	if spec.nvals >= 0 && len(vals) != spec.nvals || spec.nvals < 0 && len(vals) == 0 {
		return nil, validation("One or more parameter values were invalid: Invalid number of argument(s) for the %s ComparisonOperator", operator)
	}
	path := &node{op: "path", path: []pathElem{{name: name, index: -1}}}
	args := []*node{path}
	for _, v := range vals {
		if _, err := checkValue(v); err != nil {
			return nil, err
		}
		args = append(args, c.legacyValue(v))
	}
	if spec.op == "NOT contains" {
		return &node{op: "NOT", args: []*node{{op: "contains", args: args}}}, nil
	}
	return &node{op: spec.op, args: args}, nil
}

// combine joins conditions with ConditionalOperator (AND or OR).
func combine(conds []*node, operator *string) (*node, error) {
	op := "AND"
	switch deref(operator) {
	case "", "AND":
	case "OR":
		op = "OR"
	default:
		return nil, validation("1 validation error detected: Value '%s' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]", deref(operator))
	}
	if len(conds) == 0 {
		return nil, nil
	}
	n := conds[0]
	for _, r := range conds[1:] {
		n = &node{op: op, args: []*node{n, r}}
	}
	return n, nil
}

// parseCondition reads a write's condition: ConditionExpression, or the
// legacy Expected with ConditionalOperator. nil means no condition.
func parseCondition(expr *string, expected map[string]ExpectedAttributeValue, operator *string, c *exprContext) (*node, error) {
	if expr != nil && expected != nil {
		return nil, validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")
	}
	if expr != nil {
		if operator != nil {
			return nil, validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {ConditionalOperator} Expression parameters: {ConditionExpression}")
		}
		return parseExpr("ConditionExpression", *expr, c)
	}
	if expected == nil {
		return nil, nil
	}
	if err := c.noPlaceholders("ConditionExpression is null"); err != nil {
		return nil, err
	}
	c.kind = "Expected"
	var conds []*node
	for _, name := range sortedNames(expected) {
		e := expected[name]
		var n *node
		var err error
		switch {
		case e.ComparisonOperator != nil:
			if e.Value != nil || e.Exists != nil {
				return nil, validation("One or more parameter values were invalid: Exists and Value cannot be used with ComparisonOperator for Attribute: %s", name)
			}
			n, err = c.legacyComparison(name, *e.ComparisonOperator, e.AttributeValueList)
		case e.Exists != nil && !*e.Exists:
			if e.Value != nil {
				return nil, validation("One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: %s", name)
			}
			n, err = c.legacyComparison(name, "NULL", nil)
		default:
			if e.Value == nil {
				return nil, validation("One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: %s", name)
			}
			n, err = c.legacyComparison(name, "EQ", []AttributeValue{*e.Value})
		}
		if err != nil {
			return nil, err
		}
		conds = append(conds, n)
	}
	return combine(conds, operator)
}

// parseFilter reads a read's filter: FilterExpression, or the legacy
// QueryFilter/ScanFilter (param names it) with ConditionalOperator. keys are
// the attributes a QueryFilter may not name.
func parseFilter(expr *string, legacy map[string]Condition, param string, operator *string, c *exprContext, keys ...string) (*node, error) {
	if expr != nil && legacy != nil {
		return nil, validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {%s} Expression parameters: {FilterExpression}", param)
	}
	if expr != nil {
		return parseExpr("FilterExpression", *expr, c)
	}
	if legacy == nil {
		return nil, nil
	}
	if err := c.noPlaceholders("FilterExpression is null"); err != nil {
		return nil, err
	}
	var conds []*node
	names := sortedNames(legacy)
	sort.Strings(names)
	for _, name := range names {
		for _, k := range keys {
			if k != "" && k == name {
				return nil, validation("QueryFilter can only contain non-primary key attributes: Primary key attribute: %s", name)
			}
		}
		cond := legacy[name]
		n, err := c.legacyComparison(name, deref(cond.ComparisonOperator), cond.AttributeValueList)
		if err != nil {
			return nil, err
		}
		conds = append(conds, n)
	}
	return combine(conds, operator)
}

// noPlaceholders refuses ExpressionAttributeNames/Values with legacy
// parameters only.
func (c *exprContext) noPlaceholders(nullExprs string) error {
	user := 0
	for k := range c.values {
		if !strings.HasPrefix(k, ":__legacy") {
			user++
		}
	}
	if user > 0 {
		return validation("ExpressionAttributeValues can only be specified when using expressions: %s", nullExprs)
	}
	if len(c.names) > 0 {
		return validation("ExpressionAttributeNames can only be specified when using expressions: %s", nullExprs)
	}
	return nil
}
