package dynamodb

import (
	"fmt"
	"sync"
	"testing"
)

// Writes, index queries, scans, transactions and stream reads running at
// once stay consistent (run with -race).
func TestConcurrentAccess(t *testing.T) {
	s := newTestService()
	_, err := s.CreateTable(ctx, &CreateTableInput{
		TableName: ptr("t"), BillingMode: ptr("PAY_PER_REQUEST"),
		KeySchema:            []KeySchemaElement{{AttributeName: ptr("pk"), KeyType: ptr("HASH")}},
		AttributeDefinitions: []AttributeDefinition{{AttributeName: ptr("pk"), AttributeType: ptr("S")}, {AttributeName: ptr("g"), AttributeType: ptr("S")}},
		GlobalSecondaryIndexes: []GlobalSecondaryIndex{{IndexName: ptr("gi"), Projection: &Projection{ProjectionType: ptr("ALL")},
			KeySchema: []KeySchemaElement{{AttributeName: ptr("g"), KeyType: ptr("HASH")}}}},
		StreamSpecification: &StreamSpecification{StreamEnabled: ptr(true), StreamViewType: ptr("NEW_AND_OLD_IMAGES")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				pk := S(fmt.Sprint(w, "-", i%20))
				switch i % 5 {
				case 0:
					s.DeleteItem(ctx, &DeleteItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": pk}})
				case 1:
					s.Query(ctx, &QueryInput{TableName: ptr("t"), IndexName: ptr("gi"), KeyConditionExpression: ptr("g = :g"),
						ExpressionAttributeValues: map[string]AttributeValue{":g": S("x")}})
				case 2:
					s.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: []TransactWriteItem{{Update: &Update{TableName: ptr("t"),
						Key: map[string]AttributeValue{"pk": pk}, UpdateExpression: ptr("SET g = :g"), ExpressionAttributeValues: map[string]AttributeValue{":g": S("x")}}}}})
				case 3:
					s.StreamRecords(ctx, s.Streams(ctx)[0].ARN, 0, 50)
					s.Scan(ctx, &ScanInput{TableName: ptr("t"), Limit: ptr(int32(5))})
				default:
					s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": pk, "g": S("x")}})
				}
			}
		}()
	}
	wg.Wait()
	sc, _ := s.Scan(ctx, &ScanInput{TableName: ptr("t")})
	q, _ := s.Query(ctx, &QueryInput{TableName: ptr("t"), IndexName: ptr("gi"), KeyConditionExpression: ptr("g = :g"),
		ExpressionAttributeValues: map[string]AttributeValue{":g": S("x")}})
	if *sc.Count != *q.Count {
		t.Fatalf("table holds %d items, index %d", *sc.Count, *q.Count)
	}
}
