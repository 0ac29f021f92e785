package dynamodb

import (
	"testing"
	"time"
)

// Capacity arithmetic (Developer Guide, "Read/write capacity mode": a read
// unit is 4 KB strongly consistent, half eventually consistent; a write unit
// is 1 KB; at least one unit per request).
func TestConsumedCapacity(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	big := string(make([]byte, 5000)) // 5000 + len("big") + len("pk") + 1 bytes
	out, err := s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": S("a"), "big": S(big)}, ReturnConsumedCapacity: ptr("TOTAL")})
	if err != nil || *out.ConsumedCapacity.CapacityUnits != 5 || *out.ConsumedCapacity.TableName != "t" {
		t.Fatalf("%+v %v", out, err)
	}
	g, _ := s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")}, ReturnConsumedCapacity: ptr("TOTAL")})
	if *g.ConsumedCapacity.CapacityUnits != 1 { // ceil(5006/4096) = 2 units, halved
		t.Fatalf("%+v", g.ConsumedCapacity)
	}
	g, _ = s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")}, ConsistentRead: ptr(true), ReturnConsumedCapacity: ptr("INDEXES")})
	if *g.ConsumedCapacity.CapacityUnits != 2 || *g.ConsumedCapacity.Table.CapacityUnits != 2 {
		t.Fatalf("%+v", g.ConsumedCapacity)
	}
	g, _ = s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("none")}, ReturnConsumedCapacity: ptr("TOTAL")})
	if *g.ConsumedCapacity.CapacityUnits != 0.5 { // a miss still reads
		t.Fatalf("%+v", g.ConsumedCapacity)
	}
	d, _ := s.DeleteItem(ctx, &DeleteItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")}, ReturnConsumedCapacity: ptr("TOTAL")})
	if *d.ConsumedCapacity.CapacityUnits != 5 { // the deleted item's size
		t.Fatalf("%+v", d.ConsumedCapacity)
	}
	n, _ := s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": S("a")}})
	if n.ConsumedCapacity != nil {
		t.Fatal("ConsumedCapacity without ReturnConsumedCapacity")
	}
	// Single-item operations report CapacityUnits alone; transactions add
	// the read/write split (as characterised against real DynamoDB).
	if out.ConsumedCapacity.WriteCapacityUnits != nil || g.ConsumedCapacity.ReadCapacityUnits != nil {
		t.Fatalf("%+v", out.ConsumedCapacity)
	}
	tx, err := s.TransactWriteItems(ctx, &TransactWriteItemsInput{ReturnConsumedCapacity: ptr("TOTAL"),
		TransactItems: []TransactWriteItem{{Put: &Put{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": S("b")}}}}})
	if err != nil || *tx.ConsumedCapacity[0].CapacityUnits != 2 || *tx.ConsumedCapacity[0].WriteCapacityUnits != 2 {
		t.Fatalf("%+v %v", tx, err)
	}
}

// Streams follow UpdateTable: disabling closes the shard; enabling again
// starts a new stream with a new label (Developer Guide, "Enabling a
// stream"); TTL deletions carry the service identity.
func TestStreamLifecycle(t *testing.T) {
	s := newTestService()
	now := testNow
	s.env.Now = func() time.Time { return now }
	mustTable(t, s, "t", "S", "")
	_, err := s.UpdateTable(ctx, &UpdateTableInput{TableName: ptr("t"), StreamSpecification: &StreamSpecification{StreamEnabled: ptr(true)}})
	wantErr(t, err, "ValidationException", "StreamViewType")
	if _, err := s.UpdateTable(ctx, &UpdateTableInput{TableName: ptr("t"), StreamSpecification: &StreamSpecification{StreamEnabled: ptr(true), StreamViewType: ptr("KEYS_ONLY")}}); err != nil {
		t.Fatal(err)
	}
	_, err = s.UpdateTable(ctx, &UpdateTableInput{TableName: ptr("t"), StreamSpecification: &StreamSpecification{StreamEnabled: ptr(true), StreamViewType: ptr("NEW_IMAGE")}})
	wantErr(t, err, "ValidationException", "Table already has an enabled stream: TableName: t")
	if _, err := s.UpdateTimeToLive(ctx, &UpdateTimeToLiveInput{TableName: ptr("t"), TimeToLiveSpecification: &TimeToLiveSpecification{Enabled: ptr(true), AttributeName: ptr("exp")}}); err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("a"), "exp": N("1767322000")}) // 2026-01-02T02:46:40Z, before testNow+1h
	now = now.Add(time.Hour)
	s.Scan(ctx, &ScanInput{TableName: ptr("t")}) // the sweep runs on the table's next request
	streams := s.Streams(ctx)
	recs, info, _ := s.StreamRecords(ctx, streams[0].ARN, 0, 100)
	if len(recs) != 2 || recs[1].EventName != "REMOVE" || !recs[1].TTL || recs[1].NewImage != nil || info.Status != "ENABLED" {
		t.Fatalf("%+v %+v", recs, info)
	}
	if _, err := s.UpdateTable(ctx, &UpdateTableInput{TableName: ptr("t"), StreamSpecification: &StreamSpecification{StreamEnabled: ptr(false)}}); err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("b")})
	now = now.Add(time.Second)
	if _, err := s.UpdateTable(ctx, &UpdateTableInput{TableName: ptr("t"), StreamSpecification: &StreamSpecification{StreamEnabled: ptr(true), StreamViewType: ptr("NEW_IMAGE")}}); err != nil {
		t.Fatal(err)
	}
	streams = s.Streams(ctx)
	if len(streams) != 2 || !streams[0].Closed || streams[0].Status != "DISABLED" || streams[1].Label == streams[0].Label {
		t.Fatalf("%+v", streams)
	}
	d, _ := s.DescribeTable(ctx, &DescribeTableInput{TableName: ptr("t")})
	if *d.Table.LatestStreamArn != streams[1].ARN {
		t.Fatalf("%+v", d.Table)
	}
	if recs, _, _ := s.StreamRecords(ctx, streams[0].ARN, 0, 100); len(recs) != 2 {
		t.Fatalf("a disabled stream got records: %+v", recs)
	}
}

// Legacy conditional parameters (Developer Guide, "Legacy conditional
// parameters": Expected, ScanFilter, ConditionalOperator).
func TestLegacyConditions(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("a"), "n": N("5"), "tags": {SS: []string{"x"}}})
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("b"), "n": N("7")})
	put := func(exp map[string]ExpectedAttributeValue, op string) error {
		in := &PutItemInput{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": S("a"), "n": N("6")}, Expected: exp}
		if op != "" {
			in.ConditionalOperator = ptr(op)
		}
		_, err := s.PutItem(ctx, in)
		return err
	}
	wantErr(t, put(map[string]ExpectedAttributeValue{"n": {Value: ptr(N("4"))}}, ""), "ConditionalCheckFailedException", "The conditional request failed")
	wantErr(t, put(map[string]ExpectedAttributeValue{"n": {Exists: ptr(false)}}, ""), "ConditionalCheckFailedException", "")
	wantErr(t, put(map[string]ExpectedAttributeValue{"n": {Exists: ptr(true)}}, ""), "ValidationException", "Value must be provided when Exists is true")
	if err := put(map[string]ExpectedAttributeValue{
		"n":    {ComparisonOperator: ptr("GT"), AttributeValueList: []AttributeValue{N("100")}},
		"tags": {ComparisonOperator: ptr("CONTAINS"), AttributeValueList: []AttributeValue{S("x")}},
	}, "OR"); err != nil {
		t.Fatal(err)
	}
	_, err := s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": S("a")},
		Expected: map[string]ExpectedAttributeValue{"n": {Exists: ptr(false)}}, ConditionExpression: ptr("attribute_exists(n)")})
	wantErr(t, err, "ValidationException", "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}")
	sc, err := s.Scan(ctx, &ScanInput{TableName: ptr("t"), ScanFilter: map[string]Condition{
		"n": {ComparisonOperator: ptr("BETWEEN"), AttributeValueList: []AttributeValue{N("6"), N("7")}},
		"x": {ComparisonOperator: ptr("NULL")},
	}})
	if err != nil || *sc.Count != 2 {
		t.Fatalf("%+v %v", sc, err)
	}
	_, err = s.Scan(ctx, &ScanInput{TableName: ptr("t"), ScanFilter: map[string]Condition{"n": {ComparisonOperator: ptr("BETWEEN"), AttributeValueList: []AttributeValue{N("6")}}}})
	wantErr(t, err, "ValidationException", "Invalid number of argument(s) for the BETWEEN ComparisonOperator")
}

// Expression validation messages (Developer Guide, "Reserved words",
// "Expression attribute names/values"; UpdateItem document path rules).
func TestExpressionValidation(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("a"), "l": {L: []AttributeValue{N("0"), N("1"), N("2"), N("3")}}})
	upd := func(expr string, vals map[string]AttributeValue) (*UpdateItemOutput, error) {
		return s.UpdateItem(ctx, &UpdateItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")},
			UpdateExpression: ptr(expr), ExpressionAttributeValues: vals, ReturnValues: ptr("ALL_NEW")})
	}
	_, err := upd("SET name = :v", map[string]AttributeValue{":v": S("x")})
	wantErr(t, err, "ValidationException", "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name")
	_, err = upd("SET a = :v, a.b = :v", map[string]AttributeValue{":v": S("x")})
	wantErr(t, err, "ValidationException", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]")
	_, err = upd("SET a[0] = :v, a.b = :v", map[string]AttributeValue{":v": S("x")})
	wantErr(t, err, "ValidationException", "Two document paths conflict with each other")
	_, err = upd("SET a = :v", map[string]AttributeValue{"v": S("x")})
	wantErr(t, err, "ValidationException", `ExpressionAttributeValues contains invalid key: Syntax error; key: "v"`)
	_, err = upd("SET a = :v", map[string]AttributeValue{":v": {}})
	wantErr(t, err, "ValidationException", "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :v")
	long := "SET a = :v REMOVE " + repeat("b, ", 1400) + "c"
	_, err = upd(long, map[string]AttributeValue{":v": S("x")})
	wantErr(t, err, "ValidationException", "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size; expression size:")
	// REMOVE l[0], l[2] removes the original first and third elements.
	out, err := upd("REMOVE l[2], l[0]", nil)
	if err != nil || len(out.Attributes["l"].L) != 2 || *out.Attributes["l"].L[0].N != "1" || *out.Attributes["l"].L[1].N != "3" {
		t.Fatalf("%+v %v", out, err)
	}
	// UPDATED_NEW returns the updated nested path only.
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("b"), "m": {M: map[string]AttributeValue{"x": N("1"), "y": N("2")}}})
	u, err := s.UpdateItem(ctx, &UpdateItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("b")},
		UpdateExpression: ptr("SET m.x = :v"), ExpressionAttributeValues: map[string]AttributeValue{":v": N("9")}, ReturnValues: ptr("UPDATED_NEW")})
	if err != nil || len(u.Attributes["m"].M) != 1 || *u.Attributes["m"].M["x"].N != "9" {
		t.Fatalf("%+v %v", u, err)
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// Idempotent TransactWriteItems (API Reference: a ClientRequestToken
// repeated within 10 minutes is not applied again).
func TestTransactIdempotency(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	in := &TransactWriteItemsInput{ClientRequestToken: ptr("tok"), TransactItems: []TransactWriteItem{{Update: &Update{TableName: ptr("t"),
		Key: map[string]AttributeValue{"pk": S("a")}, UpdateExpression: ptr("ADD n :one"), ExpressionAttributeValues: map[string]AttributeValue{":one": N("1")}}}}}
	for range 3 {
		if _, err := s.TransactWriteItems(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	g, _ := s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("a")}})
	if *g.Item["n"].N != "1" {
		t.Fatalf("%+v", g.Item)
	}
}

// Table and key limits (Developer Guide, "Quotas": key sizes 2048/1024
// bytes; table names [a-zA-Z0-9_.-]; GSI throughput by billing mode).
func TestTableAndKeyLimits(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "S")
	long := string(make([]byte, 2049))
	_, err := s.PutItem(ctx, &PutItemInput{TableName: ptr("t"), Item: map[string]AttributeValue{"pk": S(long), "sk": S("x")}})
	wantErr(t, err, "ValidationException", "Size of hashkey has exceeded the maximum size limit of2048 bytes")
	_, err = s.GetItem(ctx, &GetItemInput{TableName: ptr("t"), Key: map[string]AttributeValue{"pk": S("x"), "sk": S(long[:1025])}})
	wantErr(t, err, "ValidationException", "Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
	_, err = s.CreateTable(ctx, &CreateTableInput{TableName: ptr("bad name"), BillingMode: ptr("PAY_PER_REQUEST"),
		KeySchema: []KeySchemaElement{{AttributeName: ptr("pk"), KeyType: ptr("HASH")}}, AttributeDefinitions: []AttributeDefinition{{AttributeName: ptr("pk"), AttributeType: ptr("S")}}})
	wantErr(t, err, "ValidationException", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
	_, err = s.CreateTable(ctx, &CreateTableInput{TableName: ptr("p"), ProvisionedThroughput: &ProvisionedThroughput{ReadCapacityUnits: ptr(int64(1)), WriteCapacityUnits: ptr(int64(1))},
		KeySchema:            []KeySchemaElement{{AttributeName: ptr("pk"), KeyType: ptr("HASH")}},
		AttributeDefinitions: []AttributeDefinition{{AttributeName: ptr("pk"), AttributeType: ptr("S")}, {AttributeName: ptr("g"), AttributeType: ptr("S")}},
		GlobalSecondaryIndexes: []GlobalSecondaryIndex{{IndexName: ptr("gi"), KeySchema: []KeySchemaElement{{AttributeName: ptr("g"), KeyType: ptr("HASH")}},
			Projection: &Projection{ProjectionType: ptr("INCLUDE")}}}})
	wantErr(t, err, "ValidationException", "ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
}

// Operand checks made before any item is read (Developer Guide,
// "Comparison operator and function reference").
func TestConditionOperandChecks(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	scan := func(f string, vals map[string]AttributeValue) error {
		_, err := s.Scan(ctx, &ScanInput{TableName: ptr("t"), FilterExpression: ptr(f), ExpressionAttributeValues: vals})
		return err
	}
	wantErr(t, scan("a < :v", map[string]AttributeValue{":v": {BOOL: ptr(true)}}), "ValidationException",
		"Invalid FilterExpression: Incorrect operand type for operator or function; operator: <, operand type: BOOL")
	wantErr(t, scan("a BETWEEN :hi AND :lo", map[string]AttributeValue{":hi": N("5"), ":lo": N("1")}), "ValidationException",
		"Invalid FilterExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}")
	wantErr(t, scan("attribute_type(a, :t)", map[string]AttributeValue{":t": S("STRING")}), "ValidationException",
		"Invalid FilterExpression: Invalid attribute type name found; type: STRING, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }")
	wantErr(t, scan("begins_with(a, :n)", map[string]AttributeValue{":n": N("1")}), "ValidationException",
		"Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N")
}

// Placeholders without any expression (API Reference, Scan).
func TestScanPlaceholdersWithoutExpression(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	_, err := s.Scan(ctx, &ScanInput{TableName: ptr("t"), ExpressionAttributeValues: map[string]AttributeValue{":v": S("x")}})
	wantErr(t, err, "ValidationException", "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null")
}
