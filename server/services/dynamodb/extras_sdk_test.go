package dynamodb_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func enablePITR(t *testing.T, db *dynamodb.Client, table string) {
	t.Helper()
	if _, err := db.UpdateContinuousBackups(testCtx(t), &dynamodb.UpdateContinuousBackupsInput{TableName: aws.String(table),
		PointInTimeRecoverySpecification: &types.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
}

// RestoreTableToPointInTime (API Reference, "RestoreTableToPointInTime"):
// PointInTimeRecoveryUnavailableException while PITR is off,
// TableAlreadyExistsException for an existing target, a new table with the
// source's items and a RestoreSummary naming the source table ARN.
func TestSDKRestoreTableToPointInTime(t *testing.T) {
	db, _, _ := clients(t)
	ctx := testCtx(t)
	createSongs(t, db, nil)
	put(t, db, Song{Artist: "a", Title: "x", Year: 1999})
	put(t, db, Song{Artist: "b", Title: "y", Year: 2001})
	in := &dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("songs"), TargetTableName: aws.String("songs2"), UseLatestRestorableTime: aws.Bool(true)}
	_, err := db.RestoreTableToPointInTime(ctx, in)
	apiErr(t, err, "PointInTimeRecoveryUnavailableException", "")
	_, err = db.RestoreTableToPointInTime(ctx, &dynamodb.RestoreTableToPointInTimeInput{SourceTableName: aws.String("nope"), TargetTableName: aws.String("xyz"), UseLatestRestorableTime: aws.Bool(true)})
	apiErr(t, err, "TableNotFoundException", "Table not found: nope")
	enablePITR(t, db, "songs")
	in.TargetTableName = aws.String("songs")
	_, err = db.RestoreTableToPointInTime(ctx, in)
	apiErr(t, err, "TableAlreadyExistsException", "Table already exists: songs")
	in.TargetTableName = aws.String("songs2")
	out, err := db.RestoreTableToPointInTime(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	d := out.TableDescription
	rs := d.RestoreSummary
	if rs == nil || !strings.HasSuffix(aws.ToString(rs.SourceTableArn), ":table/songs") || aws.ToBool(rs.RestoreInProgress) || rs.RestoreDateTime == nil {
		t.Fatalf("RestoreSummary %+v", rs)
	}
	if aws.ToString(d.TableName) != "songs2" || aws.ToInt64(d.ItemCount) != 2 || len(d.KeySchema) != 2 {
		t.Fatalf("%+v", d)
	}
	sc, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("songs2")})
	if err != nil || sc.Count != 2 {
		t.Fatalf("%v %+v", err, sc)
	}
	// By ARN, at an explicit time before the table existed: InvalidRestoreTimeException.
	src, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("songs")})
	_, err = db.RestoreTableToPointInTime(ctx, &dynamodb.RestoreTableToPointInTimeInput{SourceTableArn: src.Table.TableArn,
		TargetTableName: aws.String("songs3"), RestoreDateTime: aws.Time(src.Table.CreationDateTime.AddDate(0, 0, -1))})
	apiErr(t, err, "InvalidRestoreTimeException", "")
}

// Contributor Insights (API Reference, "DescribeContributorInsights",
// "UpdateContributorInsights", "ListContributorInsights"): DISABLED until
// enabled, the status recorded per table and index, ResourceNotFoundException
// for an unknown table or index.
func TestSDKContributorInsights(t *testing.T) {
	db, _, _ := clients(t)
	ctx := testCtx(t)
	createSongs(t, db, func(in *dynamodb.CreateTableInput) {
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String("genre"), AttributeType: types.ScalarAttributeTypeS})
		in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{IndexName: aws.String("byGenre"),
			KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("genre"), KeyType: types.KeyTypeHash}},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}}
	})
	d, err := db.DescribeContributorInsights(ctx, &dynamodb.DescribeContributorInsightsInput{TableName: aws.String("songs")})
	if err != nil || d.ContributorInsightsStatus != types.ContributorInsightsStatusDisabled {
		t.Fatalf("%v %+v", err, d)
	}
	_, err = db.DescribeContributorInsights(ctx, &dynamodb.DescribeContributorInsightsInput{TableName: aws.String("nope")})
	apiErr(t, err, "ResourceNotFoundException", "")
	_, err = db.UpdateContributorInsights(ctx, &dynamodb.UpdateContributorInsightsInput{TableName: aws.String("songs"), IndexName: aws.String("nope"), ContributorInsightsAction: types.ContributorInsightsActionEnable})
	apiErr(t, err, "ResourceNotFoundException", "Requested resource not found: Index: nope not found")
	u, err := db.UpdateContributorInsights(ctx, &dynamodb.UpdateContributorInsightsInput{TableName: aws.String("songs"), ContributorInsightsAction: types.ContributorInsightsActionEnable})
	if err != nil || u.ContributorInsightsStatus != types.ContributorInsightsStatusEnabled {
		t.Fatalf("%v %+v", err, u)
	}
	if _, err := db.UpdateContributorInsights(ctx, &dynamodb.UpdateContributorInsightsInput{TableName: aws.String("songs"), IndexName: aws.String("byGenre"),
		ContributorInsightsAction: types.ContributorInsightsActionEnable, ContributorInsightsMode: types.ContributorInsightsModeThrottledKeys}); err != nil {
		t.Fatal(err)
	}
	d, err = db.DescribeContributorInsights(ctx, &dynamodb.DescribeContributorInsightsInput{TableName: aws.String("songs")})
	if err != nil || d.ContributorInsightsStatus != types.ContributorInsightsStatusEnabled || len(d.ContributorInsightsRuleList) != 4 ||
		!strings.HasPrefix(d.ContributorInsightsRuleList[0], "DynamoDBContributorInsights-PKC-songs-") || d.LastUpdateDateTime == nil ||
		d.ContributorInsightsMode != types.ContributorInsightsModeAccessedAndThrottledKeys {
		t.Fatalf("%v %+v", err, d)
	}
	// TableName may be the table's ARN (the model's TableArn shape).
	tbl, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("songs")})
	byARN, err := db.ListContributorInsights(ctx, &dynamodb.ListContributorInsightsInput{TableName: tbl.Table.TableArn})
	if err != nil || len(byARN.ContributorInsightsSummaries) != 2 {
		t.Fatalf("%v %+v", err, byARN)
	}
	l, err := db.ListContributorInsights(ctx, &dynamodb.ListContributorInsightsInput{MaxResults: 1})
	if err != nil || len(l.ContributorInsightsSummaries) != 1 || l.NextToken == nil || l.ContributorInsightsSummaries[0].IndexName != nil {
		t.Fatalf("%v %+v", err, l)
	}
	l, err = db.ListContributorInsights(ctx, &dynamodb.ListContributorInsightsInput{MaxResults: 1, NextToken: l.NextToken})
	if err != nil || len(l.ContributorInsightsSummaries) != 1 || l.NextToken != nil || aws.ToString(l.ContributorInsightsSummaries[0].IndexName) != "byGenre" ||
		l.ContributorInsightsSummaries[0].ContributorInsightsMode != types.ContributorInsightsModeThrottledKeys {
		t.Fatalf("%v %+v", err, l)
	}
	u, err = db.UpdateContributorInsights(ctx, &dynamodb.UpdateContributorInsightsInput{TableName: aws.String("songs"), ContributorInsightsAction: types.ContributorInsightsActionDisable})
	if err != nil || u.ContributorInsightsStatus != types.ContributorInsightsStatusDisabled {
		t.Fatalf("%v %+v", err, u)
	}
}

// Resource-based policies (API Reference, "PutResourcePolicy",
// "GetResourcePolicy", "DeleteResourcePolicy"): PolicyNotFoundException
// when none is attached or ExpectedRevisionId does not match, a new
// RevisionId per change, ResourceNotFoundException for an unknown table.
func TestSDKResourcePolicy(t *testing.T) {
	db, _, _ := clients(t)
	ctx := testCtx(t)
	createSongs(t, db, nil)
	d, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("songs")})
	arn := d.Table.TableArn
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"dynamodb:GetItem","Resource":"*"}]}`
	_, err := db.GetResourcePolicy(ctx, &dynamodb.GetResourcePolicyInput{ResourceArn: arn})
	apiErr(t, err, "PolicyNotFoundException", "")
	_, err = db.GetResourcePolicy(ctx, &dynamodb.GetResourcePolicyInput{ResourceArn: aws.String(strings.Replace(*arn, "songs", "nope", 1))})
	apiErr(t, err, "ResourceNotFoundException", "")
	p1, err := db.PutResourcePolicy(ctx, &dynamodb.PutResourcePolicyInput{ResourceArn: arn, Policy: aws.String(policy), ExpectedRevisionId: aws.String("NO_POLICY")})
	if err != nil || aws.ToString(p1.RevisionId) == "" {
		t.Fatalf("%v %+v", err, p1)
	}
	_, err = db.PutResourcePolicy(ctx, &dynamodb.PutResourcePolicyInput{ResourceArn: arn, Policy: aws.String(policy), ExpectedRevisionId: aws.String("123")})
	apiErr(t, err, "PolicyNotFoundException", "")
	p2, err := db.PutResourcePolicy(ctx, &dynamodb.PutResourcePolicyInput{ResourceArn: arn, Policy: aws.String(policy), ExpectedRevisionId: p1.RevisionId})
	if err != nil || aws.ToString(p2.RevisionId) == aws.ToString(p1.RevisionId) {
		t.Fatalf("%v %+v", err, p2)
	}
	g, err := db.GetResourcePolicy(ctx, &dynamodb.GetResourcePolicyInput{ResourceArn: arn})
	if err != nil || aws.ToString(g.Policy) != policy || aws.ToString(g.RevisionId) != aws.ToString(p2.RevisionId) {
		t.Fatalf("%v %+v", err, g)
	}
	_, err = db.DeleteResourcePolicy(ctx, &dynamodb.DeleteResourcePolicyInput{ResourceArn: arn, ExpectedRevisionId: p1.RevisionId})
	apiErr(t, err, "PolicyNotFoundException", "")
	del, err := db.DeleteResourcePolicy(ctx, &dynamodb.DeleteResourcePolicyInput{ResourceArn: arn})
	if err != nil || aws.ToString(del.RevisionId) != aws.ToString(p2.RevisionId) {
		t.Fatalf("%v %+v", err, del)
	}
	_, err = db.DeleteResourcePolicy(ctx, &dynamodb.DeleteResourcePolicyInput{ResourceArn: arn})
	apiErr(t, err, "PolicyNotFoundException", "")
}

// Global tables: UpdateTable ReplicaUpdates (version 2019.11.21) shown as
// Replicas in DescribeTable and DescribeTableReplicaAutoScaling; the
// 2017.11.29 API (CreateGlobalTable and the rest) with
// GlobalTableAlreadyExistsException, GlobalTableNotFoundException,
// ReplicaAlreadyExistsException, ReplicaNotFoundException (API Reference,
// each operation's "Errors").
func TestSDKGlobalTables(t *testing.T) {
	db, _, _ := clients(t)
	ctx := testCtx(t)
	createSongs(t, db, nil)
	u, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("songs"),
		ReplicaUpdates: []types.ReplicationGroupUpdate{{Create: &types.CreateReplicationGroupMemberAction{RegionName: aws.String("eu-west-1")}}}})
	if err != nil || len(u.TableDescription.Replicas) != 1 || aws.ToString(u.TableDescription.GlobalTableVersion) != "2019.11.21" {
		t.Fatalf("%v %+v", err, u)
	}
	d, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("songs")})
	if r := d.Table.Replicas; len(r) != 1 || aws.ToString(r[0].RegionName) != "eu-west-1" || r[0].ReplicaStatus != types.ReplicaStatusActive {
		t.Fatalf("%+v", d.Table.Replicas)
	}
	_, err = db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("songs"),
		ReplicaUpdates: []types.ReplicationGroupUpdate{{Create: &types.CreateReplicationGroupMemberAction{RegionName: aws.String("eu-west-1")}}}})
	apiErr(t, err, "ValidationException", "")
	as, err := db.DescribeTableReplicaAutoScaling(ctx, &dynamodb.DescribeTableReplicaAutoScalingInput{TableName: aws.String("songs")})
	if err != nil || len(as.TableAutoScalingDescription.Replicas) != 2 {
		t.Fatalf("%v %+v", err, as)
	}
	if _, err := db.UpdateTableReplicaAutoScaling(ctx, &dynamodb.UpdateTableReplicaAutoScalingInput{TableName: aws.String("songs")}); err != nil {
		t.Fatal(err)
	}
	_, err = db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("songs"),
		ReplicaUpdates: []types.ReplicationGroupUpdate{{Delete: &types.DeleteReplicationGroupMemberAction{RegionName: aws.String("eu-west-1")}}}})
	if err != nil {
		t.Fatal(err)
	}
	d, _ = db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("songs")})
	if len(d.Table.Replicas) != 0 {
		t.Fatalf("%+v", d.Table.Replicas)
	}

	// Version 2017.11.29.
	_, err = db.CreateGlobalTable(ctx, &dynamodb.CreateGlobalTableInput{GlobalTableName: aws.String("songs"),
		ReplicationGroup: []types.Replica{{RegionName: aws.String("eu-west-1")}}})
	apiErr(t, err, "TableNotFoundException", "")
	c, err := db.CreateGlobalTable(ctx, &dynamodb.CreateGlobalTableInput{GlobalTableName: aws.String("songs"),
		ReplicationGroup: []types.Replica{{RegionName: aws.String("us-east-1")}}})
	if err != nil || c.GlobalTableDescription.GlobalTableStatus != types.GlobalTableStatusActive ||
		aws.ToString(c.GlobalTableDescription.GlobalTableArn) != "arn:aws:dynamodb::000000000000:global-table/songs" {
		t.Fatalf("%v %+v", err, c)
	}
	_, err = db.CreateGlobalTable(ctx, &dynamodb.CreateGlobalTableInput{GlobalTableName: aws.String("songs"),
		ReplicationGroup: []types.Replica{{RegionName: aws.String("us-east-1")}}})
	apiErr(t, err, "GlobalTableAlreadyExistsException", "")
	_, err = db.DescribeGlobalTable(ctx, &dynamodb.DescribeGlobalTableInput{GlobalTableName: aws.String("nope")})
	apiErr(t, err, "GlobalTableNotFoundException", "")
	_, err = db.UpdateGlobalTable(ctx, &dynamodb.UpdateGlobalTableInput{GlobalTableName: aws.String("songs"),
		ReplicaUpdates: []types.ReplicaUpdate{{Create: &types.CreateReplicaAction{RegionName: aws.String("us-east-1")}}}})
	apiErr(t, err, "ReplicaAlreadyExistsException", "")
	_, err = db.UpdateGlobalTable(ctx, &dynamodb.UpdateGlobalTableInput{GlobalTableName: aws.String("songs"),
		ReplicaUpdates: []types.ReplicaUpdate{{Delete: &types.DeleteReplicaAction{RegionName: aws.String("ap-south-1")}}}})
	apiErr(t, err, "ReplicaNotFoundException", "")
	l, err := db.ListGlobalTables(ctx, &dynamodb.ListGlobalTablesInput{RegionName: aws.String("us-east-1")})
	if err != nil || len(l.GlobalTables) != 1 || aws.ToString(l.GlobalTables[0].GlobalTableName) != "songs" {
		t.Fatalf("%v %+v", err, l)
	}
	l, _ = db.ListGlobalTables(ctx, &dynamodb.ListGlobalTablesInput{RegionName: aws.String("eu-west-1")})
	if len(l.GlobalTables) != 0 {
		t.Fatalf("%+v", l)
	}
	gs, err := db.DescribeGlobalTableSettings(ctx, &dynamodb.DescribeGlobalTableSettingsInput{GlobalTableName: aws.String("songs")})
	if err != nil || len(gs.ReplicaSettings) != 1 || gs.ReplicaSettings[0].ReplicaBillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Fatalf("%v %+v", err, gs)
	}
	_, err = db.UpdateGlobalTableSettings(ctx, &dynamodb.UpdateGlobalTableSettingsInput{GlobalTableName: aws.String("songs"),
		ReplicaSettingsUpdate: []types.ReplicaSettingsUpdate{{RegionName: aws.String("ap-south-1")}}})
	apiErr(t, err, "ReplicaNotFoundException", "")
	us, err := db.UpdateGlobalTableSettings(ctx, &dynamodb.UpdateGlobalTableSettingsInput{GlobalTableName: aws.String("songs"),
		GlobalTableBillingMode: types.BillingModeProvisioned, GlobalTableProvisionedWriteCapacityUnits: aws.Int64(7)})
	if err != nil || aws.ToInt64(us.ReplicaSettings[0].ReplicaProvisionedWriteCapacityUnits) != 7 {
		t.Fatalf("%v %+v", err, us)
	}
}

// Exports and imports (API Reference, "ExportTableToPointInTime",
// "DescribeExport", "ListExports", "ImportTable", "DescribeImport",
// "ListImports"): recorded as COMPLETED with <table ARN>/export/<id> and
// <table ARN>/import/<id> ARNs; exports need PITR.
func TestSDKExportsAndImports(t *testing.T) {
	db, _, _ := clients(t)
	ctx := testCtx(t)
	createSongs(t, db, nil)
	put(t, db, Song{Artist: "a", Title: "x"})
	d, _ := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("songs")})
	arn := aws.ToString(d.Table.TableArn)
	in := &dynamodb.ExportTableToPointInTimeInput{TableArn: aws.String(arn), S3Bucket: aws.String("bucket"), S3Prefix: aws.String("p"), ClientToken: aws.String("tok")}
	_, err := db.ExportTableToPointInTime(ctx, in)
	apiErr(t, err, "PointInTimeRecoveryUnavailableException", "")
	enablePITR(t, db, "songs")
	e, err := db.ExportTableToPointInTime(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	x := e.ExportDescription
	if x.ExportStatus != types.ExportStatusCompleted || !strings.HasPrefix(aws.ToString(x.ExportArn), arn+"/export/") ||
		x.ExportFormat != types.ExportFormatDynamodbJson || x.ExportType != types.ExportTypeFullExport || aws.ToInt64(x.ItemCount) != 1 ||
		!strings.HasPrefix(aws.ToString(x.ExportManifest), "p/AWSDynamoDB/") {
		t.Fatalf("%+v", x)
	}
	again, err := db.ExportTableToPointInTime(ctx, in)
	if err != nil || aws.ToString(again.ExportDescription.ExportArn) != aws.ToString(x.ExportArn) {
		t.Fatalf("ClientToken retry: %v %+v", err, again)
	}
	in.S3Bucket = aws.String("other")
	_, err = db.ExportTableToPointInTime(ctx, in)
	apiErr(t, err, "ExportConflictException", "")
	de, err := db.DescribeExport(ctx, &dynamodb.DescribeExportInput{ExportArn: x.ExportArn})
	if err != nil || aws.ToString(de.ExportDescription.S3Bucket) != "bucket" {
		t.Fatalf("%v %+v", err, de)
	}
	_, err = db.DescribeExport(ctx, &dynamodb.DescribeExportInput{ExportArn: aws.String(arn + "/export/01695353076000-06e2188f")})
	apiErr(t, err, "ExportNotFoundException", "")
	le, err := db.ListExports(ctx, &dynamodb.ListExportsInput{TableArn: aws.String(arn)})
	if err != nil || len(le.ExportSummaries) != 1 || le.ExportSummaries[0].ExportStatus != types.ExportStatusCompleted {
		t.Fatalf("%v %+v", err, le)
	}

	imp := &dynamodb.ImportTableInput{
		S3BucketSource: &types.S3BucketSource{S3Bucket: aws.String("bucket"), S3KeyPrefix: aws.String("in/")},
		InputFormat:    types.InputFormatDynamodbJson,
		TableCreationParameters: &types.TableCreationParameters{TableName: aws.String("imported"), BillingMode: types.BillingModePayPerRequest,
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}}},
	}
	i, err := db.ImportTable(ctx, imp)
	if err != nil {
		t.Fatal(err)
	}
	id := i.ImportTableDescription
	if id.ImportStatus != types.ImportStatusCompleted || !strings.HasSuffix(aws.ToString(id.TableArn), ":table/imported") ||
		!strings.HasPrefix(aws.ToString(id.ImportArn), aws.ToString(id.TableArn)+"/import/") || id.ImportedItemCount != 0 {
		t.Fatalf("%+v", id)
	}
	if _, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("imported")}); err != nil {
		t.Fatal(err)
	}
	// The SDK fills ClientToken (an idempotency token) once per input: a
	// retry returns the same import; a new token hits the existing table.
	same, err := db.ImportTable(ctx, imp)
	if err != nil || aws.ToString(same.ImportTableDescription.ImportArn) != aws.ToString(id.ImportArn) {
		t.Fatalf("ClientToken retry: %v %+v", err, same)
	}
	imp.ClientToken = aws.String("another")
	_, err = db.ImportTable(ctx, imp)
	apiErr(t, err, "ResourceInUseException", "")
	di, err := db.DescribeImport(ctx, &dynamodb.DescribeImportInput{ImportArn: id.ImportArn})
	if err != nil || aws.ToString(di.ImportTableDescription.S3BucketSource.S3Bucket) != "bucket" {
		t.Fatalf("%v %+v", err, di)
	}
	_, err = db.DescribeImport(ctx, &dynamodb.DescribeImportInput{ImportArn: aws.String(aws.ToString(id.ImportArn) + "x")})
	apiErr(t, err, "ImportNotFoundException", "")
	li, err := db.ListImports(ctx, &dynamodb.ListImportsInput{})
	if err != nil || len(li.ImportSummaryList) != 1 || li.ImportSummaryList[0].ImportStatus != types.ImportStatusCompleted {
		t.Fatalf("%v %+v", err, li)
	}
}
