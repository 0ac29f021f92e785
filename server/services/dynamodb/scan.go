package dynamodb

import (
	"context"
	"hash/fnv"
	"sort"
)

// Scan reads every item of a table (or the items carrying a secondary
// index's keys) in a stable order: partitions by key, items by sort key.
// FilterExpression, ProjectionExpression, Select, Limit,
// ExclusiveStartKey/LastEvaluatedKey and parallel Segment/TotalSegments
// behave as in Query. Errors: ResourceNotFoundException, ValidationException.
func (s *Service) Scan(ctx context.Context, in *ScanInput) (*ScanOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	var ix *index
	if in.IndexName != nil {
		if ix = t.lockedIndex(*in.IndexName); ix == nil {
			return nil, validation("The table does not have the specified index: %s", *in.IndexName)
		}
	}
	if (in.Segment == nil) != (in.TotalSegments == nil) {
		return nil, validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
	}
	if in.Segment != nil && *in.Segment >= *in.TotalSegments {
		return nil, validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: %d is not less than TotalSegments: %d", *in.Segment, *in.TotalSegments)
	}
	c := newExprContext(in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	filter, err := parseFilter(in.FilterExpression, in.ScanFilter, "ScanFilter", in.ConditionalOperator, c)
	if err != nil {
		return nil, err
	}
	proj, err := newProjection(in.ProjectionExpression, in.AttributesToGet, c)
	if err != nil {
		return nil, err
	}
	if err := c.checkUnusedOr("FilterExpression is null"); err != nil {
		return nil, err
	}
	countOnly, err := checkSelect(in.Select, proj, ix != nil, "Scanning")
	if err != nil {
		return nil, err
	}
	var start *itemKey
	if in.ExclusiveStartKey != nil {
		k, err := t.keyFromItem(in.ExclusiveStartKey)
		if err != nil {
			return nil, validation("The provided starting key is invalid: The provided key element does not match the schema")
		}
		start = &k
	}
	limit := -1
	if in.Limit != nil {
		limit = int(*in.Limit)
	}

	t.mu.RLock()
	defer t.mu.RUnlock()
	ids := make([]string, 0, len(t.parts))
	for id := range t.parts {
		if in.Segment != nil && segmentOf(id, int(*in.TotalSegments)) != int(*in.Segment) {
			continue
		}
		if start == nil || id >= start.part {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	out := &ScanOutput{}
	if !countOnly {
		out.Items = []map[string]AttributeValue{}
	}
	var count, scanned int32
	var read int64
	total := 0
	for _, id := range ids {
		total += len(t.parts[id].items)
	}
	seen := 0
scan:
	for _, id := range ids {
		for _, e := range t.parts[id].items {
			seen++
			if start != nil && id == start.part && (t.rng == "" || e.sort.compare(start.sort) <= 0) {
				continue
			}
			item := e.item
			if ix != nil {
				if _, ok, _ := t.indexEntryOf(ix, item); !ok {
					continue
				}
				item = t.projectIndex(ix, item)
			}
			scanned++
			read += e.size
			ok := true
			if filter != nil {
				if ok, err = c.eval(filter, item); err != nil {
					return nil, err
				}
			}
			if ok {
				count++
				if !countOnly {
					out.Items = append(out.Items, proj.apply(item))
				}
			}
			if int(scanned) == limit || read >= maxPage && seen < total {
				k := t.keyAttributes(e.item)
				if ix != nil {
					for _, n := range []string{ix.keys.hash, ix.keys.rng} {
						if n != "" {
							k[n] = e.item[n]
						}
					}
				}
				out.LastEvaluatedKey = k
				break scan
			}
		}
	}
	out.Count, out.ScannedCount = ptr(count), ptr(scanned)
	cc := newConsumed(in.ReturnConsumedCapacity, t.name, true)
	if u := readUnits(read, in.ConsistentRead != nil && *in.ConsistentRead); ix != nil {
		cc.index(ix, u)
	} else {
		cc.units = u
	}
	out.ConsumedCapacity = cc.out()
	return out, nil
}

// segmentOf spreads partitions over parallel scan segments.
func segmentOf(partID string, total int) int {
	h := fnv.New32a()
	h.Write([]byte(partID))
	return int(h.Sum32() % uint32(total))
}
