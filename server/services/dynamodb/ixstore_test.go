package dynamodb

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// The maintained index agrees with a brute-force reading of the table
// after random puts, updates and deletes: same items, in index sort key
// order then table key (Developer Guide, "Querying a GSI": ordered by the
// index sort key), forward and backward, page by page.
func TestIndexMaintained(t *testing.T) {
	s := newTestService()
	_, err := s.CreateTable(ctx, &CreateTableInput{
		TableName: ptr("t"), BillingMode: ptr("PAY_PER_REQUEST"),
		KeySchema: []KeySchemaElement{{AttributeName: ptr("pk"), KeyType: ptr("HASH")}, {AttributeName: ptr("sk"), KeyType: ptr("RANGE")}},
		AttributeDefinitions: []AttributeDefinition{{AttributeName: ptr("pk"), AttributeType: ptr("S")}, {AttributeName: ptr("sk"), AttributeType: ptr("N")},
			{AttributeName: ptr("g"), AttributeType: ptr("S")}, {AttributeName: ptr("r"), AttributeType: ptr("N")}},
		GlobalSecondaryIndexes: []GlobalSecondaryIndex{{IndexName: ptr("gi"), Projection: &Projection{ProjectionType: ptr("ALL")},
			KeySchema: []KeySchemaElement{{AttributeName: ptr("g"), KeyType: ptr("HASH")}, {AttributeName: ptr("r"), KeyType: ptr("RANGE")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	query := func(forward bool) []string {
		var got []string
		in := &QueryInput{TableName: ptr("t"), IndexName: ptr("gi"), KeyConditionExpression: ptr("g = :g AND r >= :r"),
			ExpressionAttributeValues: map[string]AttributeValue{":g": S("a"), ":r": N("3")}, Limit: ptr(int32(3)), ScanIndexForward: ptr(forward)}
		for {
			out, err := s.Query(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range out.Items {
				got = append(got, fmt.Sprintf("%s/%s/%s", *it["r"].N, *it["pk"].S, *it["sk"].N))
			}
			if out.LastEvaluatedKey == nil {
				return got
			}
			in.ExclusiveStartKey = out.LastEvaluatedKey
		}
	}
	for round := 0; round < 30; round++ {
		for range 20 {
			pk, sk := S(fmt.Sprint("p", rng.IntN(4))), N(fmt.Sprint(rng.IntN(6)))
			switch rng.IntN(4) {
			case 0:
				s.DeleteItem(ctx, &DeleteItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": pk, "sk": sk}})
			case 1:
				mustPut(t, s, "t", map[string]AttributeValue{"pk": pk, "sk": sk}) // not in the sparse index
			default:
				mustPut(t, s, "t", map[string]AttributeValue{"pk": pk, "sk": sk, "g": S([]string{"a", "b"}[rng.IntN(2)]), "r": N(fmt.Sprint(rng.IntN(8)))})
			}
		}
		sc, _ := s.Scan(ctx, &ScanInput{TableName: ptr("t")})
		var want []string
		type row struct {
			r, sk int
			pk    string
		}
		var rows []row
		for _, it := range sc.Items {
			if it["g"].S != nil && *it["g"].S == "a" {
				var r, sk int
				fmt.Sscan(*it["r"].N, &r)
				fmt.Sscan(*it["sk"].N, &sk)
				if r >= 3 {
					rows = append(rows, row{r, sk, *it["pk"].S})
				}
			}
		}
		sort.Slice(rows, func(i, j int) bool {
			a, b := rows[i], rows[j]
			if a.r != b.r {
				return a.r < b.r
			}
			if a.pk != b.pk {
				return S(a.pk).S != nil && keyValue{typ: "S", raw: a.pk}.id() < keyValue{typ: "S", raw: b.pk}.id()
			}
			return a.sk < b.sk
		})
		for _, r := range rows {
			want = append(want, fmt.Sprintf("%d/%s/%d", r.r, r.pk, r.sk))
		}
		if got := query(true); !slices.Equal(got, want) {
			t.Fatalf("round %d forward:\n got %v\nwant %v", round, got, want)
		}
		slices.Reverse(want)
		if got := query(false); !slices.Equal(got, want) {
			t.Fatalf("round %d backward:\n got %v\nwant %v", round, got, want)
		}
	}
}
