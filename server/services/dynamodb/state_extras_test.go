package dynamodb

import (
	"bytes"
	"testing"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// A snapshot round trip keeps contributor insights, replicas, resource
// policies, 2017.11.29 global tables, exports and imports.
func TestStateRoundTripExtras(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("a")})
	arn := "arn:aws:dynamodb:us-west-2:123456789012:table/t"
	steps := []func() error{
		func() error {
			_, err := s.UpdateContributorInsights(ctx, &UpdateContributorInsightsInput{TableName: ptr("t"), ContributorInsightsAction: ptr("ENABLE")})
			return err
		},
		func() error {
			_, err := s.UpdateTable(ctx, &UpdateTableInput{TableName: ptr("t"), ReplicaUpdates: []ReplicationGroupUpdate{{Create: &CreateReplicationGroupMemberAction{RegionName: ptr("eu-west-1")}}}})
			return err
		},
		func() error {
			_, err := s.PutResourcePolicy(ctx, &PutResourcePolicyInput{ResourceArn: ptr(arn), Policy: ptr(`{"Version":"2012-10-17"}`)})
			return err
		},
		func() error {
			_, err := s.CreateGlobalTable(ctx, &CreateGlobalTableInput{GlobalTableName: ptr("t"), ReplicationGroup: []Replica{{RegionName: ptr("us-west-2")}}})
			return err
		},
		func() error {
			_, err := s.UpdateContinuousBackups(ctx, &UpdateContinuousBackupsInput{TableName: ptr("t"), PointInTimeRecoverySpecification: &PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: ptr(true)}})
			return err
		},
		func() error {
			_, err := s.ExportTableToPointInTime(ctx, &ExportTableToPointInTimeInput{TableArn: ptr(arn), S3Bucket: ptr("b")})
			return err
		},
		func() error {
			_, err := s.ImportTable(ctx, &ImportTableInput{S3BucketSource: &S3BucketSource{S3Bucket: ptr("b")}, InputFormat: ptr("CSV"),
				TableCreationParameters: &TableCreationParameters{TableName: ptr("imp"), BillingMode: ptr("PAY_PER_REQUEST"),
					KeySchema:            []KeySchemaElement{{AttributeName: ptr("id"), KeyType: ptr("HASH")}},
					AttributeDefinitions: []AttributeDefinition{{AttributeName: ptr("id"), AttributeType: ptr("S")}}}})
			return err
		},
	}
	for i, f := range steps {
		if err := f(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	var buf bytes.Buffer
	w := state.NewWriter(&buf, "test", testNow)
	if err := s.SaveState(ctx, w.Service("dynamodb")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := state.OpenReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	l := newTestService()
	if err := l.LoadState(ctx, r.Service("dynamodb"), false); err != nil {
		t.Fatal(err)
	}
	ci, err := l.DescribeContributorInsights(ctx, &DescribeContributorInsightsInput{TableName: ptr("t")})
	if err != nil || *ci.ContributorInsightsStatus != "ENABLED" {
		t.Fatalf("%v %+v", err, ci)
	}
	d, _ := l.DescribeTable(ctx, &DescribeTableInput{TableName: ptr("t")})
	if len(d.Table.Replicas) != 1 {
		t.Fatalf("%+v", d.Table.Replicas)
	}
	if p, err := l.GetResourcePolicy(ctx, &GetResourcePolicyInput{ResourceArn: ptr(arn)}); err != nil || *p.Policy != `{"Version":"2012-10-17"}` {
		t.Fatalf("%v %+v", err, p)
	}
	if g, err := l.DescribeGlobalTable(ctx, &DescribeGlobalTableInput{GlobalTableName: ptr("t")}); err != nil || len(g.GlobalTableDescription.ReplicationGroup) != 1 {
		t.Fatalf("%v %+v", err, g)
	}
	if e, _ := l.ListExports(ctx, &ListExportsInput{}); len(e.ExportSummaries) != 1 {
		t.Fatalf("%+v", e)
	}
	if i, _ := l.ListImports(ctx, &ListImportsInput{}); len(i.ImportSummaryList) != 1 {
		t.Fatalf("%+v", i)
	}
}
