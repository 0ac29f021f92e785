package dynamodb

import (
	"context"
	"sort"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// Global tables are recorded, not replicated: a replica is a region name
// and status on the table (version 2019.11.21, UpdateTable ReplicaUpdates)
// or on a global table (version 2017.11.29, CreateGlobalTable); no table is
// created in, and no write is copied to, the other region.

// replicaUpdates applies UpdateTable ReplicaUpdates to a copy of the
// table's replicas. Errors (API Reference, "UpdateTable", ReplicaUpdates):
// ValidationException for a replica in the table's own region, one that
// already exists (Create) or one that does not (Update, Delete).
func (t *table) replicaUpdates(ups []ReplicationGroupUpdate, region string) ([]ReplicaDescription, error) {
	reps := append([]ReplicaDescription(nil), t.replicas...)
	find := func(r string) int {
		for i, x := range reps {
			if deref(x.RegionName) == r {
				return i
			}
		}
		return -1
	}
	for _, u := range ups {
		switch {
		case u.Create != nil:
			r := deref(u.Create.RegionName)
			if r == region || find(r) >= 0 {
				return nil, validation("Failed to create a the new replica of table with name: '%s' because one or more replicas already existed as tables.", t.name)
			}
			d := ReplicaDescription{RegionName: ptr(r), ReplicaStatus: ptr("ACTIVE"), KMSMasterKeyId: u.Create.KMSMasterKeyId,
				ProvisionedThroughputOverride: u.Create.ProvisionedThroughputOverride, OnDemandThroughputOverride: u.Create.OnDemandThroughputOverride}
			if u.Create.TableClassOverride != nil {
				d.ReplicaTableClassSummary = &TableClassSummary{TableClass: u.Create.TableClassOverride}
			}
			reps = append(reps, d)
		case u.Update != nil:
			i := find(deref(u.Update.RegionName))
			if i < 0 {
				return nil, validation("Update global table operation failed because the replica in region %s does not exist.", deref(u.Update.RegionName))
			}
			if u.Update.ProvisionedThroughputOverride != nil {
				reps[i].ProvisionedThroughputOverride = u.Update.ProvisionedThroughputOverride
			}
			if u.Update.OnDemandThroughputOverride != nil {
				reps[i].OnDemandThroughputOverride = u.Update.OnDemandThroughputOverride
			}
			if u.Update.KMSMasterKeyId != nil {
				reps[i].KMSMasterKeyId = u.Update.KMSMasterKeyId
			}
			if u.Update.TableClassOverride != nil {
				reps[i].ReplicaTableClassSummary = &TableClassSummary{TableClass: u.Update.TableClassOverride}
			}
		case u.Delete != nil:
			i := find(deref(u.Delete.RegionName))
			if i < 0 {
				return nil, validation("Update global table operation failed because the replica in region %s does not exist.", deref(u.Delete.RegionName))
			}
			reps = append(reps[:i:i], reps[i+1:]...)
		}
	}
	return reps, nil
}

func globalTableNotFound(name string) error {
	return &GlobalTableNotFoundException{Message: ptr("Global table not found: Global table with name: '" + name + "' does not exist.")}
}

// tableIn reports whether the account has the named table in region.
func (s *Service) tableIn(ctx context.Context, region, name string) bool {
	s.mu.Lock()
	st := s.stores[storeKey{awsapi.RequestFrom(ctx).Account, region}]
	s.mu.Unlock()
	if st == nil {
		return false
	}
	st.mu.RLock()
	defer st.mu.RUnlock()
	return st.tables[name] != nil
}

// CreateGlobalTable records a version 2017.11.29 global table, ACTIVE at
// once, with a replica per ReplicationGroup region. GlobalTableArn is
// arn:aws:dynamodb::<account>:global-table/<name>. Errors (API Reference,
// "CreateGlobalTable"): GlobalTableAlreadyExistsException,
// TableNotFoundException when a replica region has no table of that name.
func (s *Service) CreateGlobalTable(ctx context.Context, in *CreateGlobalTableInput) (*CreateGlobalTableOutput, error) {
	name := deref(in.GlobalTableName)
	for _, r := range in.ReplicationGroup {
		if !s.tableIn(ctx, deref(r.RegionName), name) {
			return nil, &TableNotFoundException{Message: ptr("Table not found: " + name + " in region " + deref(r.RegionName))}
		}
	}
	st := s.store(ctx)
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, g := range st.globalTables {
		if deref(g.GlobalTableName) == name {
			return nil, &GlobalTableAlreadyExistsException{Message: ptr("Global table with this name already exists")}
		}
	}
	g := &GlobalTableDescription{GlobalTableName: ptr(name), GlobalTableStatus: ptr("ACTIVE"), CreationDateTime: ptr(s.env.Now()),
		GlobalTableArn:   ptr("arn:aws:dynamodb::" + awsapi.RequestFrom(ctx).Account + ":global-table/" + name),
		ReplicationGroup: []ReplicaDescription{}}
	for _, r := range in.ReplicationGroup {
		g.ReplicationGroup = append(g.ReplicationGroup, ReplicaDescription{RegionName: r.RegionName, ReplicaStatus: ptr("ACTIVE")})
	}
	st.globalTables = append(st.globalTables, g)
	return &CreateGlobalTableOutput{GlobalTableDescription: copyGlobal(g)}, nil
}

func copyGlobal(g *GlobalTableDescription) *GlobalTableDescription {
	c := *g
	c.ReplicationGroup = append([]ReplicaDescription{}, g.ReplicationGroup...)
	return &c
}

// globalTable returns the named global table. Caller holds st.mu.
func (st *store) globalTable(name string) *GlobalTableDescription {
	for _, g := range st.globalTables {
		if deref(g.GlobalTableName) == name {
			return g
		}
	}
	return nil
}

// DescribeGlobalTable describes a 2017.11.29 global table. Errors:
// GlobalTableNotFoundException.
func (s *Service) DescribeGlobalTable(ctx context.Context, in *DescribeGlobalTableInput) (*DescribeGlobalTableOutput, error) {
	st := s.store(ctx)
	st.mu.RLock()
	defer st.mu.RUnlock()
	g := st.globalTable(deref(in.GlobalTableName))
	if g == nil {
		return nil, globalTableNotFound(deref(in.GlobalTableName))
	}
	return &DescribeGlobalTableOutput{GlobalTableDescription: copyGlobal(g)}, nil
}

// UpdateGlobalTable adds (Create) or removes (Delete) replica regions.
// Errors: GlobalTableNotFoundException, ReplicaAlreadyExistsException,
// ReplicaNotFoundException, TableNotFoundException when a new replica's
// region has no table of that name.
func (s *Service) UpdateGlobalTable(ctx context.Context, in *UpdateGlobalTableInput) (*UpdateGlobalTableOutput, error) {
	name := deref(in.GlobalTableName)
	for _, u := range in.ReplicaUpdates {
		if u.Create != nil && !s.tableIn(ctx, deref(u.Create.RegionName), name) {
			return nil, &TableNotFoundException{Message: ptr("Table not found: " + name + " in region " + deref(u.Create.RegionName))}
		}
	}
	st := s.store(ctx)
	st.mu.Lock()
	defer st.mu.Unlock()
	g := st.globalTable(name)
	if g == nil {
		return nil, globalTableNotFound(name)
	}
	reps := append([]ReplicaDescription{}, g.ReplicationGroup...)
	find := func(r string) int {
		for i, x := range reps {
			if deref(x.RegionName) == r {
				return i
			}
		}
		return -1
	}
	for _, u := range in.ReplicaUpdates {
		switch {
		case u.Create != nil:
			if find(deref(u.Create.RegionName)) >= 0 {
				return nil, &ReplicaAlreadyExistsException{Message: ptr("Replica already exists: " + deref(u.Create.RegionName))}
			}
			reps = append(reps, ReplicaDescription{RegionName: u.Create.RegionName, ReplicaStatus: ptr("ACTIVE")})
		case u.Delete != nil:
			i := find(deref(u.Delete.RegionName))
			if i < 0 {
				return nil, &ReplicaNotFoundException{Message: ptr("Replica not found: " + deref(u.Delete.RegionName))}
			}
			reps = append(reps[:i:i], reps[i+1:]...)
		}
	}
	g.ReplicationGroup = reps
	return &UpdateGlobalTableOutput{GlobalTableDescription: copyGlobal(g)}, nil
}

// ListGlobalTables lists 2017.11.29 global tables by name, those with a
// replica in RegionName when given, Limit at a time (default 100) after
// ExclusiveStartGlobalTableName.
func (s *Service) ListGlobalTables(ctx context.Context, in *ListGlobalTablesInput) (*ListGlobalTablesOutput, error) {
	limit := 100
	if in.Limit != nil {
		if *in.Limit < 1 {
			return nil, validation("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", *in.Limit)
		}
		limit = int(*in.Limit)
	}
	st := s.store(ctx)
	st.mu.RLock()
	all := make([]*GlobalTableDescription, 0, len(st.globalTables))
	for _, g := range st.globalTables {
		all = append(all, copyGlobal(g))
	}
	st.mu.RUnlock()
	sort.Slice(all, func(i, j int) bool { return deref(all[i].GlobalTableName) < deref(all[j].GlobalTableName) })
	out := &ListGlobalTablesOutput{GlobalTables: []GlobalTable{}}
	for _, g := range all {
		if in.ExclusiveStartGlobalTableName != nil && deref(g.GlobalTableName) <= *in.ExclusiveStartGlobalTableName {
			continue
		}
		gt := GlobalTable{GlobalTableName: g.GlobalTableName, ReplicationGroup: []Replica{}}
		inRegion := in.RegionName == nil
		for _, r := range g.ReplicationGroup {
			gt.ReplicationGroup = append(gt.ReplicationGroup, Replica{RegionName: r.RegionName})
			inRegion = inRegion || deref(r.RegionName) == *in.RegionName
		}
		if !inRegion {
			continue
		}
		if len(out.GlobalTables) == limit {
			out.LastEvaluatedGlobalTableName = out.GlobalTables[limit-1].GlobalTableName
			break
		}
		out.GlobalTables = append(out.GlobalTables, gt)
	}
	return out, nil
}

// DescribeGlobalTableSettings reports each replica's settings, taken from
// the request region's table of the same name (billing mode and
// provisioned capacity). Errors: GlobalTableNotFoundException.
func (s *Service) DescribeGlobalTableSettings(ctx context.Context, in *DescribeGlobalTableSettingsInput) (*DescribeGlobalTableSettingsOutput, error) {
	name := deref(in.GlobalTableName)
	st := s.store(ctx)
	st.mu.RLock()
	g := st.globalTable(name)
	var reps []ReplicaDescription
	if g != nil {
		reps = append(reps, g.ReplicationGroup...)
	}
	t := st.tables[name]
	st.mu.RUnlock()
	if g == nil {
		return nil, globalTableNotFound(name)
	}
	out := &DescribeGlobalTableSettingsOutput{GlobalTableName: ptr(name), ReplicaSettings: []ReplicaSettingsDescription{}}
	for _, r := range reps {
		rs := ReplicaSettingsDescription{RegionName: r.RegionName, ReplicaStatus: r.ReplicaStatus}
		if t != nil {
			t.mu.RLock()
			rs.ReplicaBillingModeSummary = &BillingModeSummary{BillingMode: ptr(t.billing)}
			rs.ReplicaProvisionedReadCapacityUnits, rs.ReplicaProvisionedWriteCapacityUnits = ptr(t.rcu), ptr(t.wcu)
			t.mu.RUnlock()
		}
		out.ReplicaSettings = append(out.ReplicaSettings, rs)
	}
	return out, nil
}

// UpdateGlobalTableSettings applies GlobalTableBillingMode and
// GlobalTableProvisionedWriteCapacityUnits to the request region's table
// of that name (other settings are accepted and not recorded) and returns
// the settings as DescribeGlobalTableSettings reports them. Errors:
// GlobalTableNotFoundException, ReplicaNotFoundException for a
// ReplicaSettingsUpdate region not in the global table, ValidationException.
func (s *Service) UpdateGlobalTableSettings(ctx context.Context, in *UpdateGlobalTableSettingsInput) (*UpdateGlobalTableSettingsOutput, error) {
	name := deref(in.GlobalTableName)
	d, err := s.DescribeGlobalTableSettings(ctx, &DescribeGlobalTableSettingsInput{GlobalTableName: in.GlobalTableName})
	if err != nil {
		return nil, err
	}
	for _, u := range in.ReplicaSettingsUpdate {
		found := false
		for _, r := range d.ReplicaSettings {
			found = found || deref(r.RegionName) == deref(u.RegionName)
		}
		if !found {
			return nil, &ReplicaNotFoundException{Message: ptr("Replica not found: " + deref(u.RegionName))}
		}
	}
	if in.GlobalTableBillingMode != nil || in.GlobalTableProvisionedWriteCapacityUnits != nil {
		up := &UpdateTableInput{TableName: ptr(name), BillingMode: in.GlobalTableBillingMode}
		if w := in.GlobalTableProvisionedWriteCapacityUnits; w != nil {
			st := s.store(ctx)
			st.mu.RLock()
			t := st.tables[name]
			st.mu.RUnlock()
			rcu := int64(1)
			if t != nil {
				t.mu.RLock()
				rcu = max(t.rcu, 1)
				t.mu.RUnlock()
			}
			up.ProvisionedThroughput = &ProvisionedThroughput{ReadCapacityUnits: ptr(rcu), WriteCapacityUnits: w}
		}
		if _, err := s.UpdateTable(ctx, up); err != nil {
			return nil, err
		}
		if d, err = s.DescribeGlobalTableSettings(ctx, &DescribeGlobalTableSettingsInput{GlobalTableName: in.GlobalTableName}); err != nil {
			return nil, err
		}
	}
	return &UpdateGlobalTableSettingsOutput{GlobalTableName: d.GlobalTableName, ReplicaSettings: d.ReplicaSettings}, nil
}

// DescribeTableReplicaAutoScaling reports the table's replicas (the
// request region's and those added by UpdateTable ReplicaUpdates) with no
// auto scaling settings: the emulator has no Application Auto Scaling
// policies. Errors: ResourceNotFoundException.
func (s *Service) DescribeTableReplicaAutoScaling(ctx context.Context, in *DescribeTableReplicaAutoScalingInput) (*DescribeTableReplicaAutoScalingOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: Table: " + deref(in.TableName) + " not found")}
	}
	return &DescribeTableReplicaAutoScalingOutput{TableAutoScalingDescription: t.autoScaling(requestRegion(ctx))}, nil
}

// UpdateTableReplicaAutoScaling accepts auto scaling updates without
// recording them and returns the description as
// DescribeTableReplicaAutoScaling gives it. Errors: ResourceNotFoundException.
func (s *Service) UpdateTableReplicaAutoScaling(ctx context.Context, in *UpdateTableReplicaAutoScalingInput) (*UpdateTableReplicaAutoScalingOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: Table: " + deref(in.TableName) + " not found")}
	}
	return &UpdateTableReplicaAutoScalingOutput{TableAutoScalingDescription: t.autoScaling(requestRegion(ctx))}, nil
}

func (t *table) autoScaling(region string) *TableAutoScalingDescription {
	t.mu.RLock()
	defer t.mu.RUnlock()
	d := &TableAutoScalingDescription{TableName: ptr(t.name), TableStatus: ptr("ACTIVE"),
		Replicas: []ReplicaAutoScalingDescription{{RegionName: ptr(region), ReplicaStatus: ptr("ACTIVE")}}}
	for _, r := range t.replicas {
		d.Replicas = append(d.Replicas, ReplicaAutoScalingDescription{RegionName: r.RegionName, ReplicaStatus: r.ReplicaStatus})
	}
	return d
}
