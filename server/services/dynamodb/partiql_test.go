package dynamodb

import "testing"

// PartiQL statements as the Developer Guide's "PartiQL select/insert/
// update/delete statements for DynamoDB" pages write them.
func TestPartiQL(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "music", "S", "S")
	exec := func(stmt string, params ...AttributeValue) (*ExecuteStatementOutput, error) {
		return s.ExecuteStatement(ctx, &ExecuteStatementInput{Statement: ptr(stmt), Parameters: params})
	}
	if _, err := exec(`INSERT INTO "music" VALUE {'pk': 'Acme', 'sk': 'Happy Day', 'year': 2020, 'tags': <<'a', 'b'>>, 'info': {'n': [1, 'x', true, null]}}`); err != nil {
		t.Fatal(err)
	}
	if _, err := exec(`INSERT INTO music VALUE {'pk': ?, 'sk': ?, 'year': ?}`, S("Acme"), S("Sad Day"), N("2021")); err != nil {
		t.Fatal(err)
	}
	// "Duplicate primary key exists in table" (ExecuteStatement errors: DuplicateItemException).
	_, err := exec(`INSERT INTO "music" VALUE {'pk': 'Acme', 'sk': 'Happy Day'}`)
	wantErr(t, err, "DuplicateItemException", "Duplicate primary key exists in table")

	out, err := exec(`SELECT * FROM "music" WHERE pk = ? AND "year" >= 2021`, S("Acme"))
	if err != nil || len(out.Items) != 1 || *out.Items[0]["sk"].S != "Sad Day" {
		t.Fatalf("%+v %v", out, err)
	}
	out, err = exec(`SELECT sk, info.n[1] FROM music WHERE pk = 'Acme' AND sk IN ['Happy Day', 'Nope']`)
	if err != nil || len(out.Items) != 1 || len(out.Items[0]) != 2 || *out.Items[0]["info"].M["n"].L[0].S != "x" {
		t.Fatalf("%+v %v", out, err)
	}
	out, err = exec(`SELECT * FROM music WHERE tags IS NOT MISSING AND begins_with(sk, 'Hap')`)
	if err != nil || len(out.Items) != 1 {
		t.Fatalf("%+v %v", out, err)
	}
	if _, err = exec(`UPDATE music SET "year" = "year" + 1 SET extra = ? REMOVE tags WHERE pk = 'Acme' AND sk = 'Happy Day'`, S("e")); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetItem(ctx, &GetItemInput{TableName: ptr("music"), Key: map[string]AttributeValue{"pk": S("Acme"), "sk": S("Happy Day")}})
	if *got.Item["year"].N != "2021" || *got.Item["extra"].S != "e" || got.Item["tags"].SS != nil {
		t.Fatalf("%+v", got.Item)
	}
	// UPDATE of a missing item fails its condition.
	_, err = exec(`UPDATE music SET a = 1 WHERE pk = 'Acme' AND sk = 'none'`)
	wantErr(t, err, "ConditionalCheckFailedException", "The conditional request failed")
	_, err = exec(`DELETE FROM music WHERE pk = 'Acme'`)
	wantErr(t, err, "ValidationException", "Where clause does not contain a mandatory equality on all key attributes")
	_, err = exec(`SELECT * FROM music WHERE pk = ?`)
	wantErr(t, err, "ValidationException", "Number of parameters in request and statement don't match.")
	// DELETE with a non-key predicate: a missing item is a silent no-op, a
	// present one that does not match fails its condition; RETURNING ALL
	// OLD * returns the deleted item (Developer Guide, PartiQL DELETE).
	if _, err = exec(`DELETE FROM music WHERE pk = 'Acme' AND sk = 'none' AND "year" = 1`); err != nil {
		t.Fatal(err)
	}
	_, err = exec(`DELETE FROM music WHERE pk = 'Acme' AND sk = 'Sad Day' AND "year" = 1`)
	wantErr(t, err, "ConditionalCheckFailedException", "The conditional request failed")
	del, err := exec(`DELETE FROM music WHERE pk = 'Acme' AND sk = 'Sad Day' RETURNING ALL OLD *`)
	if err != nil || len(del.Items) != 1 || *del.Items[0]["year"].N != "2021" {
		t.Fatalf("%+v %v", del, err)
	}
	_, err = exec(`DELETE FROM music WHERE pk = 'Acme' AND sk = 'x' RETURNING ALL NEW *`)
	wantErr(t, err, "ValidationException", "DELETE supports only RETURNING ALL OLD *")
	mod, err := exec(`UPDATE music SET extra = 'f' WHERE pk = 'Acme' AND sk = 'Happy Day' RETURNING MODIFIED NEW *`)
	if err != nil || len(mod.Items) != 1 || len(mod.Items[0]) != 1 || *mod.Items[0]["extra"].S != "f" {
		t.Fatalf("%+v %v", mod, err)
	}

	// BatchExecuteStatement reports each statement's failure on its own.
	b, err := s.BatchExecuteStatement(ctx, &BatchExecuteStatementInput{Statements: []BatchStatementRequest{
		{Statement: ptr(`INSERT INTO music VALUE {'pk': 'B', 'sk': '1'}`)},
		{Statement: ptr(`INSERT INTO music VALUE {'pk': 'Acme', 'sk': 'Happy Day'}`)},
	}})
	if err != nil || b.Responses[0].Error_ != nil || *b.Responses[1].Error_.Code != "DuplicateItem" {
		t.Fatalf("%+v %v", b, err)
	}
	// ExecuteTransaction: one cancellation reason per statement.
	_, err = s.ExecuteTransaction(ctx, &ExecuteTransactionInput{TransactStatements: []ParameterizedStatement{
		{Statement: ptr(`INSERT INTO music VALUE {'pk': 'C', 'sk': '1'}`)},
		{Statement: ptr(`INSERT INTO music VALUE {'pk': 'B', 'sk': '1'}`)},
	}})
	wantErr(t, err, "TransactionCanceledException", "[None, DuplicateItem]")
	tx, err := s.ExecuteTransaction(ctx, &ExecuteTransactionInput{TransactStatements: []ParameterizedStatement{
		{Statement: ptr(`SELECT * FROM music WHERE pk = 'B' AND sk = '1'`)},
		{Statement: ptr(`SELECT * FROM music WHERE pk = 'C' AND sk = '1'`)},
	}})
	if err != nil || len(tx.Responses) != 2 || tx.Responses[0].Item == nil || tx.Responses[1].Item != nil {
		t.Fatalf("%+v %v", tx, err)
	}
}
