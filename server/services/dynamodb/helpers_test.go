package dynamodb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

var ctx = awsapi.WithRequest(context.Background(), &awsapi.Request{Account: "123456789012", Region: "us-west-2"})

var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newTestService() *Service {
	var mu sync.Mutex
	n := 0
	return New(awsapi.Env{
		Now: func() time.Time { return testNow },
		NewID: func() string {
			mu.Lock()
			defer mu.Unlock()
			n++
			return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		},
		Getenv: func(string) string { return "" },
	})
}

func S(s string) AttributeValue { return AttributeValue{S: &s} }
func N(s string) AttributeValue { return AttributeValue{N: &s} }
func B(b []byte) AttributeValue { return AttributeValue{B: b} }

// mustTable creates a PAY_PER_REQUEST table with key pk (and sk when skType
// is not empty).
func mustTable(t testing.TB, s *Service, name, pkType, skType string) {
	t.Helper()
	in := &CreateTableInput{
		TableName:            ptr(name),
		BillingMode:          ptr("PAY_PER_REQUEST"),
		KeySchema:            []KeySchemaElement{{AttributeName: ptr("pk"), KeyType: ptr("HASH")}},
		AttributeDefinitions: []AttributeDefinition{{AttributeName: ptr("pk"), AttributeType: ptr(pkType)}},
	}
	if skType != "" {
		in.KeySchema = append(in.KeySchema, KeySchemaElement{AttributeName: ptr("sk"), KeyType: ptr("RANGE")})
		in.AttributeDefinitions = append(in.AttributeDefinitions, AttributeDefinition{AttributeName: ptr("sk"), AttributeType: ptr(skType)})
	}
	if _, err := s.CreateTable(ctx, in); err != nil {
		t.Fatal(err)
	}
}

func mustPut(t *testing.T, s *Service, table string, item map[string]AttributeValue) {
	t.Helper()
	if _, err := s.PutItem(ctx, &PutItemInput{TableName: ptr(table), Item: item}); err != nil {
		t.Fatal(err)
	}
}

// wantErr asserts err is an AWS error with the code and a message
// containing msg.
func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	var api awsapi.APIError
	if !errors.As(err, &api) {
		t.Fatalf("error %v is not an APIError (want %s)", err, code)
	}
	if api.ErrorCode() != code || !strings.Contains(api.ErrorMessage(), msg) {
		t.Fatalf("got %s %q, want %s %q", api.ErrorCode(), api.ErrorMessage(), code, msg)
	}
}
