package dynamodb

import (
	"testing"
)

func TestCreateDescribeDeleteTable(t *testing.T) {
	s := newTestService()
	out, err := s.CreateTable(ctx, &CreateTableInput{
		TableName:             ptr("Music"),
		KeySchema:             []KeySchemaElement{{AttributeName: ptr("Artist"), KeyType: ptr("HASH")}, {AttributeName: ptr("SongTitle"), KeyType: ptr("RANGE")}},
		AttributeDefinitions:  []AttributeDefinition{{AttributeName: ptr("Artist"), AttributeType: ptr("S")}, {AttributeName: ptr("SongTitle"), AttributeType: ptr("S")}},
		ProvisionedThroughput: &ProvisionedThroughput{ReadCapacityUnits: ptr(int64(5)), WriteCapacityUnits: ptr(int64(5))},
	})
	if err != nil {
		t.Fatal(err)
	}
	d := out.TableDescription
	// CreateTable reference example: TableArn arn:aws:dynamodb:<region>:<account>:table/Music,
	// ProvisionedThroughput with NumberOfDecreasesToday 0.
	if *d.TableArn != "arn:aws:dynamodb:us-west-2:123456789012:table/Music" || *d.TableStatus != "ACTIVE" ||
		!d.CreationDateTime.Equal(testNow) || *d.ProvisionedThroughput.ReadCapacityUnits != 5 ||
		*d.ProvisionedThroughput.NumberOfDecreasesToday != 0 || d.BillingModeSummary != nil || *d.ItemCount != 0 {
		t.Fatalf("description %+v", d)
	}
	_, err = s.CreateTable(ctx, &CreateTableInput{
		TableName: ptr("Music"), BillingMode: ptr("PAY_PER_REQUEST"),
		KeySchema:            []KeySchemaElement{{AttributeName: ptr("a"), KeyType: ptr("HASH")}},
		AttributeDefinitions: []AttributeDefinition{{AttributeName: ptr("a"), AttributeType: ptr("S")}},
	})
	// CreateTable errors: ResourceInUseException "Table already exists: <name>".
	wantErr(t, err, "ResourceInUseException", "Table already exists: Music")
	desc, err := s.DescribeTable(ctx, &DescribeTableInput{TableName: ptr("Music")})
	if err != nil || *desc.Table.TableName != "Music" {
		t.Fatal(desc, err)
	}
	del, err := s.DeleteTable(ctx, &DeleteTableInput{TableName: ptr("Music")})
	if err != nil || *del.TableDescription.TableStatus != "DELETING" {
		t.Fatal(del, err)
	}
	// DescribeTable on a missing table: ResourceNotFoundException
	// "Requested resource not found: Table: Music not found".
	_, err = s.DescribeTable(ctx, &DescribeTableInput{TableName: ptr("Music")})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found: Table: Music not found")
	_, err = s.DeleteTable(ctx, &DeleteTableInput{TableName: ptr("Music")})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")
}

func TestPayPerRequestSummary(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	d, _ := s.DescribeTable(ctx, &DescribeTableInput{TableName: ptr("t")})
	// On-demand tables report BillingModeSummary PAY_PER_REQUEST and 0 units.
	if *d.Table.BillingModeSummary.BillingMode != "PAY_PER_REQUEST" || *d.Table.ProvisionedThroughput.ReadCapacityUnits != 0 {
		t.Fatalf("%+v", d.Table)
	}
}

func TestCreateTableValidation(t *testing.T) {
	s := newTestService()
	k := func(n, typ string) KeySchemaElement {
		return KeySchemaElement{AttributeName: ptr(n), KeyType: ptr(typ)}
	}
	a := func(n, typ string) AttributeDefinition {
		return AttributeDefinition{AttributeName: ptr(n), AttributeType: ptr(typ)}
	}
	cases := []struct {
		in  CreateTableInput
		msg string
	}{
		{CreateTableInput{KeySchema: []KeySchemaElement{k("a", "RANGE")}, AttributeDefinitions: []AttributeDefinition{a("a", "S")}}, "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"},
		{CreateTableInput{KeySchema: []KeySchemaElement{k("a", "HASH"), k("b", "HASH")}, AttributeDefinitions: []AttributeDefinition{a("a", "S"), a("b", "S")}}, "Too many hash keys specified"},
		{CreateTableInput{KeySchema: []KeySchemaElement{k("a", "HASH"), k("a", "RANGE")}, AttributeDefinitions: []AttributeDefinition{a("a", "S")}}, "Both the Hash Key and the Range Key element in the KeySchema have the same name"},
		{CreateTableInput{KeySchema: []KeySchemaElement{k("a", "HASH")}, AttributeDefinitions: []AttributeDefinition{a("b", "S")}}, "Some index key attributes are not defined in AttributeDefinitions. Keys: [a], AttributeDefinitions: [b]"},
		{CreateTableInput{KeySchema: []KeySchemaElement{k("a", "HASH")}, AttributeDefinitions: []AttributeDefinition{a("a", "S"), a("b", "S")}}, "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"},
		{CreateTableInput{KeySchema: []KeySchemaElement{k("a", "HASH")}, AttributeDefinitions: []AttributeDefinition{a("a", "S")}, BillingMode: ptr("PROVISIONED")}, "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"},
		{CreateTableInput{KeySchema: []KeySchemaElement{k("a", "HASH")}, AttributeDefinitions: []AttributeDefinition{a("a", "S")}, BillingMode: ptr("PAY_PER_REQUEST"),
			ProvisionedThroughput: &ProvisionedThroughput{ReadCapacityUnits: ptr(int64(1)), WriteCapacityUnits: ptr(int64(1))}}, "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"},
	}
	for _, c := range cases {
		c.in.TableName = ptr("x")
		_, err := s.CreateTable(ctx, &c.in)
		wantErr(t, err, "ValidationException", c.msg)
	}
}

func TestListTables(t *testing.T) {
	s := newTestService()
	for _, n := range []string{"c", "a", "b"} {
		mustTable(t, s, n, "S", "")
	}
	out, _ := s.ListTables(ctx, &ListTablesInput{Limit: ptr(int32(2))})
	if len(out.TableNames) != 2 || out.TableNames[0] != "a" || *out.LastEvaluatedTableName != "b" {
		t.Fatalf("%+v", out)
	}
	out, _ = s.ListTables(ctx, &ListTablesInput{ExclusiveStartTableName: out.LastEvaluatedTableName})
	if len(out.TableNames) != 1 || out.TableNames[0] != "c" || out.LastEvaluatedTableName != nil {
		t.Fatalf("%+v", out)
	}
}

func TestDeletionProtection(t *testing.T) {
	s := newTestService()
	s.CreateTable(ctx, &CreateTableInput{
		TableName: ptr("p"), BillingMode: ptr("PAY_PER_REQUEST"), DeletionProtectionEnabled: ptr(true),
		KeySchema:            []KeySchemaElement{{AttributeName: ptr("a"), KeyType: ptr("HASH")}},
		AttributeDefinitions: []AttributeDefinition{{AttributeName: ptr("a"), AttributeType: ptr("S")}},
	})
	_, err := s.DeleteTable(ctx, &DeleteTableInput{TableName: ptr("p")})
	wantErr(t, err, "ValidationException", "protected against deletion")
}
