package dynamodb

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// backup is an on-demand backup: the table's definition and a copy of its
// items when CreateBackup ran (items are never changed in place, so sharing
// the maps is a copy).
type backup struct {
	details BackupDetails
	source  SourceTableDetails
	def     *table // definition only (no items)
	items   []map[string]AttributeValue
}

// CreateBackup records an on-demand backup of a table, AVAILABLE at once.
// BackupArn is <table ARN>/backup/<13-digit millis>-<8 hex>. Errors:
// TableNotFoundException "Table not found: <name>".
func (s *Service) CreateBackup(ctx context.Context, in *CreateBackupInput) (*CreateBackupOutput, error) {
	t, err := s.backupsTable(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	now := s.env.Now()
	id := strings.ReplaceAll(s.env.NewID(), "-", "")[:8]
	t.mu.RLock()
	// The definition as it is now: later UpdateTable calls do not change
	// what the backup restores.
	b := &backup{def: &table{
		name: t.name, arn: t.arn, id: t.id, created: t.created, keySchema: t.keySchema,
		attrDefs: append([]AttributeDefinition(nil), t.attrDefs...), hash: t.hash, rng: t.rng,
		hashType: t.hashType, rngType: t.rngType, billing: t.billing, billingExplicit: t.billingExplicit,
		rcu: t.rcu, wcu: t.wcu, tableClass: t.tableClass, defs: map[string]string{},
		gsis: append([]GlobalSecondaryIndex(nil), t.gsis...), lsis: append([]LocalSecondaryIndex(nil), t.lsis...),
		parts: map[string]*partition{},
	}}
	for k, v := range t.defs {
		b.def.defs[k] = v
	}
	for _, p := range t.parts {
		for _, e := range p.items {
			b.items = append(b.items, e.item)
		}
	}
	b.details = BackupDetails{
		BackupArn:  ptr(t.arn + "/backup/" + strconv.FormatInt(now.UnixMilli(), 10) + "-" + id),
		BackupName: in.BackupName, BackupSizeBytes: ptr(t.size), BackupStatus: ptr("AVAILABLE"),
		BackupType: ptr("USER"), BackupCreationDateTime: ptr(now),
	}
	b.source = SourceTableDetails{
		TableName: ptr(t.name), TableId: ptr(t.id), TableArn: ptr(t.arn), TableSizeBytes: ptr(t.size),
		KeySchema: t.keySchema, TableCreationDateTime: ptr(t.created), ItemCount: ptr(t.count),
		ProvisionedThroughput: &ProvisionedThroughput{ReadCapacityUnits: ptr(t.rcu), WriteCapacityUnits: ptr(t.wcu)},
		BillingMode:           ptr(t.billing),
	}
	t.mu.RUnlock()
	st := s.store(ctx)
	st.mu.Lock()
	st.backups = append(st.backups, b)
	st.mu.Unlock()
	return &CreateBackupOutput{BackupDetails: &b.details}, nil
}

func (b *backup) description() *BackupDescription {
	return &BackupDescription{BackupDetails: &b.details, SourceTableDetails: &b.source}
}

// findBackup returns the backup with the ARN or BackupNotFoundException.
func (s *Service) findBackup(ctx context.Context, arn *string) (*backup, int, error) {
	st := s.store(ctx)
	st.mu.RLock()
	defer st.mu.RUnlock()
	for i, b := range st.backups {
		if *b.details.BackupArn == deref(arn) {
			return b, i, nil
		}
	}
	return nil, -1, &BackupNotFoundException{Message: ptr("Backup not found: " + deref(arn))}
}

// DescribeBackup describes a backup. Errors: BackupNotFoundException.
func (s *Service) DescribeBackup(ctx context.Context, in *DescribeBackupInput) (*DescribeBackupOutput, error) {
	b, _, err := s.findBackup(ctx, in.BackupArn)
	if err != nil {
		return nil, err
	}
	return &DescribeBackupOutput{BackupDescription: b.description()}, nil
}

// DeleteBackup deletes a backup and returns its description with
// BackupStatus DELETED. Errors: BackupNotFoundException.
func (s *Service) DeleteBackup(ctx context.Context, in *DeleteBackupInput) (*DeleteBackupOutput, error) {
	b, _, err := s.findBackup(ctx, in.BackupArn)
	if err != nil {
		return nil, err
	}
	st := s.store(ctx)
	st.mu.Lock()
	for i, x := range st.backups {
		if x == b {
			st.backups = append(st.backups[:i:i], st.backups[i+1:]...)
			break
		}
	}
	st.mu.Unlock()
	d := b.description()
	details := *d.BackupDetails
	details.BackupStatus = ptr("DELETED")
	d.BackupDetails = &details
	return &DeleteBackupOutput{BackupDescription: d}, nil
}

// ListBackups lists backups oldest first, filtered by TableName, creation
// time range and BackupType (USER, or ALL), Limit at a time after
// ExclusiveStartBackupArn.
func (s *Service) ListBackups(ctx context.Context, in *ListBackupsInput) (*ListBackupsOutput, error) {
	st := s.store(ctx)
	st.mu.RLock()
	all := append([]*backup(nil), st.backups...)
	st.mu.RUnlock()
	out := &ListBackupsOutput{BackupSummaries: []BackupSummary{}}
	started := in.ExclusiveStartBackupArn == nil
	for _, b := range all {
		if !started {
			started = *b.details.BackupArn == *in.ExclusiveStartBackupArn
			continue
		}
		at := *b.details.BackupCreationDateTime
		switch {
		case in.TableName != nil && *in.TableName != *b.source.TableName,
			in.TimeRangeLowerBound != nil && at.Before(*in.TimeRangeLowerBound),
			in.TimeRangeUpperBound != nil && !at.Before(*in.TimeRangeUpperBound),
			in.BackupType != nil && *in.BackupType != "ALL" && *in.BackupType != "USER":
			continue
		}
		if in.Limit != nil && len(out.BackupSummaries) == int(*in.Limit) {
			out.LastEvaluatedBackupArn = out.BackupSummaries[len(out.BackupSummaries)-1].BackupArn
			break
		}
		d := b.details
		out.BackupSummaries = append(out.BackupSummaries, BackupSummary{
			TableName: b.source.TableName, TableId: b.source.TableId, TableArn: b.source.TableArn,
			BackupArn: d.BackupArn, BackupName: d.BackupName, BackupCreationDateTime: d.BackupCreationDateTime,
			BackupStatus: d.BackupStatus, BackupType: d.BackupType, BackupSizeBytes: d.BackupSizeBytes,
		})
	}
	return out, nil
}

// RestoreTableFromBackup creates TargetTableName with the backup's
// definition and items (ACTIVE at once; AWS reports CREATING first).
// Errors: BackupNotFoundException, TableAlreadyExistsException.
func (s *Service) RestoreTableFromBackup(ctx context.Context, in *RestoreTableFromBackupInput) (*RestoreTableFromBackupOutput, error) {
	b, _, err := s.findBackup(ctx, in.BackupArn)
	if err != nil {
		return nil, err
	}
	src := b.def
	src.mu.RLock()
	create := &CreateTableInput{
		TableName: in.TargetTableName, KeySchema: src.keySchema, AttributeDefinitions: src.attrDefs,
		BillingMode: ptr(src.billing), GlobalSecondaryIndexes: src.gsis, LocalSecondaryIndexes: src.lsis,
	}
	if src.billing == "PROVISIONED" {
		create.ProvisionedThroughput = &ProvisionedThroughput{ReadCapacityUnits: ptr(src.rcu), WriteCapacityUnits: ptr(src.wcu)}
	}
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
	if _, err := s.table(ctx, in.TargetTableName); err == nil {
		return nil, &TableAlreadyExistsException{Message: ptr("Table already exists: " + deref(in.TargetTableName))}
	}
	if _, err := s.CreateTable(ctx, create); err != nil {
		return nil, err
	}
	t, err := s.table(ctx, in.TargetTableName)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	for _, item := range b.items {
		if k, err := t.keyFromItem(item); err == nil {
			size, _ := checkItem(item)
			t.put(k, item, size)
		}
	}
	t.mu.Unlock()
	d := t.describe("ACTIVE")
	d.RestoreSummary = &RestoreSummary{SourceBackupArn: b.details.BackupArn, SourceTableArn: b.source.TableArn,
		RestoreDateTime: ptr(s.env.Now()), RestoreInProgress: ptr(false)}
	return &RestoreTableFromBackupOutput{TableDescription: d}, nil
}

// DescribeLimits returns DynamoDB's default quotas per account and table
// (Developer Guide, "Quotas": 80,000 RCU/WCU per account, 40,000 per table).
func (s *Service) DescribeLimits(ctx context.Context, in *DescribeLimitsInput) (*DescribeLimitsOutput, error) {
	return &DescribeLimitsOutput{
		AccountMaxReadCapacityUnits: ptr(int64(80000)), AccountMaxWriteCapacityUnits: ptr(int64(80000)),
		TableMaxReadCapacityUnits: ptr(int64(40000)), TableMaxWriteCapacityUnits: ptr(int64(40000)),
	}, nil
}

// DescribeEndpoints returns the regional endpoint with a 1440-minute cache
// period, as AWS does (API Reference, "DescribeEndpoints").
func (s *Service) DescribeEndpoints(ctx context.Context, in *DescribeEndpointsRequest) (*DescribeEndpointsResponse, error) {
	region := requestRegion(ctx)
	return &DescribeEndpointsResponse{Endpoints: []Endpoint{{
		Address: ptr("dynamodb." + region + ".amazonaws.com"), CachePeriodInMinutes: ptr(int64(1440)),
	}}}, nil
}

// EnableKinesisStreamingDestination records a Kinesis data stream as the
// table's streaming destination (ACTIVE at once; nothing is sent to
// Kinesis). Errors: ResourceNotFoundException, ValidationException when
// the stream is already enabled.
func (s *Service) EnableKinesisStreamingDestination(ctx context.Context, in *KinesisStreamingDestinationInput) (*KinesisStreamingDestinationOutput, error) {
	return s.kinesisDestination(ctx, in, "ACTIVE")
}

// DisableKinesisStreamingDestination marks the destination DISABLED.
func (s *Service) DisableKinesisStreamingDestination(ctx context.Context, in *KinesisStreamingDestinationInput) (*KinesisStreamingDestinationOutput, error) {
	return s.kinesisDestination(ctx, in, "DISABLED")
}

func (s *Service) kinesisDestination(ctx context.Context, in *KinesisStreamingDestinationInput, status string) (*KinesisStreamingDestinationOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	arn := deref(in.StreamArn)
	if !strings.HasPrefix(arn, "arn:") || !strings.Contains(arn, ":kinesis:") {
		return nil, validation("1 validation error detected: Value '%s' at 'streamArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:.*", arn)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	i := -1
	for j, d := range t.kinesis {
		if deref(d.StreamArn) == arn {
			i = j
		}
	}
	switch {
	case status == "ACTIVE" && i >= 0 && deref(t.kinesis[i].DestinationStatus) == "ACTIVE":
		return nil, validation("Table is not in a valid state to enable Kinesis Streaming Destination: EnableKinesisStreamingDestination must be DISABLED to perform ENABLE operation.")
	case status == "DISABLED" && (i < 0 || deref(t.kinesis[i].DestinationStatus) != "ACTIVE"):
		return nil, validation("Table is not in a valid state to disable Kinesis Streaming Destination: DisableKinesisStreamingDestination must be ACTIVE to perform DISABLE operation.")
	}
	precision := "MILLISECOND"
	if c := in.EnableKinesisStreamingConfiguration; c != nil && c.ApproximateCreationDateTimePrecision != nil {
		precision = *c.ApproximateCreationDateTimePrecision
	}
	d := KinesisDataStreamDestination{StreamArn: ptr(arn), DestinationStatus: ptr(status), ApproximateCreationDateTimePrecision: ptr(precision)}
	if i >= 0 {
		t.kinesis[i] = d
	} else {
		t.kinesis = append(t.kinesis, d)
	}
	return &KinesisStreamingDestinationOutput{TableName: ptr(t.name), StreamArn: ptr(arn), DestinationStatus: ptr(status),
		EnableKinesisStreamingConfiguration: in.EnableKinesisStreamingConfiguration}, nil
}

// DescribeKinesisStreamingDestination lists the table's Kinesis destinations.
func (s *Service) DescribeKinesisStreamingDestination(ctx context.Context, in *DescribeKinesisStreamingDestinationInput) (*DescribeKinesisStreamingDestinationOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	return &DescribeKinesisStreamingDestinationOutput{TableName: ptr(t.name),
		KinesisDataStreamDestinations: append([]KinesisDataStreamDestination{}, t.kinesis...)}, nil
}

// UpdateKinesisStreamingDestination changes a destination's
// ApproximateCreationDateTimePrecision (MILLISECOND or MICROSECOND).
func (s *Service) UpdateKinesisStreamingDestination(ctx context.Context, in *UpdateKinesisStreamingDestinationInput) (*UpdateKinesisStreamingDestinationOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, d := range t.kinesis {
		if deref(d.StreamArn) == deref(in.StreamArn) && deref(d.DestinationStatus) == "ACTIVE" {
			if c := in.UpdateKinesisStreamingConfiguration; c != nil && c.ApproximateCreationDateTimePrecision != nil {
				t.kinesis[i].ApproximateCreationDateTimePrecision = c.ApproximateCreationDateTimePrecision
			}
			return &UpdateKinesisStreamingDestinationOutput{TableName: ptr(t.name), StreamArn: in.StreamArn,
				DestinationStatus: ptr("ACTIVE"), UpdateKinesisStreamingConfiguration: in.UpdateKinesisStreamingConfiguration}, nil
		}
	}
	return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: Kinesis streaming destination " + deref(in.StreamArn) + " not found")}
}

// txToken remembers a TransactWriteItems ClientRequestToken: the request it
// came with and when, so a retry within 10 minutes is not applied twice
// (API Reference, "TransactWriteItems", ClientRequestToken).
type txToken struct {
	request string
	at      time.Time
}
