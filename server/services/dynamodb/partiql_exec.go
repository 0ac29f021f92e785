package dynamodb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// ExecuteStatement runs one PartiQL statement. SELECT reads a page (Limit,
// NextToken; a Query when WHERE fixes the partition key, otherwise a Scan);
// INSERT fails with DuplicateItemException when the key exists; UPDATE and
// DELETE name the whole primary key in WHERE, and UPDATE (or DELETE with
// other conditions) fails with ConditionalCheckFailedException when the item
// is missing or WHERE is false. Errors: ValidationException,
// ResourceNotFoundException.
func (s *Service) ExecuteStatement(ctx context.Context, in *ExecuteStatementInput) (*ExecuteStatementOutput, error) {
	st, err := parsePartiQL(deref(in.Statement), in.Parameters)
	if err != nil {
		return nil, err
	}
	t, err := s.table(ctx, &st.table)
	if err != nil {
		return nil, err
	}
	if st.verb == "SELECT" {
		return s.pqSelect(ctx, t, st, in)
	}
	ret, cc, err := s.pqWrite(ctx, t, st, in.ReturnValuesOnConditionCheckFailure, in.ReturnConsumedCapacity)
	if err != nil {
		return nil, err
	}
	out := &ExecuteStatementOutput{Items: []map[string]AttributeValue{}, ConsumedCapacity: cc}
	if len(ret) > 0 {
		out.Items = append(out.Items, ret)
	}
	return out, nil
}

func orNil[V any](m map[string]V) map[string]V {
	if len(m) == 0 {
		return nil
	}
	return m
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// pqSelect answers a SELECT page.
func (s *Service) pqSelect(ctx context.Context, t *table, st *pqStatement, in *ExecuteStatementInput) (*ExecuteStatementOutput, error) {
	var start map[string]AttributeValue
	if in.NextToken != nil {
		b, err := base64.StdEncoding.DecodeString(*in.NextToken)
		var k itemState
		if err != nil || json.Unmarshal(b, &k) != nil {
			return nil, validation("Invalid NextToken")
		}
		start = map[string]AttributeValue{}
		for n, v := range k {
			start[n] = AttributeValue(v)
		}
	}
	out := &ExecuteStatementOutput{}
	var last map[string]AttributeValue
	if kc := s.pqKeyCondition(t, st); kc != "" {
		q, err := s.query(ctx, &QueryInput{
			TableName: &st.table, IndexName: strOrNil(st.index), KeyConditionExpression: &kc,
			FilterExpression: strOrNil(st.where), ProjectionExpression: strOrNil(st.projection),
			ExpressionAttributeNames: orNil(st.names), ExpressionAttributeValues: orNil(st.values),
			Limit: in.Limit, ExclusiveStartKey: start, ConsistentRead: in.ConsistentRead, ReturnConsumedCapacity: in.ReturnConsumedCapacity,
		}, true)
		if err != nil {
			return nil, err
		}
		out.Items, last, out.ConsumedCapacity = q.Items, q.LastEvaluatedKey, q.ConsumedCapacity
	} else {
		sc, err := s.Scan(ctx, &ScanInput{
			TableName: &st.table, IndexName: strOrNil(st.index),
			FilterExpression: strOrNil(st.where), ProjectionExpression: strOrNil(st.projection),
			ExpressionAttributeNames: orNil(st.names), ExpressionAttributeValues: orNil(st.values),
			Limit: in.Limit, ExclusiveStartKey: start, ConsistentRead: in.ConsistentRead, ReturnConsumedCapacity: in.ReturnConsumedCapacity,
		})
		if err != nil {
			return nil, err
		}
		out.Items, last, out.ConsumedCapacity = sc.Items, sc.LastEvaluatedKey, sc.ConsumedCapacity
	}
	if last != nil {
		k := itemState{}
		for n, v := range last {
			k[n] = avState(v)
		}
		b, _ := json.Marshal(k)
		out.NextToken = ptr(base64.StdEncoding.EncodeToString(b))
		out.LastEvaluatedKey = last
	}
	return out, nil
}

// pqConditions parses WHERE and returns its top-level AND-ed conditions.
func pqConditions(st *pqStatement) ([]*node, *exprContext, error) {
	c := newExprContext(orNil(st.names), orNil(st.values))
	if st.where == "" {
		return nil, c, nil
	}
	root, err := parseExpr("ConditionExpression", st.where, c)
	if err != nil {
		return nil, nil, err
	}
	var conds []*node
	var walk func(n *node)
	walk = func(n *node) {
		if n.op == "AND" {
			walk(n.args[0])
			walk(n.args[1])
			return
		}
		conds = append(conds, n)
	}
	walk(root)
	return conds, c, nil
}

// pqEqualities returns the attributes WHERE fixes with "name = value" at
// top level, by name, as their value placeholders.
func pqEqualities(conds []*node) map[string]string {
	eq := map[string]string{}
	for _, n := range conds {
		if n.op == "=" && n.args[0].op == "path" && len(n.args[0].path) == 1 && n.args[1].op == "value" {
			eq[n.args[0].path[0].name] = n.args[1].name
		}
	}
	return eq
}

// pqKeyCondition returns a KeyConditionExpression when WHERE fixes the
// partition key of the table (or index) read, "" otherwise.
func (s *Service) pqKeyCondition(t *table, st *pqStatement) string {
	conds, _, err := pqConditions(st)
	if err != nil || len(conds) == 0 {
		return ""
	}
	hash := t.hash
	if st.index != "" {
		ix := t.lockedIndex(st.index)
		if ix == nil {
			return ""
		}
		hash = ix.keys.hash
	}
	ph, ok := pqEqualities(conds)[hash]
	if !ok {
		return ""
	}
	for k, v := range st.names {
		if v == hash {
			return k + " = " + ph
		}
	}
	return ""
}

// pqKey reads the primary key WHERE must fix for UPDATE, DELETE and
// single-item reads; extra reports conditions beyond the key.
func pqKey(t *table, st *pqStatement) (key map[string]AttributeValue, extra bool, err error) {
	conds, c, err := pqConditions(st)
	if err != nil {
		return nil, false, err
	}
	eq := pqEqualities(conds)
	key = map[string]AttributeValue{}
	for _, n := range []string{t.hash, t.rng} {
		if n == "" {
			continue
		}
		ph, ok := eq[n]
		if !ok {
			return nil, false, validation("Where clause does not contain a mandatory equality on all key attributes")
		}
		key[n] = c.values[ph]
	}
	return key, len(conds) > len(key), nil
}

// pqWrite runs an INSERT, UPDATE or DELETE and returns what RETURNING
// asks for (nil without RETURNING or when it selects nothing).
func (s *Service) pqWrite(ctx context.Context, t *table, st *pqStatement, retOnFail, rcc *string) (map[string]AttributeValue, *ConsumedCapacity, error) {
	switch st.verb {
	case "INSERT":
		out, err := s.PutItem(ctx, &PutItemInput{TableName: &st.table, Item: st.item, ReturnConsumedCapacity: rcc,
			ConditionExpression: ptr("attribute_not_exists(#k)"), ExpressionAttributeNames: map[string]string{"#k": t.hash}})
		var ccf *ConditionalCheckFailedException
		if errors.As(err, &ccf) {
			return nil, nil, &DuplicateItemException{Message: ptr("Duplicate primary key exists in table")}
		}
		if err != nil {
			return nil, nil, err
		}
		return nil, out.ConsumedCapacity, nil
	case "UPDATE":
		key, _, err := pqKey(t, st)
		if err != nil {
			return nil, nil, err
		}
		out, err := s.UpdateItem(ctx, &UpdateItemInput{TableName: &st.table, Key: key, UpdateExpression: &st.update,
			ConditionExpression: &st.where, ExpressionAttributeNames: orNil(st.names), ExpressionAttributeValues: orNil(st.values),
			ReturnValuesOnConditionCheckFailure: retOnFail, ReturnValues: strOrNil(st.returning), ReturnConsumedCapacity: rcc})
		if err != nil {
			return nil, nil, err
		}
		return out.Attributes, out.ConsumedCapacity, nil
	case "DELETE":
		key, extra, err := pqKey(t, st)
		if err != nil {
			return nil, nil, err
		}
		in := &DeleteItemInput{TableName: &st.table, Key: key, ReturnValuesOnConditionCheckFailure: retOnFail, ReturnValues: strOrNil(st.returning), ReturnConsumedCapacity: rcc}
		if extra {
			// A missing item is a silent no-op; a present one must satisfy WHERE.
			in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues = pqDeleteCondition(t, st), orNil(st.names), orNil(st.values)
		}
		out, err := s.DeleteItem(ctx, in)
		if err != nil {
			return nil, nil, err
		}
		return out.Attributes, out.ConsumedCapacity, nil
	}
	return nil, nil, validation("Statement wasn't well formed, can't be processed: unsupported statement")
}

// BatchExecuteStatement runs up to 25 statements, all reads (SELECT of one
// item by its whole key) or all writes, each on its own: a statement's
// failure is reported in its response's Error (Code ConditionalCheckFailed,
// DuplicateItem, ValidationError, ResourceNotFound) without failing the
// others.
func (s *Service) BatchExecuteStatement(ctx context.Context, in *BatchExecuteStatementInput) (*BatchExecuteStatementOutput, error) {
	if n := len(in.Statements); n == 0 || n > 25 {
		return nil, validation("1 validation error detected: Value at 'statements' failed to satisfy constraint: Member must have length less than or equal to 25, Member must have length greater than or equal to 1")
	}
	out := &BatchExecuteStatementOutput{Responses: make([]BatchStatementResponse, len(in.Statements))}
	reads := 0
	for _, r := range in.Statements {
		if strings.EqualFold(strings.Fields(deref(r.Statement) + " x")[0], "SELECT") {
			reads++
		}
	}
	if reads != 0 && reads != len(in.Statements) {
		return nil, validation("Statements in a batch must all be reads or all be writes")
	}
	for i, r := range in.Statements {
		resp := &out.Responses[i]
		item, table, err := s.batchStatement(ctx, r)
		if table != "" {
			resp.TableName = ptr(table)
		}
		resp.Item = item
		if err != nil {
			resp.Item = nil
			resp.Error_ = batchError(err)
		}
	}
	return out, nil
}

func (s *Service) batchStatement(ctx context.Context, r BatchStatementRequest) (map[string]AttributeValue, string, error) {
	st, err := parsePartiQL(deref(r.Statement), r.Parameters)
	if err != nil {
		return nil, "", err
	}
	t, err := s.table(ctx, &st.table)
	if err != nil {
		return nil, st.table, err
	}
	if st.verb != "SELECT" {
		ret, _, err := s.pqWrite(ctx, t, st, r.ReturnValuesOnConditionCheckFailure, nil)
		if len(ret) == 0 {
			ret = nil
		}
		return ret, st.table, err
	}
	if _, _, err := pqKey(t, st); err != nil {
		return nil, st.table, err
	}
	q, err := s.ExecuteStatement(ctx, &ExecuteStatementInput{Statement: r.Statement, Parameters: r.Parameters, ConsistentRead: r.ConsistentRead})
	if err != nil || len(q.Items) == 0 {
		return nil, st.table, err
	}
	return q.Items[0], st.table, nil
}

// batchError maps an operation error to a BatchStatementError.
func batchError(err error) *BatchStatementError {
	code := "ValidationError"
	var ccf *ConditionalCheckFailedException
	var dup *DuplicateItemException
	var rnf *ResourceNotFoundException
	e := &BatchStatementError{Message: ptr(errorMessage(err))}
	switch {
	case errors.As(err, &ccf):
		code, e.Item = "ConditionalCheckFailed", ccf.Item
	case errors.As(err, &dup):
		code = "DuplicateItem"
	case errors.As(err, &rnf):
		code = "ResourceNotFound"
	}
	e.Code = ptr(code)
	return e
}

// ExecuteTransaction runs up to 100 statements atomically: all writes (as
// TransactWriteItems, INSERT failing with reason DuplicateItem) or all
// single-item SELECTs (as TransactGetItems). ClientRequestToken makes a
// write transaction idempotent for 10 minutes.
func (s *Service) ExecuteTransaction(ctx context.Context, in *ExecuteTransactionInput) (*ExecuteTransactionOutput, error) {
	if n := len(in.TransactStatements); n == 0 || n > 100 {
		return nil, validation("1 validation error detected: Value at 'transactStatements' failed to satisfy constraint: Member must have length less than or equal to 100, Member must have length greater than or equal to 1")
	}
	var gets []TransactGetItem
	var writes []TransactWriteItem
	var inserts []bool
	for _, ps := range in.TransactStatements {
		st, err := parsePartiQL(deref(ps.Statement), ps.Parameters)
		if err != nil {
			return nil, err
		}
		t, err := s.table(ctx, &st.table)
		if err != nil {
			return nil, err
		}
		var key map[string]AttributeValue
		extra := false
		if st.verb != "INSERT" {
			if key, extra, err = pqKey(t, st); err != nil {
				return nil, err
			}
		}
		if st.returning != "" {
			return nil, validation("RETURNING is not supported in a transaction")
		}
		rv := ps.ReturnValuesOnConditionCheckFailure
		switch st.verb {
		case "SELECT":
			gets = append(gets, TransactGetItem{Get: &Get{TableName: &st.table, Key: key,
				ProjectionExpression: strOrNil(st.projection), ExpressionAttributeNames: pqNamesIn(st, st.projection)}})
		case "INSERT":
			writes = append(writes, TransactWriteItem{Put: &Put{TableName: &st.table, Item: st.item,
				ConditionExpression: ptr("attribute_not_exists(#k)"), ExpressionAttributeNames: map[string]string{"#k": t.hash},
				ReturnValuesOnConditionCheckFailure: rv}})
		case "UPDATE":
			writes = append(writes, TransactWriteItem{Update: &Update{TableName: &st.table, Key: key, UpdateExpression: &st.update,
				ConditionExpression: &st.where, ExpressionAttributeNames: orNil(st.names), ExpressionAttributeValues: orNil(st.values),
				ReturnValuesOnConditionCheckFailure: rv}})
		case "DELETE":
			d := &Delete{TableName: &st.table, Key: key, ReturnValuesOnConditionCheckFailure: rv}
			if extra {
				d.ConditionExpression, d.ExpressionAttributeNames, d.ExpressionAttributeValues = pqDeleteCondition(t, st), orNil(st.names), orNil(st.values)
			}
			writes = append(writes, TransactWriteItem{Delete: d})
		}
		inserts = append(inserts, st.verb == "INSERT")
	}
	if len(gets) > 0 && len(writes) > 0 {
		return nil, validation("Transactions must contain either all reads or all writes")
	}
	if len(gets) > 0 {
		g, err := s.TransactGetItems(ctx, &TransactGetItemsInput{TransactItems: gets, ReturnConsumedCapacity: in.ReturnConsumedCapacity})
		if err != nil {
			return nil, err
		}
		return &ExecuteTransactionOutput{Responses: g.Responses, ConsumedCapacity: g.ConsumedCapacity}, nil
	}
	w, err := s.TransactWriteItems(ctx, &TransactWriteItemsInput{TransactItems: writes, ClientRequestToken: in.ClientRequestToken,
		ReturnConsumedCapacity: in.ReturnConsumedCapacity})
	var tce *TransactionCanceledException
	if errors.As(err, &tce) {
		codes := make([]string, len(tce.CancellationReasons))
		for i := range tce.CancellationReasons {
			r := &tce.CancellationReasons[i]
			if inserts[i] && deref(r.Code) == "ConditionalCheckFailed" {
				r.Code, r.Message = ptr("DuplicateItem"), ptr("Duplicate primary key exists in table")
			}
			codes[i] = deref(r.Code)
		}
		tce.Message = ptr("Transaction cancelled, please refer cancellation reasons for specific reasons [" + strings.Join(codes, ", ") + "]")
		return nil, tce
	}
	if err != nil {
		return nil, err
	}
	return &ExecuteTransactionOutput{ConsumedCapacity: w.ConsumedCapacity}, nil
}

// pqNamesIn keeps the names an expression uses.
func pqNamesIn(st *pqStatement, expr string) map[string]string {
	out := map[string]string{}
	for k, v := range st.names {
		if strings.Contains(expr, k) {
			out[k] = v
		}
	}
	return orNil(out)
}

// pqDeleteCondition is a DELETE's WHERE as a condition that holds for a
// missing item: real DynamoDB deletes nothing and reports no error then,
// and fails with ConditionalCheckFailedException only when a present item
// does not match.
func pqDeleteCondition(t *table, st *pqStatement) *string {
	name := ""
	for k, v := range st.names {
		if v == t.hash {
			name = k
		}
	}
	c := "attribute_not_exists(" + name + ") OR (" + st.where + ")"
	return &c
}
