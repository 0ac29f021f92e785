package dynamodb

import (
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
