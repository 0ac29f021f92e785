package dynamodb

import (
	"context"
	"sort"
	"strings"
)

// maxBatchGetBytes is the 16 MB a BatchGetItem returns at most; keys not
// read are returned in UnprocessedKeys (API Reference, "BatchGetItem").
const maxBatchGetBytes = 16 << 20

// BatchGetItem reads up to 100 items from one or more tables. Missing items
// are simply absent from Responses; once 16 MB have been read the remaining
// keys come back in UnprocessedKeys.
// Errors: ResourceNotFoundException, ValidationException (too many or
// duplicate keys).
func (s *Service) BatchGetItem(ctx context.Context, in *BatchGetItemInput) (*BatchGetItemOutput, error) {
	total := 0
	for _, ka := range in.RequestItems {
		total += len(ka.Keys)
	}
	if total > 100 {
		return nil, validation("Too many items requested for the BatchGetItem call")
	}
	out := &BatchGetItemOutput{Responses: map[string][]map[string]AttributeValue{}, UnprocessedKeys: map[string]KeysAndAttributes{}}
	caps := map[string]*consumed{}
	var read int64
	for _, name := range sortedNames(in.RequestItems) {
		ka := in.RequestItems[name]
		t, err := s.table(ctx, &name)
		if err != nil {
			return nil, err
		}
		c := newExprContext(ka.ExpressionAttributeNames, nil)
		proj, err := newProjection(ka.ProjectionExpression, ka.AttributesToGet, c)
		if err != nil {
			return nil, err
		}
		if err := c.checkUnused(); err != nil {
			return nil, err
		}
		keys := make([]itemKey, len(ka.Keys))
		seen := map[[2]string]bool{}
		for i, key := range ka.Keys {
			if keys[i], err = t.keyFromKey(key); err != nil {
				return nil, err
			}
			id := [2]string{keys[i].part, keys[i].sort.id()}
			if seen[id] {
				return nil, validation("Provided list of item keys contains duplicates")
			}
			seen[id] = true
		}
		items := []map[string]AttributeValue{}
		cc := newConsumed(in.ReturnConsumedCapacity, name, true)
		caps[name] = cc
		consistent := ka.ConsistentRead != nil && *ka.ConsistentRead
		t.mu.RLock()
		for i, k := range keys {
			if read >= maxBatchGetBytes {
				rest := ka
				rest.Keys = ka.Keys[i:]
				out.UnprocessedKeys[name] = rest
				break
			}
			item := t.get(k)
			size := itemSize(item)
			cc.units += readUnits(size, consistent)
			if item != nil {
				read += size
				items = append(items, proj.apply(item))
			}
		}
		t.mu.RUnlock()
		out.Responses[name] = items
	}
	out.ConsumedCapacity = outList(caps)
	return out, nil
}

// BatchWriteItem puts or deletes up to 25 items across tables. Every request
// is validated before any is applied; UnprocessedItems is always empty.
// Errors: ResourceNotFoundException, ValidationException.
func (s *Service) BatchWriteItem(ctx context.Context, in *BatchWriteItemInput) (*BatchWriteItemOutput, error) {
	total := 0
	for _, reqs := range in.RequestItems {
		total += len(reqs)
	}
	if total == 0 || total > 25 {
		return nil, validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")
	}
	type write struct {
		t    *table
		key  itemKey
		item map[string]AttributeValue // nil: delete
		size int64
	}
	var writes []write
	for _, name := range sortedNames(in.RequestItems) {
		t, err := s.table(ctx, &name)
		if err != nil {
			return nil, err
		}
		seen := map[[2]string]bool{}
		for _, r := range in.RequestItems[name] {
			var w write
			w.t = t
			switch {
			case r.PutRequest != nil && r.DeleteRequest == nil:
				if w.size, err = checkItem(r.PutRequest.Item); err != nil {
					return nil, err
				}
				if w.key, err = t.keyFromItem(r.PutRequest.Item); err != nil {
					if strings.Contains(errorMessage(err), "Missing the key") {
						// BatchWriteItem words a missing key like a bad Key.
						return nil, validation("The provided key element does not match the schema")
					}
					return nil, err
				}
				if w.size > maxItemSize {
					return nil, validation("Item size has exceeded the maximum allowed size")
				}
				t.mu.RLock()
				err = t.checkIndexKeys(r.PutRequest.Item)
				t.mu.RUnlock()
				if err != nil {
					return nil, err
				}
				w.item = r.PutRequest.Item
			case r.DeleteRequest != nil && r.PutRequest == nil:
				if w.key, err = t.keyFromKey(r.DeleteRequest.Key); err != nil {
					return nil, err
				}
			default:
				return nil, validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
			}
			id := [2]string{w.key.part, w.key.sort.id()}
			if seen[id] {
				return nil, validation("Provided list of item keys contains duplicates")
			}
			seen[id] = true
			writes = append(writes, w)
		}
	}
	out := &BatchWriteItemOutput{UnprocessedItems: map[string][]WriteRequest{}}
	caps := map[string]*consumed{}
	for _, w := range writes {
		cc := caps[w.t.name]
		if cc == nil {
			cc = newConsumed(in.ReturnConsumedCapacity, w.t.name, false)
			caps[w.t.name] = cc
		}
		w.t.mu.Lock()
		var old map[string]AttributeValue
		if w.item != nil {
			old = w.t.put(w.key, w.item, w.size)
		} else {
			old = w.t.remove(w.key)
		}
		w.t.chargeWrite(cc, old, w.item, 1)
		src := w.item
		if src == nil {
			src = old
		}
		if m := w.t.collectionMetrics(in.ReturnItemCollectionMetrics, src); m != nil {
			if out.ItemCollectionMetrics == nil {
				out.ItemCollectionMetrics = map[string][]ItemCollectionMetrics{}
			}
			out.ItemCollectionMetrics[w.t.name] = append(out.ItemCollectionMetrics[w.t.name], *m)
		}
		w.t.mu.Unlock()
	}
	out.ConsumedCapacity = outList(caps)
	return out, nil
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
