package dynamodb

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"
)

// txOp is one validated action of a TransactWriteItems request.
type txOp struct {
	t         *table
	key       itemKey
	keyAttrs  map[string]AttributeValue
	kind      string // ConditionCheck, Put, Delete, Update
	item      map[string]AttributeValue
	size      int64
	actions   []updateAction
	cond      *node
	c         *exprContext
	returnOld *string
}

// TransactWriteItems applies up to 100 Put, Update, Delete and
// ConditionCheck actions atomically: every condition is evaluated with all
// involved tables locked, and nothing is written unless all hold. Errors:
// ResourceNotFoundException, ValidationException (including two actions on
// one item), TransactionCanceledException with one CancellationReason per
// action (None, ConditionalCheckFailed or ValidationError).
func (s *Service) TransactWriteItems(ctx context.Context, in *TransactWriteItemsInput) (*TransactWriteItemsOutput, error) {
	if n := len(in.TransactItems); n == 0 || n > 100 {
		return nil, validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100, Member must have length greater than or equal to 1")
	}
	if done, err := s.seenToken(ctx, in); done || err != nil {
		return &TransactWriteItemsOutput{}, err
	}
	ops := make([]*txOp, len(in.TransactItems))
	seen := map[string]bool{}
	for i, w := range in.TransactItems {
		op, err := s.txPrepare(ctx, w)
		if err != nil {
			return nil, err
		}
		id := op.t.name + "\x00" + op.key.part + "\x00" + op.key.sort.id()
		if seen[id] {
			return nil, validation("Transaction request cannot include multiple operations on one item")
		}
		seen[id] = true
		ops[i] = op
	}
	unlock := lockTables(ops)
	defer unlock()
	reasons := make([]CancellationReason, len(ops))
	failed := false
	for i, op := range ops {
		reasons[i] = CancellationReason{Code: ptr("None")}
		current := op.t.get(op.key)
		if op.cond != nil {
			ok, err := op.c.eval(op.cond, current)
			if err != nil || !ok {
				reasons[i] = CancellationReason{Code: ptr("ConditionalCheckFailed"), Message: ptr("The conditional request failed")}
				if deref(op.returnOld) == "ALL_OLD" && current != nil {
					reasons[i].Item = current
				}
				failed = true
				continue
			}
		}
		if op.kind == "Update" {
			item, size, err := op.t.updated(op, current)
			if err != nil {
				reasons[i] = CancellationReason{Code: ptr("ValidationError"), Message: ptr(errorMessage(err))}
				failed = true
				continue
			}
			op.item, op.size = item, size
		}
	}
	if failed {
		codes := make([]string, len(reasons))
		for i, r := range reasons {
			codes[i] = *r.Code
		}
		return nil, &TransactionCanceledException{
			Message:             ptr("Transaction cancelled, please refer cancellation reasons for specific reasons [" + strings.Join(codes, ", ") + "]"),
			CancellationReasons: reasons,
		}
	}
	out := &TransactWriteItemsOutput{}
	caps := map[string]*consumed{}
	for _, op := range ops {
		cc := caps[op.t.name]
		if cc == nil {
			cc = newConsumed(in.ReturnConsumedCapacity, op.t.name, false)
			cc.split = true
			caps[op.t.name] = cc
		}
		var old, src map[string]AttributeValue
		switch op.kind {
		case "Update":
			if op.t.get(op.key) == nil && len(op.actions) > 0 && len(op.item) == len(op.keyAttrs) {
				break // removing from a missing item does not create it
			}
			old, src = op.t.put(op.key, op.item, op.size), op.item
		case "Put":
			old, src = op.t.put(op.key, op.item, op.size), op.item
		case "Delete":
			old = op.t.remove(op.key)
			src = old
		default:
			if cc.on() {
				cc.units += 2 * writeUnits(itemSize(op.t.get(op.key))) // a ConditionCheck is charged as a write
			}
			continue
		}
		op.t.chargeWrite(cc, old, op.item, 2)
		if m := op.t.collectionMetrics(in.ReturnItemCollectionMetrics, src); m != nil {
			if out.ItemCollectionMetrics == nil {
				out.ItemCollectionMetrics = map[string][]ItemCollectionMetrics{}
			}
			out.ItemCollectionMetrics[op.t.name] = append(out.ItemCollectionMetrics[op.t.name], *m)
		}
	}
	out.ConsumedCapacity = outList(caps)
	s.rememberToken(ctx, in)
	return out, nil
}

// txPrepare validates one action without locking its table.
func (s *Service) txPrepare(ctx context.Context, w TransactWriteItem) (*txOp, error) {
	n := 0
	for _, set := range []bool{w.ConditionCheck != nil, w.Put != nil, w.Delete != nil, w.Update != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		return nil, validation("TransactItems can only contain one of Check, Put, Update or Delete")
	}
	op := &txOp{}
	var table, condExpr *string
	var names map[string]string
	var values map[string]AttributeValue
	switch {
	case w.ConditionCheck != nil:
		x := w.ConditionCheck
		op.kind, table, condExpr, names, values, op.keyAttrs, op.returnOld = "ConditionCheck", x.TableName, x.ConditionExpression, x.ExpressionAttributeNames, x.ExpressionAttributeValues, x.Key, x.ReturnValuesOnConditionCheckFailure
	case w.Put != nil:
		x := w.Put
		op.kind, table, condExpr, names, values, op.item, op.returnOld = "Put", x.TableName, x.ConditionExpression, x.ExpressionAttributeNames, x.ExpressionAttributeValues, x.Item, x.ReturnValuesOnConditionCheckFailure
	case w.Delete != nil:
		x := w.Delete
		op.kind, table, condExpr, names, values, op.keyAttrs, op.returnOld = "Delete", x.TableName, x.ConditionExpression, x.ExpressionAttributeNames, x.ExpressionAttributeValues, x.Key, x.ReturnValuesOnConditionCheckFailure
	default:
		x := w.Update
		op.kind, table, condExpr, names, values, op.keyAttrs, op.returnOld = "Update", x.TableName, x.ConditionExpression, x.ExpressionAttributeNames, x.ExpressionAttributeValues, x.Key, x.ReturnValuesOnConditionCheckFailure
	}
	t, err := s.table(ctx, table)
	if err != nil {
		return nil, err
	}
	op.t = t
	op.c = newExprContext(names, values)
	if op.item != nil {
		if op.size, err = checkItem(op.item); err != nil {
			return nil, err
		}
		if op.key, err = t.keyFromItem(op.item); err != nil {
			return nil, err
		}
		if op.size > maxItemSize {
			return nil, validation("Item size has exceeded the maximum allowed size")
		}
	} else if op.key, err = t.keyFromKey(op.keyAttrs); err != nil {
		return nil, err
	}
	if op.kind == "ConditionCheck" && condExpr == nil {
		return nil, validation("The ConditionExpression must be specified for a ConditionCheck")
	}
	if condExpr != nil {
		if op.cond, err = parseExpr("ConditionExpression", *condExpr, op.c); err != nil {
			return nil, err
		}
	}
	if op.kind == "Update" {
		if w.Update.UpdateExpression == nil {
			return nil, validation("1 validation error detected: Value null at 'transactItems.member.update.updateExpression' failed to satisfy constraint: Member must not be null")
		}
		if op.actions, err = parseUpdate(*w.Update.UpdateExpression, op.c); err != nil {
			return nil, err
		}
		for _, a := range op.actions {
			if n := a.path[0].name; n == t.hash || n == t.rng {
				return nil, validation("One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", n)
			}
		}
	}
	return op, op.c.checkUnused()
}

// updated computes the item an Update action leaves. Caller holds op.t.mu.
func (t *table) updated(op *txOp, current map[string]AttributeValue) (map[string]AttributeValue, int64, error) {
	item := deepCopyItem(current)
	if item == nil {
		item = map[string]AttributeValue{}
		for n, v := range op.keyAttrs {
			item[n] = v
		}
	}
	for _, a := range op.actions {
		if err := op.c.apply(a, current, item); err != nil {
			return nil, 0, err
		}
	}
	size, err := checkItem(item)
	if err == nil && size > maxItemSize {
		err = validation("Item size has exceeded the maximum allowed size")
	}
	if err == nil {
		err = t.checkIndexKeys(item)
	}
	return item, size, err
}

// lockTables write-locks every table of ops once, in name order (so two
// transactions never wait on each other), and returns the unlock.
func lockTables(ops []*txOp) func() {
	byName := map[string]*table{}
	for _, op := range ops {
		byName[op.t.name] = op.t
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		byName[n].mu.Lock()
	}
	return func() {
		for _, n := range names {
			byName[n].mu.Unlock()
		}
	}
}

// TransactGetItems reads up to 100 items consistently (all involved tables
// read-locked together). Responses align with TransactItems; a missing item
// gives an empty ItemResponse. Errors: ResourceNotFoundException,
// ValidationException.
func (s *Service) TransactGetItems(ctx context.Context, in *TransactGetItemsInput) (*TransactGetItemsOutput, error) {
	type get struct {
		t    *table
		key  itemKey
		proj *projection
	}
	gets := make([]get, len(in.TransactItems))
	tables := map[string]*table{}
	for i, w := range in.TransactItems {
		if w.Get == nil {
			return nil, validation("1 validation error detected: Value null at 'transactItems.member.get' failed to satisfy constraint: Member must not be null")
		}
		t, err := s.table(ctx, w.Get.TableName)
		if err != nil {
			return nil, err
		}
		k, err := t.keyFromKey(w.Get.Key)
		if err != nil {
			return nil, err
		}
		c := newExprContext(w.Get.ExpressionAttributeNames, nil)
		p, err := newProjection(w.Get.ProjectionExpression, nil, c)
		if err != nil {
			return nil, err
		}
		if err := c.checkUnused(); err != nil {
			return nil, err
		}
		gets[i] = get{t, k, p}
		tables[t.name] = t
	}
	names := make([]string, 0, len(tables))
	for n := range tables {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		tables[n].mu.RLock()
	}
	out := &TransactGetItemsOutput{Responses: make([]ItemResponse, len(gets))}
	caps := map[string]*consumed{}
	for i, g := range gets {
		item := g.t.get(g.key)
		if item != nil {
			// A projection matching nothing leaves the response entry empty.
			if p := g.proj.apply(item); len(p) > 0 {
				out.Responses[i].Item = p
			}
		}
		if caps[g.t.name] == nil {
			caps[g.t.name] = newConsumed(in.ReturnConsumedCapacity, g.t.name, true)
			caps[g.t.name].split = true
		}
		if caps[g.t.name].on() {
			caps[g.t.name].units += 2 * readUnits(itemSize(item), true)
		}
	}
	out.ConsumedCapacity = outList(caps)
	for _, n := range names {
		tables[n].mu.RUnlock()
	}
	return out, nil
}

// errorMessage is an AWS error's message (or the error text).
func errorMessage(err error) string {
	var api interface{ ErrorMessage() string }
	if errors.As(err, &api) {
		return api.ErrorMessage()
	}
	return err.Error()
}

// tokenWindow is how long a ClientRequestToken makes TransactWriteItems
// idempotent (API Reference: "valid for 10 minutes").
const tokenWindow = 10 * time.Minute

// fingerprint identifies a TransactWriteItems request's content.
func fingerprint(in *TransactWriteItemsInput) string {
	b, _ := json.Marshal(in.TransactItems)
	sum := sha256.Sum256(b)
	return string(sum[:])
}

// seenToken reports whether the request's ClientRequestToken was used for a
// successful request within 10 minutes (done: answer success without
// applying it again). The same token with other items is
// IdempotentParameterMismatchException.
func (s *Service) seenToken(ctx context.Context, in *TransactWriteItemsInput) (bool, error) {
	if in.ClientRequestToken == nil {
		return false, nil
	}
	st := s.store(ctx)
	now := s.env.Now()
	st.mu.Lock()
	defer st.mu.Unlock()
	tok, ok := st.txTokens[*in.ClientRequestToken]
	if !ok || now.Sub(tok.at) > tokenWindow {
		return false, nil
	}
	if tok.request != fingerprint(in) {
		return false, &IdempotentParameterMismatchException{Message: ptr("Request parameters do not match the original request with the same idempotency token")}
	}
	return true, nil
}

// rememberToken records a successful request's ClientRequestToken and drops
// expired ones.
func (s *Service) rememberToken(ctx context.Context, in *TransactWriteItemsInput) {
	if in.ClientRequestToken == nil {
		return
	}
	st := s.store(ctx)
	now := s.env.Now()
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.txTokens == nil {
		st.txTokens = map[string]txToken{}
	}
	for k, v := range st.txTokens {
		if now.Sub(v.at) > tokenWindow {
			delete(st.txTokens, k)
		}
	}
	st.txTokens[*in.ClientRequestToken] = txToken{request: fingerprint(in), at: now}
}
