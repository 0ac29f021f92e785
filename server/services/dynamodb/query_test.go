package dynamodb

import (
	"fmt"
	"strings"
	"testing"
)

func queryKeys(t *testing.T, out *QueryOutput) string {
	t.Helper()
	var s []string
	for _, it := range out.Items {
		v := it["sk"]
		if v.N != nil {
			s = append(s, *v.N)
		} else {
			s = append(s, *v.S)
		}
	}
	return fmt.Sprint(s)
}

func TestQueryNumericSortKey(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "N")
	// Numbers sort by value, not as strings or float64: 1e-5 < 0.5 < 2 < 10 <
	// 99999999999999999999999999999999999998 < 99999999999999999999999999999999999999.
	for _, n := range []string{"10", "2", "-3", "0.5", "1e-5", "99999999999999999999999999999999999999", "99999999999999999999999999999999999998"} {
		mustPut(t, s, "t", map[string]AttributeValue{"pk": S("p"), "sk": N(n)})
	}
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("other"), "sk": N("1")})
	q := func(cond string, vals map[string]AttributeValue) *QueryOutput {
		t.Helper()
		vals[":p"] = S("p")
		out, err := s.Query(ctx, &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr(cond), ExpressionAttributeValues: vals})
		if err != nil {
			t.Fatal(cond, err)
		}
		return out
	}
	if got := queryKeys(t, q("pk = :p", map[string]AttributeValue{})); got != "[-3 1e-5 0.5 2 10 99999999999999999999999999999999999998 99999999999999999999999999999999999999]" {
		t.Fatalf("order %s", got)
	}
	cases := map[string]string{
		"pk = :p AND sk = :a":                   "[2]",
		"pk = :p AND sk < :a":                   "[-3 1e-5 0.5]",
		"pk = :p AND sk <= :a":                  "[-3 1e-5 0.5 2]",
		"pk = :p AND sk > :a":                   "[10 99999999999999999999999999999999999998 99999999999999999999999999999999999999]",
		"pk = :p AND sk >= :a":                  "[2 10 99999999999999999999999999999999999998 99999999999999999999999999999999999999]",
		"pk = :p AND sk BETWEEN :lo AND :a":     "[0.5 2]",
		"(pk = :p) AND (sk BETWEEN :lo AND :a)": "[0.5 2]",
	}
	for cond, want := range cases {
		vals := map[string]AttributeValue{":a": N("2.0")}
		if strings.Contains(cond, ":lo") {
			vals[":lo"] = N("0.1")
		}
		out := q(cond, vals)
		if got := queryKeys(t, out); got != want {
			t.Errorf("%s: got %s want %s", cond, got, want)
		}
		if *out.Count != int32(len(out.Items)) || *out.ScannedCount != *out.Count {
			t.Errorf("%s: counts %d %d", cond, *out.Count, *out.ScannedCount)
		}
	}
}

func contains(s, sub string) bool {
	return len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub))
}

func TestQueryStringSortKey(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "S")
	// Strings sort by UTF-8 bytes: "B" < "a" < "ab" < "b" < "é".
	for _, k := range []string{"b", "a", "ab", "é", "B", "abc"} {
		mustPut(t, s, "t", map[string]AttributeValue{"pk": S("p"), "sk": S(k)})
	}
	out, err := s.Query(ctx, &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr("#k = :p and begins_with(sk, :pre)"),
		ExpressionAttributeNames:  map[string]string{"#k": "pk"},
		ExpressionAttributeValues: map[string]AttributeValue{":p": S("p"), ":pre": S("ab")}})
	if err != nil || queryKeys(t, out) != "[ab abc]" {
		t.Fatal(queryKeys(t, out), err)
	}
	out, _ = s.Query(ctx, &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr("pk = :p"), ScanIndexForward: ptr(false),
		ExpressionAttributeValues: map[string]AttributeValue{":p": S("p")}})
	if got := queryKeys(t, out); got != "[é b abc ab a B]" {
		t.Fatalf("reverse %s", got)
	}
}

func TestQueryPagination(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "N")
	for i := 0; i < 7; i++ {
		mustPut(t, s, "t", map[string]AttributeValue{"pk": S("p"), "sk": N(fmt.Sprint(i))})
	}
	for _, forward := range []bool{true, false} {
		var all []string
		in := &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr("pk = :p"), Limit: ptr(int32(3)), ScanIndexForward: ptr(forward),
			ExpressionAttributeValues: map[string]AttributeValue{":p": S("p")}}
		pages := 0
		for {
			out, err := s.Query(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, it := range out.Items {
				all = append(all, *it["sk"].N)
			}
			if out.LastEvaluatedKey == nil {
				break
			}
			in.ExclusiveStartKey = out.LastEvaluatedKey
		}
		want := "[0 1 2 3 4 5 6]"
		if !forward {
			want = "[6 5 4 3 2 1 0]"
		}
		if fmt.Sprint(all) != want || pages != 3 {
			t.Fatalf("forward=%v: %v in %d pages", forward, all, pages)
		}
	}
	// A page that ends exactly at Limit still carries LastEvaluatedKey.
	out, _ := s.Query(ctx, &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr("pk = :p"), Limit: ptr(int32(7)),
		ExpressionAttributeValues: map[string]AttributeValue{":p": S("p")}})
	if out.LastEvaluatedKey == nil || *out.LastEvaluatedKey["sk"].N != "6" {
		t.Fatalf("LastEvaluatedKey %v", out.LastEvaluatedKey)
	}
}

func TestQueryFilterAndSelect(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "N")
	for i := 0; i < 5; i++ {
		mustPut(t, s, "t", map[string]AttributeValue{"pk": S("p"), "sk": N(fmt.Sprint(i)), "even": {BOOL: ptr(i%2 == 0)}})
	}
	out, err := s.Query(ctx, &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr("pk = :p"), FilterExpression: ptr("even = :t"),
		ExpressionAttributeValues: map[string]AttributeValue{":p": S("p"), ":t": {BOOL: ptr(true)}}})
	if err != nil || *out.Count != 3 || *out.ScannedCount != 5 {
		t.Fatal(out, err)
	}
	out, _ = s.Query(ctx, &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr("pk = :p"), Select: ptr("COUNT"),
		ExpressionAttributeValues: map[string]AttributeValue{":p": S("p")}})
	if *out.Count != 5 || out.Items != nil {
		t.Fatal(out)
	}
}

func TestQueryValidation(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "N")
	q := func(cond string, vals map[string]AttributeValue) error {
		_, err := s.Query(ctx, &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr(cond), ExpressionAttributeValues: vals})
		return err
	}
	wantErr(t, q("sk = :v", map[string]AttributeValue{":v": N("1")}), "ValidationException", "Query condition missed key schema element: pk")
	wantErr(t, q("pk < :v", map[string]AttributeValue{":v": S("1")}), "ValidationException", "Query key condition not supported")
	wantErr(t, q("pk = :v OR pk = :w", map[string]AttributeValue{":v": S("1"), ":w": S("2")}), "ValidationException", "Invalid operator used in KeyConditionExpression: OR")
	wantErr(t, q("pk = :v AND sk = :w", map[string]AttributeValue{":v": S("1"), ":w": S("2")}), "ValidationException", "Condition parameter type does not match schema type")
	wantErr(t, q("pk = :v AND begins_with(sk, :w)", map[string]AttributeValue{":v": S("1"), ":w": N("2")}), "ValidationException", "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
	wantErr(t, q("pk = :v", map[string]AttributeValue{":w": S("1")}), "ValidationException", "An expression attribute value used in expression is not defined; attribute value: :v")
	// An empty map is refused before the expression is read.
	wantErr(t, q("pk = :v", map[string]AttributeValue{}), "ValidationException", "ExpressionAttributeValues must not be empty")
	wantErr(t, q("pk = :v AND", map[string]AttributeValue{":v": S("1")}), "ValidationException", "Invalid KeyConditionExpression: Syntax error")
	// API Reference, Query "FilterExpression": key attributes are not allowed.
	_, err := s.Query(ctx, &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr("pk = :v"), FilterExpression: ptr("sk > :n"),
		ExpressionAttributeValues: map[string]AttributeValue{":v": S("1"), ":n": N("1")}})
	wantErr(t, err, "ValidationException", "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk")
}
