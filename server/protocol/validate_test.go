package protocol_test

import (
	"strings"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/model"
	"github.com/setup-emulator/setup-emulator/server/protocol"
)

// Violations read as AWS's: "Value null at 'tableName' failed to satisfy
// constraint: Member must not be null"; enum, length and range constraints
// name the bound; list values print as JSON, not Go syntax.
func TestValidate(t *testing.T) {
	reg := model.NewRegistry()
	ddb, err := reg.Service("dynamodb")
	if err != nil {
		t.Fatal(err)
	}
	// CreateTable: TableName is required, BillingMode an enum; Query: Limit
	// has min 1 (botocore's DynamoDB model).
	errs := protocol.Validate(ddb.Operations["CreateTable"].Input.Shape, map[string]any{"BillingMode": "FREE"})
	errs = append(errs, protocol.Validate(ddb.Operations["Query"].Input.Shape, map[string]any{"TableName": "t", "Limit": int64(0)})...)
	got := protocol.ValidationMessage(errs)
	for _, want := range []string{
		"3 validation errors detected: ",
		"Value null at 'tableName' failed to satisfy constraint: Member must not be null",
		"Value 'FREE' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
		"Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("message lacks %q:\n%s", want, got)
		}
	}
	batch := ddb.Operations["BatchGetItem"].Input.Shape
	keys := make([]any, 101)
	for i := range keys {
		keys[i] = map[string]any{"pk": map[string]any{"S": "k"}}
	}
	errs = protocol.Validate(batch, map[string]any{"RequestItems": map[string]any{"t": map[string]any{"Keys": keys}}})
	if len(errs) != 1 || !strings.Contains(errs[0], `Value '[{"pk":{"S":"k"}}`) || !strings.Contains(errs[0], "Member must have length less than or equal to 100") {
		t.Errorf("list value: %v", errs)
	}
}
