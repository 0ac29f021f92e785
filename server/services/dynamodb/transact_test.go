package dynamodb

import (
	"testing"
)

func TestTransactWriteItems(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "accounts", "S", "")
	mustPut(t, s, "accounts", map[string]AttributeValue{"pk": S("a"), "balance": N("10")})
	mustPut(t, s, "accounts", map[string]AttributeValue{"pk": S("b"), "balance": N("0")})
	transfer := func(amount string) error {
		vals := map[string]AttributeValue{":amt": N(amount)}
		_, err := s.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: []TransactWriteItem{
			{Update: &Update{TableName: ptr("accounts"), Key: map[string]AttributeValue{"pk": S("a")},
				UpdateExpression: ptr("SET balance = balance - :amt"), ConditionExpression: ptr("balance >= :amt"), ExpressionAttributeValues: vals}},
			{Update: &Update{TableName: ptr("accounts"), Key: map[string]AttributeValue{"pk": S("b")},
				UpdateExpression: ptr("SET balance = balance + :amt"), ExpressionAttributeValues: vals}},
		}})
		return err
	}
	if err := transfer("7"); err != nil {
		t.Fatal(err)
	}
	// TransactWriteItems reference: a failed condition cancels everything
	// with one CancellationReason per action.
	err := transfer("7")
	wantErr(t, err, "TransactionCanceledException", "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]")
	if r := err.(*TransactionCanceledException).CancellationReasons; len(r) != 2 || *r[0].Code != "ConditionalCheckFailed" || *r[1].Code != "None" {
		t.Fatalf("reasons %+v", r)
	}
	got, _ := s.TransactGetItems(ctx, &TransactGetItemsInput{TransactItems: []TransactGetItem{
		{Get: &Get{TableName: ptr("accounts"), Key: map[string]AttributeValue{"pk": S("a")}}},
		{Get: &Get{TableName: ptr("accounts"), Key: map[string]AttributeValue{"pk": S("b")}}},
		{Get: &Get{TableName: ptr("accounts"), Key: map[string]AttributeValue{"pk": S("zz")}}},
	}})
	if *got.Responses[0].Item["balance"].N != "3" || *got.Responses[1].Item["balance"].N != "7" || got.Responses[2].Item != nil {
		t.Fatalf("%+v", got.Responses)
	}
	_, err = s.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: []TransactWriteItem{
		{Delete: &Delete{TableName: ptr("accounts"), Key: map[string]AttributeValue{"pk": S("a")}}},
		{ConditionCheck: &ConditionCheck{TableName: ptr("accounts"), Key: map[string]AttributeValue{"pk": S("a")}, ConditionExpression: ptr("attribute_exists(pk)")}},
	}})
	wantErr(t, err, "ValidationException", "Transaction request cannot include multiple operations on one item")
}
