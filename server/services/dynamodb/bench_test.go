package dynamodb

import (
	"fmt"
	"math/rand/v2"
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
