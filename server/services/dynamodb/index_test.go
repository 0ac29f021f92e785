package dynamodb

import (
	"fmt"
	"testing"
)

func TestQueryGlobalSecondaryIndex(t *testing.T) {
	s := newTestService()
	_, err := s.CreateTable(ctx, &CreateTableInput{
		TableName: ptr("orders"), BillingMode: ptr("PAY_PER_REQUEST"),
		KeySchema: []KeySchemaElement{{AttributeName: ptr("pk"), KeyType: ptr("HASH")}},
		AttributeDefinitions: []AttributeDefinition{
			{AttributeName: ptr("pk"), AttributeType: ptr("S")},
			{AttributeName: ptr("customer"), AttributeType: ptr("S")},
			{AttributeName: ptr("total"), AttributeType: ptr("N")},
		},
		GlobalSecondaryIndexes: []GlobalSecondaryIndex{{
			IndexName:  ptr("byCustomer"),
			KeySchema:  []KeySchemaElement{{AttributeName: ptr("customer"), KeyType: ptr("HASH")}, {AttributeName: ptr("total"), KeyType: ptr("RANGE")}},
			Projection: &Projection{ProjectionType: ptr("KEYS_ONLY")},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, total := range []string{"30", "5", "12.5", "7"} {
		mustPut(t, s, "orders", map[string]AttributeValue{"pk": S(fmt.Sprint("o", i)), "customer": S("c1"), "total": N(total), "note": S("x")})
	}
	mustPut(t, s, "orders", map[string]AttributeValue{"pk": S("o9"), "customer": S("c2"), "total": N("1")})
	mustPut(t, s, "orders", map[string]AttributeValue{"pk": S("sparse"), "note": S("no index keys")})
	in := &QueryInput{TableName: ptr("orders"), IndexName: ptr("byCustomer"), KeyConditionExpression: ptr("customer = :c AND #t > :min"),
		ExpressionAttributeNames:  map[string]string{"#t": "total"},
		ExpressionAttributeValues: map[string]AttributeValue{":c": S("c1"), ":min": N("6")}, Limit: ptr(int32(2))}
	var totals []string
	for {
		out, err := s.Query(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range out.Items {
			totals = append(totals, *it["total"].N)
			// KEYS_ONLY projects the table and index keys only.
			if _, ok := it["note"]; ok || len(it) != 3 {
				t.Fatalf("projection %v", it)
			}
		}
		if out.LastEvaluatedKey == nil {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	if fmt.Sprint(totals) != "[7 12.5 30]" {
		t.Fatalf("totals %v", totals)
	}
	_, err = s.Query(ctx, &QueryInput{TableName: ptr("orders"), IndexName: ptr("nope"), KeyConditionExpression: ptr("pk = :p"),
		ExpressionAttributeValues: map[string]AttributeValue{":p": S("x")}})
	wantErr(t, err, "ValidationException", "The table does not have the specified index: nope")
	_, err = s.PutItem(ctx, &PutItemInput{TableName: ptr("orders"), Item: map[string]AttributeValue{"pk": S("bad"), "customer": S("c1"), "total": S("12")}})
	wantErr(t, err, "ValidationException", "Type mismatch for Index Key total Expected: N Actual: S IndexName: byCustomer")
}
