package dynamodb_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	sttypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/smithy-go"

	"github.com/setup-emulator/setup-emulator/server"
)

// clock is the emulator's clock: real time plus an offset tests advance
// (TTL), so SigV4 request times stay valid.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// clients starts the emulator (server.New in httptest) and returns
// aws-sdk-go-v2 DynamoDB and DynamoDB Streams clients pointed at it.
func clients(t *testing.T) (*dynamodb.Client, *dynamodbstreams.Client, *clock) {
	t.Helper()
	clk := &clock{}
	srv, err := server.New(server.Config{Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(ts.URL),
	}
	return dynamodb.NewFromConfig(cfg), dynamodbstreams.NewFromConfig(cfg), clk
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// apiErr asserts err is an AWS error with the code and message.
func apiErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want %s", err, code)
	}
	if ae.ErrorCode() != code || msg != "" && ae.ErrorMessage() != msg {
		t.Fatalf("got %s %q, want %s %q", ae.ErrorCode(), ae.ErrorMessage(), code, msg)
	}
}

// Song is an item as attributevalue marshals it.
type Song struct {
	Artist string   `dynamodbav:"artist"`
	Title  string   `dynamodbav:"title"`
	Year   int      `dynamodbav:"year"`
	Plays  float64  `dynamodbav:"plays"`
	Tags   []string `dynamodbav:"tags,stringset,omitempty"`
	Genre  string   `dynamodbav:"genre,omitempty"`
}

func createSongs(t *testing.T, db *dynamodb.Client, extra func(*dynamodb.CreateTableInput)) {
	t.Helper()
	in := &dynamodb.CreateTableInput{
		TableName:   aws.String("songs"),
		BillingMode: types.BillingModePayPerRequest,
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("artist"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("title"), KeyType: types.KeyTypeRange},
		},
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("artist"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("title"), AttributeType: types.ScalarAttributeTypeS},
		},
	}
	if extra != nil {
		extra(in)
	}
	if _, err := db.CreateTable(testCtx(t), in); err != nil {
		t.Fatal(err)
	}
}

func put(t *testing.T, db *dynamodb.Client, s Song) {
	t.Helper()
	item, err := attributevalue.MarshalMap(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutItem(testCtx(t), &dynamodb.PutItemInput{TableName: aws.String("songs"), Item: item}); err != nil {
		t.Fatal(err)
	}
}

// Tables: key schema validation, billing, GSIs created and deleted with
// UpdateTable, deletion protection, DescribeLimits, DescribeEndpoints,
// tags, TTL, backups. Messages: API Reference CreateTable/UpdateTable/
// DeleteTable "Errors", Developer Guide "Quotas".
func TestSDKTables(t *testing.T) {
	db, _, _ := clients(t)
	ctx := testCtx(t)
	_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String("bad"), BillingMode: types.BillingModePayPerRequest,
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeRange}},
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("a"), AttributeType: types.ScalarAttributeTypeS}},
	})
	apiErr(t, err, "ValidationException", "Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
	_, err = db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("bad"),
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("a"), KeyType: types.KeyTypeHash}},
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("a"), AttributeType: types.ScalarAttributeTypeS}},
	})
	apiErr(t, err, "ValidationException", "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")

	createSongs(t, db, func(in *dynamodb.CreateTableInput) {
		in.DeletionProtectionEnabled = aws.Bool(true)
		in.TableClass = types.TableClassStandardInfrequentAccess
		in.Tags = []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}}
	})
	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("songs")})
	if err != nil || d.Table.BillingModeSummary.BillingMode != types.BillingModePayPerRequest ||
		d.Table.TableClassSummary.TableClass != types.TableClassStandardInfrequentAccess || !*d.Table.DeletionProtectionEnabled {
		t.Fatalf("%+v %v", d, err)
	}
	_, err = db.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String("songs")})
	apiErr(t, err, "ValidationException", "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")

	// A GSI added and removed by UpdateTable (API Reference UpdateTable,
	// GlobalSecondaryIndexUpdates).
	u, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{
		TableName:            aws.String("songs"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("year"), AttributeType: types.ScalarAttributeTypeN}},
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
			IndexName:  aws.String("by-year"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("year"), KeyType: types.KeyTypeHash}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
		}}},
	})
	if err != nil || len(u.TableDescription.GlobalSecondaryIndexes) != 1 {
		t.Fatalf("%+v %v", u, err)
	}
	put(t, db, Song{Artist: "a", Title: "t", Year: 1999, Plays: 3})
	q, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("songs"), IndexName: aws.String("by-year"),
		KeyConditionExpression: aws.String("#y = :y"), ExpressionAttributeNames: map[string]string{"#y": "year"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":y": &types.AttributeValueMemberN{Value: "1999"}}})
	// KEYS_ONLY: the table and index keys only (Developer Guide, "Attribute projections").
	if err != nil || len(q.Items) != 1 || len(q.Items[0]) != 3 {
		t.Fatalf("%+v %v", q, err)
	}
	if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("songs"),
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: aws.String("by-year")}}}}); err != nil {
		t.Fatal(err)
	}

	// DescribeLimits: the default quotas (Developer Guide, "Quotas in Amazon DynamoDB").
	l, err := db.DescribeLimits(ctx, &dynamodb.DescribeLimitsInput{})
	if err != nil || *l.AccountMaxReadCapacityUnits != 80000 || *l.TableMaxWriteCapacityUnits != 40000 {
		t.Fatalf("%+v %v", l, err)
	}
	e, err := db.DescribeEndpoints(ctx, &dynamodb.DescribeEndpointsInput{})
	if err != nil || *e.Endpoints[0].Address != "dynamodb.us-east-1.amazonaws.com" || e.Endpoints[0].CachePeriodInMinutes != 1440 {
		t.Fatalf("%+v %v", e, err)
	}

	// Backups recorded, listed and restored (API Reference CreateBackup, RestoreTableFromBackup).
	b, err := db.CreateBackup(ctx, &dynamodb.CreateBackupInput{TableName: aws.String("songs"), BackupName: aws.String("nightly")})
	if err != nil || b.BackupDetails.BackupStatus != types.BackupStatusAvailable {
		t.Fatalf("%+v %v", b, err)
	}
	lb, err := db.ListBackups(ctx, &dynamodb.ListBackupsInput{TableName: aws.String("songs")})
	if err != nil || len(lb.BackupSummaries) != 1 {
		t.Fatalf("%+v %v", lb, err)
	}
	if _, err := db.RestoreTableFromBackup(ctx, &dynamodb.RestoreTableFromBackupInput{TargetTableName: aws.String("songs2"), BackupArn: b.BackupDetails.BackupArn}); err != nil {
		t.Fatal(err)
	}
	g, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("songs2"), Key: map[string]types.AttributeValue{
		"artist": &types.AttributeValueMemberS{Value: "a"}, "title": &types.AttributeValueMemberS{Value: "t"}}})
	if err != nil || g.Item == nil {
		t.Fatalf("%+v %v", g, err)
	}
	_, err = db.DescribeBackup(ctx, &dynamodb.DescribeBackupInput{BackupArn: aws.String(*b.BackupDetails.BackupArn + "x")})
	apiErr(t, err, "BackupNotFoundException", "Backup not found: "+*b.BackupDetails.BackupArn+"x")

	// PITR and Kinesis destinations are recorded.
	pitr, err := db.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String("songs"),
		PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}})
	if err != nil || pitr.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus != types.PointInTimeRecoveryStatusEnabled {
		t.Fatalf("%+v %v", pitr, err)
	}
	kin := "arn:aws:kinesis:us-east-1:000000000000:stream/s"
	if _, err := db.EnableKinesisStreamingDestination(ctx, &dynamodb.EnableKinesisStreamingDestinationInput{TableName: aws.String("songs"), StreamArn: aws.String(kin)}); err != nil {
		t.Fatal(err)
	}
	kd, err := db.DescribeKinesisStreamingDestination(ctx, &dynamodb.DescribeKinesisStreamingDestinationInput{TableName: aws.String("songs")})
	if err != nil || len(kd.KinesisDataStreamDestinations) != 1 || kd.KinesisDataStreamDestinations[0].DestinationStatus != types.DestinationStatusActive {
		t.Fatalf("%+v %v", kd, err)
	}
}

// TTL: items whose TTL attribute (epoch seconds) has passed are deleted
// (Developer Guide, "Using time to live (TTL) in DynamoDB"); a later one
// stays.
func TestSDKTimeToLive(t *testing.T) {
	db, _, clk := clients(t)
	ctx := testCtx(t)
	createSongs(t, db, nil)
	if _, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("songs"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{Enabled: aws.Bool(true), AttributeName: aws.String("expires")}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Unix()
	for i, exp := range []int64{now + 60, now + 3600} {
		if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("songs"), Item: map[string]types.AttributeValue{
			"artist": &types.AttributeValueMemberS{Value: "a"}, "title": &types.AttributeValueMemberS{Value: fmt.Sprint(i)},
			"expires": &types.AttributeValueMemberN{Value: fmt.Sprint(exp)}}}); err != nil {
			t.Fatal(err)
		}
	}
	clk.advance(10 * time.Minute)
	s, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("songs")})
	if err != nil || s.Count != 1 {
		t.Fatalf("%+v %v", s, err)
	}
}

// Items with attributevalue and the expression builder: conditions,
// projections, SET arithmetic, list_append, if_not_exists, REMOVE of list
// elements against the original list, ADD, DELETE, every ReturnValues.
// Expected values: Developer Guide "Update expressions" and API Reference
// UpdateItem "ReturnValues".
func TestSDKItems(t *testing.T) {
	db, _, _ := clients(t)
	ctx := testCtx(t)
	createSongs(t, db, nil)
	put(t, db, Song{Artist: "a", Title: "t", Year: 2000, Plays: 0.1, Tags: []string{"x", "y"}})
	key := map[string]types.AttributeValue{"artist": &types.AttributeValueMemberS{Value: "a"}, "title": &types.AttributeValueMemberS{Value: "t"}}

	upd := expression.Set(expression.Name("plays"), expression.Name("plays").Plus(expression.Value(0.2))).
		Set(expression.Name("l"), expression.ListAppend(expression.IfNotExists(expression.Name("l"), expression.Value([]int{})), expression.Value([]int{1, 2, 3, 4}))).
		Add(expression.Name("year"), expression.Value(1)).
		Delete(expression.Name("tags"), expression.Value(&types.AttributeValueMemberSS{Value: []string{"x"}}))
	cond := expression.AttributeExists(expression.Name("artist")).And(expression.Name("year").Between(expression.Value(1990), expression.Value(2010)))
	ex, err := expression.NewBuilder().WithUpdate(upd).WithCondition(cond).Build()
	if err != nil {
		t.Fatal(err)
	}
	out, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("songs"), Key: key,
		UpdateExpression: ex.Update(), ConditionExpression: ex.Condition(), ExpressionAttributeNames: ex.Names(),
		ExpressionAttributeValues: ex.Values(), ReturnValues: types.ReturnValueUpdatedNew})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Plays string   `dynamodbav:"plays"`
		Year  int      `dynamodbav:"year"`
		L     []int    `dynamodbav:"l"`
		Tags  []string `dynamodbav:"tags,stringset"`
	}
	if err := attributevalue.UnmarshalMap(out.Attributes, &got); err != nil {
		t.Fatal(err)
	}
	// 0.1 + 0.2 is exactly 0.3: numbers are decimals (Developer Guide, "Number").
	if out.Attributes["plays"].(*types.AttributeValueMemberN).Value != "0.3" || got.Year != 2001 || len(got.L) != 4 || len(got.Tags) != 1 {
		t.Fatalf("%+v", out.Attributes)
	}
	// REMOVE l[1], l[2] removes the original second and third elements.
	r, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("songs"), Key: key,
		UpdateExpression: aws.String("REMOVE l[1], l[2]"), ReturnValues: types.ReturnValueAllNew})
	if err != nil {
		t.Fatal(err)
	}
	var after Song
	var l struct {
		L []int `dynamodbav:"l"`
	}
	_ = attributevalue.UnmarshalMap(r.Attributes, &after)
	_ = attributevalue.UnmarshalMap(r.Attributes, &l)
	if fmt.Sprint(l.L) != "[1 4]" {
		t.Fatalf("l = %v", l.L)
	}
	// A failed condition returns the item with ReturnValuesOnConditionCheckFailure ALL_OLD.
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("songs"), Item: key,
		ConditionExpression: aws.String("attribute_not_exists(artist)"), ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) || ccf.Item["year"] == nil {
		t.Fatalf("%v", err)
	}
	// Projection with a document path.
	p, err := expression.NewBuilder().WithProjection(expression.NamesList(expression.Name("l[0]"), expression.Name("year"))).Build()
	if err != nil {
		t.Fatal(err)
	}
	g, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("songs"), Key: key, ProjectionExpression: p.Projection(), ExpressionAttributeNames: p.Names()})
	if err != nil || len(g.Item) != 2 {
		t.Fatalf("%+v %v", g, err)
	}
	// Validation messages (Developer Guide, "Expression attribute names" and "Reserved words").
	_, err = db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("songs"), Key: key, ProjectionExpression: aws.String("year")})
	apiErr(t, err, "ValidationException", "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: year")
	_, err = db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("songs"), Key: key, ProjectionExpression: aws.String("#y"),
		ExpressionAttributeNames: map[string]string{"#y": "year", "#z": "z"}})
	apiErr(t, err, "ValidationException", "Value provided in ExpressionAttributeNames unused in expressions: keys: {#z}")
	_, err = db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("songs"), Key: key, UpdateExpression: aws.String("SET a = :v")})
	apiErr(t, err, "ValidationException", "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v")
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("songs"), Item: map[string]types.AttributeValue{
		"artist": &types.AttributeValueMemberS{Value: ""}, "title": &types.AttributeValueMemberS{Value: "t"}}})
	apiErr(t, err, "ValidationException", "One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty string value. Key: artist")
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("songs"), Item: map[string]types.AttributeValue{
		"artist": &types.AttributeValueMemberS{Value: "a"}, "title": &types.AttributeValueMemberS{Value: "n"},
		"n": &types.AttributeValueMemberN{Value: "1.00000000000000000000000000000000000001"}}})
	apiErr(t, err, "ValidationException", "Attempting to store more than 38 significant digits in a Number")
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("songs"), Item: map[string]types.AttributeValue{
		"artist": &types.AttributeValueMemberS{Value: "a"}, "title": &types.AttributeValueMemberS{Value: "n"},
		"big": &types.AttributeValueMemberS{Value: string(make([]byte, 400*1024))}}})
	apiErr(t, err, "ValidationException", "Item size has exceeded the maximum allowed size")

	// Legacy parameters: Expected and AttributeUpdates (Developer Guide, "Legacy conditional parameters").
	_, err = db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String("songs"), Key: key,
		AttributeUpdates: map[string]types.AttributeValueUpdate{"year": {Action: types.AttributeActionPut, Value: &types.AttributeValueMemberN{Value: "1"}}},
		Expected:         map[string]types.ExpectedAttributeValue{"year": {ComparisonOperator: types.ComparisonOperatorGt, AttributeValueList: []types.AttributeValue{&types.AttributeValueMemberN{Value: "5000"}}}}})
	apiErr(t, err, "ConditionalCheckFailedException", "The conditional request failed")
}

// Reads: Query with every key condition operator, ScanIndexForward, Limit
// before FilterExpression, Select COUNT, LastEvaluatedKey; Scan segments;
// ReturnConsumedCapacity. Expected values: API Reference Query ("Limit",
// "ScannedCount") and Developer Guide "Read consumption".
func TestSDKReads(t *testing.T) {
	db, _, _ := clients(t)
	ctx := testCtx(t)
	createSongs(t, db, nil)
	for i := 0; i < 10; i++ {
		put(t, db, Song{Artist: "a", Title: fmt.Sprintf("t%02d", i), Year: 2000 + i, Plays: float64(i)})
	}
	put(t, db, Song{Artist: "b", Title: "x", Year: 1})
	query := func(kc expression.KeyConditionBuilder, in dynamodb.QueryInput) *dynamodb.QueryOutput {
		t.Helper()
		ex, err := expression.NewBuilder().WithKeyCondition(kc).Build()
		if err != nil {
			t.Fatal(err)
		}
		in.TableName, in.KeyConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues = aws.String("songs"), ex.KeyCondition(), ex.Names(), ex.Values()
		out, err := db.Query(ctx, &in)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	pk := expression.Key("artist").Equal(expression.Value("a"))
	sk := expression.Key("title")
	for _, c := range []struct {
		kc   expression.KeyConditionBuilder
		want int32
	}{
		{pk, 10},
		{pk.And(sk.Equal(expression.Value("t03"))), 1},
		{pk.And(sk.LessThan(expression.Value("t03"))), 3},
		{pk.And(sk.LessThanEqual(expression.Value("t03"))), 4},
		{pk.And(sk.GreaterThan(expression.Value("t03"))), 6},
		{pk.And(sk.GreaterThanEqual(expression.Value("t03"))), 7},
		{pk.And(sk.Between(expression.Value("t02"), expression.Value("t04"))), 3},
		{pk.And(sk.BeginsWith("t0")), 10},
	} {
		if got := query(c.kc, dynamodb.QueryInput{}); got.Count != c.want {
			t.Errorf("count %d, want %d", got.Count, c.want)
		}
	}
	// Newest first, Limit 3: LastEvaluatedKey is the third item read.
	out := query(pk, dynamodb.QueryInput{ScanIndexForward: aws.Bool(false), Limit: aws.Int32(3)})
	if out.Items[0]["title"].(*types.AttributeValueMemberS).Value != "t09" || out.LastEvaluatedKey["title"].(*types.AttributeValueMemberS).Value != "t07" {
		t.Fatalf("%+v", out.Items)
	}
	// Limit applies before the filter: 3 read, 1 returned.
	f, _ := expression.NewBuilder().WithKeyCondition(pk).WithFilter(expression.Name("plays").GreaterThanEqual(expression.Value(2))).Build()
	fo, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("songs"), KeyConditionExpression: f.KeyCondition(), FilterExpression: f.Filter(),
		ExpressionAttributeNames: f.Names(), ExpressionAttributeValues: f.Values(), Limit: aws.Int32(3), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil || fo.Count != 1 || fo.ScannedCount != 3 || *fo.ConsumedCapacity.CapacityUnits != 0.5 {
		t.Fatalf("%+v %v", fo, err)
	}
	c := query(pk, dynamodb.QueryInput{Select: types.SelectCount})
	if c.Count != 10 || c.Items != nil {
		t.Fatalf("%+v", c)
	}
	// Parallel scan: the segments partition the table.
	total := int32(0)
	for seg := int32(0); seg < 3; seg++ {
		s, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("songs"), Segment: aws.Int32(seg), TotalSegments: aws.Int32(3)})
		if err != nil {
			t.Fatal(err)
		}
		total += s.Count
	}
	if total != 11 {
		t.Fatalf("segments read %d items", total)
	}
	// Legacy KeyConditions and QueryFilter.
	lq, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("songs"),
		KeyConditions: map[string]types.Condition{"artist": {ComparisonOperator: types.ComparisonOperatorEq, AttributeValueList: []types.AttributeValue{&types.AttributeValueMemberS{Value: "a"}}}},
		QueryFilter:   map[string]types.Condition{"year": {ComparisonOperator: types.ComparisonOperatorLt, AttributeValueList: []types.AttributeValue{&types.AttributeValueMemberN{Value: "2002"}}}}})
	if err != nil || lq.Count != 2 {
		t.Fatalf("%+v %v", lq, err)
	}
}

// Batches and transactions: BatchWriteItem/BatchGetItem, a cancelled
// transaction with one reason per action, idempotency tokens, write
// capacity of 2 units per KB in a transaction (Developer Guide, "Capacity
// management for transactions").
func TestSDKBatchAndTransactions(t *testing.T) {
	db, _, _ := clients(t)
	ctx := testCtx(t)
	createSongs(t, db, nil)
	var writes []types.WriteRequest
	for i := 0; i < 25; i++ {
		item, _ := attributevalue.MarshalMap(Song{Artist: "a", Title: fmt.Sprint(i)})
		writes = append(writes, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	bw, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"songs": writes},
		ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil || len(bw.UnprocessedItems) != 0 || *bw.ConsumedCapacity[0].CapacityUnits != 25 {
		t.Fatalf("%+v %v", bw, err)
	}
	_, err = db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"songs": append(writes, writes[0])}})
	apiErr(t, err, "ValidationException", "")
	var keys []map[string]types.AttributeValue
	for i := 0; i < 30; i++ {
		keys = append(keys, map[string]types.AttributeValue{"artist": &types.AttributeValueMemberS{Value: "a"}, "title": &types.AttributeValueMemberS{Value: fmt.Sprint(i)}})
	}
	bg, err := db.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"songs": {Keys: keys}}})
	if err != nil || len(bg.Responses["songs"]) != 25 {
		t.Fatalf("%+v %v", bg, err)
	}

	k := func(title string) map[string]types.AttributeValue {
		return map[string]types.AttributeValue{"artist": &types.AttributeValueMemberS{Value: "a"}, "title": &types.AttributeValueMemberS{Value: title}}
	}
	_, err = db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("songs"), Item: k("new")}},
		{ConditionCheck: &types.ConditionCheck{TableName: aws.String("songs"), Key: k("1"), ConditionExpression: aws.String("attribute_not_exists(title)")}},
		{Delete: &types.Delete{TableName: aws.String("songs"), Key: k("2")}},
	}})
	var tce *types.TransactionCanceledException
	if !errors.As(err, &tce) || len(tce.CancellationReasons) != 3 || *tce.CancellationReasons[1].Code != "ConditionalCheckFailed" || *tce.CancellationReasons[0].Code != "None" {
		t.Fatalf("%v", err)
	}
	tx := &dynamodb.TransactWriteItemsInput{ClientRequestToken: aws.String("tok"), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
		TransactItems: []types.TransactWriteItem{{Update: &types.Update{TableName: aws.String("songs"), Key: k("1"),
			UpdateExpression: aws.String("ADD n :one"), ExpressionAttributeValues: map[string]types.AttributeValue{":one": &types.AttributeValueMemberN{Value: "1"}}}}}}
	for i := 0; i < 2; i++ {
		o, err := db.TransactWriteItems(ctx, tx)
		if err != nil || i == 0 && *o.ConsumedCapacity[0].CapacityUnits != 2 {
			t.Fatalf("%+v %v", o, err)
		}
	}
	g, _ := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("songs"), Key: k("1")})
	if g.Item["n"].(*types.AttributeValueMemberN).Value != "1" {
		t.Fatalf("a retried token applied twice: %+v", g.Item)
	}
	tx.TransactItems[0].Update.UpdateExpression = aws.String("ADD m :one")
	_, err = db.TransactWriteItems(ctx, tx)
	apiErr(t, err, "IdempotentParameterMismatchException", "")

	// PartiQL.
	ps, err := db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`SELECT * FROM "songs" WHERE artist = ? AND title = ?`),
		Parameters: []types.AttributeValue{&types.AttributeValueMemberS{Value: "a"}, &types.AttributeValueMemberS{Value: "1"}}})
	if err != nil || len(ps.Items) != 1 {
		t.Fatalf("%+v %v", ps, err)
	}
}

// Streams: every StreamViewType's records through the DynamoDB Streams
// API (Developer Guide, "Change data capture for DynamoDB Streams":
// INSERT/MODIFY/REMOVE; NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES,
// KEYS_ONLY).
func TestSDKStreams(t *testing.T) {
	db, ds, _ := clients(t)
	ctx := testCtx(t)
	for _, view := range []types.StreamViewType{types.StreamViewTypeNewImage, types.StreamViewTypeOldImage, types.StreamViewTypeNewAndOldImages, types.StreamViewTypeKeysOnly} {
		name := "t-" + string(view)
		_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: types.BillingModePayPerRequest,
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
			StreamSpecification:  &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: view}})
		if err != nil {
			t.Fatal(err)
		}
		key := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "k"}}
		item := map[string]types.AttributeValue{"pk": key["pk"], "v": &types.AttributeValueMemberN{Value: "1"}}
		db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: item})
		db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(name), Key: key, UpdateExpression: aws.String("SET v = v + v")})
		db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(name), Key: key})

		ls, err := ds.ListStreams(ctx, &dynamodbstreams.ListStreamsInput{TableName: aws.String(name)})
		if err != nil || len(ls.Streams) != 1 {
			t.Fatalf("%+v %v", ls, err)
		}
		d, err := ds.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: ls.Streams[0].StreamArn})
		if err != nil || d.StreamDescription.StreamStatus != sttypes.StreamStatusEnabled || len(d.StreamDescription.Shards) != 1 {
			t.Fatalf("%+v %v", d, err)
		}
		it, err := ds.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: ls.Streams[0].StreamArn,
			ShardId: d.StreamDescription.Shards[0].ShardId, ShardIteratorType: sttypes.ShardIteratorTypeTrimHorizon})
		if err != nil {
			t.Fatal(err)
		}
		r, err := ds.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil || len(r.Records) != 3 || r.NextShardIterator == nil {
			t.Fatalf("%+v %v", r, err)
		}
		names := ""
		for _, rec := range r.Records {
			names += string(rec.EventName) + " "
			sr := rec.Dynamodb
			if sr.StreamViewType != sttypes.StreamViewType(view) || sr.Keys["pk"] == nil {
				t.Fatalf("%s: %+v", view, sr)
			}
			hasNew, hasOld := sr.NewImage != nil, sr.OldImage != nil
			wantNew := rec.EventName != sttypes.OperationTypeRemove && (view == types.StreamViewTypeNewImage || view == types.StreamViewTypeNewAndOldImages)
			wantOld := rec.EventName != sttypes.OperationTypeInsert && (view == types.StreamViewTypeOldImage || view == types.StreamViewTypeNewAndOldImages)
			if hasNew != wantNew || hasOld != wantOld {
				t.Fatalf("%s %s: new %v old %v", view, rec.EventName, hasNew, hasOld)
			}
		}
		if names != "INSERT MODIFY REMOVE " {
			t.Fatalf("events %q", names)
		}
		// LATEST: nothing until the next write.
		it, _ = ds.GetShardIterator(ctx, &dynamodbstreams.GetShardIteratorInput{StreamArn: ls.Streams[0].StreamArn,
			ShardId: d.StreamDescription.Shards[0].ShardId, ShardIteratorType: sttypes.ShardIteratorTypeLatest})
		db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(name), Item: item})
		r, err = ds.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
		if err != nil || len(r.Records) != 1 {
			t.Fatalf("%+v %v", r, err)
		}
	}
	_, err := ds.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: aws.String("garbage")})
	apiErr(t, err, "ValidationException", "Invalid ShardIterator")
}
