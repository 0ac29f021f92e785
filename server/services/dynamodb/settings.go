package dynamodb

import (
	"context"
	"strings"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// UpdateTable changes a table's billing mode, provisioned throughput,
// deletion protection, stream specification, table class and global
// secondary indexes (Create and Delete), and records ReplicaUpdates
// (global.go), applied at once. Errors:
// ResourceNotFoundException, ValidationException.
func (s *Service) UpdateTable(ctx context.Context, in *UpdateTableInput) (*UpdateTableOutput, error) {
	st := s.store(ctx)
	st.mu.RLock()
	t := st.tables[deref(in.TableName)]
	st.mu.RUnlock()
	if t == nil {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: Table: " + deref(in.TableName) + " not found")}
	}
	t.mu.Lock()
	// next holds the settings as they will be, validated before anything
	// changes.
	next := &table{
		name: t.name, hash: t.hash, rng: t.rng, billing: t.billing, billingExplicit: t.billingExplicit, rcu: t.rcu, wcu: t.wcu,
		protected: t.protected, stream: t.stream, tableClass: t.tableClass, lsis: t.lsis,
		gsis: append([]GlobalSecondaryIndex{}, t.gsis...), attrDefs: append([]AttributeDefinition{}, t.attrDefs...),
		defs: map[string]string{},
	}
	for k, v := range t.defs {
		next.defs[k] = v
	}
	err := next.applyUpdate(in)
	var replicas []ReplicaDescription
	if err == nil {
		replicas, err = t.replicaUpdates(in.ReplicaUpdates, requestRegion(ctx))
	}
	wasOn := streamOn(t.stream)
	if err == nil {
		t.billing, t.billingExplicit, t.rcu, t.wcu = next.billing, next.billingExplicit, next.rcu, next.wcu
		t.protected, t.stream, t.tableClass = next.protected, next.stream, next.tableClass
		t.gsis, t.defs, t.attrDefs = next.gsis, next.defs, next.attrDefs
		t.replicas = replicas
		t.ixData = nil // rebuilt for the new set of indexes on the next index Query
		switch isOn := streamOn(t.stream); {
		case isOn && !wasOn:
			st.mu.Lock()
			s.openStream(st, t, deref(t.stream.StreamViewType))
			st.mu.Unlock()
		case wasOn && !isOn:
			t.closeStream()
		}
	}
	t.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return &UpdateTableOutput{TableDescription: t.describe("ACTIVE")}, nil
}

// applyUpdate applies in to a copy of the table's settings.
func (t *table) applyUpdate(in *UpdateTableInput) error {
	for _, d := range in.AttributeDefinitions {
		n := deref(d.AttributeName)
		if _, ok := t.defs[n]; !ok {
			t.attrDefs = append(t.attrDefs, d)
		}
		t.defs[n] = deref(d.AttributeType)
	}
	if in.BillingMode != nil {
		t.billing, t.billingExplicit = *in.BillingMode, true
		if t.billing == "PAY_PER_REQUEST" {
			t.rcu, t.wcu = 0, 0
		}
	}
	if in.ProvisionedThroughput != nil || in.BillingMode != nil && *in.BillingMode == "PROVISIONED" {
		if err := t.checkBilling(in.ProvisionedThroughput); err != nil {
			return err
		}
	}
	if in.DeletionProtectionEnabled != nil {
		t.protected = *in.DeletionProtectionEnabled
	}
	if in.StreamSpecification != nil {
		if err := checkStreamSpec(in.StreamSpecification); err != nil {
			return err
		}
		if streamOn(in.StreamSpecification) && streamOn(t.stream) {
			return validation("Table already has an enabled stream: TableName: %s", t.name)
		}
		t.stream = in.StreamSpecification
	}
	if in.TableClass != nil {
		t.tableClass = *in.TableClass
	}
	for _, u := range in.GlobalSecondaryIndexUpdates {
		switch {
		case u.Create != nil:
			c := u.Create
			for _, k := range c.KeySchema {
				if _, ok := t.defs[deref(k.AttributeName)]; !ok {
					return validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [%s]", deref(k.AttributeName))
				}
			}
			if t.index(deref(c.IndexName)) != nil {
				return validation("One or more parameter values were invalid: Index %s already exists", deref(c.IndexName))
			}
			t.gsis = append(t.gsis, GlobalSecondaryIndex{IndexName: c.IndexName, KeySchema: c.KeySchema, Projection: c.Projection, ProvisionedThroughput: c.ProvisionedThroughput})
		case u.Update != nil:
			name := deref(u.Update.IndexName)
			found := false
			for i, g := range t.gsis {
				if deref(g.IndexName) == name {
					found = true
					if u.Update.ProvisionedThroughput != nil {
						if t.billing == "PAY_PER_REQUEST" {
							return validation("One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: %s when BillingMode is PAY_PER_REQUEST", name)
						}
						t.gsis[i].ProvisionedThroughput = u.Update.ProvisionedThroughput
					}
				}
			}
			if !found {
				return &ResourceNotFoundException{Message: ptr("Requested resource not found: Index: " + name + " not found")}
			}
		case u.Delete != nil:
			name := deref(u.Delete.IndexName)
			kept := t.gsis[:0]
			for _, g := range t.gsis {
				if deref(g.IndexName) != name {
					kept = append(kept, g)
				}
			}
			if len(kept) == len(t.gsis) {
				return &ResourceNotFoundException{Message: ptr("Requested resource not found: Index: " + name + " not found")}
			}
			t.gsis = kept
		}
	}
	t.pruneDefinitions()
	return t.checkIndexes()
}

// pruneDefinitions drops attribute definitions no key uses any more (after
// a GSI is deleted), as DescribeTable then shows.
func (t *table) pruneDefinitions() {
	used := map[string]bool{t.hash: true, t.rng: true}
	for _, g := range t.gsis {
		for _, k := range g.KeySchema {
			used[deref(k.AttributeName)] = true
		}
	}
	for _, l := range t.lsis {
		for _, k := range l.KeySchema {
			used[deref(k.AttributeName)] = true
		}
	}
	kept := t.attrDefs[:0:0]
	for _, d := range t.attrDefs {
		if used[deref(d.AttributeName)] {
			kept = append(kept, d)
		} else {
			delete(t.defs, deref(d.AttributeName))
		}
	}
	t.attrDefs = kept
}

// tableByARN finds the caller's table named by a table ARN
// (arn:aws:dynamodb:<region>:<account>:table/<name>).
func (s *Service) tableByARN(ctx context.Context, arn string) (*table, error) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 || p[0] != "arn" || p[2] != "dynamodb" || !strings.HasPrefix(p[5], "table/") {
		return nil, validation("Invalid TableArn: Invalid ResourceArn provided as input %s", arn)
	}
	name, _, _ := strings.Cut(strings.TrimPrefix(p[5], "table/"), "/")
	st := s.store(ctx)
	st.mu.RLock()
	t := st.tables[name]
	st.mu.RUnlock()
	if t == nil {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: ResourcArn: " + arn + " not found")}
	}
	return t, nil
}

// TagResource adds or overwrites tags on a table.
func (s *Service) TagResource(ctx context.Context, in *TagResourceInput) (*awsapi.Empty, error) {
	t, err := s.tableByARN(ctx, deref(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, tag := range in.Tags {
		replaced := false
		for i := range t.tags {
			if deref(t.tags[i].Key) == deref(tag.Key) {
				t.tags[i], replaced = tag, true
			}
		}
		if !replaced {
			t.tags = append(t.tags, tag)
		}
	}
	return &awsapi.Empty{}, nil
}

// UntagResource removes tags from a table by key.
func (s *Service) UntagResource(ctx context.Context, in *UntagResourceInput) (*awsapi.Empty, error) {
	t, err := s.tableByARN(ctx, deref(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	drop := map[string]bool{}
	for _, k := range in.TagKeys {
		drop[k] = true
	}
	kept := t.tags[:0:0]
	for _, tag := range t.tags {
		if !drop[deref(tag.Key)] {
			kept = append(kept, tag)
		}
	}
	t.tags = kept
	return &awsapi.Empty{}, nil
}

// ListTagsOfResource lists a table's tags (one page).
func (s *Service) ListTagsOfResource(ctx context.Context, in *ListTagsOfResourceInput) (*ListTagsOfResourceOutput, error) {
	t, err := s.tableByARN(ctx, deref(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	return &ListTagsOfResourceOutput{Tags: append([]Tag{}, t.tags...)}, nil
}

// DescribeTimeToLive reports the table's TTL setting (DISABLED by default).
func (s *Service) DescribeTimeToLive(ctx context.Context, in *DescribeTimeToLiveInput) (*DescribeTimeToLiveOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	d := &TimeToLiveDescription{TimeToLiveStatus: ptr("DISABLED")}
	if t.ttlAttr != "" {
		d = &TimeToLiveDescription{TimeToLiveStatus: ptr("ENABLED"), AttributeName: ptr(t.ttlAttr)}
	}
	return &DescribeTimeToLiveOutput{TimeToLiveDescription: d}, nil
}

// UpdateTimeToLive enables or disables TTL on an attribute; expired items
// are then deleted (ttl.go). Errors: ValidationException when already in
// that state.
func (s *Service) UpdateTimeToLive(ctx context.Context, in *UpdateTimeToLiveInput) (*UpdateTimeToLiveOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	spec := in.TimeToLiveSpecification
	if spec == nil || spec.Enabled == nil {
		return nil, validation("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case *spec.Enabled && t.ttlAttr != "":
		return nil, validation("TimeToLive is already enabled")
	case !*spec.Enabled && t.ttlAttr == "":
		return nil, validation("TimeToLive is already disabled")
	case *spec.Enabled:
		t.ttlAttr = deref(spec.AttributeName)
	default:
		t.ttlAttr = ""
	}
	return &UpdateTimeToLiveOutput{TimeToLiveSpecification: spec}, nil
}

// DescribeContinuousBackups reports continuous backups ENABLED and
// point-in-time recovery as set (DISABLED by default).
// Errors: TableNotFoundException "Table not found: <name>".
func (s *Service) DescribeContinuousBackups(ctx context.Context, in *DescribeContinuousBackupsInput) (*DescribeContinuousBackupsOutput, error) {
	t, err := s.backupsTable(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	return &DescribeContinuousBackupsOutput{ContinuousBackupsDescription: t.backups(s.env.Now())}, nil
}

// UpdateContinuousBackups turns point-in-time recovery on or off.
func (s *Service) UpdateContinuousBackups(ctx context.Context, in *UpdateContinuousBackupsInput) (*UpdateContinuousBackupsOutput, error) {
	t, err := s.backupsTable(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	spec := in.PointInTimeRecoverySpecification
	if spec == nil || spec.PointInTimeRecoveryEnabled == nil {
		return nil, validation("1 validation error detected: Value null at 'pointInTimeRecoverySpecification' failed to satisfy constraint: Member must not be null")
	}
	t.mu.Lock()
	t.pitr, t.pitrDays = *spec.PointInTimeRecoveryEnabled, 35
	if spec.RecoveryPeriodInDays != nil {
		t.pitrDays = *spec.RecoveryPeriodInDays
	}
	t.mu.Unlock()
	return &UpdateContinuousBackupsOutput{ContinuousBackupsDescription: t.backups(s.env.Now())}, nil
}

func (s *Service) backupsTable(ctx context.Context, name *string) (*table, error) {
	t, err := s.table(ctx, name)
	if err != nil {
		return nil, &TableNotFoundException{Message: ptr("Table not found: " + deref(name))}
	}
	return t, nil
}

func (t *table) backups(now time.Time) *ContinuousBackupsDescription {
	t.mu.RLock()
	defer t.mu.RUnlock()
	p := &PointInTimeRecoveryDescription{PointInTimeRecoveryStatus: ptr("DISABLED")}
	if t.pitr {
		p = &PointInTimeRecoveryDescription{
			PointInTimeRecoveryStatus: ptr("ENABLED"), RecoveryPeriodInDays: ptr(t.pitrDays),
			EarliestRestorableDateTime: ptr(t.created), LatestRestorableDateTime: ptr(now),
		}
	}
	return &ContinuousBackupsDescription{ContinuousBackupsStatus: ptr("ENABLED"), PointInTimeRecoveryDescription: p}
}
