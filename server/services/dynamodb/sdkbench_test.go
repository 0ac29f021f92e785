package dynamodb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/setup-emulator/setup-emulator/server"
)

// BenchmarkSDK measures PutItem, GetItem and Query (partitions of 100
// items, Limit 25) through aws-sdk-go-v2 and HTTP, on tables of
// DYNAMODB_BENCH_ITEMS items (comma-separated, default 1000,10000). With
// DYNAMODB_BENCH_ENDPOINT set it runs against that endpoint instead of an
// in-process emulator, so the same client measures moto
// (moto_server -p 5000; DYNAMODB_BENCH_ENDPOINT=http://localhost:5000):
//
//	go test ./server/services/dynamodb -run '^$' -bench SDK -benchtime 2000x
func BenchmarkSDK(b *testing.B) {
	endpoint := os.Getenv("DYNAMODB_BENCH_ENDPOINT")
	if endpoint == "" {
		srv, err := server.New(server.Config{})
		if err != nil {
			b.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		b.Cleanup(ts.Close)
		endpoint = ts.URL
	}
	db := dynamodb.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")})
	sizes := []int{1000, 10000}
	if v := os.Getenv("DYNAMODB_BENCH_ITEMS"); v != "" {
		sizes = nil
		for _, f := range strings.Split(v, ",") {
			n, err := strconv.Atoi(f)
			if err != nil {
				b.Fatal(err)
			}
			sizes = append(sizes, n)
		}
	}
	ctx := context.Background()
	for _, size := range sizes {
		name := fmt.Sprintf("bench%d", size)
		db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: &name})
		if _, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: &name, BillingMode: types.BillingModePayPerRequest,
			KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}, {AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS},
				{AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeN}}}); err != nil {
			b.Fatal(err)
		}
		load(b, db, name, size)
		r := rand.New(rand.NewPCG(1, uint64(size)))
		b.Run(fmt.Sprintf("items=%d/PutItem", size), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &name, Item: sdkItem(r.IntN(size))}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("items=%d/GetItem", size), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				it := sdkItem(r.IntN(size))
				out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &name, Key: map[string]types.AttributeValue{"pk": it["pk"], "sk": it["sk"]}})
				if err != nil || out.Item == nil {
					b.Fatal(out, err)
				}
			}
		})
		b.Run(fmt.Sprintf("items=%d/Query", size), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				out, err := db.Query(ctx, &dynamodb.QueryInput{TableName: &name, KeyConditionExpression: aws.String("pk = :p AND sk >= :s"), Limit: aws.Int32(25),
					ExpressionAttributeValues: map[string]types.AttributeValue{":p": sdkItem(r.IntN(size))["pk"], ":s": &types.AttributeValueMemberN{Value: "10"}}})
				if err != nil || len(out.Items) != 25 {
					b.Fatal(out, err)
				}
			}
		})
	}
}

func sdkItem(i int) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: fmt.Sprintf("p%07d", i/100)}, "sk": &types.AttributeValueMemberN{Value: fmt.Sprint(i % 100)},
		"data": &types.AttributeValueMemberS{Value: "0123456789abcdef0123456789abcdef"}, "n": &types.AttributeValueMemberN{Value: fmt.Sprint(i)},
	}
}

// load writes items 0..size-1 with BatchWriteItem, four requests at a time.
func load(b *testing.B, db *dynamodb.Client, table string, size int) {
	b.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := w * 25; start < size; start += 100 {
				var reqs []types.WriteRequest
				for i := start; i < min(start+25, size); i++ {
					reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: sdkItem(i)}})
				}
				if _, err := db.BatchWriteItem(context.Background(), &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
}
