package dynamodb

import "sort"

// Secondary index storage: for each index, its entries grouped by index
// partition key and kept sorted by index sort key, then table primary key.
// It is built from the items on the first Query of an index after the
// table was created, loaded or had a GSI added or removed, then kept up to
// date by put and remove, so an index Query costs O(log n + results) like a
// table Query.

// ixPart is one index partition's entries, in index order.
type ixPart struct {
	entries []indexEntry
}

// ensureIndexes builds the index storage if it is not built. Caller holds
// t.mu for writing.
func (t *table) ensureIndexes() {
	if t.ixData != nil {
		return
	}
	t.ixData = map[string]map[string]*ixPart{}
	for _, ix := range t.indexes() {
		t.ixData[ix.name] = map[string]*ixPart{}
	}
	for _, p := range t.parts {
		for _, e := range p.items {
			t.ixAdd(e)
		}
	}
}

// ixAdd adds a stored entry to every index that holds its item. Caller
// holds t.mu for writing; a no-op before the storage is built.
func (t *table) ixAdd(e *entry) {
	if t.ixData == nil {
		return
	}
	for _, ix := range t.indexes() {
		ie, ok, _ := t.indexEntryOf(ix, e.item)
		if !ok {
			continue
		}
		ie.entry = e
		parts := t.ixData[ix.name]
		id := ie.keyHash().id()
		p := parts[id]
		if p == nil {
			p = &ixPart{}
			parts[id] = p
		}
		i := sort.Search(len(p.entries), func(j int) bool { return p.entries[j].compare(ie) >= 0 })
		p.entries = append(p.entries, indexEntry{})
		copy(p.entries[i+1:], p.entries[i:])
		p.entries[i] = ie
	}
}

// ixRemove removes an item's entries from every index.
func (t *table) ixRemove(item map[string]AttributeValue) {
	if t.ixData == nil {
		return
	}
	for _, ix := range t.indexes() {
		ie, ok, _ := t.indexEntryOf(ix, item)
		if !ok {
			continue
		}
		parts := t.ixData[ix.name]
		id := ie.keyHash().id()
		p := parts[id]
		if p == nil {
			continue
		}
		i := sort.Search(len(p.entries), func(j int) bool { return p.entries[j].compare(ie) >= 0 })
		if i < len(p.entries) && p.entries[i].compare(ie) == 0 {
			copy(p.entries[i:], p.entries[i+1:])
			p.entries[len(p.entries)-1] = indexEntry{}
			p.entries = p.entries[:len(p.entries)-1]
			if len(p.entries) == 0 {
				delete(parts, id)
			}
		}
	}
}

// ixBounds returns the range [lo, hi) of p's entries whose index sort key
// satisfies sc.
func (p *ixPart) bounds(sc *sortCond) (int, int) {
	n := len(p.entries)
	if sc == nil {
		return 0, n
	}
	first := func(pred func(keyValue) bool) int {
		return sort.Search(n, func(j int) bool { return pred(p.entries[j].sort) })
	}
	ge := func(v keyValue) int { return first(func(k keyValue) bool { return k.compare(v) >= 0 }) }
	gt := func(v keyValue) int { return first(func(k keyValue) bool { return k.compare(v) > 0 }) }
	switch sc.op {
	case "=":
		return ge(sc.a), gt(sc.a)
	case "<":
		return 0, ge(sc.a)
	case "<=":
		return 0, gt(sc.a)
	case ">":
		return gt(sc.a), n
	case ">=":
		return ge(sc.a), n
	case "BETWEEN":
		return ge(sc.a), max(ge(sc.a), gt(sc.b))
	case "begins_with":
		lo := first(func(k keyValue) bool { return k.raw >= sc.prefix })
		hi := first(func(k keyValue) bool { return k.raw > sc.prefix && !hasPrefix(k.raw, sc.prefix) })
		return lo, max(lo, hi)
	}
	return 0, n
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
