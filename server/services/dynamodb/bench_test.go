package dynamodb

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
)

// BenchmarkPutRandomSortKeys measures PutItem into one partition with sort
// keys in random order (the worst case for the sorted partition).
func BenchmarkPutRandomSortKeys(b *testing.B) {
	s := newTestService()
	mustTable(b, s, "t", "S", "N")
	r := rand.New(rand.NewPCG(1, 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": S("p"), "sk": N(fmt.Sprint(r.Int64()))}})
	}
}

// benchItem is item i of a benchmark table: partitions of 100 items.
func benchItem(i int) map[string]AttributeValue {
	return map[string]AttributeValue{
		"pk": S(fmt.Sprintf("p%07d", i/100)), "sk": N(fmt.Sprint(i % 100)),
		"data": S("0123456789abcdef0123456789abcdef"), "n": N(fmt.Sprint(i)),
	}
}

// BenchmarkScale measures PutItem, GetItem and Query (one partition of 100
// items, Limit 25) on tables of 10 000, 100 000 and 1 000 000 items: Query
// and GetItem cost O(log n), so their latency stays flat as the table
// grows. Inputs are built before the timer starts. Run:
// go test ./server/services/dynamodb -run '^$' -bench Scale -benchmem
func BenchmarkScale(b *testing.B) {
	for _, size := range []int{10_000, 100_000, 1_000_000} {
		s := newTestService()
		mustTable(b, s, "t", "S", "N")
		for i := 0; i < size; i++ {
			if _, err := s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: benchItem(i)}); err != nil {
				b.Fatal(err)
			}
		}
		r := rand.New(rand.NewPCG(1, uint64(size)))
		const n = 4096
		items := make([]map[string]AttributeValue, n)
		gets := make([]*GetItemInput, n)
		queries := make([]*QueryInput, n)
		for i := range n {
			items[i] = benchItem(r.IntN(size))
			gets[i] = &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": items[i]["pk"], "sk": items[i]["sk"]}}
			queries[i] = &QueryInput{TableName: ptr("t"), KeyConditionExpression: ptr("pk = :p AND sk >= :s"), Limit: ptr(int32(25)),
				ExpressionAttributeValues: map[string]AttributeValue{":p": items[i]["pk"], ":s": N("10")}}
		}
		runtime.GC()
		b.Run(fmt.Sprintf("items=%d/GetItem", size), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if out, err := s.GetItem(ctx, gets[i%n]); err != nil || out.Item == nil {
					b.Fatal(out, err)
				}
			}
		})
		b.Run(fmt.Sprintf("items=%d/Query", size), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if out, err := s.Query(ctx, queries[i%n]); err != nil || len(out.Items) != 25 {
					b.Fatal(out, err)
				}
			}
		})
		b.Run(fmt.Sprintf("items=%d/PutItem", size), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: items[i%n]}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
