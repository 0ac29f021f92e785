package dynamodb

import (
	"testing"
)

func TestPutGetDeleteItem(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "N")
	item := map[string]AttributeValue{"pk": S("a"), "sk": N("1"), "v": S("one")}
	mustPut(t, s, "t", item)
	// Numbers are keys by value: 1.0 and 10E-1 address the item stored as 1.
	for _, n := range []string{"1", "1.0", "10E-1"} {
		got, err := s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a"), "sk": N(n)}})
		if err != nil || got.Item == nil || *got.Item["v"].S != "one" {
			t.Fatalf("GetItem sk=%s: %+v %v", n, got, err)
		}
	}
	// PutItem ReturnValues ALL_OLD returns the replaced item.
	out, err := s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), ReturnValues: ptr("ALL_OLD"),
		Item: map[string]AttributeValue{"pk": S("a"), "sk": N("1"), "v": S("uno")}})
	if err != nil || *out.Attributes["v"].S != "one" {
		t.Fatalf("ALL_OLD %+v %v", out, err)
	}
	// A missing item: GetItem returns no Item and no error.
	miss, err := s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("b"), "sk": N("1")}})
	if err != nil || miss.Item != nil {
		t.Fatal(miss, err)
	}
	del, err := s.DeleteItem(ctx, &DeleteItemInput{TableName: ptr("t"), ReturnValues: ptr("ALL_OLD"), Key: map[string]AttributeValue{"pk": S("a"), "sk": N("1")}})
	if err != nil || *del.Attributes["v"].S != "uno" {
		t.Fatal(del, err)
	}
	d, _ := s.DescribeTable(ctx, &DescribeTableInput{TableName: ptr("t")})
	if *d.Table.ItemCount != 0 {
		t.Fatalf("ItemCount %d", *d.Table.ItemCount)
	}
	// Deleting a missing item succeeds without Attributes.
	del, err = s.DeleteItem(ctx, &DeleteItemInput{TableName: ptr("t"), ReturnValues: ptr("ALL_OLD"), Key: map[string]AttributeValue{"pk": S("a"), "sk": N("1")}})
	if err != nil || del.Attributes != nil {
		t.Fatal(del, err)
	}
}

func TestItemValidation(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "N")
	put := func(item map[string]AttributeValue) error {
		_, err := s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: item})
		return err
	}
	// Messages as DynamoDB returns them (PutItem errors, ValidationException).
	wantErr(t, put(map[string]AttributeValue{"sk": N("1")}), "ValidationException", "One or more parameter values were invalid: Missing the key pk in the item")
	wantErr(t, put(map[string]AttributeValue{"pk": N("1"), "sk": N("1")}), "ValidationException", "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
	wantErr(t, put(map[string]AttributeValue{"pk": S(""), "sk": N("1")}), "ValidationException", "The AttributeValue for a key attribute cannot contain an empty string value. Key: pk")
	wantErr(t, put(map[string]AttributeValue{"pk": S("a"), "sk": N("x")}), "ValidationException", "The parameter cannot be converted to a numeric value")
	wantErr(t, put(map[string]AttributeValue{"pk": S("a"), "sk": N("1"), "e": {}}), "ValidationException", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
	wantErr(t, put(map[string]AttributeValue{"pk": S("a"), "sk": N("1"), "ss": {SS: []string{}}}), "ValidationException", "An string set  may not be empty")
	wantErr(t, put(map[string]AttributeValue{"pk": S("a"), "sk": N("1"), "n": N("1234567890123456789012345678901234567890")}), "ValidationException", "Attempting to store more than 38 significant digits in a Number")
	_, err := s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")}})
	wantErr(t, err, "ValidationException", "The provided key element does not match the schema")
	_, err = s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a"), "sk": S("1")}})
	wantErr(t, err, "ValidationException", "The provided key element does not match the schema")
	_, err = s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), ReturnValues: ptr("ALL_NEW"), Item: map[string]AttributeValue{"pk": S("a"), "sk": N("1")}})
	wantErr(t, err, "ValidationException", "Return values set to invalid value")
	// Data-plane operations on a missing table: "Requested resource not found".
	_, err = s.GetItem(ctx, &GetItemInput{TableName: ptr("nope"), Key: map[string]AttributeValue{"pk": S("a")}})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
}

func TestConditionExpression(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	in := &PutItemInput{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": S("a"), "n": N("1")},
		ConditionExpression: ptr("attribute_not_exists(pk)")}
	if _, err := s.PutItem(ctx, in); err != nil {
		t.Fatal(err)
	}
	// The second create-only put fails: ConditionalCheckFailedException
	// "The conditional request failed".
	_, err := s.PutItem(ctx, in)
	wantErr(t, err, "ConditionalCheckFailedException", "The conditional request failed")
	_, err = s.DeleteItem(ctx, &DeleteItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")},
		ConditionExpression: ptr("#n > :min"), ExpressionAttributeNames: map[string]string{"#n": "n"},
		ExpressionAttributeValues: map[string]AttributeValue{":min": N("1.0")}})
	wantErr(t, err, "ConditionalCheckFailedException", "The conditional request failed")
	_, err = s.DeleteItem(ctx, &DeleteItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")},
		ConditionExpression: ptr("n = :v"), ExpressionAttributeValues: map[string]AttributeValue{":v": N("1"), ":unused": N("2")}})
	wantErr(t, err, "ValidationException", "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}")
	_, err = s.DeleteItem(ctx, &DeleteItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")},
		ConditionExpression: ptr("n = :missing")})
	wantErr(t, err, "ValidationException", "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing")
	_, err = s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": S("z")}, ExpressionAttributeValues: map[string]AttributeValue{":v": N("1")}})
	wantErr(t, err, "ValidationException", "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null")
	if _, err = s.DeleteItem(ctx, &DeleteItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")},
		ConditionExpression: ptr("n = :v AND NOT contains(pk, :x)"), ExpressionAttributeValues: map[string]AttributeValue{":v": N("1"), ":x": S("zz")}}); err != nil {
		t.Fatal(err)
	}
}

func TestGetItemProjection(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("a"), "x": S("1"), "y": S("2"), "m": {M: map[string]AttributeValue{"in": S("3"), "out": S("4")}}})
	got, err := s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")},
		ProjectionExpression: ptr("x, #m.#i"), ExpressionAttributeNames: map[string]string{"#m": "m", "#i": "in"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Item) != 2 || *got.Item["x"].S != "1" || len(got.Item["m"].M) != 1 || *got.Item["m"].M["in"].S != "3" {
		t.Fatalf("%+v", got.Item)
	}
}
