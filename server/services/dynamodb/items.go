package dynamodb

import (
	"context"
	"sort"
)

// maxItemSize is DynamoDB's item size limit, 400 KB.
const maxItemSize = 400 * 1024

// itemKey is an item's primary key: partition key id and sort key value.
type itemKey struct {
	part string
	hash keyValue
	sort keyValue
}

// keyFromItem reads the primary key of an item being written, with
// DynamoDB's messages for a missing, mistyped or empty key attribute.
func (t *table) keyFromItem(item map[string]AttributeValue) (itemKey, error) {
	var k itemKey
	for _, a := range []struct{ name, typ string }{{t.hash, t.hashType}, {t.rng, t.rngType}} {
		if a.name == "" {
			continue
		}
		v, ok := item[a.name]
		if !ok {
			return k, validation("One or more parameter values were invalid: Missing the key %s in the item", a.name)
		}
		kv, ok, err := keyOf(v, a.typ)
		if err != nil {
			return k, err
		}
		if !ok {
			return k, validation("One or more parameter values were invalid: Type mismatch for key %s expected: %s actual: %s", a.name, a.typ, typeOf(v))
		}
		if err := checkNotEmptyKey(a.name, kv); err != nil {
			return k, err
		}
		if a.name == t.hash {
			k.hash = kv
		} else {
			k.sort = kv
		}
	}
	k.part = k.hash.id()
	return k, t.checkKeySize(k)
}

// Key size limits (Developer Guide, "Quotas": partition key values up to
// 2048 bytes, sort key values up to 1024 bytes), with AWS's messages.
const (
	maxHashKeyBytes  = 2048
	maxRangeKeyBytes = 1024
)

// checkKeySize applies the key size limits to a table's key values.
func (t *table) checkKeySize(k itemKey) error {
	if k.hash.typ != "N" && len(k.hash.raw) > maxHashKeyBytes {
		return validation("One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes")
	}
	if t.rng != "" && k.sort.typ != "N" && len(k.sort.raw) > maxRangeKeyBytes {
		return validation("One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
	}
	return nil
}

func checkNotEmptyKey(name string, kv keyValue) error {
	if kv.raw != "" {
		return nil
	}
	kind := "string"
	if kv.typ == "B" {
		kind = "binary"
	}
	return validation("One or more parameter values were invalid: The AttributeValue for a key attribute cannot contain an empty %s value. Key: %s", kind, name)
}

// keyFromKey reads a Key parameter: exactly the table's key attributes.
func (t *table) keyFromKey(key map[string]AttributeValue) (itemKey, error) {
	want := 1
	if t.rng != "" {
		want = 2
	}
	mismatch := validation("The provided key element does not match the schema")
	if len(key) != want {
		return itemKey{}, mismatch
	}
	var k itemKey
	for _, a := range []struct{ name, typ string }{{t.hash, t.hashType}, {t.rng, t.rngType}} {
		if a.name == "" {
			continue
		}
		v, ok := key[a.name]
		if !ok {
			return k, mismatch
		}
		kv, ok, err := keyOf(v, a.typ)
		if err != nil {
			return k, err
		}
		if !ok {
			return k, mismatch
		}
		if err := checkNotEmptyKey(a.name, kv); err != nil {
			return k, err
		}
		if a.name == t.hash {
			k.hash = kv
		} else {
			k.sort = kv
		}
	}
	k.part = k.hash.id()
	return k, t.checkKeySize(k)
}

// find returns the partition and position of key (found reports a match;
// otherwise i is where it would be inserted). Caller holds t.mu.
func (t *table) find(k itemKey) (p *partition, i int, found bool) {
	p = t.parts[k.part]
	if p == nil {
		return nil, 0, false
	}
	if t.rng == "" {
		return p, 0, len(p.items) > 0
	}
	i = sort.Search(len(p.items), func(j int) bool { return p.items[j].sort.compare(k.sort) >= 0 })
	return p, i, i < len(p.items) && p.items[i].sort.compare(k.sort) == 0
}

// put stores item under k and returns the item it replaced (nil if none).
// Caller holds t.mu for writing.
func (t *table) put(k itemKey, item map[string]AttributeValue, size int64) map[string]AttributeValue {
	p, i, found := t.find(k)
	if p == nil {
		p = &partition{}
		t.parts[k.part] = p
	}
	e := &entry{sort: k.sort, item: item, size: size}
	if found {
		old := p.items[i]
		t.ixRemove(old.item)
		t.ixAdd(e)
		p.items[i] = e
		t.size += size - old.size
		t.emit(old.item, item, false)
		return old.item
	}
	p.items = append(p.items, nil)
	copy(p.items[i+1:], p.items[i:])
	p.items[i] = e
	t.ixAdd(e)
	t.count++
	t.size += size
	t.emit(nil, item, false)
	return nil
}

// remove deletes the item under k and returns it (nil if none).
func (t *table) remove(k itemKey) map[string]AttributeValue { return t.removeBy(k, false) }

// removeBy is remove; byTTL marks the stream record as a Time to Live
// deletion.
func (t *table) removeBy(k itemKey, byTTL bool) map[string]AttributeValue {
	p, i, found := t.find(k)
	if !found {
		return nil
	}
	old := p.items[i]
	t.ixRemove(old.item)
	copy(p.items[i:], p.items[i+1:])
	p.items[len(p.items)-1] = nil
	p.items = p.items[:len(p.items)-1]
	if len(p.items) == 0 {
		delete(t.parts, k.part)
	}
	t.count--
	t.size -= old.size
	t.emit(old.item, nil, byTTL)
	return old.item
}

// get returns the item under k, or nil.
func (t *table) get(k itemKey) map[string]AttributeValue {
	p, i, found := t.find(k)
	if !found {
		return nil
	}
	return p.items[i].item
}

// checkReturnValues allows NONE and ALL_OLD, the values PutItem and
// DeleteItem accept.
func checkReturnValues(rv *string) (bool, error) {
	switch deref(rv) {
	case "", "NONE":
		return false, nil
	case "ALL_OLD":
		return true, nil
	}
	return false, validation("Return values set to invalid value")
}

// condition evaluates an optional condition (parseCondition) against the
// current item; a false condition is ConditionalCheckFailedException.
func condition(n *node, c *exprContext, current map[string]AttributeValue, returnOld *string) error {
	if n == nil {
		return nil
	}
	ok, err := c.eval(n, current)
	if err != nil {
		return err
	}
	if !ok {
		e := &ConditionalCheckFailedException{Message: ptr("The conditional request failed")}
		if deref(returnOld) == "ALL_OLD" && current != nil {
			e.Item = current
		}
		return e
	}
	return nil
}

// PutItem creates or replaces an item. ReturnValues NONE (default) or
// ALL_OLD returns the replaced item. ConditionExpression is evaluated against
// the current item. Errors: ResourceNotFoundException, ValidationException,
// ConditionalCheckFailedException.
func (s *Service) PutItem(ctx context.Context, in *PutItemInput) (*PutItemOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	retOld, err := checkReturnValues(in.ReturnValues)
	if err != nil {
		return nil, err
	}
	size, err := checkItem(in.Item)
	if err != nil {
		return nil, err
	}
	k, err := t.keyFromItem(in.Item)
	if err != nil {
		return nil, err
	}
	if size > maxItemSize {
		return nil, validation("Item size has exceeded the maximum allowed size")
	}
	c := newExprContext(in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	cond, err := parseCondition(in.ConditionExpression, in.Expected, in.ConditionalOperator, c)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.checkIndexKeys(in.Item); err != nil {
		return nil, err
	}
	if err := condition(cond, c, t.get(k), in.ReturnValuesOnConditionCheckFailure); err != nil {
		return nil, err
	}
	if err := c.checkUnusedOr("ConditionExpression is null"); err != nil {
		return nil, err
	}
	old := t.put(k, in.Item, size)
	out := &PutItemOutput{}
	if retOld && old != nil {
		out.Attributes = old
	}
	cc := newConsumed(in.ReturnConsumedCapacity, t.name, false)
	t.chargeWrite(cc, old, in.Item, 1)
	out.ConsumedCapacity = cc.out()
	out.ItemCollectionMetrics = t.collectionMetrics(in.ReturnItemCollectionMetrics, in.Item)
	return out, nil
}

// GetItem returns the item with the given Key (no Item when there is none),
// projected by ProjectionExpression or AttributesToGet. Errors:
// ResourceNotFoundException, ValidationException.
func (s *Service) GetItem(ctx context.Context, in *GetItemInput) (*GetItemOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	k, err := t.keyFromKey(in.Key)
	if err != nil {
		return nil, err
	}
	c := newExprContext(in.ExpressionAttributeNames, nil)
	proj, err := newProjection(in.ProjectionExpression, in.AttributesToGet, c)
	if err != nil {
		return nil, err
	}
	if err := c.checkUnusedOr("ProjectionExpression is null"); err != nil {
		return nil, err
	}
	t.mu.RLock()
	item := t.get(k)
	t.mu.RUnlock()
	out := &GetItemOutput{}
	if item != nil {
		out.Item = proj.apply(item)
	}
	cc := newConsumed(in.ReturnConsumedCapacity, t.name, true)
	if cc.on() {
		cc.units = readUnits(itemSize(item), in.ConsistentRead != nil && *in.ConsistentRead)
	}
	out.ConsumedCapacity = cc.out()
	return out, nil
}

// DeleteItem deletes the item with the given Key (no error when there is
// none). ReturnValues ALL_OLD returns the deleted item. Errors:
// ResourceNotFoundException, ValidationException,
// ConditionalCheckFailedException.
func (s *Service) DeleteItem(ctx context.Context, in *DeleteItemInput) (*DeleteItemOutput, error) {
	t, err := s.table(ctx, in.TableName)
	if err != nil {
		return nil, err
	}
	retOld, err := checkReturnValues(in.ReturnValues)
	if err != nil {
		return nil, err
	}
	k, err := t.keyFromKey(in.Key)
	if err != nil {
		return nil, err
	}
	c := newExprContext(in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	cond, err := parseCondition(in.ConditionExpression, in.Expected, in.ConditionalOperator, c)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := condition(cond, c, t.get(k), in.ReturnValuesOnConditionCheckFailure); err != nil {
		return nil, err
	}
	if err := c.checkUnusedOr("ConditionExpression is null"); err != nil {
		return nil, err
	}
	old := t.remove(k)
	out := &DeleteItemOutput{}
	if retOld && old != nil {
		out.Attributes = old
	}
	cc := newConsumed(in.ReturnConsumedCapacity, t.name, false)
	t.chargeWrite(cc, old, nil, 1)
	out.ConsumedCapacity = cc.out()
	out.ItemCollectionMetrics = t.collectionMetrics(in.ReturnItemCollectionMetrics, in.Key)
	return out, nil
}
