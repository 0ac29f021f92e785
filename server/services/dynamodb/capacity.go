package dynamodb

import (
	"math"
	"sort"
)

// Capacity arithmetic (Developer Guide, "DynamoDB read/write capacity
// mode" and "Item sizes and formats"):
//   - a read unit covers 4 KB, rounded up per item for GetItem and batch
//     gets, and once over the sum of every item read (before any filter) for
//     Query and Scan; an eventually consistent read costs half, a
//     transactional read twice; a read consumes at least one unit (0.5
//     eventually consistent), even when nothing is found;
//   - a write unit covers 1 KB, rounded up per item, of the larger of the
//     item before and after the write; a transactional write costs twice;
//   - a write to an item an index holds also writes the index: its
//     projection of the old and/or new item, twice when the index key moved.
//
// Single-item, batch, Query and Scan responses carry CapacityUnits only
// (and Table/index CapacityUnits with INDEXES); transactions add the
// ReadCapacityUnits or WriteCapacityUnits split, as real DynamoDB answers.

const (
	readUnitSize  = 4 * 1024
	writeUnitSize = 1024
)

// readUnits is the read cost of size bytes.
func readUnits(size int64, consistent bool) float64 {
	u := math.Max(1, math.Ceil(float64(size)/readUnitSize))
	if !consistent {
		u /= 2
	}
	return u
}

// writeUnits is the write cost of size bytes.
func writeUnits(size int64) float64 {
	return math.Max(1, math.Ceil(float64(size)/writeUnitSize))
}

// itemSize is an item's size in bytes (0 for nil).
func itemSize(item map[string]AttributeValue) int64 {
	n, _ := checkItem(item)
	return n
}

// consumed accumulates one table's consumption for one response.
type consumed struct {
	mode  string // TOTAL or INDEXES ("" or NONE: nothing is returned)
	table string
	units float64            // on the table itself
	gsi   map[string]float64 // by index name
	lsi   map[string]float64
	read  bool
	split bool // transactions also report ReadCapacityUnits/WriteCapacityUnits
}

func newConsumed(mode *string, table string, read bool) *consumed {
	return &consumed{mode: deref(mode), table: table, read: read}
}

// on reports whether the request asked for ConsumedCapacity; sizes are
// only computed then.
func (c *consumed) on() bool { return c.mode == "TOTAL" || c.mode == "INDEXES" }

// index adds units consumed on a secondary index.
func (c *consumed) index(ix *index, units float64) {
	m := &c.gsi
	if ix.local {
		m = &c.lsi
	}
	if *m == nil {
		*m = map[string]float64{}
	}
	(*m)[ix.name] += units
}

// out renders the consumption as ConsumedCapacity, nil when not asked for.
func (c *consumed) out() *ConsumedCapacity {
	if c == nil || !c.on() {
		return nil
	}
	total := c.units
	for _, m := range []map[string]float64{c.gsi, c.lsi} {
		for _, u := range m {
			total += u
		}
	}
	cc := &ConsumedCapacity{TableName: ptr(c.table), CapacityUnits: ptr(total)}
	if c.split && c.read {
		cc.ReadCapacityUnits = ptr(total)
	} else if c.split {
		cc.WriteCapacityUnits = ptr(total)
	}
	if c.mode == "INDEXES" {
		cc.Table = c.capacity(c.units)
		for name, u := range c.gsi {
			if cc.GlobalSecondaryIndexes == nil {
				cc.GlobalSecondaryIndexes = map[string]Capacity{}
			}
			cc.GlobalSecondaryIndexes[name] = *c.capacity(u)
		}
		for name, u := range c.lsi {
			if cc.LocalSecondaryIndexes == nil {
				cc.LocalSecondaryIndexes = map[string]Capacity{}
			}
			cc.LocalSecondaryIndexes[name] = *c.capacity(u)
		}
	}
	return cc
}

func (c *consumed) capacity(u float64) *Capacity {
	if !c.split {
		return &Capacity{CapacityUnits: ptr(u)}
	}
	if c.read {
		return &Capacity{CapacityUnits: ptr(u), ReadCapacityUnits: ptr(u)}
	}
	return &Capacity{CapacityUnits: ptr(u), WriteCapacityUnits: ptr(u)}
}

// outList renders consumptions of several tables (batch and transaction
// operations), ordered by table name.
func outList(cs map[string]*consumed) []ConsumedCapacity {
	names := make([]string, 0, len(cs))
	for n := range cs {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []ConsumedCapacity
	for _, n := range names {
		if cc := cs[n].out(); cc != nil {
			out = append(out, *cc)
		}
	}
	return out
}

// write adds the cost of replacing old by item (either may be nil) on the
// table and its indexes, times factor (2 in a transaction). Caller holds
// t.mu.
func (t *table) chargeWrite(c *consumed, old, item map[string]AttributeValue, factor float64) {
	if !c.on() {
		return
	}
	c.units += factor * writeUnits(max(itemSize(old), itemSize(item)))
	for _, ix := range t.indexes() {
		oe, inOld, _ := t.indexEntryOf(ix, old)
		ne, inNew, _ := t.indexEntryOf(ix, item)
		var u float64
		switch {
		case inOld && inNew && oe.key.hash.id() == ne.key.hash.id() && oe.sort.id() == ne.sort.id():
			u = writeUnits(max(itemSize(t.projectIndex(ix, old)), itemSize(t.projectIndex(ix, item))))
		case inOld && inNew:
			u = writeUnits(itemSize(t.projectIndex(ix, old))) + writeUnits(itemSize(t.projectIndex(ix, item)))
		case inOld:
			u = writeUnits(itemSize(t.projectIndex(ix, old)))
		case inNew:
			u = writeUnits(itemSize(t.projectIndex(ix, item)))
		default:
			continue
		}
		c.index(ix, factor*u)
	}
}

// indexes returns every secondary index of t. Caller holds t.mu.
func (t *table) indexes() []*index {
	var out []*index
	for _, g := range t.gsis {
		out = append(out, t.index(deref(g.IndexName)))
	}
	for _, l := range t.lsis {
		out = append(out, t.index(deref(l.IndexName)))
	}
	return out
}

// collectionMetrics returns ItemCollectionMetrics for the item collection
// (partition key value) of key when asked (SIZE) and the table has a local
// secondary index, the only case AWS reports them. The size estimate is the
// collection's size in GB as a range [floor, floor+1]. Caller holds t.mu.
func (t *table) collectionMetrics(mode *string, key map[string]AttributeValue) *ItemCollectionMetrics {
	if deref(mode) != "SIZE" || len(t.lsis) == 0 || key == nil {
		return nil
	}
	k, err := t.keyFromItem(key)
	if err != nil {
		return nil
	}
	var size int64
	if p := t.parts[k.part]; p != nil {
		for _, e := range p.items {
			size += e.size
		}
	}
	gb := math.Floor(float64(size) / (1 << 30))
	return &ItemCollectionMetrics{
		ItemCollectionKey:   map[string]AttributeValue{t.hash: key[t.hash]},
		SizeEstimateRangeGB: []float64{gb, gb + 1},
	}
}
