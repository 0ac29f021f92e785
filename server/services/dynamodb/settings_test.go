package dynamodb

import "testing"

func TestTagsTTLBackupsAndUpdateTable(t *testing.T) {
	s := newTestService()
	mustTable(t, s, "t", "S", "")
	arn := "arn:aws:dynamodb:us-west-2:123456789012:table/t"
	if _, err := s.TagResource(ctx, &TagResourceInput{ResourceArn: ptr(arn), Tags: []Tag{{Key: ptr("env"), Value: ptr("ci")}}}); err != nil {
		t.Fatal(err)
	}
	tags, _ := s.ListTagsOfResource(ctx, &ListTagsOfResourceInput{ResourceArn: ptr(arn)})
	if len(tags.Tags) != 1 || *tags.Tags[0].Value != "ci" {
		t.Fatal(tags)
	}
	s.UntagResource(ctx, &UntagResourceInput{ResourceArn: ptr(arn), TagKeys: []string{"env"}})
	if tags, _ = s.ListTagsOfResource(ctx, &ListTagsOfResourceInput{ResourceArn: ptr(arn)}); len(tags.Tags) != 0 {
		t.Fatal(tags)
	}
	_, err := s.ListTagsOfResource(ctx, &ListTagsOfResourceInput{ResourceArn: ptr(arn + "x")})
	wantErr(t, err, "ResourceNotFoundException", "Requested resource not found")

	// DescribeTimeToLive reference: TimeToLiveStatus DISABLED until enabled.
	ttl, _ := s.DescribeTimeToLive(ctx, &DescribeTimeToLiveInput{TableName: ptr("t")})
	if *ttl.TimeToLiveDescription.TimeToLiveStatus != "DISABLED" {
		t.Fatal(ttl)
	}
	s.UpdateTimeToLive(ctx, &UpdateTimeToLiveInput{TableName: ptr("t"), TimeToLiveSpecification: &TimeToLiveSpecification{Enabled: ptr(true), AttributeName: ptr("exp")}})
	ttl, _ = s.DescribeTimeToLive(ctx, &DescribeTimeToLiveInput{TableName: ptr("t")})
	if *ttl.TimeToLiveDescription.TimeToLiveStatus != "ENABLED" || *ttl.TimeToLiveDescription.AttributeName != "exp" {
		t.Fatal(ttl)
	}
	_, err = s.UpdateTimeToLive(ctx, &UpdateTimeToLiveInput{TableName: ptr("t"), TimeToLiveSpecification: &TimeToLiveSpecification{Enabled: ptr(true), AttributeName: ptr("exp")}})
	wantErr(t, err, "ValidationException", "TimeToLive is already enabled")

	b, _ := s.DescribeContinuousBackups(ctx, &DescribeContinuousBackupsInput{TableName: ptr("t")})
	if *b.ContinuousBackupsDescription.ContinuousBackupsStatus != "ENABLED" || *b.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus != "DISABLED" {
		t.Fatal(b)
	}
	_, err = s.DescribeContinuousBackups(ctx, &DescribeContinuousBackupsInput{TableName: ptr("nope")})
	wantErr(t, err, "TableNotFoundException", "Table not found: nope")

	u, err := s.UpdateTable(ctx, &UpdateTableInput{TableName: ptr("t"), BillingMode: ptr("PROVISIONED"),
		ProvisionedThroughput: &ProvisionedThroughput{ReadCapacityUnits: ptr(int64(3)), WriteCapacityUnits: ptr(int64(4))},
		AttributeDefinitions:  []AttributeDefinition{{AttributeName: ptr("g"), AttributeType: ptr("S")}},
		GlobalSecondaryIndexUpdates: []GlobalSecondaryIndexUpdate{{Create: &CreateGlobalSecondaryIndexAction{
			IndexName: ptr("byG"), KeySchema: []KeySchemaElement{{AttributeName: ptr("g"), KeyType: ptr("HASH")}}, Projection: &Projection{ProjectionType: ptr("ALL")},
		}}}})
	if err != nil || *u.TableDescription.ProvisionedThroughput.WriteCapacityUnits != 4 || len(u.TableDescription.GlobalSecondaryIndexes) != 1 {
		t.Fatal(u, err)
	}
	mustPut(t, s, "t", map[string]AttributeValue{"pk": S("1"), "g": S("x")})
	q, err := s.Query(ctx, &QueryInput{TableName: ptr("t"), IndexName: ptr("byG"), KeyConditionExpression: ptr("g = :g"), ExpressionAttributeValues: map[string]AttributeValue{":g": S("x")}})
	if err != nil || *q.Count != 1 {
		t.Fatal(q, err)
	}
}
