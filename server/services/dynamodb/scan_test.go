package dynamodb

import (
	"fmt"
	"testing"
)

func TestScanPaginationAndSegments(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "N")
	for p := 0; p < 5; p++ {
		for k := 0; k < 3; k++ {
			mustPut(t, s, "t", map[string]AttributeValue{"pk": S(fmt.Sprint("p", p)), "sk": N(fmt.Sprint(k)), "odd": {BOOL: ptr(k%2 == 1)}})
		}
	}
	seen := map[string]bool{}
	in := &ScanInput{TableName: ptr("t"), Limit: ptr(int32(4))}
	for {
		out, err := s.Scan(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range out.Items {
			id := *it["pk"].S + "/" + *it["sk"].N
			if seen[id] {
				t.Fatalf("%s twice", id)
			}
			seen[id] = true
		}
		if out.LastEvaluatedKey == nil {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	if len(seen) != 15 {
		t.Fatalf("saw %d items", len(seen))
	}
	// Parallel scan: the segments partition the table.
	total := 0
	for seg := int32(0); seg < 3; seg++ {
		out, err := s.Scan(ctx, &ScanInput{TableName: ptr("t"), Segment: ptr(seg), TotalSegments: ptr(int32(3)), Select: ptr("COUNT")})
		if err != nil {
			t.Fatal(err)
		}
		total += int(*out.Count)
	}
	if total != 15 {
		t.Fatalf("segments covered %d items", total)
	}
	out, _ := s.Scan(ctx, &ScanInput{TableName: ptr("t"), FilterExpression: ptr("odd = :t"), ExpressionAttributeValues: map[string]AttributeValue{":t": {BOOL: ptr(true)}}})
	if *out.Count != 5 || *out.ScannedCount != 15 {
		t.Fatalf("filter counts %d %d", *out.Count, *out.ScannedCount)
	}
}

func TestBatchWriteAndGet(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	_, err := s.BatchWriteItem(ctx, &BatchWriteItemInput{RequestItems: map[string][]WriteRequest{"t": {
		{PutRequest: &PutRequest{Item: map[string]AttributeValue{"pk": S("a"), "v": N("1")}}},
		{PutRequest: &PutRequest{Item: map[string]AttributeValue{"pk": S("b"), "v": N("2")}}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BatchWriteItem(ctx, &BatchWriteItemInput{RequestItems: map[string][]WriteRequest{"t": {
		{DeleteRequest: &DeleteRequest{Key: map[string]AttributeValue{"pk": S("b")}}},
	}}}); err != nil {
		t.Fatal(err)
	}
	out, err := s.BatchGetItem(ctx, &BatchGetItemInput{RequestItems: map[string]KeysAndAttributes{"t": {Keys: []map[string]AttributeValue{{"pk": S("a")}, {"pk": S("b")}}}}})
	if err != nil || len(out.Responses["t"]) != 1 || *out.Responses["t"][0]["v"].N != "1" {
		t.Fatal(out, err)
	}
	_, err = s.BatchGetItem(ctx, &BatchGetItemInput{RequestItems: map[string]KeysAndAttributes{"t": {Keys: []map[string]AttributeValue{{"pk": S("a")}, {"pk": S("a")}}}}})
	wantErr(t, err, "ValidationException", "Provided list of item keys contains duplicates")
	_, err = s.BatchWriteItem(ctx, &BatchWriteItemInput{RequestItems: map[string][]WriteRequest{"nope": {
		{DeleteRequest: &DeleteRequest{Key: map[string]AttributeValue{"pk": S("b")}}}}}})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
}
