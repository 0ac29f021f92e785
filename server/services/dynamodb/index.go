package dynamodb

import (
	"sort"
	"strings"
)

// index is a secondary index of a table, as Query reads it.
type index struct {
	name    string
	local   bool
	keys    keySpec
	project string   // ALL, KEYS_ONLY or INCLUDE
	include []string // NonKeyAttributes for INCLUDE
}

// checkIndexes validates the secondary index definitions of CreateTable:
// distinct names, one HASH and an optional RANGE key each, and for a local
// index the table's partition key and a table sort key.
func (t *table) checkIndexes() error {
	seen := map[string]bool{}
	check := func(name string, ks []KeySchemaElement, p *Projection) error {
		if seen[name] {
			return validation("One or more parameter values were invalid: Duplicate index name: %s", name)
		}
		seen[name] = true
		if len(ks) == 0 || len(ks) > 2 || deref(ks[0].KeyType) != "HASH" || len(ks) == 2 && deref(ks[1].KeyType) != "RANGE" {
			return validation("One or more parameter values were invalid: Invalid KeySchema for index %s", name)
		}
		if p == nil || p.ProjectionType == nil {
			return validation("One or more parameter values were invalid: Projection is required for index %s", name)
		}
		switch {
		case *p.ProjectionType == "INCLUDE" && len(p.NonKeyAttributes) == 0:
			return validation("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
		case *p.ProjectionType != "INCLUDE" && p.NonKeyAttributes != nil:
			return validation("One or more parameter values were invalid: ProjectionType is %s, but NonKeyAttributes is specified", *p.ProjectionType)
		}
		return nil
	}
	// Developer Guide, "Quotas": 20 global and 5 local secondary indexes per table.
	if len(t.gsis) > 20 {
		return validation("One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20")
	}
	if len(t.lsis) > 5 {
		return validation("One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5")
	}
	for _, g := range t.gsis {
		if err := check(deref(g.IndexName), g.KeySchema, g.Projection); err != nil {
			return err
		}
	}
	for _, l := range t.lsis {
		if err := check(deref(l.IndexName), l.KeySchema, l.Projection); err != nil {
			return err
		}
		if t.rng == "" {
			return validation("One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
		}
		if deref(l.KeySchema[0].AttributeName) != t.hash {
			return validation("One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: %s. index hash key: %s, table hash key: %s", deref(l.IndexName), deref(l.KeySchema[0].AttributeName), t.hash)
		}
	}
	return nil
}

// lockedIndex is index for callers that do not hold t.mu.
func (t *table) lockedIndex(name string) *index {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.index(name)
}

// index returns the named secondary index, or nil. Caller holds t.mu.
func (t *table) index(name string) *index {
	mk := func(local bool, ks []KeySchemaElement, p *Projection) *index {
		ix := &index{name: name, local: local, project: deref(p.ProjectionType), include: p.NonKeyAttributes}
		ix.keys.hash = deref(ks[0].AttributeName)
		ix.keys.hashType = t.defs[ix.keys.hash]
		if len(ks) == 2 {
			ix.keys.rng = deref(ks[1].AttributeName)
			ix.keys.rngType = t.defs[ix.keys.rng]
		}
		return ix
	}
	for _, g := range t.gsis {
		if deref(g.IndexName) == name {
			return mk(false, g.KeySchema, g.Projection)
		}
	}
	for _, l := range t.lsis {
		if deref(l.IndexName) == name {
			return mk(true, l.KeySchema, l.Projection)
		}
	}
	return nil
}

// indexEntry is one item as an index holds it.
type indexEntry struct {
	sort  keyValue
	key   itemKey
	entry *entry
}

// less orders index entries by index sort key, then by table primary key
// (the tie-break that makes pagination with ExclusiveStartKey stable).
func (a indexEntry) compare(b indexEntry) int {
	if c := a.sort.compare(b.sort); c != 0 {
		return c
	}
	if c := strings.Compare(a.key.part, b.key.part); c != 0 {
		return c
	}
	return a.key.sort.compare(b.key.sort)
}

// queryIndex answers a Query on a secondary index from its maintained
// partitions (ixstore.go): O(log n + results).
func (t *table) queryIndex(ix *index, in *QueryInput, hash keyValue, sc *sortCond, filter *node, proj *projection, c *exprContext, countOnly bool) (*QueryOutput, error) {
	var start *indexEntry
	if in.ExclusiveStartKey != nil {
		e, ok, err := t.indexEntryOf(ix, in.ExclusiveStartKey)
		if err != nil || !ok {
			return nil, validation("The provided starting key is invalid: The provided key element does not match the schema")
		}
		start = &e
	}
	forward := in.ScanIndexForward == nil || *in.ScanIndexForward
	t.mu.RLock()
	if t.ixData == nil {
		t.mu.RUnlock()
		t.mu.Lock()
		t.ensureIndexes()
		t.mu.Unlock()
		t.mu.RLock()
	}
	defer t.mu.RUnlock()
	var list []indexEntry // in index order, not to be modified
	if parts := t.ixData[ix.name]; parts != nil {
		if p := parts[hash.id()]; p != nil {
			lo, hi := p.bounds(sc)
			list = p.entries[lo:hi]
		}
	}
	at := func(n int) indexEntry { // the n-th entry in query order
		if forward {
			return list[n]
		}
		return list[len(list)-1-n]
	}
	first := 0
	if start != nil {
		first = sort.Search(len(list), func(n int) bool {
			c := at(n).compare(*start)
			if !forward {
				c = -c
			}
			return c > 0
		})
	}
	out := &QueryOutput{}
	if !countOnly {
		out.Items = []map[string]AttributeValue{}
	}
	limit := -1
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	var count, scanned int32
	var read int64
	for n := first; n < len(list); n++ {
		ie := at(n)
		scanned++
		read += ie.entry.size
		ok := true
		if filter != nil {
			var err error
			if ok, err = c.eval(filter, ie.entry.item); err != nil {
				return nil, err
			}
		}
		if ok {
			count++
			if !countOnly {
				out.Items = append(out.Items, proj.apply(t.projectIndex(ix, ie.entry.item)))
			}
		}
		if int(scanned) == limit || read >= maxPage && n+1 < len(list) {
			k := t.keyAttributes(ie.entry.item)
			k[ix.keys.hash] = ie.entry.item[ix.keys.hash]
			if ix.keys.rng != "" {
				k[ix.keys.rng] = ie.entry.item[ix.keys.rng]
			}
			out.LastEvaluatedKey = k
			break
		}
	}
	out.Count, out.ScannedCount = ptr(count), ptr(scanned)
	cc := newConsumed(in.ReturnConsumedCapacity, t.name, true)
	cc.index(ix, readUnits(read, in.ConsistentRead != nil && *in.ConsistentRead))
	out.ConsumedCapacity = cc.out()
	return out, nil
}

// keyHash returns the index partition key value kept in the entry.
func (e indexEntry) keyHash() keyValue { return e.key.hash }

// indexEntryOf reads an item's index keys and table key; ok is false when
// the item lacks an index key (it is not in the sparse index).
func (t *table) indexEntryOf(ix *index, item map[string]AttributeValue) (indexEntry, bool, error) {
	var e indexEntry
	hv, ok := item[ix.keys.hash]
	if !ok {
		return e, false, nil
	}
	h, ok, err := keyOf(hv, ix.keys.hashType)
	if !ok || err != nil {
		return e, false, err
	}
	if ix.keys.rng != "" {
		sv, ok := item[ix.keys.rng]
		if !ok {
			return e, false, nil
		}
		if e.sort, ok, err = keyOf(sv, ix.keys.rngType); !ok || err != nil {
			return e, false, err
		}
	}
	tk, err := t.keyFromItem(item)
	if err != nil {
		return e, false, nil
	}
	e.key = tk
	e.key.hash = h // the index partition key; the table's is in key.part
	return e, true, nil
}

// matchSort reports whether an index sort key value satisfies sc.
func matchSort(v keyValue, sc *sortCond) bool {
	if sc == nil {
		return true
	}
	switch sc.op {
	case "=":
		return v.compare(sc.a) == 0
	case "<":
		return v.compare(sc.a) < 0
	case "<=":
		return v.compare(sc.a) <= 0
	case ">":
		return v.compare(sc.a) > 0
	case ">=":
		return v.compare(sc.a) >= 0
	case "BETWEEN":
		return v.compare(sc.a) >= 0 && v.compare(sc.b) <= 0
	case "begins_with":
		return strings.HasPrefix(v.raw, sc.prefix)
	}
	return false
}

// projectIndex keeps the attributes the index projects: its keys and the
// table's, plus NonKeyAttributes (INCLUDE) or everything (ALL).
func (t *table) projectIndex(ix *index, item map[string]AttributeValue) map[string]AttributeValue {
	if ix.project == "ALL" {
		return item
	}
	out := map[string]AttributeValue{}
	for _, k := range append([]string{t.hash, t.rng, ix.keys.hash, ix.keys.rng}, ix.include...) {
		if v, ok := item[k]; ok && k != "" {
			out[k] = v
		}
	}
	return out
}

// checkIndexKeys rejects an item whose secondary index key attributes have
// the wrong type or are empty, as DynamoDB does on write. Caller holds t.mu.
func (t *table) checkIndexKeys(item map[string]AttributeValue) error {
	check := func(name string, ks []KeySchemaElement) error {
		for _, k := range ks {
			attr := deref(k.AttributeName)
			v, ok := item[attr]
			if !ok || attr == t.hash || attr == t.rng {
				continue
			}
			want := t.defs[attr]
			kv, ok, err := keyOf(v, want)
			if err != nil {
				return err
			}
			if !ok {
				return validation("One or more parameter values were invalid: Type mismatch for Index Key %s Expected: %s Actual: %s IndexName: %s", attr, want, typeOf(v), name)
			}
			if kv.raw == "" {
				return validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: %s, IndexKey: %s", name, attr)
			}
		}
		return nil
	}
	for _, g := range t.gsis {
		if err := check(deref(g.IndexName), g.KeySchema); err != nil {
			return err
		}
	}
	for _, l := range t.lsis {
		if err := check(deref(l.IndexName), l.KeySchema); err != nil {
			return err
		}
	}
	return nil
}
