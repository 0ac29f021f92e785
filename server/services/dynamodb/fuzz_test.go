package dynamodb

import (
	"testing"
)

// FuzzExpressions feeds one string to every expression parser (condition,
// update, projection, key condition, PartiQL) and evaluates what parses
// against an item: nothing may panic or hang, whatever the input. Run:
// go test ./server/services/dynamodb -run '^$' -fuzz FuzzExpressions -fuzztime 10s
func FuzzExpressions(f *testing.F) {
	for _, seed := range []string{
		// valid (Developer Guide examples)
		"attribute_exists(#n) AND #n.b[0] = :v",
		"a BETWEEN :v AND :w OR NOT (b IN (:v, :w)) AND size(c) > :n",
		"begins_with(a, :v) AND contains(l, :v) AND attribute_type(a, :t)",
		"SET a = a + :n, l = list_append(if_not_exists(l, :l), :l) REMOVE m.b, l[1] ADD c :n DELETE s :s",
		"SET #n.b[2].c = :v",
		"a, #n.b[0], m.x.y",
		"pk = :v AND sk BETWEEN :v AND :w",
		"pk = :v AND begins_with(sk, :v)",
		`SELECT * FROM "t" WHERE pk = ? AND sk > 'x'`,
		`UPDATE t SET a = a + 1 REMOVE b WHERE pk = 'x'`,
		`INSERT INTO t VALUE {'pk': 'x', 'm': {'l': [1, <<'a'>>]}}`,
		// invalid
		"", "(", ")", "a =", "= :v", "a = :undefined", "#undefined = :v", "a[", "a[x]", "a..b",
		"SET", "SET a", "SET a = ", "REMOVE", "ADD a b", "SET a = :v SET b = :v", "NOT NOT NOT",
		"a IN ()", "size(size(a)) > :n", "attribute_exists(:v)", "status = :v", "a = :v AND AND",
		"a[99999999999999999999] = :v", "SET a[0] = :v REMOVE a", `SELECT FROM`, `INSERT INTO t VALUE {'a': }`,
		"\x00", "a = :v ,", "((((((((((a = :v))))))))))",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if len(expr) > 1<<12 {
			return
		}
		names := map[string]string{"#n": "m"}
		values := map[string]AttributeValue{
			":v": S("x"), ":w": S("y"), ":n": N("1"), ":t": S("S"),
			":l": {L: []AttributeValue{N("1")}}, ":s": {SS: []string{"a"}},
		}
		item := map[string]AttributeValue{
			"pk": S("x"), "sk": S("x"), "a": N("3"), "c": S("abc"), "s": {SS: []string{"a", "b"}},
			"l": {L: []AttributeValue{N("1"), S("x"), {M: map[string]AttributeValue{"c": N("1")}}}},
			"m": {M: map[string]AttributeValue{"b": {L: []AttributeValue{S("x")}}, "x": {M: map[string]AttributeValue{}}}},
		}
		for _, kind := range []string{"ConditionExpression", "FilterExpression"} {
			c := newExprContext(names, values)
			if n, err := parseExpr(kind, expr, c); err == nil {
				_, _ = c.eval(n, item)
				_, _ = c.eval(n, nil)
			}
		}
		c := newExprContext(names, values)
		if actions, err := parseUpdate(expr, c); err == nil {
			next := deepCopyItem(item)
			for _, a := range actions {
				if c.apply(a, item, next) != nil {
					break
				}
			}
		}
		if p, err := newProjection(&expr, nil, newExprContext(names, values)); err == nil {
			p.apply(item)
		}
		spec := keySpec{hash: "pk", hashType: "S", rng: "sk", rngType: "S"}
		_, _, _ = spec.keyCondition(&QueryInput{KeyConditionExpression: &expr}, newExprContext(names, values))
		_, _ = parsePartiQL(expr, []AttributeValue{S("x"), N("1")})
	})
}
