package dynamodb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/setup-emulator/setup-emulator/server/state"
)

// DynamoDB state in a snapshot (server/state/FORMAT.md, "dynamodb"): one
// document per account and region with its tables: the definition (AWS's
// member names; unset members omitted), settings, and every item in
// DynamoDB JSON ({"S": "x"}, {"N": "1"}, ...), partition by partition in
// sort-key order.

type tablesState struct {
	Tables  []tableState  `json:"tables"`
	Backups []backupState `json:"backups,omitempty"` // state_backup.go
	extrasState
}

type tableState struct {
	Name                   string             `json:"name"`
	ARN                    string             `json:"arn"`
	ID                     string             `json:"id"`
	Created                time.Time          `json:"created"`
	KeySchema              json.RawMessage    `json:"key_schema"`
	AttributeDefinitions   json.RawMessage    `json:"attribute_definitions"`
	BillingMode            string             `json:"billing_mode"`
	BillingModeExplicit    bool               `json:"billing_mode_explicit,omitempty"`
	ReadCapacityUnits      int64              `json:"read_capacity_units,omitempty"`
	WriteCapacityUnits     int64              `json:"write_capacity_units,omitempty"`
	DeletionProtection     bool               `json:"deletion_protection,omitempty"`
	StreamSpecification    json.RawMessage    `json:"stream_specification,omitempty"`
	TableClass             string             `json:"table_class,omitempty"`
	GlobalSecondaryIndexes json.RawMessage    `json:"global_secondary_indexes,omitempty"`
	LocalSecondaryIndexes  json.RawMessage    `json:"local_secondary_indexes,omitempty"`
	Tags                   json.RawMessage    `json:"tags,omitempty"`
	TimeToLiveAttribute    string             `json:"ttl_attribute,omitempty"`
	PointInTimeRecovery    bool               `json:"point_in_time_recovery,omitempty"`
	RecoveryPeriodInDays   int32              `json:"recovery_period_in_days,omitempty"`
	KinesisDestinations    json.RawMessage    `json:"kinesis_destinations,omitempty"`
	ContributorInsights    map[string]insight `json:"contributor_insights,omitempty"` // by index name, "" for the table
	Replicas               json.RawMessage    `json:"replicas,omitempty"`
	Stream                 *streamState       `json:"stream,omitempty"`
	Items                  []itemState        `json:"items"`
}

// streamState is the table's latest stream: its identity and sequence
// position. Its records (kept 24 hours by AWS) are not saved; a loaded
// stream starts empty at the saved position.
type streamState struct {
	ARN      string    `json:"arn"`
	Label    string    `json:"label"`
	ViewType string    `json:"view_type"`
	Created  time.Time `json:"created"`
	ShardID  string    `json:"shard_id"`
	NextSeq  int64     `json:"next_sequence_number"`
	Closed   bool      `json:"closed,omitempty"`
}

// itemState is an item in DynamoDB JSON.
type itemState map[string]avState

// avState is an AttributeValue in DynamoDB's JSON wire form: exactly one
// member set, binary as base64, empty sets, maps and lists kept.
type avState AttributeValue

func (v avState) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	switch {
	case v.S != nil:
		m["S"] = *v.S
	case v.N != nil:
		m["N"] = *v.N
	case v.B != nil:
		m["B"] = base64.StdEncoding.EncodeToString(v.B)
	case v.SS != nil:
		m["SS"] = v.SS
	case v.NS != nil:
		m["NS"] = v.NS
	case v.BS != nil:
		m["BS"] = v.BS
	case v.M != nil:
		mm := make(map[string]avState, len(v.M))
		for k, x := range v.M {
			mm[k] = avState(x)
		}
		m["M"] = mm
	case v.L != nil:
		l := make([]avState, len(v.L))
		for i, x := range v.L {
			l[i] = avState(x)
		}
		m["L"] = l
	case v.NULL != nil:
		m["NULL"] = *v.NULL
	case v.BOOL != nil:
		m["BOOL"] = *v.BOOL
	}
	return json.Marshal(m)
}

func (v *avState) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if len(raw) != 1 {
		return fmt.Errorf("dynamodb: attribute value %s: want exactly one type", b)
	}
	*v = avState{}
	for k, r := range raw {
		var err error
		switch k {
		case "S":
			err = json.Unmarshal(r, &v.S)
		case "N":
			err = json.Unmarshal(r, &v.N)
		case "B":
			var s string
			if err = json.Unmarshal(r, &s); err == nil {
				v.B, err = base64.StdEncoding.DecodeString(s)
				if v.B == nil {
					v.B = []byte{}
				}
			}
		case "SS":
			err = json.Unmarshal(r, &v.SS)
		case "NS":
			err = json.Unmarshal(r, &v.NS)
		case "BS":
			err = json.Unmarshal(r, &v.BS)
		case "M":
			var mm map[string]avState
			if err = json.Unmarshal(r, &mm); err == nil {
				v.M = make(map[string]AttributeValue, len(mm))
				for mk, x := range mm {
					v.M[mk] = AttributeValue(x)
				}
			}
		case "L":
			var l []avState
			if err = json.Unmarshal(r, &l); err == nil {
				v.L = make([]AttributeValue, len(l))
				for i, x := range l {
					v.L[i] = AttributeValue(x)
				}
			}
		case "NULL":
			err = json.Unmarshal(r, &v.NULL)
		case "BOOL":
			err = json.Unmarshal(r, &v.BOOL)
		default:
			err = fmt.Errorf("unknown type %q", k)
		}
		if err != nil {
			return fmt.Errorf("dynamodb: attribute value %s: %w", b, err)
		}
	}
	return nil
}

// shapeJSON renders a generated shape with AWS's member names, leaving out
// unset members.
func shapeJSON(v any) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		return nil, err
	}
	generic = dropNulls(generic)
	if generic == nil {
		return nil, nil
	}
	return json.Marshal(generic)
}

func dropNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if e == nil {
				delete(x, k)
			} else {
				x[k] = dropNulls(e)
			}
		}
	case []any:
		for i, e := range x {
			x[i] = dropNulls(e)
		}
	}
	return v
}

func fromShapeJSON(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, v)
}

// SaveState implements state.Service. Each table is captured under its lock.
func (s *Service) SaveState(ctx context.Context, w *state.ServiceWriter) error {
	s.mu.Lock()
	keys := make([]storeKey, 0, len(s.stores))
	stores := make(map[storeKey]*store, len(s.stores))
	for k, st := range s.stores {
		keys = append(keys, k)
		stores[k] = st
	}
	s.mu.Unlock()
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].account+"/"+keys[i].region < keys[j].account+"/"+keys[j].region
	})
	for _, k := range keys {
		st := stores[k]
		st.mu.RLock()
		tables := make([]*table, 0, len(st.tables))
		for _, t := range st.tables {
			tables = append(tables, t)
		}
		backups := append([]*backup(nil), st.backups...)
		extras, err := st.snapshotExtras()
		st.mu.RUnlock()
		if err != nil {
			return err
		}
		if len(tables) == 0 && len(backups) == 0 && extras.empty() {
			continue
		}
		sort.Slice(tables, func(i, j int) bool { return tables[i].name < tables[j].name })
		doc := tablesState{Tables: []tableState{}, extrasState: extras}
		for _, t := range tables {
			ts, err := t.snapshot()
			if err != nil {
				return err
			}
			doc.Tables = append(doc.Tables, ts)
		}
		for _, b := range backups {
			bs, err := b.snapshot()
			if err != nil {
				return err
			}
			doc.Backups = append(doc.Backups, bs)
		}
		if err := w.Document(state.Scope{Account: k.account, Region: k.region}, doc); err != nil {
			return err
		}
	}
	return nil
}

func (t *table) snapshot() (tableState, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	ts := tableState{
		Name: t.name, ARN: t.arn, ID: t.id, Created: t.created.UTC(),
		BillingMode: t.billing, BillingModeExplicit: t.billingExplicit, ReadCapacityUnits: t.rcu, WriteCapacityUnits: t.wcu,
		DeletionProtection: t.protected, TableClass: t.tableClass, TimeToLiveAttribute: t.ttlAttr,
		PointInTimeRecovery: t.pitr, RecoveryPeriodInDays: t.pitrDays, Items: make([]itemState, 0, t.count),
		ContributorInsights: t.insights,
	}
	var err error
	for _, f := range []struct {
		dst *json.RawMessage
		v   any
	}{
		{&ts.KeySchema, t.keySchema}, {&ts.AttributeDefinitions, t.attrDefs}, {&ts.StreamSpecification, t.stream},
		{&ts.GlobalSecondaryIndexes, t.gsis}, {&ts.LocalSecondaryIndexes, t.lsis}, {&ts.Tags, t.tags},
		{&ts.KinesisDestinations, t.kinesis}, {&ts.Replicas, t.replicas},
	} {
		if *f.dst, err = shapeJSON(f.v); err != nil {
			return ts, fmt.Errorf("dynamodb: table %s: %w", t.name, err)
		}
	}
	if l := t.streamLog; l != nil {
		l.mu.RLock()
		i := l.info
		l.mu.RUnlock()
		ts.Stream = &streamState{ARN: i.ARN, Label: i.Label, ViewType: i.ViewType, Created: i.Created.UTC(),
			ShardID: i.ShardID, NextSeq: i.NextSeq, Closed: i.Closed}
	}
	parts := make([]string, 0, len(t.parts))
	for id := range t.parts {
		parts = append(parts, id)
	}
	sort.Strings(parts)
	for _, id := range parts {
		for _, e := range t.parts[id].items {
			it := make(itemState, len(e.item))
			for k, v := range e.item {
				it[k] = avState(v)
			}
			ts.Items = append(ts.Items, it)
		}
	}
	return ts, nil
}

// LoadState implements state.Service: tables are rebuilt (schema checked,
// every item re-keyed and sized), then replace the running ones (all, or
// with merge the same-named).
func (s *Service) LoadState(ctx context.Context, r *state.ServiceReader, merge bool) error {
	loaded := map[storeKey][]*table{}
	loadedBackups := map[storeKey][]*backup{}
	loadedExtras := map[storeKey]*extras{}
	for _, sc := range r.Scopes() {
		var doc tablesState
		if err := r.Document(sc, &doc); err != nil {
			return err
		}
		for _, ts := range doc.Tables {
			t, err := tableFromState(ts)
			if err != nil {
				return fmt.Errorf("dynamodb: table %s in %s: %w", ts.Name, sc, err)
			}
			k := storeKey{sc.Account, sc.Region}
			loaded[k] = append(loaded[k], t)
		}
		for _, bs := range doc.Backups {
			b, err := backupFromState(bs)
			if err != nil {
				return fmt.Errorf("dynamodb: backup in %s: %w", sc, err)
			}
			k := storeKey{sc.Account, sc.Region}
			loadedBackups[k] = append(loadedBackups[k], b)
		}
		x, err := doc.extrasState.load()
		if err != nil {
			return fmt.Errorf("dynamodb: %s: %w", sc, err)
		}
		loadedExtras[storeKey{sc.Account, sc.Region}] = x
	}
	s.install(loaded, loadedBackups, merge)
	s.installExtras(loadedExtras)
	return nil
}

func tableFromState(ts tableState) (*table, error) {
	t := &table{
		name: ts.Name, arn: ts.ARN, id: ts.ID, created: ts.Created,
		billing: ts.BillingMode, billingExplicit: ts.BillingModeExplicit, rcu: ts.ReadCapacityUnits, wcu: ts.WriteCapacityUnits,
		protected: ts.DeletionProtection, tableClass: ts.TableClass, ttlAttr: ts.TimeToLiveAttribute,
		pitr: ts.PointInTimeRecovery, pitrDays: ts.RecoveryPeriodInDays, parts: map[string]*partition{},
		insights: ts.ContributorInsights,
	}
	for _, f := range []struct {
		raw json.RawMessage
		dst any
	}{
		{ts.KeySchema, &t.keySchema}, {ts.AttributeDefinitions, &t.attrDefs}, {ts.StreamSpecification, &t.stream},
		{ts.GlobalSecondaryIndexes, &t.gsis}, {ts.LocalSecondaryIndexes, &t.lsis}, {ts.Tags, &t.tags},
		{ts.KinesisDestinations, &t.kinesis}, {ts.Replicas, &t.replicas},
	} {
		if err := fromShapeJSON(f.raw, f.dst); err != nil {
			return nil, err
		}
	}
	if err := t.checkSchema(); err != nil {
		return nil, err
	}
	for _, it := range ts.Items {
		item := make(map[string]AttributeValue, len(it))
		for k, v := range it {
			item[k] = AttributeValue(v)
		}
		size, err := checkItem(item)
		if err != nil {
			return nil, err
		}
		k, err := t.keyFromItem(item)
		if err != nil {
			return nil, err
		}
		t.put(k, item, size)
	}
	if ss := ts.Stream; ss != nil {
		t.streamLog = &streamLog{info: StreamInfo{ARN: ss.ARN, Label: ss.Label, TableName: t.name,
			Status: "ENABLED", ViewType: ss.ViewType, KeySchema: t.keySchema, Created: ss.Created,
			ShardID: ss.ShardID, FirstSeq: ss.NextSeq, NextSeq: ss.NextSeq, Closed: ss.Closed}}
		if ss.Closed {
			t.streamLog.info.Status = "DISABLED"
		}
	}
	return t, nil
}

// install swaps loaded tables in.
func (s *Service) install(loaded map[storeKey][]*table, backups map[storeKey][]*backup, merge bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !merge {
		s.stores = map[storeKey]*store{}
	}
	for k, bs := range backups {
		st := s.stores[k]
		if st == nil {
			st = &store{tables: map[string]*table{}}
			s.stores[k] = st
		}
		st.mu.Lock()
		st.backups = mergeBackups(st.backups, bs)
		st.mu.Unlock()
	}
	for k, tables := range loaded {
		st := s.stores[k]
		if st == nil {
			st = &store{tables: map[string]*table{}}
			s.stores[k] = st
		}
		st.mu.Lock()
		for _, t := range tables {
			st.tables[t.name] = t
			if l := t.streamLog; l != nil {
				l.now, l.newID = s.env.Now, s.env.NewID
				st.streams = append(st.streams, l)
			}
		}
		st.mu.Unlock()
	}
}

// ResetState implements state.Service: every table of every account and region goes.
func (s *Service) ResetState(ctx context.Context) error {
	s.install(nil, nil, false)
	return nil
}
