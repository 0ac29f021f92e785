package dynamodb

import (
	"context"
	"sort"
	"strings"
)

// maxPage is the 1 MB of data a Query reads before it stops and returns
// LastEvaluatedKey (Query reference, "Limit" and pagination).
const maxPage = 1 << 20

// sortCond is the sort key part of a key condition.
type sortCond struct {
	op     string // = < <= > >= BETWEEN begins_with
	a, b   keyValue
	prefix string // begins_with
}

// Query returns the items of one partition, in sort key order
// (ScanIndexForward=false reverses it), that match KeyConditionExpression
// (pk = :v, optionally with one sort key condition: = < <= > >= BETWEEN
// begins_with) or the legacy KeyConditions, then FilterExpression. Limit and
// the 1 MB page bound the items read; LastEvaluatedKey is then the key of the
// last item read, to pass back as ExclusiveStartKey. Errors:
// ResourceNotFoundException, ValidationException.
func (s *Service) Query(ctx context.Context, in *QueryInput) (*QueryOutput, error) {
	return s.query(ctx, in, false)
}

// query is Query; keyFilterOK lets FilterExpression name key attributes
// (PartiQL's WHERE repeats the key condition in the filter).
func (s *Service) query(ctx context.Context, in *QueryInput, keyFilterOK bool) (*QueryOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	spec := t.spec()
	var ix *index
	if in.IndexName != nil {
		if ix = t.lockedIndex(*in.IndexName); ix == nil {
			return nil, validation("The table does not have the specified index: %s", *in.IndexName)
		}
		if !ix.local && in.ConsistentRead != nil && *in.ConsistentRead {
			return nil, validation("Consistent reads are not supported on global secondary indexes")
		}
		spec = ix.keys
	}
	c := newExprContext(in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	hash, sc, err := spec.keyCondition(in, c)
	if err != nil {
		return nil, err
	}
	if in.QueryFilter != nil && in.KeyConditionExpression != nil {
		return nil, validation("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}")
	}
	filter, err := parseFilter(in.FilterExpression, in.QueryFilter, "QueryFilter", in.ConditionalOperator, c, spec.hash, spec.rng)
	if err != nil {
		return nil, err
	}
	if in.FilterExpression != nil && !keyFilterOK {
		if k := keyInFilter(filter, spec); k != "" {
			return nil, validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: %s", k)
		}
	}
	proj, err := newProjection(in.ProjectionExpression, in.AttributesToGet, c)
	if err != nil {
		return nil, err
	}
	if err := c.checkUnused(); err != nil {
		return nil, err
	}
	countOnly, err := checkSelect(in.Select, proj, ix != nil, "Querying")
	if err != nil {
		return nil, err
	}
	if ix != nil {
		return t.queryIndex(ix, in, hash, sc, filter, proj, c, countOnly)
	}
	var start *itemKey
	if in.ExclusiveStartKey != nil {
		k, err := t.keyFromKey(in.ExclusiveStartKey)
		if err != nil {
			return nil, validation("The provided starting key is invalid: %s", errorMessage(err))
		}
		if k.part != hash.id() {
			return nil, validation("The provided starting key is outside query boundaries based on provided conditions")
		}
		start = &k
	}
	forward := in.ScanIndexForward == nil || *in.ScanIndexForward
	limit := -1
	if in.Limit != nil {
		limit = int(*in.Limit)
	}

	t.mu.RLock()
	defer t.mu.RUnlock()
	out := &QueryOutput{}
	if !countOnly {
		out.Items = []map[string]AttributeValue{}
	}
	var count, scanned int32
	var read int64
	p := t.parts[hash.id()]
	if p != nil {
		lo, hi := t.bounds(p, sc)
		if start != nil && t.rng != "" {
			if forward {
				lo = max(lo, sort.Search(len(p.items), func(j int) bool { return p.items[j].sort.compare(start.sort) > 0 }))
			} else {
				hi = min(hi, sort.Search(len(p.items), func(j int) bool { return p.items[j].sort.compare(start.sort) >= 0 }))
			}
		} else if start != nil {
			lo = hi // a hash-only partition has one item, already returned
		}
		for n := 0; n < hi-lo; n++ {
			i := lo + n
			if !forward {
				i = hi - 1 - n
			}
			e := p.items[i]
			scanned++
			read += e.size
			ok := true
			if filter != nil {
				if ok, err = c.eval(filter, e.item); err != nil {
					return nil, err
				}
			}
			if ok {
				count++
				if !countOnly {
					out.Items = append(out.Items, proj.apply(e.item))
				}
			}
			// A Query that stops at Limit returns LastEvaluatedKey even when
			// nothing follows (it does not look ahead); the 1 MB bound only
			// when more items remain.
			if int(scanned) == limit || read >= maxPage && n+1 < hi-lo {
				out.LastEvaluatedKey = t.keyAttributes(e.item)
				break
			}
		}
	}
	out.Count, out.ScannedCount = ptr(count), ptr(scanned)
	cc := newConsumed(in.ReturnConsumedCapacity, t.name, true)
	cc.units = readUnits(read, in.ConsistentRead != nil && *in.ConsistentRead)
	out.ConsumedCapacity = cc.out()
	return out, nil
}

// keyAttributes returns the primary key attributes of item.
func (t *table) keyAttributes(item map[string]AttributeValue) map[string]AttributeValue {
	k := map[string]AttributeValue{t.hash: item[t.hash]}
	if t.rng != "" {
		k[t.rng] = item[t.rng]
	}
	return k
}

// bounds returns the index range [lo, hi) of p's items that satisfy sc.
func (t *table) bounds(p *partition, sc *sortCond) (int, int) {
	n := len(p.items)
	if sc == nil {
		return 0, n
	}
	first := func(pred func(keyValue) bool) int {
		return sort.Search(n, func(j int) bool { return pred(p.items[j].sort) })
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
		lo, hi := ge(sc.a), gt(sc.b)
		if hi < lo {
			hi = lo
		}
		return lo, hi
	case "begins_with":
		// Byte order keeps every string with the prefix contiguous, starting
		// at the first key >= prefix.
		lo := first(func(k keyValue) bool { return k.raw >= sc.prefix })
		hi := first(func(k keyValue) bool { return k.raw > sc.prefix && !strings.HasPrefix(k.raw, sc.prefix) })
		return lo, hi
	}
	return 0, n
}

// keyInFilter returns a key attribute of spec a filter names ("" if none):
// a Query filter may not (API Reference, Query "FilterExpression").
func keyInFilter(n *node, spec keySpec) string {
	if n == nil {
		return ""
	}
	if n.op == "path" && (n.path[0].name == spec.hash || spec.rng != "" && n.path[0].name == spec.rng) {
		return n.path[0].name
	}
	for _, a := range n.args {
		if k := keyInFilter(a, spec); k != "" {
			return k
		}
	}
	return ""
}

// checkSelect applies the Select rules of Query and Scan (verb names the
// operation in the ALL_PROJECTED_ATTRIBUTES message); countOnly is true for
// COUNT.
func checkSelect(sel *string, proj *projection, onIndex bool, verb string) (countOnly bool, err error) {
	switch v := deref(sel); v {
	case "", "ALL_ATTRIBUTES":
		if proj != nil && v != "" {
			return false, validation("Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES")
		}
	case "COUNT":
		if proj != nil {
			return false, validation("Cannot specify the AttributesToGet when choosing to get only the COUNT")
		}
		return true, nil
	case "SPECIFIC_ATTRIBUTES":
		if proj == nil {
			return false, validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
		}
	case "ALL_PROJECTED_ATTRIBUTES":
		if !onIndex {
			return false, validation("ALL_PROJECTED_ATTRIBUTES can be used only when %s using an IndexName", verb)
		}
	}
	return false, nil
}
