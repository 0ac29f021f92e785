package sqs

import (
	"context"
	"encoding/json"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// policyDoc is the queue Policy attribute as AddPermission maintains it.
type policyDoc struct {
	Version   string            `json:"Version"`
	ID        string            `json:"Id"`
	Statement []json.RawMessage `json:"Statement"`
}

type statement struct {
	Sid       string              `json:"Sid"`
	Effect    string              `json:"Effect"`
	Principal map[string][]string `json:"Principal"`
	Action    []string            `json:"Action"`
	Resource  string              `json:"Resource"`
}

// AddPermission adds a statement labelled Label to the queue's Policy that
// allows the accounts' root principals the SQS:<Action> actions. Errors:
// QueueDoesNotExist, InvalidParameterValue (label already used).
func (s *Service) AddPermission(ctx context.Context, in *AddPermissionRequest) (*awsapi.Empty, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	label := deref(in.Label)
	q.mu.Lock()
	defer q.mu.Unlock()
	doc := q.policy()
	for _, raw := range doc.Statement {
		var st statement
		if json.Unmarshal(raw, &st) == nil && st.Sid == label {
			return nil, errInvalidParameter("Value %s for parameter Label is invalid. Reason: Already exists.", label)
		}
	}
	st := statement{Sid: label, Effect: "Allow", Principal: map[string][]string{"AWS": {}}, Resource: q.arn}
	for _, a := range in.AWSAccountIds {
		st.Principal["AWS"] = append(st.Principal["AWS"], "arn:aws:iam::"+a+":root")
	}
	for _, a := range in.Actions {
		st.Action = append(st.Action, "SQS:"+a)
	}
	raw, _ := json.Marshal(st)
	doc.Statement = append(doc.Statement, raw)
	q.setPolicy(doc, s.env)
	return &awsapi.Empty{}, nil
}

// RemovePermission removes the statement labelled Label from the queue's
// Policy. Errors: QueueDoesNotExist, InvalidParameterValue (unknown label).
func (s *Service) RemovePermission(ctx context.Context, in *RemovePermissionRequest) (*awsapi.Empty, error) {
	q, err := s.lookup(ctx, in.QueueUrl)
	if err != nil {
		return nil, err
	}
	label := deref(in.Label)
	q.mu.Lock()
	defer q.mu.Unlock()
	doc := q.policy()
	kept := doc.Statement[:0]
	found := false
	for _, raw := range doc.Statement {
		var st statement
		if json.Unmarshal(raw, &st) == nil && st.Sid == label {
			found = true
			continue
		}
		kept = append(kept, raw)
	}
	if !found {
		return nil, errInvalidParameter("Value %s for parameter Label is invalid. Reason: can't find label on existing policy.", label)
	}
	doc.Statement = kept
	q.setPolicy(doc, s.env)
	return &awsapi.Empty{}, nil
}

// policy returns the queue's Policy, or an empty default one.
func (q *queue) policy() policyDoc {
	doc := policyDoc{Version: "2012-10-17", ID: q.arn + "/SQSDefaultPolicy"}
	if v := q.attrs["Policy"]; v != "" {
		json.Unmarshal([]byte(v), &doc)
	}
	return doc
}

// setPolicy stores doc, or drops Policy when it has no statement left.
func (q *queue) setPolicy(doc policyDoc, env awsapi.Env) {
	if len(doc.Statement) == 0 {
		delete(q.attrs, "Policy")
	} else {
		b, _ := json.Marshal(doc)
		q.attrs["Policy"] = string(b)
	}
	q.modified = env.Now()
}
