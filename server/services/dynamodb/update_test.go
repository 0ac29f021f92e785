package dynamodb

import (
	"testing"
)

func TestUpdateItem(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	key := map[string]AttributeValue{"pk": S("a")}
	upd := func(expr string, vals map[string]AttributeValue, rv string) (*UpdateItemOutput, error) {
		in := &UpdateItemInput{TableName: ptr("t"), Key: key, UpdateExpression: ptr(expr), ExpressionAttributeValues: vals}
		if rv != "" {
			in.ReturnValues = ptr(rv)
		}
		return s.UpdateItem(ctx, in)
	}
	// Upsert: a missing item is created from the key and the SET values.
	out, err := upd("SET n = :one, tags = :t, l = :l, m = :m", map[string]AttributeValue{
		":one": N("1"), ":t": {SS: []string{"x"}}, ":l": {L: []AttributeValue{S("a")}}, ":m": {M: map[string]AttributeValue{"k": S("v")}},
	}, "ALL_NEW")
	if err != nil || *out.Attributes["n"].N != "1" || *out.Attributes["pk"].S != "a" {
		t.Fatal(out, err)
	}
	// Counters: exact decimal arithmetic (0.1 + 0.2 = 0.3, not 0.30000000000000004).
	out, err = upd("SET n = n + :d, c = if_not_exists(c, :zero) + :d", map[string]AttributeValue{":d": N("0.2"), ":zero": N("0.1")}, "UPDATED_NEW")
	if err != nil || *out.Attributes["n"].N != "1.2" || *out.Attributes["c"].N != "0.3" || len(out.Attributes) != 2 {
		t.Fatal(out, err)
	}
	// One action per document path: "ADD tags :t DELETE tags :x" overlaps.
	_, err = upd("ADD tags :t DELETE tags :x", map[string]AttributeValue{":t": {SS: []string{"y"}}, ":x": {SS: []string{"x"}}}, "NONE")
	wantErr(t, err, "ValidationException", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [tags], path two: [tags]")
	out, err = upd("ADD n :d, tags :t SET l = list_append(l, :l), m.k2 = :v REMOVE c", map[string]AttributeValue{
		":d": N("-2.2"), ":t": {SS: []string{"y"}}, ":l": {L: []AttributeValue{S("b")}}, ":v": S("w"),
	}, "ALL_NEW")
	if err == nil {
		out, err = upd("DELETE tags :x", map[string]AttributeValue{":x": {SS: []string{"x"}}}, "ALL_NEW")
	}
	if err != nil {
		t.Fatal(err)
	}
	a := out.Attributes
	if *a["n"].N != "-1" || len(a["tags"].SS) != 1 || a["tags"].SS[0] != "y" || len(a["l"].L) != 2 || *a["m"].M["k2"].S != "w" {
		t.Fatalf("%+v", a)
	}
	if _, ok := a["c"]; ok {
		t.Fatal("c not removed")
	}
	_, err = upd("SET pk = :v", map[string]AttributeValue{":v": S("b")}, "")
	wantErr(t, err, "ValidationException", "Cannot update attribute pk. This attribute is part of the key")
	_, err = upd("SET n = :v SET m = :v", map[string]AttributeValue{":v": S("b")}, "")
	wantErr(t, err, "ValidationException", `The "SET" section can only be used once in an update expression`)
	_, err = upd("ADD l :v", map[string]AttributeValue{":v": N("1")}, "")
	wantErr(t, err, "ValidationException", "An operand in the update expression has an incorrect data type")
	_, err = s.UpdateItem(ctx, &UpdateItemInput{TableName: ptr("t"), Key: key, UpdateExpression: ptr("SET n = :v"),
		ConditionExpression: ptr("attribute_not_exists(pk)"), ExpressionAttributeValues: map[string]AttributeValue{":v": N("5")}})
	wantErr(t, err, "ConditionalCheckFailedException", "The conditional request failed")
}

func TestAddNumbersExact(t *testing.T) {
	cases := [][4]string{
		{"0.1", "0.2", "", "0.3"},
		{"1e2", "1", "", "101"},
		{"5", "5", "-", "0"},
		{"99999999999999999999999999999999999998", "1", "", "99999999999999999999999999999999999999"},
		{"-1.50", "0.5", "", "-1"},
	}
	for _, c := range cases {
		got, err := addNumbers(c[0], c[1], c[2] == "-")
		if err != nil || got != c[3] {
			t.Errorf("%s %s %s = %s (%v), want %s", c[0], c[2], c[1], got, err, c[3])
		}
	}
}

// Parenthesised arithmetic and pre-update reads (Developer Guide, "Update
// expressions": every operand reads the item as it was before the update).
func TestUpdateParenthesesAndPreUpdateReads(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("a"), "a": N("10"), "b": N("1")})
	out, err := s.UpdateItem(ctx, &UpdateItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")},
		UpdateExpression: ptr("SET a = (a + :one) - b, b = a"), ExpressionAttributeValues: map[string]AttributeValue{":one": N("1")}, ReturnValues: ptr("ALL_NEW")})
	if err != nil || *out.Attributes["a"].N != "10" || *out.Attributes["b"].N != "10" {
		t.Fatalf("%+v %v", out, err)
	}
}

// An update that only removes attributes does not create a missing item;
// an update with no action creates it with its key.
func TestUpdateMissingItem(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	key := map[string]AttributeValue{"pk": S("a")}
	if _, err := s.UpdateItem(ctx, &UpdateItemInput{TableName: ptr("t"), Key: key, UpdateExpression: ptr("REMOVE x")}); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: key}); g.Item != nil {
		t.Fatalf("REMOVE created %+v", g.Item)
	}
	if _, err := s.UpdateItem(ctx, &UpdateItemInput{TableName: ptr("t"), Key: key}); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: key}); g.Item == nil {
		t.Fatal("an empty update did not create the item")
	}
}
