package dynamodb

import (
	"context"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// table is one table's definition and items. mu guards items, counters and
// the settings UpdateTable and friends change; the key schema never changes.
type table struct {
	mu sync.RWMutex

	name, arn, id string
	created       time.Time
	keySchema     []KeySchemaElement
	attrDefs      []AttributeDefinition
	hash, rng     string // key attribute names; rng "" without a sort key
	hashType      string
	rngType       string

	billing         string // PROVISIONED or PAY_PER_REQUEST
	billingExplicit bool   // BillingMode was given (BillingModeSummary is shown)
	rcu, wcu        int64
	protected       bool
	stream          *StreamSpecification
	tableClass      string
	gsis            []GlobalSecondaryIndex
	lsis            []LocalSecondaryIndex

	defs     map[string]string // attribute type by name (AttributeDefinitions)
	tags     []Tag
	ttlAttr  string // TimeToLive attribute, "" when disabled
	pitr     bool   // point-in-time recovery enabled
	pitrDays int32

	parts       map[string]*partition // by partition key id
	count, size int64

	streamLog *streamLog // latest stream (nil before one is enabled)
	kinesis   []KinesisDataStreamDestination
	insights  map[string]insight   // Contributor Insights by index name, "" for the table
	replicas  []ReplicaDescription // other regions' replicas (UpdateTable ReplicaUpdates)
	nextSweep time.Time            // TTL: when expired items are next looked for

	// ixData holds each secondary index's entries (ixstore.go): by index
	// name, then index partition key id. nil until an index is queried.
	ixData map[string]map[string]*ixPart
}

// partition holds the items of one partition key, sorted by sort key.
type partition struct {
	items []*entry
}

type entry struct {
	sort keyValue // zero without a sort key
	item map[string]AttributeValue
	size int64
}

// CreateTable creates a table, ACTIVE at once. The key schema has one HASH
// element and optionally one RANGE element, each defined in
// AttributeDefinitions (which may define nothing else but index keys).
// BillingMode PROVISIONED (default) needs ProvisionedThroughput;
// PAY_PER_REQUEST forbids it. Errors: ResourceInUseException,
// ValidationException.
func (s *Service) CreateTable(ctx context.Context, in *CreateTableInput) (*CreateTableOutput, error) {
	r := awsapi.RequestFrom(ctx)
	t := &table{
		name: deref(in.TableName), keySchema: in.KeySchema, attrDefs: in.AttributeDefinitions,
		billing: "PROVISIONED", stream: in.StreamSpecification,
		gsis: in.GlobalSecondaryIndexes, lsis: in.LocalSecondaryIndexes,
		parts: map[string]*partition{},
	}
	if in.BillingMode != nil {
		t.billing, t.billingExplicit = *in.BillingMode, true
	}
	if in.DeletionProtectionEnabled != nil {
		t.protected = *in.DeletionProtectionEnabled
	}
	if in.TableClass != nil {
		t.tableClass = *in.TableClass
	}
	if err := checkTableName(t.name); err != nil {
		return nil, err
	}
	if err := t.checkSchema(); err != nil {
		return nil, err
	}
	if err := t.checkBilling(in.ProvisionedThroughput); err != nil {
		return nil, err
	}
	if err := t.checkIndexThroughput(); err != nil {
		return nil, err
	}
	if err := checkStreamSpec(in.StreamSpecification); err != nil {
		return nil, err
	}
	t.arn = "arn:aws:dynamodb:" + r.Region + ":" + r.Account + ":table/" + t.name
	t.id = s.env.NewID()
	t.created = s.env.Now()
	st := s.store(ctx)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.tables[t.name] != nil {
		return nil, &ResourceInUseException{Message: ptr("Table already exists: " + t.name)}
	}
	t.tags = in.Tags
	if streamOn(t.stream) {
		s.openStream(st, t, deref(t.stream.StreamViewType))
	}
	st.tables[t.name] = t
	return &CreateTableOutput{TableDescription: t.describe("ACTIVE")}, nil
}

// checkSchema validates KeySchema against AttributeDefinitions with
// DynamoDB's messages.
func (t *table) checkSchema() error {
	ks := t.keySchema
	if len(ks) == 0 || len(ks) > 2 {
		return validation("1 validation error detected: Value '%d' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2", len(ks))
	}
	if deref(ks[0].KeyType) != "HASH" {
		return validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
	}
	t.hash = deref(ks[0].AttributeName)
	if len(ks) == 2 {
		switch deref(ks[1].KeyType) {
		case "RANGE":
		case "HASH":
			return validation("Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key")
		default:
			return validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
		}
		t.rng = deref(ks[1].AttributeName)
		if t.rng == t.hash {
			return validation("Both the Hash Key and the Range Key element in the KeySchema have the same name")
		}
	}
	defs := map[string]string{}
	var names []string
	for _, d := range t.attrDefs {
		n := deref(d.AttributeName)
		if _, dup := defs[n]; dup {
			return validation("Cannot have two attributes with the same name")
		}
		defs[n] = deref(d.AttributeType)
		names = append(names, n)
	}
	used := map[string]bool{t.hash: true}
	if t.rng != "" {
		used[t.rng] = true
	}
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
	var missing []string
	for n := range used {
		if _, ok := defs[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [%s], AttributeDefinitions: [%s]", strings.Join(missing, ", "), strings.Join(names, ", "))
	}
	if len(defs) != len(used) {
		return validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
	}
	t.hashType = defs[t.hash]
	t.rngType = defs[t.rng]
	t.defs = defs
	return t.checkIndexes()
}

// spec returns the table's key attributes.
func (t *table) spec() keySpec {
	return keySpec{hash: t.hash, hashType: t.hashType, rng: t.rng, rngType: t.rngType}
}

// checkBilling applies the BillingMode rules of the CreateTable reference.
func (t *table) checkBilling(pt *ProvisionedThroughput) error {
	switch t.billing {
	case "PAY_PER_REQUEST":
		if pt != nil {
			return validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
		}
	default:
		if pt == nil || pt.ReadCapacityUnits == nil || pt.WriteCapacityUnits == nil {
			return validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
		}
		if *pt.ReadCapacityUnits < 1 || *pt.WriteCapacityUnits < 1 {
			return validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be greater than 0")
		}
		t.rcu, t.wcu = *pt.ReadCapacityUnits, *pt.WriteCapacityUnits
	}
	return nil
}

// describe renders the table's TableDescription with the given status.
// Caller must not hold t.mu for writing.
func (t *table) describe(status string) *TableDescription {
	t.mu.RLock()
	defer t.mu.RUnlock()
	count, size := t.count, t.size
	d := &TableDescription{
		TableName: ptr(t.name), TableArn: ptr(t.arn), TableId: ptr(t.id), TableStatus: ptr(status),
		AttributeDefinitions: t.attrDefs, KeySchema: t.keySchema, CreationDateTime: ptr(t.created),
		ItemCount: ptr(count), TableSizeBytes: ptr(size),
		ProvisionedThroughput: &ProvisionedThroughputDescription{
			NumberOfDecreasesToday: ptr(int64(0)), ReadCapacityUnits: ptr(t.rcu), WriteCapacityUnits: ptr(t.wcu),
		},
		DeletionProtectionEnabled: ptr(t.protected),
	}
	if t.billingExplicit || t.billing == "PAY_PER_REQUEST" {
		d.BillingModeSummary = &BillingModeSummary{BillingMode: ptr(t.billing)}
		if t.billing == "PAY_PER_REQUEST" {
			d.BillingModeSummary.LastUpdateToPayPerRequestDateTime = ptr(t.created)
		}
	}
	if streamOn(t.stream) {
		d.StreamSpecification = t.stream
	}
	if l := t.streamLog; l != nil {
		d.LatestStreamArn, d.LatestStreamLabel = ptr(l.info.ARN), ptr(l.info.Label)
	}
	if t.tableClass != "" {
		d.TableClassSummary = &TableClassSummary{TableClass: ptr(t.tableClass)}
	}
	if len(t.replicas) > 0 {
		d.Replicas = append([]ReplicaDescription{}, t.replicas...)
		d.GlobalTableVersion = ptr("2019.11.21")
	}
	for _, g := range t.gsis {
		gd := GlobalSecondaryIndexDescription{
			IndexName: g.IndexName, IndexArn: ptr(t.arn + "/index/" + deref(g.IndexName)), IndexStatus: ptr("ACTIVE"),
			KeySchema: g.KeySchema, Projection: g.Projection, ItemCount: ptr(int64(0)), IndexSizeBytes: ptr(int64(0)),
			ProvisionedThroughput: &ProvisionedThroughputDescription{NumberOfDecreasesToday: ptr(int64(0)), ReadCapacityUnits: ptr(int64(0)), WriteCapacityUnits: ptr(int64(0))},
		}
		if pt := g.ProvisionedThroughput; pt != nil {
			gd.ProvisionedThroughput.ReadCapacityUnits, gd.ProvisionedThroughput.WriteCapacityUnits = pt.ReadCapacityUnits, pt.WriteCapacityUnits
		}
		d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, gd)
	}
	for _, l := range t.lsis {
		d.LocalSecondaryIndexes = append(d.LocalSecondaryIndexes, LocalSecondaryIndexDescription{
			IndexName: l.IndexName, IndexArn: ptr(t.arn + "/index/" + deref(l.IndexName)),
			KeySchema: l.KeySchema, Projection: l.Projection, ItemCount: ptr(int64(0)), IndexSizeBytes: ptr(int64(0)),
		})
	}
	return d
}

// DescribeTable returns a table's description. Errors:
// ResourceNotFoundException "Requested resource not found: Table: <name> not found".
func (s *Service) DescribeTable(ctx context.Context, in *DescribeTableInput) (*DescribeTableOutput, error) {
	st := s.store(ctx)
	st.mu.RLock()
	t := st.tables[deref(in.TableName)]
	st.mu.RUnlock()
	if t == nil {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: Table: " + deref(in.TableName) + " not found")}
	}
	return &DescribeTableOutput{Table: t.describe("ACTIVE")}, nil
}

// DeleteTable deletes a table and its items and returns its description with
// TableStatus DELETING. Errors: ResourceNotFoundException, ValidationException
// (deletion protection).
func (s *Service) DeleteTable(ctx context.Context, in *DeleteTableInput) (*DeleteTableOutput, error) {
	st := s.store(ctx)
	st.mu.Lock()
	defer st.mu.Unlock()
	t := st.tables[deref(in.TableName)]
	if t == nil {
		return nil, &ResourceNotFoundException{Message: ptr("Requested resource not found: Table: " + deref(in.TableName) + " not found")}
	}
	if t.protected {
		return nil, validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
	}
	delete(st.tables, t.name)
	st.dropPolicies(t.arn)
	t.closeStream() // t.streamLog only changes under st.mu too
	return &DeleteTableOutput{TableDescription: t.describe("DELETING")}, nil
}

// ListTables lists table names in order, at most Limit (1–100, default 100)
// after ExclusiveStartTableName; LastEvaluatedTableName is set when the
// limit cut the list short.
func (s *Service) ListTables(ctx context.Context, in *ListTablesInput) (*ListTablesOutput, error) {
	limit := 100
	if in.Limit != nil {
		if *in.Limit < 1 || *in.Limit > 100 {
			return nil, validation("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100", *in.Limit)
		}
		limit = int(*in.Limit)
	}
	after := deref(in.ExclusiveStartTableName)
	st := s.store(ctx)
	st.mu.RLock()
	names := make([]string, 0, len(st.tables))
	for n := range st.tables {
		if n > after {
			names = append(names, n)
		}
	}
	st.mu.RUnlock()
	sort.Strings(names)
	out := &ListTablesOutput{TableNames: []string{}}
	if len(names) > limit {
		names = names[:limit]
		out.LastEvaluatedTableName = ptr(names[limit-1])
	}
	out.TableNames = append(out.TableNames, names...)
	return out, nil
}

// checkTableName applies the table name pattern [a-zA-Z0-9_.-]+ (its
// length, 3 to 255, is checked with the model's other constraints).
func checkTableName(name string) error {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return validation("1 validation error detected: Value '%s' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", name)
		}
	}
	return nil
}

// checkIndexThroughput applies the GSI throughput rules of CreateTable:
// each GSI of a PROVISIONED table needs ProvisionedThroughput; a
// PAY_PER_REQUEST table's GSIs may not have one.
func (t *table) checkIndexThroughput() error {
	for _, g := range t.gsis {
		pt := g.ProvisionedThroughput
		switch {
		case t.billing == "PROVISIONED" && pt == nil:
			return validation("One or more parameter values were invalid: ProvisionedThroughput must be specified for index: %s", deref(g.IndexName))
		case t.billing == "PAY_PER_REQUEST" && pt != nil:
			return validation("One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: %s when BillingMode is PAY_PER_REQUEST", deref(g.IndexName))
		}
	}
	return nil
}
