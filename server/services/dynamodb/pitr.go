package dynamodb

import (
	"context"
	"strings"
)

// RestoreTableToPointInTime creates TargetTableName from the source
// table's definition and its current items (the emulator keeps no history:
// every restorable time restores the latest state). The source is named by
// SourceTableName or SourceTableArn. The result is ACTIVE at once, with a
// RestoreSummary naming the source table ARN. Errors (API Reference,
// "RestoreTableToPointInTime"): SourceTableNotFoundException as
// TableNotFoundException "Table not found: <name>",
// PointInTimeRecoveryUnavailableException when PITR is disabled,
// InvalidRestoreTimeException outside the restorable window,
// TableAlreadyExistsException.
func (s *Service) RestoreTableToPointInTime(ctx context.Context, in *RestoreTableToPointInTimeInput) (*RestoreTableToPointInTimeOutput, error) {
	name := deref(in.SourceTableName)
	if in.SourceTableArn != nil {
		arn := *in.SourceTableArn
		i := strings.LastIndex(arn, ":table/")
		if i < 0 {
			return nil, validation("Invalid SourceTableArn: %s", arn)
		}
		name = arn[i+len(":table/"):]
	}
	if name == "" {
		return nil, validation("Either SourceTableArn or SourceTableName must be specified")
	}
	src, err := s.backupsTable(ctx, &name)
	if err != nil {
		return nil, err
	}
	now := s.env.Now()
	src.mu.RLock()
	enabled, created := src.pitr, src.created
	src.mu.RUnlock()
	if !enabled {
		return nil, &PointInTimeRecoveryUnavailableException{Message: ptr("Point in time recovery is not enabled for table '" + name + "'")}
	}
	useLatest := in.UseLatestRestorableTime != nil && *in.UseLatestRestorableTime
	if in.RestoreDateTime != nil && !useLatest {
		at := *in.RestoreDateTime
		if at.Before(created) || at.After(now) {
			return nil, &InvalidRestoreTimeException{Message: ptr("Invalid restore time: the restore time must be between the earliest and latest restorable date time")}
		}
	} else if !useLatest {
		return nil, validation("Either RestoreDateTime or UseLatestRestorableTime must be specified")
	}
	if _, err := s.table(ctx, in.TargetTableName); err == nil {
		return nil, &TableAlreadyExistsException{Message: ptr("Table already exists: " + deref(in.TargetTableName))}
	}
	src.mu.RLock()
	create := &CreateTableInput{
		TableName: in.TargetTableName, KeySchema: src.keySchema, AttributeDefinitions: append([]AttributeDefinition(nil), src.attrDefs...),
		BillingMode: ptr(src.billing), GlobalSecondaryIndexes: src.gsis, LocalSecondaryIndexes: src.lsis,
	}
	if src.billing == "PROVISIONED" {
		create.ProvisionedThroughput = &ProvisionedThroughput{ReadCapacityUnits: ptr(src.rcu), WriteCapacityUnits: ptr(src.wcu)}
	}
	var items []map[string]AttributeValue
	for _, p := range src.parts {
		for _, e := range p.items {
			items = append(items, e.item) // items are never changed in place
		}
	}
	srcARN := src.arn
	src.mu.RUnlock()
	if in.BillingModeOverride != nil {
		create.BillingMode = in.BillingModeOverride
		if *in.BillingModeOverride == "PAY_PER_REQUEST" {
			create.ProvisionedThroughput = nil
		}
	}
	if in.ProvisionedThroughputOverride != nil {
		create.ProvisionedThroughput = in.ProvisionedThroughputOverride
	}
	if in.GlobalSecondaryIndexOverride != nil {
		create.GlobalSecondaryIndexes = in.GlobalSecondaryIndexOverride
	}
	if in.LocalSecondaryIndexOverride != nil {
		create.LocalSecondaryIndexes = in.LocalSecondaryIndexOverride
	}
	if _, err := s.CreateTable(ctx, create); err != nil {
		return nil, err
	}
	t, err := s.table(ctx, in.TargetTableName)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	for _, item := range items {
		if k, err := t.keyFromItem(item); err == nil {
			size, _ := checkItem(item)
			t.put(k, item, size)
		}
	}
	t.mu.Unlock()
	d := t.describe("ACTIVE")
	d.RestoreSummary = &RestoreSummary{SourceTableArn: ptr(srcARN), RestoreDateTime: ptr(now), RestoreInProgress: ptr(false)}
	if in.RestoreDateTime != nil && !useLatest {
		d.RestoreSummary.RestoreDateTime = in.RestoreDateTime
	}
	return &RestoreTableToPointInTimeOutput{TableDescription: d}, nil
}
