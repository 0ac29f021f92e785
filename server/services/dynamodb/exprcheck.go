package dynamodb

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// maxExprLen is the longest expression DynamoDB accepts, 4 KB (Developer
// Guide, "Quotas": expression parameters).
const maxExprLen = 4096

// checkExprLen refuses an expression over 4 KB.
func checkExprLen(kind, expr string) error {
	if len(expr) > maxExprLen {
		return validation("Invalid %s: Expression size has exceeded the maximum allowed size; expression size: %d", kind, len(expr))
	}
	return nil
}

// checkPlaceholders validates ExpressionAttributeNames and Values before
// any expression uses them: not empty maps, keys starting with # and :,
// values holding exactly one valid data type.
func (c *exprContext) checkPlaceholders() error {
	if c.names != nil && len(c.names) == 0 {
		return validation("ExpressionAttributeNames must not be empty")
	}
	if c.values != nil && len(c.values) == 0 {
		return validation("ExpressionAttributeValues must not be empty")
	}
	for _, k := range sortedNames(c.names) {
		if !strings.HasPrefix(k, "#") || len(k) == 1 {
			return validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"%s\"", k)
		}
	}
	for _, k := range sortedNames(c.values) {
		if strings.HasPrefix(k, ":__legacy") {
			continue
		}
		if !strings.HasPrefix(k, ":") || len(k) == 1 {
			return validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"%s\"", k)
		}
		if _, err := checkValue(c.values[k]); err != nil {
			return validation("ExpressionAttributeValues contains invalid value: %s for key %s", errorMessage(err), k)
		}
	}
	return nil
}

// renderPath writes a document path as DynamoDB's messages do: [a, b, [1]].
func renderPath(p []pathElem) string {
	parts := make([]string, len(p))
	for i, e := range p {
		if e.index >= 0 {
			parts[i] = "[" + strconv.Itoa(e.index) + "]"
		} else {
			parts[i] = e.name
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// checkOverlap refuses two update actions on overlapping document paths
// (one a prefix of the other) or conflicting ones (a list index where the
// other has a map key), as DynamoDB does.
func checkOverlap(actions []updateAction) error {
	for i := range actions {
		for j := 0; j < i; j++ {
			a, b := actions[j].path, actions[i].path
			n := min(len(a), len(b))
			k := 0
			for k < n && a[k] == b[k] {
				k++
			}
			switch {
			case k == n:
				return validation("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: %s, path two: %s", renderPath(a), renderPath(b))
			case k > 0 && (a[k].index >= 0) != (b[k].index >= 0):
				return validation("Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: %s, path two: %s", renderPath(a), renderPath(b))
			}
		}
	}
	return nil
}

// orderRemoves puts REMOVE actions on list elements of one list in
// descending index order, so that every index refers to the list as it was
// before the update ("REMOVE a[1], a[2]" removes the original second and
// third elements).
func orderRemoves(actions []updateAction) {
	var idx []int
	for i, a := range actions {
		if a.verb == "REMOVE" {
			idx = append(idx, i)
		}
	}
	removes := make([]updateAction, len(idx))
	for i, j := range idx {
		removes[i] = actions[j]
	}
	sort.SliceStable(removes, func(i, j int) bool { return comparePaths(removes[i].path, removes[j].path) > 0 })
	for i, j := range idx {
		actions[j] = removes[i]
	}
}

// comparePaths orders document paths element by element (names by bytes,
// indexes by value).
func comparePaths(a, b []pathElem) int {
	for k := 0; k < len(a) && k < len(b); k++ {
		x, y := a[k], b[k]
		switch {
		case x.index >= 0 && y.index >= 0:
			if x.index != y.index {
				return x.index - y.index
			}
		case x.index < 0 && y.index < 0:
			if c := strings.Compare(x.name, y.name); c != 0 {
				return c
			}
		default:
			return 0
		}
	}
	return len(a) - len(b)
}

// checkOperands applies the checks DynamoDB makes on a parsed condition
// before reading any item, where operands are expression attribute values:
// comparisons and BETWEEN take N, S or B; BETWEEN's bounds in order;
// begins_with a string or binary; attribute_type a known type name; IN at
// most 100 operands (Developer Guide, "Comparison operator and function
// reference").
func (c *exprContext) checkOperands(n *node) error {
	valueType := func(a *node) string {
		if a.op != "value" {
			return ""
		}
		return typeOf(c.values[a.name])
	}
	switch n.op {
	case "<", "<=", ">", ">=", "BETWEEN":
		for _, a := range n.args {
			if t := valueType(a); t != "" && t != "N" && t != "S" && t != "B" {
				return fmt.Errorf("Incorrect operand type for operator or function; operator: %s, operand type: %s", n.op, t)
			}
		}
		if n.op == "BETWEEN" && n.args[1].op == "value" && n.args[2].op == "value" {
			lo, hi := c.values[n.args[1].name], c.values[n.args[2].name]
			if cmp, ok := compareValues(lo, hi); ok && cmp > 0 {
				return fmt.Errorf("The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {%s}, upper bound operand: AttributeValue: {%s}", renderScalar(lo), renderScalar(hi))
			}
		}
	case "begins_with":
		if t := valueType(n.args[1]); t != "" && t != "S" && t != "B" {
			return fmt.Errorf("Incorrect operand type for operator or function; operator or function: begins_with, operand type: %s", t)
		}
	case "attribute_type":
		if n.args[1].op == "value" {
			v := c.values[n.args[1].name]
			if v.S == nil || !validTypeName[*v.S] {
				got := typeOf(v)
				if v.S != nil {
					got = *v.S
				}
				return fmt.Errorf("Invalid attribute type name found; type: %s, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }", got)
			}
		}
	case "IN":
		if len(n.args)-1 > 100 {
			return fmt.Errorf("The IN operator is provided with too many operands; number of operands: %d", len(n.args)-1)
		}
	}
	for _, a := range n.args {
		if err := c.checkOperands(a); err != nil {
			return err
		}
	}
	return nil
}

var validTypeName = map[string]bool{"B": true, "NULL": true, "SS": true, "BOOL": true, "L": true, "BS": true, "N": true, "NS": true, "S": true, "M": true}

// renderScalar writes a scalar as DynamoDB's messages do: N:5, S:abc.
func renderScalar(v AttributeValue) string {
	switch {
	case v.N != nil:
		return "N:" + *v.N
	case v.S != nil:
		return "S:" + *v.S
	case v.B != nil:
		return "B:" + string(v.B)
	}
	return typeOf(v)
}
